package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/quirehq/quire/client"
	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/bench"
	"github.com/quirehq/quire/internal/config"
)

// batchBench compares one batch of n invoices with the same n made by
// synchronous generate requests at concurrency, on a server it starts:
// the throughput of each and whether each batch document reads the same
// as its synchronous twin.
type batchBench struct {
	cfg         config.Config
	tpl         []byte
	data        map[string]any
	n           int
	concurrency int
	out         io.Writer
}

func (b batchBench) run(ctx context.Context) error {
	s, err := startBenchServer(ctx, b.cfg, b.concurrency)
	if err != nil {
		return err
	}
	defer s.close()
	// Batches are run by the job workers (chunks of items).
	if err := s.app.StartWorkers(ctx); err != nil {
		return err
	}
	defer s.app.StopWorkers(context.WithoutCancel(ctx))
	c, err := client.New(s.client.BaseURL, s.client.Key, client.WithHTTPClient(s.client.HTTP))
	if err != nil {
		return err
	}
	c.PollInterval = 100 * time.Millisecond
	tpl, err := s.app.Templates.Create(ctx, auth.Principal{AccountID: s.acc}, "", "invoice", "invoice.html", b.tpl)
	if err != nil {
		return err
	}
	items, err := bench.Invoices(b.data, b.n)
	if err != nil {
		return err
	}
	fmt.Fprintf(b.out, "quire bench --batch: %d one-page invoices (distinct data), %s, %d CPUs, load average %s\n",
		b.n, s.browser(), runtime.NumCPU(), bench.LoadAverage())

	// Warm-up of both paths, off the clock.
	warm, err := bench.Invoices(b.data, 8)
	if err != nil {
		return err
	}
	if _, _, err := b.sync(ctx, c, tpl.ID, warm); err != nil {
		return err
	}
	if _, _, err := b.batch(ctx, c, tpl.ID, warm); err != nil {
		return err
	}

	syncDocs, st, err := b.sync(ctx, c, tpl.ID, items)
	if err != nil {
		return err
	}
	fmt.Fprintf(b.out, "sync   %d × POST /v1/documents/generate at c=%d: %6.1f s  %6.2f docs/s  (p50 %.0f ms, p95 %.0f ms)\n",
		b.n, b.concurrency, st.Wall.Seconds(), st.DocsPerSecond(), st.P50.Seconds()*1000, st.P95.Seconds()*1000)
	batch, wall, err := b.batch(ctx, c, tpl.ID, items)
	if err != nil {
		return err
	}
	batchRate := float64(b.n) / wall.Seconds()
	path := "?"
	if batch.RenderPath != nil {
		path = string(*batch.RenderPath)
	}
	fmt.Fprintf(b.out, "batch  1 × POST /v1/batches of %d items (documents): %6.1f s  %6.2f docs/s  (render path %s, %d prints)\n",
		b.n, wall.Seconds(), batchRate, path, batch.Prints)
	fmt.Fprintf(b.out, "batch / sync docs/s = %.2f\n", batchRate/st.DocsPerSecond())
	return b.compare(ctx, c, batch, syncDocs)
}

// sync makes each item with one generate request, concurrency at a time,
// and returns the documents by item index.
func (b batchBench) sync(ctx context.Context, c *client.Client, tplID string, items []map[string]any) ([]*client.Result, bench.Stats, error) {
	docs := make([]*client.Result, len(items))
	var next atomic.Int64
	format := "A4"
	lat, wall, err := bench.Loop(ctx, len(items), b.concurrency, func(ctx context.Context) error {
		i := next.Add(1) - 1
		doc, err := c.Generate(ctx, client.GenerateInputBody{TemplateId: &tplID, Data: &items[i], Options: &client.GenerateOptions{Format: &format}})
		docs[i] = doc
		return err
	})
	return docs, bench.Summarise("sync", b.concurrency, lat, wall), err
}

// batch makes the items as one batch of documents and times it from the
// request to the batch's completion.
func (b batchBench) batch(ctx context.Context, c *client.Client, tplID string, items []map[string]any) (*client.Batch, time.Duration, error) {
	format, output := "A4", client.BatchRequestOutputDocuments
	in := client.BatchRequest{TemplateId: tplID, Items: client.BatchItems(items), Output: &output, Options: &client.BatchOptions{Format: &format}}
	start := time.Now()
	created, err := c.CreateBatch(ctx, in)
	if err != nil {
		return nil, 0, err
	}
	done, err := c.WaitBatch(ctx, created.Id, nil)
	wall := time.Since(start)
	if err != nil {
		return nil, 0, err
	}
	if int(done.Completed) != len(items) {
		return nil, 0, fmt.Errorf("batch %s: %d of %d documents made, %d failed: %v", done.Id, done.Completed, len(items), done.Failed, done.Errors)
	}
	return done, wall, nil
}

// compare downloads every batch document and its synchronous twin and
// checks that they have the same text and page count.
func (b batchBench) compare(ctx context.Context, c *client.Client, batch *client.Batch, syncDocs []*client.Result) error {
	entries, err := c.AllBatchItems(ctx, batch.Id, "")
	if err != nil {
		return err
	}
	if len(entries) != len(syncDocs) {
		return fmt.Errorf("batch %s lists %d items, want %d", batch.Id, len(entries), len(syncDocs))
	}
	same, pages := 0, map[int]int{}
	var firstDiff string
	for _, e := range entries {
		if e.Index < 0 || int(e.Index) >= len(syncDocs) || e.Status != client.BatchItemViewStatusCompleted || e.DocumentId == nil {
			return fmt.Errorf("batch item %+v: want a completed item of index 0..%d", e, len(syncDocs)-1)
		}
		fromBatch, err := c.Download(ctx, *e.DocumentId)
		if err != nil {
			return err
		}
		fromSync, err := c.Fetch(ctx, syncDocs[e.Index].DownloadUrl)
		if err != nil {
			return err
		}
		diff, err := bench.SamePDF(fromBatch, fromSync)
		if err != nil {
			return err
		}
		if diff == "" {
			same++
		} else if firstDiff == "" {
			firstDiff = fmt.Sprintf("item %d: %s", e.Index, diff)
		}
		if e.Pages != nil {
			pages[int(*e.Pages)]++
		}
	}
	fmt.Fprintf(b.out, "check: %d of %d batch documents have the text (pdftotext -layout) and page count of their sync twin; pages per document: %v\n",
		same, len(entries), pages)
	if same != len(entries) {
		return fmt.Errorf("batch and sync documents differ: %s", firstDiff)
	}
	return nil
}
