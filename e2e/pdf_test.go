package e2e

import (
	"bytes"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"github.com/quirehq/quire/internal/testenv"
)

// pdfText extracts text with poppler's pdftotext, page by page.
func pdfText(t testing.TB, pdf []byte) []string { return testenv.PDFPages(t, pdf) }

// pageSizes returns each page's width and height in points.
func pageSizes(t testing.TB, pdf []byte) [][2]float64 {
	t.Helper()
	dims, err := api.PageDims(bytes.NewReader(pdf), nil)
	if err != nil {
		t.Fatalf("read page sizes: %v", err)
	}
	out := make([][2]float64, len(dims))
	for i, d := range dims {
		out[i] = [2]float64{d.Width, d.Height}
	}
	return out
}

func approx(a, b float64) bool { return a-b < 1.5 && b-a < 1.5 }
