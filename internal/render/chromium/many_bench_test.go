package chromium

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

// BenchmarkPrintMany prints 200 example invoices, each with its own data
// (40 under -short), on an engine with 4 tabs: one print each at
// concurrency 4 ("single", what 200 generate requests cost), and PrintMany
// with up to 16, 32 and 50 documents a print. docs/s is the figure to
// compare (docs/performance.md, Batches).
func BenchmarkPrintMany(b *testing.B) {
	n := 200
	if testing.Short() {
		n = 40
	}
	htmls := invoices(b, n, nil)
	e := newEngine(b, Options{Tabs: 4})
	render(b, e, Job{HTML: htmls[0]}) // warm
	b.Run("single", func(b *testing.B) {
		for b.Loop() {
			printEach(b, e, htmls, 4)
		}
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
	})
	saved := MaxCombined
	b.Cleanup(func() { MaxCombined = saved })
	for _, chunk := range []int{16, 32, 50} {
		b.Run(fmt.Sprintf("many/%d", chunk), func(b *testing.B) {
			MaxCombined = chunk
			prints := 0
			for b.Loop() {
				m, err := e.PrintMany(context.Background(), Job{}, htmls)
				if err != nil {
					b.Fatal(err)
				}
				for i, it := range m.Items {
					if it.Err != nil {
						b.Fatalf("document %d: %v", i, it.Err)
					}
					it.PDF.Close()
				}
				if m.Combined != n {
					b.Fatalf("combined %d of %d: %s", m.Combined, n, m.Why)
				}
				prints = m.Prints
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
			b.ReportMetric(float64(prints), "prints")
		})
	}
}

// printEach prints each document alone, concurrency at a time.
func printEach(tb testing.TB, e *Engine, htmls []string, concurrency int) {
	next := make(chan string)
	var wg sync.WaitGroup
	for range concurrency {
		wg.Go(func() {
			for h := range next {
				pdf, err := e.RenderPDF(context.Background(), Job{HTML: h})
				if err != nil {
					tb.Error(err)
					continue
				}
				pdf.Close()
			}
		})
	}
	for _, h := range htmls {
		next <- h
	}
	close(next)
	wg.Wait()
}
