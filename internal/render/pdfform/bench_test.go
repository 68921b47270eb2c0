package pdfform

import (
	"sort"
	"testing"
	"time"
)

// BenchmarkFillFlattenOnePage fills and flattens one-page forms; besides
// ns/op it reports the median (p50-ms), the figure the goal is set on
// (≤ 15 ms).
func BenchmarkFillFlattenOnePage(b *testing.B) {
	cases := []struct {
		name   string
		pdf    []byte
		values map[string]any
	}{
		{"minimal-5-fields", minimalForm(), map[string]any{
			"person.name": "Zoë Müller-Łukasiewicz", "ok": true, "pick": "a", "city": "Oslo", "tags": "b",
		}},
	}
	src, values := formAndValues(b, "160F-2019.pdf")
	cases = append(cases, struct {
		name   string
		pdf    []byte
		values map[string]any
	}{"160F-65-fields", src, values})
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			if _, err := Fill(c.pdf, c.values, FillOptions{Flatten: true}); err != nil {
				b.Fatal(err) // also warms the font cache
			}
			durations := make([]time.Duration, 0, b.N)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				if _, err := Fill(c.pdf, c.values, FillOptions{Flatten: true}); err != nil {
					b.Fatal(err)
				}
				durations = append(durations, time.Since(start))
			}
			b.StopTimer()
			sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
			b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "p50-ms")
		})
	}
}

func BenchmarkDetect(b *testing.B) {
	for _, name := range []string{"160F-2019.pdf", "prefilled_f1040.pdf"} {
		pdf := readTestdata(b, name)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := Detect(pdf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
