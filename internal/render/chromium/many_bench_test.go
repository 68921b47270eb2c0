package chromium

import (
	"context"
	"sync"
	"testing"
)

// BenchmarkPrintMany prints 200 example invoices, each with its own data
// (40 under -short), on an engine with 4 tabs: one print each at
// concurrency 4 ("single", what 200 generate requests cost), and PrintMany
// with up to 16, 32 and 50 documents a print; then both again with a
// "Page n of N" footer (PrintMany stamps it per document). docs/s is the figure to
// compare (docs/performance.md, Batches).
func BenchmarkPrintMany(b *testing.B) {
	n := 200
	if testing.Short() {
		n = 40
	}
	htmls := invoices(b, n, nil)
	e := newEngine(b, Options{Tabs: 4})
	render(b, e, Job{HTML: htmls[0]}) // warm
	footer := Job{FooterHTML: `<div>Page <span class=pageNumber></span> of <span class=totalPages></span></div>`}
	saved := MaxCombined
	b.Cleanup(func() { MaxCombined = saved })
	for _, v := range []struct {
		name  string
		j     Job
		chunk int // 0: one print each
	}{
		{"single", Job{}, 0}, {"many/16", Job{}, 16}, {"many/32", Job{}, 32}, {"many/50", Job{}, 50},
		{"footer/single", footer, 0}, {"footer/many/32", footer, 32},
	} {
		b.Run(v.name, func(b *testing.B) {
			MaxCombined = v.chunk
			prints := n
			for b.Loop() {
				if v.chunk == 0 {
					printEach(b, e, v.j, htmls, 4)
					continue
				}
				m, err := e.PrintMany(context.Background(), v.j, htmls)
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
func printEach(tb testing.TB, e *Engine, j Job, htmls []string, concurrency int) {
	next := make(chan string)
	var wg sync.WaitGroup
	for range concurrency {
		wg.Go(func() {
			for h := range next {
				one := j
				one.HTML = h
				pdf, err := e.RenderPDF(context.Background(), one)
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
