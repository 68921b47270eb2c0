package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"time"

	"github.com/spf13/cobra"

	"github.com/quirehq/quire/internal/apikeys"
	"github.com/quirehq/quire/internal/app"
	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/bench"
	"github.com/quirehq/quire/internal/config"
	"github.com/quirehq/quire/internal/render/chromium"
	"github.com/quirehq/quire/internal/render/handlebars"
)

func benchCmd(cfg *config.Config) *cobra.Command {
	var tplPath, dataPath string
	var n, concurrency, soak int
	var cpuProfile, rows, processes string
	var repeat int
	var async, tagged, batch bool
	var items int
	var memSample time.Duration
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure HTML renders over HTTP against a bare chromedp loop, and memory over many renders",
		Long: "Starts a server on a temporary data dir, renders the template over HTTP sequentially and at --concurrency, " +
			"then runs the plainest chromedp loop on the same HTML as the floor. With --soak, renders that many more " +
			"documents and samples the resident memory of the process and of the browser. With --rows, renders big tables instead. " +
			"With --async (on QUIRE_DATABASE_URL=postgres://…), measures async throughput with --worker-processes " +
			"`quire worker` processes instead (docs/scale-out.md). With --batch, compares one batch with as many sync requests (docs/performance.md).",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cpuProfile != "" {
				f, err := os.Create(cpuProfile)
				if err != nil {
					return err
				}
				defer f.Close()
				if err := pprof.StartCPUProfile(f); err != nil {
					return err
				}
				defer pprof.StopCPUProfile()
			}
			if rows != "" {
				counts, err := bench.ParseRows(rows)
				if err != nil {
					return err
				}
				return runRowsBench(cmd.Context(), *cfg, counts, max(repeat, 1), tagged, memSample, cmd.OutOrStdout())
			}
			src, err := os.ReadFile(tplPath)
			if err != nil {
				return err
			}
			data := map[string]any{}
			if raw, err := os.ReadFile(dataPath); err != nil {
				return err
			} else if err := json.Unmarshal(raw, &data); err != nil {
				return err
			}
			if batch {
				b := batchBench{cfg: *cfg, tpl: src, data: data, n: items, concurrency: concurrency, out: cmd.OutOrStdout()}
				return b.run(cmd.Context())
			}
			if async {
				counts, err := bench.ParseCounts("worker-processes", processes)
				if err != nil {
					return err
				}
				b := asyncBench{cfg: *cfg, tpl: src, data: data, n: n, concurrency: concurrency, repeat: max(repeat, 1), out: cmd.OutOrStdout()}
				return b.run(cmd.Context(), counts)
			}
			return runBench(cmd.Context(), *cfg, src, data, n, concurrency, soak, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&tplPath, "template", "examples/invoice/template.html", "HTML template")
	cmd.Flags().StringVar(&dataPath, "data", "examples/invoice/data.json", "JSON data")
	cmd.Flags().IntVar(&n, "n", 200, "renders per series")
	cmd.Flags().IntVar(&concurrency, "concurrency", 4, "concurrency of the parallel series")
	cmd.Flags().IntVar(&soak, "soak", 0, "renders of the memory soak (0 = none)")
	cmd.Flags().StringVar(&rows, "rows", "", "instead of the template series: render an HTML table of each of these row counts (e.g. 100,1000,10000), untagged and tagged, and print time, PDF size, pages and peak memory")
	cmd.Flags().IntVar(&repeat, "repeat", 1, "with --rows: renders of each row count and kind; with --async: rounds over the worker-process counts (interleaved)")
	cmd.Flags().BoolVar(&async, "async", false, "instead: async throughput on PostgreSQL (QUIRE_DATABASE_URL): --n async renders accepted by this process and worked by --worker-processes `quire worker` processes (QUIRE_WORKERS jobs each), a fresh schema per series")
	cmd.Flags().BoolVar(&batch, "batch", false, "instead: --items invoices made by sync generate requests at --concurrency, then as one batch (output documents); prints both docs/s and their ratio and checks each batch PDF against its sync twin (text, pages)")
	cmd.Flags().IntVar(&items, "items", 1000, "with --batch: the number of invoices (distinct data from --data)")
	cmd.Flags().StringVar(&processes, "worker-processes", "1,2", "with --async: the counts of worker processes to measure, e.g. 1,2")
	// Reading the PSS of a browser that holds gigabytes costs the kernel
	// much CPU (smaps_rollup walks every mapping): sampled every 20 ms, the
	// sampler took more CPU than the renders on a 2-core machine.
	cmd.Flags().DurationVar(&memSample, "mem-sample", 250*time.Millisecond, "with --rows: sample quire RSS + browser PSS this often during a render for the peak (0 = no sampling, peak not measured)")
	cmd.Flags().BoolVar(&tagged, "tagged", true, "with --rows: also render each table tagged (--tagged=false: the default PDF only)")
	cmd.Flags().StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the whole run (server and client) to this file")
	return cmd
}

// benchRounds is how many turns Quire and the floor take in each series.
const benchRounds = 4

// benchServer is an in-process Quire on a temporary data dir, with a live key.
type benchServer struct {
	app    *app.App
	client *bench.Client
	acc    string
	close  func()
}

// startBenchServer serves on SQLite and a blob folder in a temporary data
// dir, with a browser of tabs tabs.
func startBenchServer(ctx context.Context, cfg config.Config, tabs int) (*benchServer, error) {
	cfg.DatabaseURL, cfg.BlobURL = "", ""
	return startBenchNode(ctx, cfg, tabs)
}

// startBenchNode serves on cfg's database and blobs (their defaults: in a
// temporary data dir). tabs 0 starts no browser and works no jobs: a node
// that only accepts async requests, for `quire worker` processes to work.
func startBenchNode(ctx context.Context, cfg config.Config, tabs int) (_ *benchServer, err error) {
	var cleanup []func()
	closeAll := func() {
		for i := len(cleanup) - 1; i >= 0; i-- {
			cleanup[i]()
		}
	}
	defer func() {
		if err != nil {
			closeAll()
		}
	}()
	dir, err := os.MkdirTemp("", "quire-bench")
	if err != nil {
		return nil, err
	}
	cleanup = append(cleanup, func() { os.RemoveAll(dir) })
	cfg.DataDir = dir
	cfg.ChromiumTabs = max(tabs, 1)
	if tabs == 0 {
		cfg.Workers = 0
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	cfg.Addr = ln.Addr().String()
	a, err := app.Open(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		ln.Close()
		return nil, err
	}
	cleanup = append(cleanup, func() { a.Close() })
	start := a.StartRenderer
	if tabs == 0 {
		start = a.StartWorkers // insert-only: the queue's client, no workers
	}
	if err := start(ctx); err != nil {
		ln.Close()
		return nil, err
	}
	srv := &http.Server{Handler: a.Handler()}
	go srv.Serve(ln)
	cleanup = append(cleanup, func() { srv.Close() })

	acc, err := a.Accounts.Ensure(ctx, "bench@quire.local")
	if err != nil {
		return nil, err
	}
	key, err := a.Keys.Create(ctx, acc.ID, apikeys.NewKey{Name: "bench", Mode: "live"})
	if err != nil {
		return nil, err
	}
	// Revoked afterwards, so that runs do not pile up against the key limit.
	cleanup = append(cleanup, func() { _ = a.Keys.Revoke(context.WithoutCancel(ctx), acc.ID, key.ID) })
	client := &bench.Client{BaseURL: cfg.BaseURL(), Key: key.Raw, HTTP: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: max(tabs, 8)}}}
	return &benchServer{app: a, client: client, acc: acc.ID, close: closeAll}, nil
}

func runBench(ctx context.Context, cfg config.Config, src []byte, data map[string]any, n, concurrency, soak int, out interface{ Write([]byte) (int, error) }) error {
	s, err := startBenchServer(ctx, cfg, concurrency)
	if err != nil {
		return err
	}
	defer s.close()
	a, client := s.app, s.client
	tpl, err := a.Templates.Create(ctx, auth.Principal{AccountID: s.acc}, "", "bench", "bench.html", src)
	if err != nil {
		return err
	}
	body, err := bench.GenerateBody(tpl.ID, data)
	if err != nil {
		return err
	}
	generate := func(ctx context.Context) error { return client.Generate(ctx, body) }

	fmt.Fprintf(out, "quire bench: %s, %d renders per series, GOMAXPROCS-visible CPUs: see `nproc`\n", s.browser(), n)
	if _, _, err := bench.Loop(ctx, 10, 1, generate); err != nil { // warm-up
		return err
	}
	compiled, err := handlebars.Compile(string(src), handlebars.Limits{})
	if err != nil {
		return err
	}
	html, err := compiled.Render(ctx, data)
	if err != nil {
		return err
	}
	// Quire and the floor take turns in benchRounds rounds, so that a
	// change of the machine's load falls on both alike.
	var results []bench.Stats
	for _, c := range []int{1, concurrency} {
		var qLat, fLat []time.Duration
		var qWall, fWall time.Duration
		for r := range benchRounds {
			m := n / benchRounds
			if r == benchRounds-1 {
				m += n % benchRounds
			}
			lat, wall, err := bench.Loop(ctx, m, c, generate)
			if err != nil {
				return err
			}
			qLat, qWall = append(qLat, lat...), qWall+wall
			lat, wall, err = chromium.BareLoop(ctx, cfg.ChromiumPath, html, m, c)
			if err != nil {
				return err
			}
			fLat, fWall = append(fLat, lat...), fWall+wall
		}
		q, f := bench.Summarise("quire HTTP", c, qLat, qWall), bench.Summarise("bare chromedp (floor)", c, fLat, fWall)
		results = append(results, q, f)
		fmt.Fprintln(out, q)
		fmt.Fprintln(out, f)
	}
	for i := 0; i < len(results); i += 2 {
		q, f := results[i], results[i+1]
		fmt.Fprintf(out, "c=%d: quire p50 / floor p50 = %.3f, docs/s ratio = %.3f\n", q.Concurrency, float64(q.P50)/float64(f.P50), q.DocsPerSecond()/f.DocsPerSecond())
	}

	if soak > 0 {
		step := max(soak/10, 1)
		fmt.Fprintf(out, "memory soak: %d renders at concurrency %d (RSS in MiB)\n", soak, concurrency)
		for done := 0; done < soak; done += step {
			if _, _, err := bench.Loop(ctx, min(step, soak-done), concurrency, generate); err != nil {
				return err
			}
			self, children, err := bench.RSS()
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "  after %5d: quire %6.1f  browser %7.1f  total %7.1f\n", done+min(step, soak-done), mib(self), mib(children), mib(self+children))
		}
	}
	return nil
}

// browser names the browser the server renders with: its path and version.
func (s *benchServer) browser() string {
	path := s.app.Config.ChromiumPath
	if path == "" {
		path = chromium.FindBrowser()
	}
	return path + " (" + s.app.Engine.Version() + ")"
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }
