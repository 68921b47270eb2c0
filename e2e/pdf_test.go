package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"github.com/quirehq/quire/internal/testenv"
)

// pdfText extracts text with poppler's pdftotext, page by page.
func pdfText(t testing.TB, pdf []byte) []string {
	t.Helper()
	testenv.Command(t, "pdftotext", "poppler-utils")
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

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
