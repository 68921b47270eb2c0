package frompdf

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"github.com/quirehq/quire/internal/render/chromium"
	"github.com/quirehq/quire/internal/render/handlebars"
	"github.com/quirehq/quire/internal/testenv"
)

// One PDFium and one browser for the whole test binary: PDFium's start
// compiles it (cached in the user's cache dir between runs).
var (
	testRuntime *Runtime
	browserOnce sync.Once
	browser     *chromium.Engine
	browserErr  error
)

func TestMain(m *testing.M) {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	testRuntime = NewRuntime(filepath.Join(dir, "quire-test", "pdfium"), 0)
	testRuntime.Start()
	code := m.Run()
	_ = testRuntime.Close()
	if browser != nil {
		_ = browser.Close()
	}
	os.Exit(code)
}

func converter() *Converter { return &Converter{Runtime: testRuntime, MaxPages: 50} }

func engine(tb testing.TB) *chromium.Engine {
	tb.Helper()
	if chromium.FindBrowser() == "" {
		testenv.Missing(tb, "no Chromium binary found on PATH (Debian package chromium)")
	}
	browserOnce.Do(func() { browser, browserErr = chromium.New(context.Background(), chromium.Options{}) })
	if browserErr != nil {
		tb.Fatalf("chromium: %v", browserErr)
	}
	return browser
}

// convertFile converts a corpus file and renders the template with its
// sample data, returning the result, the rendition and the time taken by
// the conversion alone.
func convertFile(tb testing.TB, path string) (*Result, []byte, []byte, time.Duration) {
	tb.Helper()
	pdf, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return convertPDF(tb, pdf, filepath.Base(path))
}

// convertPDF is convertFile for a PDF in memory.
func convertPDF(tb testing.TB, pdf []byte, path string) (*Result, []byte, []byte, time.Duration) {
	tb.Helper()
	ctx := context.Background()
	t0 := time.Now()
	res, err := converter().Convert(ctx, pdf, filepath.Base(path))
	took := time.Since(t0)
	if err != nil {
		tb.Fatalf("%s: Convert: %v", path, err)
	}
	tpl, err := handlebars.Compile(res.HTML, handlebars.Limits{})
	if err != nil {
		tb.Fatalf("%s: the template does not compile: %v", path, err)
	}
	html, err := tpl.Render(ctx, res.Analysis.SampleData)
	if err != nil {
		tb.Fatalf("%s: Render: %v", path, err)
	}
	out, err := engine(tb).Render(ctx, printJob(tb, pdf, html))
	if err != nil {
		tb.Fatalf("%s: chromium: %v", path, err)
	}
	return res, pdf, out, took
}

// printJob prints A4 and Letter pages with that format, as a client would
// ask for, and other sizes with the template's @page size; no margins.
func printJob(tb testing.TB, pdf []byte, html string) chromium.Job {
	j := chromium.Job{HTML: html, Margin: chromium.Margin{Top: "0", Right: "0", Bottom: "0", Left: "0"}}
	dims, err := api.PageDims(bytes.NewReader(pdf), nil)
	if err != nil || len(dims) == 0 {
		tb.Fatalf("page size: %v", err)
	}
	w, h := dims[0].Width, dims[0].Height
	switch {
	case math.Abs(w-595.3) < 2 && math.Abs(h-841.9) < 2:
		j.Format = "A4"
	case math.Abs(w-612) < 2 && math.Abs(h-792) < 2:
		j.Format = "Letter"
	default:
		j.PreferCSSPageSize = true
	}
	return j
}
