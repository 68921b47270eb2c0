package app

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/store/pgtest"
	"github.com/quirehq/quire/internal/testenv"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/config"
	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/store"
)

// completions times each document from its Enqueue to the transaction
// that completes it (document.completed), passing events on to next.
type completions struct {
	next     documents.Events
	mu       sync.Mutex
	started  map[string]time.Time
	finished map[string]time.Time
	done     chan struct{}
}

func (c *completions) Emit(ctx context.Context, tx store.Store, event string, d *store.Document) error {
	if event == documents.EventCompleted {
		c.mu.Lock()
		c.finished[d.ID] = time.Now()
		c.mu.Unlock()
		c.done <- struct{}{}
	}
	if c.next != nil {
		return c.next.Emit(ctx, tx, event, d)
	}
	return nil
}

// BenchmarkAsyncRender measures async invoice renders through the whole
// app (River, Chromium with 2 tabs, 2 workers, blobs on disk) on SQLite and
// PostgreSQL: "latency" enqueues one document and waits for it before the
// next (enqueue→completed), "burst" enqueues b.N at once (documents/s).
func BenchmarkAsyncRender(b *testing.B) {
	testenv.Command(b, "chromium", "chromium")
	for _, db := range []string{"sqlite", "postgres"} {
		for _, burst := range []bool{false, true} {
			name := db + "/latency"
			if burst {
				name = db + "/burst"
			}
			b.Run(name, func(b *testing.B) { benchAsync(b, db, burst) })
		}
	}
}

func benchAsync(b *testing.B, db string, burst bool) {
	ctx := b.Context()
	cfg := config.Defaults()
	cfg.DataDir = b.TempDir()
	if db == "postgres" {
		cfg.DatabaseURL = pgtest.SchemaURL(b)
	}
	c := &completions{started: map[string]time.Time{}, finished: map[string]time.Time{}, done: make(chan struct{}, b.N+10)}
	a, err := open(ctx, cfg, slog.New(slog.DiscardHandler), func(next documents.Events) documents.Events {
		c.next = next
		return c
	})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	if err := a.StartRenderer(ctx); err != nil {
		b.Fatal(err)
	}
	if err := a.StartWorkers(ctx); err != nil {
		b.Fatal(err)
	}
	defer a.StopWorkers(context.Background())

	acc, err := a.Accounts.Ensure(ctx, "bench-async@quire.local")
	if err != nil {
		b.Fatal(err)
	}
	src, err := os.ReadFile("../../examples/invoice/template.html")
	if err != nil {
		b.Fatal(err)
	}
	var data map[string]any
	raw, err := os.ReadFile("../../examples/invoice/data.json")
	if err != nil || json.Unmarshal(raw, &data) != nil {
		b.Fatal("example data", err)
	}
	p := auth.Principal{AccountID: acc.ID, Mode: "live"}
	tpl, err := a.Templates.Create(ctx, p, "", "bench", "bench.html", src)
	if err != nil {
		b.Fatal(err)
	}
	enqueue := func() {
		start := time.Now()
		acc, err := a.Documents.Enqueue(ctx, p, documents.Task{Generate: &documents.GenerateRequest{TemplateID: tpl.ID, Data: data}})
		if err != nil {
			b.Fatal(err)
		}
		c.mu.Lock()
		c.started[acc.TaskID] = start
		c.mu.Unlock()
	}
	// Warm the browser tabs and the template cache.
	for range 4 {
		enqueue()
		<-c.done
	}
	c.mu.Lock()
	c.started = map[string]time.Time{}
	c.mu.Unlock()

	b.ResetTimer()
	start := time.Now()
	for range b.N {
		enqueue()
		if !burst {
			<-c.done
		}
	}
	if burst {
		for range b.N {
			<-c.done
		}
	}
	wall := time.Since(start)
	b.StopTimer()
	var lat []time.Duration
	for id, t := range c.started {
		lat = append(lat, c.finished[id].Sub(t))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(b.N)/wall.Seconds(), "docs/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
}
