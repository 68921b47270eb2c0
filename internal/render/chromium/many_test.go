package chromium

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/render/handlebars"
)

// invoices renders the example invoice template for n customers, each
// with its own number, name and lines; lines[i] (when given) is the number
// of lines of invoice i.
func invoices(tb testing.TB, n int, lines map[int]int) []string {
	tb.Helper()
	src, err := os.ReadFile("../../../examples/invoice/template.html")
	if err != nil {
		tb.Fatal(err)
	}
	raw, err := os.ReadFile("../../../examples/invoice/data.json")
	if err != nil {
		tb.Fatal(err)
	}
	tpl, err := handlebars.Compile(string(src), handlebars.Limits{})
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]string, n)
	for i := range n {
		var data map[string]any
		if err := json.Unmarshal(raw, &data); err != nil {
			tb.Fatal(err)
		}
		data["invoice"].(map[string]any)["number"] = fmt.Sprintf("INV-%05d", i)
		data["customer"].(map[string]any)["name"] = fmt.Sprintf("Customer Number %d", i)
		if k, ok := lines[i]; ok {
			items := make([]any, k)
			for l := range k {
				items[l] = map[string]any{"description": fmt.Sprintf("Line %d of invoice %d", l, i), "qty": l%5 + 1, "price": 10.5 + float64(l)}
			}
			data["items"] = items
		}
		if out[i], err = tpl.Render(context.Background(), data); err != nil {
			tb.Fatal(err)
		}
	}
	return out
}

// printMany runs PrintMany and closes its PDFs when the test ends.
func printMany(tb testing.TB, e *Engine, j Job, htmls []string) Many {
	tb.Helper()
	m, err := e.PrintMany(context.Background(), j, htmls)
	if err != nil {
		tb.Fatalf("PrintMany: %v", err)
	}
	if len(m.Items) != len(htmls) {
		tb.Fatalf("%d items for %d documents", len(m.Items), len(htmls))
	}
	tb.Cleanup(func() {
		for _, it := range m.Items {
			if it.PDF != nil {
				it.PDF.Close()
			}
		}
	})
	return m
}

// sameAsSingle checks that each item's PDF has the text, page count and
// page sizes of a print of that document alone.
func sameAsSingle(t *testing.T, e *Engine, j Job, htmls []string, m Many) {
	t.Helper()
	for i, h := range htmls {
		it := m.Items[i]
		if it.Err != nil {
			t.Errorf("document %d: %v", i, it.Err)
			continue
		}
		got, err := it.PDF.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		one := j
		one.HTML = h
		want := render(t, e, one)
		gotPages, wantPages := pdfText(t, got), pdfText(t, want)
		if len(gotPages) != len(wantPages) || it.PDF.Pages() != len(wantPages) {
			t.Errorf("document %d: %d pages (Pages() %d), a print of its own has %d", i, len(gotPages), it.PDF.Pages(), len(wantPages))
			continue
		}
		for p := range gotPages {
			if gotPages[p] != wantPages[p] {
				t.Errorf("document %d page %d:\n got %q\nwant %q", i, p+1, gotPages[p], wantPages[p])
			}
		}
		if g, w := pageDims(t, got), pageDims(t, want); fmt.Sprint(g) != fmt.Sprint(w) {
			t.Errorf("document %d: page sizes %v, a print of its own has %v", i, g, w)
		}
	}
}

func TestPrintManyCombinesInvoices(t *testing.T) {
	e := newEngine(t, Options{Tabs: 2})
	htmls := invoices(t, 12, map[int]int{3: 30, 7: 45})
	m := printMany(t, e, Job{}, htmls)
	if m.Combined != len(htmls) || m.Prints >= len(htmls) {
		t.Errorf("combined %d of %d documents in %d prints (why: %s)", m.Combined, len(htmls), m.Prints, m.Why)
	}
	t.Logf("%d documents in %d prints, pages of 3 and 7: %d, %d", len(htmls), m.Prints, m.Items[3].PDF.Pages(), m.Items[7].PDF.Pages())
	sameAsSingle(t, e, Job{}, htmls, m)
	for _, i := range []int{3, 7} {
		if n := m.Items[i].PDF.Pages(); n < 2 {
			t.Errorf("long invoice %d has %d pages, want 2 or more", i, n)
		}
	}
	text := strings.Join(pdfText(t, mustBytes(t, m.Items[5].PDF)), "")
	if !strings.Contains(text, "INV-00005") || strings.Contains(text, "INV-00004") || strings.Contains(text, "INV-00006") {
		t.Errorf("document 5's text is not its own: %q", text)
	}
}

func mustBytes(tb testing.TB, p *PDF) []byte {
	tb.Helper()
	b, err := p.Bytes()
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
