package frompdf

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// measureDPI is the resolution both PDFs are rasterized at for SSIM: at
// 72 dpi the rasterizer's rounding of glyphs to whole pixels is as large
// as a move the measure should forgive (TestSSIMSeesMovesNotRounding).
// The report also gives the 72-dpi figure (coarseDPI).
const measureDPI, coarseDPI = 150, 72

// corpusResult is one corpus file's figures.
type corpusResult struct {
	File      string
	Pages     int
	Fields    int
	Type      string
	Took      time.Duration
	Fidelity  Fidelity
	Coarse    float64 // SSIM at coarseDPI
	Err       string
	TextLayer bool
}

func measureFile(t *testing.T, path string) corpusResult {
	t.Helper()
	r := corpusResult{File: filepath.Base(path)}
	pdf, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := converter().Convert(context.Background(), pdf, r.File); err != nil {
		r.Err = err.Error()
		return r
	}
	res, orig, out, took := convertFile(t, path)
	r.Pages, r.Fields, r.Type, r.Took, r.TextLayer = res.Analysis.PageCount, len(res.Analysis.Fields), res.Analysis.DocumentType, took, true
	if r.Fidelity, err = testRuntime.Measure(context.Background(), orig, out, measureDPI); err != nil {
		t.Fatalf("%s: measure: %v", r.File, err)
	}
	coarse, err := testRuntime.Measure(context.Background(), orig, out, coarseDPI)
	if err != nil {
		t.Fatalf("%s: measure at %d dpi: %v", r.File, coarseDPI, err)
	}
	r.Coarse = coarse.SSIM
	if dir := os.Getenv("QUIRE_FROMPDF_DUMP"); dir != "" {
		dumpFile(t, dir, r.File, res.HTML, orig, out)
	}
	return r
}

// TestCorpusFidelity converts a few corpus files of different producers,
// renders each template with its sample data through Chromium and checks
// the text recall and visual similarity stay near the figures measured
// (docs/from-pdf.md; the bounds are a little under them).
func TestCorpusFidelity(t *testing.T) {
	want := map[string]struct{ recall, ssim float64 }{
		"invoice.pdf":          {0.99, 0.98},
		"letter.pdf":           {0.99, 0.98},
		"contract.pdf":         {0.99, 0.97},
		"report.pdf":           {0.99, 0.98},
		"report-chromium.pdf":  {0.99, 0.97},
		"invoice-chromium.pdf": {0.99, 0.97},
		"rechnung.pdf":         {0.99, 0.98},
		"walden.pdf":           {0.99, 0.97},
		"paclitaxel.pdf":       {0.98, 0.95},
		"adobe-errata.pdf":     {0.99, 0.97},
		"golang-slides.pdf":    {0.99, 0.97},
		"acroforms2.pdf":       {0.98, 0.91},
		"f1040.pdf":            {0.98, 0.96},
		"jphysiol.pdf":         {0.99, 0.98},
		"pdftex-grid.pdf":      {0.99, 0.94},
		"quartz-text.pdf":      {0.99, 0.94},
		"hybrid.pdf":           {0.99, 0.95},
		"form.pdf":             {0.99, 0.98},
		"tax-160f.pdf":         {0.99, 0.94},
		"form-two-pages.pdf":   {0.99, 0.98},
	}
	names := make([]string, 0, len(want))
	for n := range want {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		r := measureFile(t, filepath.Join("testdata", "corpus", name))
		if r.Err != "" {
			t.Errorf("%s: %s", name, r.Err)
			continue
		}
		w := want[name]
		if r.Fidelity.TextRecall < w.recall || r.Fidelity.SSIM < w.ssim {
			t.Errorf("%s: text recall %.3f (want ≥ %.2f), SSIM %.3f (want ≥ %.2f)", name, r.Fidelity.TextRecall, w.recall, r.Fidelity.SSIM, w.ssim)
		}
	}
}

// TestCorpusReport measures every corpus file and writes the table of
// docs/from-pdf.md when QUIRE_FROMPDF_REPORT names that file.
func TestCorpusReport(t *testing.T) {
	out, only := os.Getenv("QUIRE_FROMPDF_REPORT"), os.Getenv("QUIRE_FROMPDF_FILES")
	if out == "" && only == "" {
		t.Skip("set QUIRE_FROMPDF_REPORT=../../../docs/from-pdf.md to measure the whole corpus, or QUIRE_FROMPDF_FILES=a.pdf,b.pdf to measure a few")
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*.pdf"))
	sort.Strings(files)
	var rows []corpusResult
	for _, f := range files {
		if only != "" && !slices.Contains(strings.Split(only, ","), filepath.Base(f)) {
			continue
		}
		r := measureFile(t, f)
		t.Logf("%s: recall %.1f %%, SSIM %.3f (%.3f at %d dpi), %d fields, %d ms", r.File, 100*r.Fidelity.TextRecall, r.Fidelity.SSIM, r.Coarse, coarseDPI, r.Fields, r.Took.Milliseconds())
		rows = append(rows, r)
	}
	if only != "" {
		return // a few files measured: the report is for the whole corpus
	}
	if err := writeReport(out, rows); err != nil {
		t.Fatal(err)
	}
}

const reportBegin, reportEnd = "<!-- corpus table: begin -->", "<!-- corpus table: end -->"

// writeReport replaces the table between the markers in path.
func writeReport(path string, rows []corpusResult) error {
	var b strings.Builder
	b.WriteString(reportBegin + "\n")
	fmt.Fprintf(&b, "| file | pages | type | fields | text recall | SSIM (%d dpi) | SSIM at %d dpi | convert ms | ms/page |\n|---|---|---|---|---|---|---|---|---|\n", measureDPI, coarseDPI)
	var recalls, ssims, coarse, perPage []float64
	var fields, pages int
	for _, r := range rows {
		if r.Err != "" {
			fmt.Fprintf(&b, "| %s | | | | refused: %s | | | | |\n", r.File, r.Err)
			continue
		}
		pp := float64(r.Took.Milliseconds()) / float64(max(r.Pages, 1))
		fmt.Fprintf(&b, "| %s | %d | %s | %d | %.1f %% | %.3f | %.3f | %d | %.0f |\n", r.File, r.Pages, r.Type, r.Fields, 100*r.Fidelity.TextRecall, r.Fidelity.SSIM, r.Coarse, r.Took.Milliseconds(), pp)
		recalls = append(recalls, r.Fidelity.TextRecall)
		ssims = append(ssims, r.Fidelity.SSIM)
		coarse = append(coarse, r.Coarse)
		perPage = append(perPage, pp)
		fields += r.Fields
		pages += r.Pages
	}
	fmt.Fprintf(&b, "| **all %d converted** | %d | | %d | mean %.1f %%, min %.1f %% | mean %.3f, min %.3f | mean %.3f, min %.3f | | p50 %.0f, p90 %.0f |\n",
		len(recalls), pages, fields, 100*mean(recalls), 100*slices.Min(recalls), mean(ssims), slices.Min(ssims), mean(coarse), slices.Min(coarse), quantile(perPage, 0.5), quantile(perPage, 0.9))
	b.WriteString(reportEnd)
	doc, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := string(doc)
	i, j := strings.Index(s, reportBegin), strings.Index(s, reportEnd)
	if i < 0 || j < i {
		return fmt.Errorf("%s has no %s … %s markers", path, reportBegin, reportEnd)
	}
	return os.WriteFile(path, []byte(s[:i]+b.String()+s[j+len(reportEnd):]), 0o644)
}

func mean(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(max(len(v), 1))
}

func quantile(v []float64, q float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1)+0.5)]
}
