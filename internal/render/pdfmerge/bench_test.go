package pdfmerge

import (
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"
)

// peakHeap runs fn while sampling the heap, and returns the most heap in
// use seen above what was in use before. The collector runs at 10% growth
// meanwhile, so the figure is close to the live heap, not to garbage the
// default pacing lets pile up.
func peakHeap(fn func()) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base := m.HeapInuse
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	fn()
	close(done)
	return max(peak.Load(), base) - base
}

// BenchmarkMergePeakHeap merges 300 copies of a one-page Chromium invoice
// into a file and reports the peak heap it took (peak-MiB) and the size
// of the result (out-MiB).
func BenchmarkMergePeakHeap(b *testing.B) {
	pdf, err := os.ReadFile("../testdata/chromium-invoice-1page.pdf")
	if err != nil {
		b.Fatal(err)
	}
	const n = 300
	for b.Loop() {
		f, err := os.CreateTemp(b.TempDir(), "merged-*.pdf")
		if err != nil {
			b.Fatal(err)
		}
		peak := peakHeap(func() {
			_, err := Merge(f, n, func(int) (Part, error) {
				return Part{PDF: append([]byte(nil), pdf...), Pages: 1, Title: "item"}, nil
			})
			if err != nil {
				b.Fatal(err)
			}
		})
		size, _ := f.Seek(0, io.SeekEnd)
		f.Close()
		b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
		b.ReportMetric(float64(size)/(1<<20), "out-MiB")
	}
}
