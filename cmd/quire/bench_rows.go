package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/quirehq/quire/internal/bench"
	"github.com/quirehq/quire/internal/config"
)

// runRowsBench renders an HTML table of each row count, untagged then tagged,
// through an in-process server, and prints time, PDF size, pages and the peak
// memory of the process and the browser during the render.
func runRowsBench(ctx context.Context, cfg config.Config, rows []int, repeat int, tagged bool, sampleEvery time.Duration, out io.Writer) error {
	s, err := startBenchServer(ctx, cfg, 1)
	if err != nil {
		return err
	}
	defer s.close()
	if _, err := renderRows(ctx, s.client, 10, false); err != nil { // warm-up
		return err
	}
	fmt.Fprintf(out, "quire bench --rows: %s, 1 tab, limits: %d pages, %d PDF bytes, render timeout %s (MiB: peak of quire RSS + browser PSS sampled every %s, its rise over the idle figure before the render, the peak of quire's RSS alone, and the browser's PSS %s after the render)\n",
		s.browser(), cfg.MaxPages, cfg.MaxPDFBytes, cfg.RenderTimeout, sampleEvery, settle)
	fmt.Fprintf(out, "%8s %-8s %9s %7s %12s %10s %9s %10s %10s\n", "rows", "pdf", "time (s)", "pages", "size (KB)", "peak MiB", "rise MiB", "quire MiB", "idle MiB")
	for _, n := range rows {
		kinds := []bool{false}
		if tagged {
			kinds = append(kinds, true)
		}
		for _, tagged := range kinds {
			kind := map[bool]string{false: "default", true: "tagged"}[tagged]
			for range repeat {
				self, children, err := bench.RSS()
				if err != nil {
					return err
				}
				idle := self + children
				stop := func() bench.Peak { return bench.Peak{} }
				if sampleEvery > 0 {
					stop = bench.PeakRSS(sampleEvery)
				}
				start := time.Now()
				doc, err := renderRows(ctx, s.client, n, tagged)
				took := time.Since(start)
				peak := stop()
				if err != nil {
					fmt.Fprintf(out, "%8d %-8s %9.2f refused or failed: %v (peak %.0f MiB, quire %.0f MiB)\n", n, kind, took.Seconds(), err, mib(peak.Total), mib(peak.Self))
					continue
				}
				time.Sleep(settle)
				_, after, err := bench.RSS()
				if err != nil {
					return err
				}
				fmt.Fprintf(out, "%8d %-8s %9.2f %7d %12.1f %10.0f %9.0f %10.0f %10.0f\n", n, kind, took.Seconds(), doc.Pages, float64(doc.SizeBytes)/1000, mib(peak.Total), mib(peak.Total-idle), mib(peak.Self), mib(after))
			}
		}
	}
	return nil
}

// settle is how long the rows bench waits after a render before it reads
// the browser's idle memory: tab replacement and the browser's own freeing
// run just after the answer.
const settle = 2 * time.Second

func renderRows(ctx context.Context, c *bench.Client, n int, tagged bool) (bench.Doc, error) {
	// Without HTML escaping: what a non-Go client sends, not \u003c per tag.
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]any{"html": bench.TableHTML(n), "options": map[string]any{"format": "A4", "tagged": tagged}}); err != nil {
		return bench.Doc{}, err
	}
	return c.GenerateDoc(ctx, body.Bytes())
}
