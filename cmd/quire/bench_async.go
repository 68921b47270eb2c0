package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/bench"
	"github.com/quirehq/quire/internal/config"
	"github.com/quirehq/quire/internal/ids"
)

// asyncBench measures async throughput: one node accepts n async generate
// requests while `processes` `quire worker` processes (each working
// QUIRE_WORKERS jobs at once) render them, all on one PostgreSQL schema of
// their own and one blob folder.
type asyncBench struct {
	cfg         config.Config
	tpl         []byte
	data        map[string]any
	n           int
	concurrency int // clients sending the requests
	repeat      int // rounds over the counts, interleaved
	out         io.Writer
}

// run measures each count of worker processes in turn, on a fresh schema.
func (b asyncBench) run(ctx context.Context, counts []int) error {
	if !strings.HasPrefix(b.cfg.DatabaseURL, "postgres://") && !strings.HasPrefix(b.cfg.DatabaseURL, "postgresql://") {
		return fmt.Errorf("quire bench --async measures worker processes on PostgreSQL: set QUIRE_DATABASE_URL=postgres://… (a schema of its own is created there and dropped afterwards)")
	}
	fmt.Fprintf(b.out, "quire bench --async: %d one-page documents per series, %d clients sending, QUIRE_WORKERS=%d and QUIRE_CHROMIUM_TABS=%d per worker process, %d CPUs, load average %s\n",
		b.n, b.concurrency, b.cfg.Workers, b.cfg.ChromiumTabs, runtime.NumCPU(), bench.LoadAverage())
	fmt.Fprintf(b.out, "%9s %8s %8s %8s %8s %12s %10s %9s  %s\n", "processes", "wall (s)", "docs/s", "p50 (s)", "p95 (s)", "worker CPU s", "cores used", "machine busy", "load average before → after")
	for range b.repeat {
		for _, k := range counts {
			if err := b.series(ctx, k); err != nil {
				return err
			}
		}
	}
	return nil
}

// series runs one measurement with k worker processes.
func (b asyncBench) series(ctx context.Context, k int) error {
	dbURL, drop, err := benchSchema(ctx, b.cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer drop()
	blobs, err := os.MkdirTemp("", "quire-bench-blobs")
	if err != nil {
		return err
	}
	defer os.RemoveAll(blobs)
	cfg := b.cfg
	cfg.DatabaseURL = dbURL
	cfg.BlobURL = "file://" + filepath.ToSlash(blobs) + "?no_tmp_dir=true&metadata=skip"
	cfg.SigningKey = ids.Random(32)
	node, err := startBenchNode(ctx, cfg, 0)
	if err != nil {
		return err
	}
	defer node.close()

	var procs []*benchWorker
	defer func() {
		for _, w := range procs {
			w.stop()
		}
	}()
	for range k {
		w, err := startBenchWorker(cfg)
		if err != nil {
			return err
		}
		procs = append(procs, w)
	}
	tpl, err := node.app.Templates.Create(ctx, auth.Principal{AccountID: node.acc}, "", "bench", "bench.html", b.tpl)
	if err != nil {
		return err
	}
	body, err := json.Marshal(map[string]any{"template_id": tpl.ID, "data": b.data, "options": map[string]any{"format": "A4", "async": true}})
	if err != nil {
		return err
	}
	// Warm-up: every worker's browser renders before the clock starts.
	if _, _, err := b.sendAndAwait(ctx, node.client, body, 4*k*b.cfg.Workers); err != nil {
		return err
	}

	pids := make([]int, len(procs))
	for i, w := range procs {
		pids[i] = w.cmd.Process.Pid
	}
	cpu0, err := bench.TreeCPU(pids...)
	if err != nil {
		return err
	}
	load0 := bench.LoadAverage()
	busy0, total0 := bench.MachineCPU()
	lat, wall, err := b.sendAndAwait(ctx, node.client, body, b.n)
	if err != nil {
		return err
	}
	cpu1, err := bench.TreeCPU(pids...)
	if err != nil {
		return err
	}
	busy1, total1 := bench.MachineCPU()
	st := bench.Summarise("async", k, lat, wall)
	used := cpu1 - cpu0
	fmt.Fprintf(b.out, "%9d %8.1f %8.2f %8.2f %8.2f %12.1f %10.2f %11.0f%%  %s → %s\n",
		k, wall.Seconds(), st.DocsPerSecond(), st.P50.Seconds(), st.P95.Seconds(), used.Seconds(), used.Seconds()/wall.Seconds(),
		100*float64(busy1-busy0)/float64(max(total1-total0, 1)), load0, bench.LoadAverage())
	return nil
}

// sendAndAwait sends n async requests from b.concurrency clients and waits
// until all are rendered. It returns each document's time from its
// acceptance to its completion, and the time from the first request to
// the last completion.
func (b asyncBench) sendAndAwait(ctx context.Context, c *bench.Client, body []byte, n int) ([]time.Duration, time.Duration, error) {
	type sent struct {
		id string
		at time.Time
	}
	var mu sync.Mutex
	var tasks []sent
	start := time.Now()
	_, _, err := bench.Loop(ctx, n, b.concurrency, func(ctx context.Context) error {
		id, err := c.Accept(ctx, body)
		if err == nil {
			mu.Lock()
			tasks = append(tasks, sent{id, time.Now()})
			mu.Unlock()
		}
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortFunc(tasks, func(a, b sent) int { return a.at.Compare(b.at) })
	idList := make([]string, len(tasks))
	for i, t := range tasks {
		idList[i] = t.id
	}
	done, err := c.AwaitTasks(ctx, idList, 20*time.Millisecond)
	if err != nil {
		return nil, 0, err
	}
	lat := make([]time.Duration, len(tasks))
	last := start
	for i, t := range tasks {
		lat[i] = done[i].Sub(t.at)
		if done[i].After(last) {
			last = done[i]
		}
	}
	return lat, last.Sub(start), nil
}

// benchSchema creates a schema of its own on the database at base and
// returns a URL whose search_path is that schema, and a func that drops it.
func benchSchema(ctx context.Context, base string) (string, func(), error) {
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		return "", nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	schema := "quire_bench_" + strings.ToLower(ids.Random(10))
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		_ = admin.Close(ctx)
		return "", nil, err
	}
	drop := func() {
		dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = admin.Exec(dctx, "DROP SCHEMA "+schema+" CASCADE")
		_ = admin.Close(dctx)
	}
	u, err := url.Parse(base)
	if err != nil {
		drop()
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}

// benchWorker is a `quire worker` process of this binary.
type benchWorker struct {
	cmd  *exec.Cmd
	logs bytes.Buffer
	dir  string
}

// startBenchWorker starts `quire worker` on cfg's database and blobs and
// waits until it serves metrics, which it does once its browser and job
// workers have started.
func startBenchWorker(cfg config.Config) (*benchWorker, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "quire-bench-worker")
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	metrics := ln.Addr().String()
	ln.Close()
	w := &benchWorker{cmd: exec.Command(exe, "worker"), dir: dir}
	w.cmd.Env = append(os.Environ(),
		"QUIRE_DATABASE_URL="+cfg.DatabaseURL, "QUIRE_BLOB_URL="+cfg.BlobURL, "QUIRE_SIGNING_KEY="+cfg.SigningKey,
		"QUIRE_DATA_DIR="+dir, "QUIRE_METRICS_ADDR="+metrics,
		fmt.Sprintf("QUIRE_WORKERS=%d", cfg.Workers), fmt.Sprintf("QUIRE_CHROMIUM_TABS=%d", cfg.ChromiumTabs))
	w.cmd.Stdout, w.cmd.Stderr = &w.logs, &w.logs
	w.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := w.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if c, err := net.DialTimeout("tcp", metrics, 100*time.Millisecond); err == nil {
			c.Close()
			return w, nil
		}
	}
	w.stop()
	return nil, fmt.Errorf("quire worker did not start within 90 s:\n%s", w.logs.String())
}

// stop ends the worker gracefully (SIGTERM), or kills its process group
// after 30 s.
func (w *benchWorker) stop() {
	_ = w.cmd.Process.Signal(syscall.SIGTERM)
	exited := make(chan struct{})
	go func() { _ = w.cmd.Wait(); close(exited) }()
	select {
	case <-exited:
	case <-time.After(30 * time.Second):
		_ = syscall.Kill(-w.cmd.Process.Pid, syscall.SIGKILL)
		<-exited
	}
	os.RemoveAll(w.dir)
}
