package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/render/chromium"
	"github.com/quirehq/quire/internal/testenv"
)

var (
	_ documents.ManyPrinter = (*switchPrinter)(nil)
	_ documents.ManyPrinter = printer{}
)

func manyDocs(n int, script bool) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("<!doctype html><h1>Batch item %d</h1>", i)
		if script && i == 1 {
			out[i] += "<script></script>"
		}
	}
	return out
}

// The documents' printer prints a batch through Chromium's PrintMany and
// says which path it took; each item is a PDF of its own.
func TestSwitchPrinterPrintsManyThroughChromium(t *testing.T) {
	testenv.Command(t, "chromium", "chromium")
	e, err := chromium.New(t.Context(), chromium.Options{Tabs: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	var s switchPrinter
	var p documents.Printer = printer{engine: e}
	s.p.Store(&p)
	for _, tc := range []struct {
		name   string
		script bool
		path   string
	}{{"combined", false, documents.PathCombined}, {"mixed", true, documents.PathMixed}} {
		t.Run(tc.name, func(t *testing.T) {
			htmls := manyDocs(6, tc.script)
			m, err := s.PrintMany(context.Background(), documents.PrintJob{Format: "A4"}, htmls)
			if err != nil {
				t.Fatal(err)
			}
			if m.Path != tc.path || m.Prints >= len(htmls) {
				t.Errorf("path %q in %d prints, want %q in fewer than %d", m.Path, m.Prints, tc.path, len(htmls))
			}
			for i, it := range m.Items {
				if it.Err != nil {
					t.Fatalf("item %d: %v", i, it.Err)
				}
				b, err := it.PDF.Bytes()
				it.PDF.Close()
				if err != nil {
					t.Fatal(err)
				}
				text := testenv.PDFText(t, b)
				if it.PDF.Pages() != 1 || !strings.Contains(text, fmt.Sprintf("Batch item %d", i)) || strings.Contains(text, fmt.Sprintf("Batch item %d", (i+1)%len(htmls))) {
					t.Errorf("item %d: %d pages, text %q", i, it.PDF.Pages(), text)
				}
			}
		})
	}
	// Bad options fail the whole call, with the public code of a print.
	if _, err := s.PrintMany(context.Background(), documents.PrintJob{Format: "B9"}, manyDocs(2, false)); err == nil || !strings.Contains(err.Error(), "B9") {
		t.Errorf("PrintMany with format B9: %v", err)
	}
}

// onePrinter is a Printer without PrintMany.
type onePrinter struct{ printed int }

func (o *onePrinter) Print(ctx context.Context, j documents.PrintJob) (documents.PrintedPDF, error) {
	o.printed++
	return nil, fmt.Errorf("no PDF for %q", j.HTML)
}

// A printer without PrintMany leaves the batch to the documents service,
// which prints item by item: the switch answers ErrOneAtATime and prints
// nothing itself.
func TestSwitchPrinterPrintsManyOneByOneOtherwise(t *testing.T) {
	var s switchPrinter
	one := &onePrinter{}
	var p documents.Printer = one
	s.p.Store(&p)
	m, err := s.PrintMany(context.Background(), documents.PrintJob{}, []string{"a", "b", "c"})
	if !errors.Is(err, documents.ErrOneAtATime) || len(m.Items) != 0 || one.printed != 0 {
		t.Fatalf("err %v, %d items, %d printed", err, len(m.Items), one.printed)
	}
}
