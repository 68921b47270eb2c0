package chromium

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// benchHTML is a one-page invoice: styles, a table, no external resources.
var benchHTML = func() string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html><head><style>
body{font-family:sans-serif;font-size:12px} table{width:100%;border-collapse:collapse}
td,th{border:1px solid #ccc;padding:4px} th{background:#eef}</style></head><body>
<h1>Invoice 2026-0042</h1><p>ACME Corp, 1 Main Street</p><table><tr><th>Item</th><th>Qty</th><th>Price</th></tr>`)
	for i := range 30 {
		fmt.Fprintf(&b, "<tr><td>Item %d</td><td>%d</td><td>%d.00</td></tr>", i, i%7+1, 10+i)
	}
	b.WriteString(`</table><p>Total: 1234.00</p></body></html>`)
	return b.String()
}()

func BenchmarkRender(b *testing.B) {
	e := newEngine(b, Options{Tabs: 1})
	render(b, e, Job{HTML: benchHTML}) // warm
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Render(context.Background(), Job{HTML: benchHTML}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderParallel(b *testing.B) {
	e := newEngine(b, Options{Tabs: 4})
	render(b, e, Job{HTML: benchHTML})
	b.ResetTimer()
	b.SetParallelism(2) // 2×GOMAXPROCS goroutines keep the 4 tabs busy
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := e.Render(context.Background(), Job{HTML: benchHTML}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkBareLoop is the floor: the same work in the plainest chromedp
// loop. ns/op is the mean time of one render (browser start excluded).
func BenchmarkBareLoop(b *testing.B) {
	benchBareLoop(b, 1)
}

// BenchmarkBareLoopParallel: four tabs; ns/op is the mean render time
// divided by four, comparable to BenchmarkRenderParallel's throughput.
func BenchmarkBareLoopParallel(b *testing.B) {
	benchBareLoop(b, 4)
}

func benchBareLoop(b *testing.B, concurrency int) {
	path := needBrowser(b)
	times, _, err := BareLoop(context.Background(), path, benchHTML, b.N, concurrency)
	if err != nil {
		b.Fatal(err)
	}
	var sum time.Duration
	for _, d := range times {
		sum += d
	}
	b.ReportMetric(float64(sum)/float64(len(times))/float64(concurrency), "ns/op")
}

// BenchmarkRecycle renders the invoice on 2 tabs, 2 at a time, with no
// recycling, with tabs replaced every 50 renders (rolling), and with the
// whole browser restarted every 50 renders (what QUIRE_CHROMIUM_RECYCLE_AFTER
// did before). Run each variant in its own process, inside a cpuacct cgroup,
// to charge each its CPU-seconds, browser included (docs/performance.md).
func BenchmarkRecycle(b *testing.B) {
	for _, v := range []struct {
		name string
		o    Options
	}{
		{"none", Options{Tabs: 2, RecycleAfter: 1 << 30, RestartAfter: -1}},
		{"tabs", Options{Tabs: 2, RecycleAfter: 50, RestartAfter: -1}},
		{"browser", Options{Tabs: 2, RecycleAfter: 1 << 30, RestartAfter: 50}},
	} {
		b.Run(v.name, func(b *testing.B) {
			e := newEngine(b, v.o)
			render(b, e, Job{HTML: benchHTML})
			before := e.Stats()
			b.ResetTimer()
			b.SetParallelism(1) // GOMAXPROCS goroutines: 2 here, one per tab
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := e.Render(context.Background(), Job{HTML: benchHTML}); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.StopTimer()
			s := e.Stats()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
			b.ReportMetric(float64(s.TabRecycles-before.TabRecycles), "tab-recycles")
			b.ReportMetric(float64(s.Recycles-before.Recycles), "browser-restarts")
		})
	}
}

// BenchmarkOpenTab opens a tab in its own browser context and closes it
// again, with no render: the part of a tab replacement that is not the new
// renderer's first (cold) document. Run it in a cpuacct cgroup, beside
// BenchmarkRecycle, to split a replacement's CPU-seconds.
func BenchmarkOpenTab(b *testing.B) {
	e := newEngine(b, Options{Tabs: 1})
	e.mu.Lock()
	inst := e.cur
	e.mu.Unlock()
	for b.Loop() {
		t, err := openTab(inst.ctx, e.o.layers())
		if err != nil {
			b.Fatal(err)
		}
		t.cancel()
	}
}
