package render

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
)

func TestPageCountAgreesWithPdfcpu(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.pdf")
	if len(files) < 3 {
		t.Fatalf("testdata: %v", files)
	}
	quick := 0
	for _, f := range files {
		pdf, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want, err := api.PageCount(bytes.NewReader(pdf), nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := PageCount(pdf)
		if err != nil || got != want {
			t.Errorf("%s: PageCount = %d, %v; pdfcpu says %d", f, got, err, want)
		}
		if _, ok := quickPageCount(pdf); ok {
			quick++
		}
	}
	if n, ok := quickPageCount(mustRead(t, "testdata/chromium-3pages.pdf")); !ok || n != 3 {
		t.Fatalf("Chromium's output must take the quick path: %d %v", n, ok)
	}
	if quick == len(files) {
		t.Log("every test PDF took the quick path; the pdfcpu fallback is untested here")
	}
}

func TestPageCountFallsBackOnUpdatesAndGarbage(t *testing.T) {
	pdf := mustRead(t, "testdata/chromium-3pages.pdf")
	// An incremental update appends a second xref section: the quick path
	// must not trust the first one.
	updated := append(append([]byte{}, pdf...), []byte("\n1 0 obj\n<< >>\nendobj\nstartxref\n0\n%%EOF\n")...)
	if _, ok := quickPageCount(updated); ok {
		t.Fatal("quick path taken on an updated PDF")
	}
	if _, err := PageCount([]byte("not a pdf")); err == nil {
		t.Fatal("garbage counted")
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func BenchmarkPageCountChromiumPDF(b *testing.B) {
	pdf, _ := os.ReadFile("testdata/chromium-invoice-1page.pdf")
	for b.Loop() {
		if _, err := PageCount(pdf); err != nil {
			b.Fatal(err)
		}
	}
}

// PageCountAt reads the page tree of a file without loading it and agrees
// with PageCount on every test PDF; Chromium's output takes the page-tree
// path, and an updated file does not.
func TestPageCountAtReadsThePageTree(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.pdf")
	for _, f := range files {
		pdf := mustRead(t, f)
		want, err := PageCount(pdf)
		if err != nil {
			t.Fatal(err)
		}
		got, err := PageCountAt(bytes.NewReader(pdf), int64(len(pdf)))
		if err != nil || got != want {
			t.Errorf("%s: PageCountAt = %d, %v; want %d", f, got, err, want)
		}
	}
	for _, f := range []string{"testdata/chromium-3pages.pdf", "testdata/chromium-invoice-1page.pdf"} {
		pdf := mustRead(t, f)
		if _, ok := pageTreeCount(bytes.NewReader(pdf), int64(len(pdf))); !ok {
			t.Errorf("%s: Chromium's output must take the page-tree path", f)
		}
	}
	pdf := mustRead(t, "testdata/chromium-3pages.pdf")
	updated := append(append([]byte{}, pdf...), []byte("\n1 0 obj\n<< >>\nendobj\nstartxref\n0\n%%EOF\n")...)
	if _, ok := pageTreeCount(bytes.NewReader(updated), int64(len(updated))); ok {
		t.Fatal("page-tree path taken on an updated PDF")
	}
	if _, err := PageCountAt(bytes.NewReader([]byte("not a pdf")), 9); err == nil {
		t.Fatal("garbage counted")
	}
}
