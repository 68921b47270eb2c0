package frompdf

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/render/handlebars"
	"github.com/quirehq/quire/internal/testenv"
)

// renderWithData converts a corpus file, renders its template with the
// sample data changed by edit, prints it with Chromium and returns the
// printed words with their boxes.
func renderWithData(t *testing.T, file string, edit func(data map[string]any)) []testenv.PDFWord {
	t.Helper()
	pdf, err := os.ReadFile("testdata/corpus/" + file)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	res, err := converter().Convert(ctx, pdf, file)
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := handlebars.Compile(res.HTML, handlebars.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]any{}
	for k, v := range res.Analysis.SampleData {
		data[k] = v
	}
	edit(data)
	html, err := tpl.Render(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	out, err := engine(t).Render(ctx, printJob(t, pdf, html))
	if err != nil {
		t.Fatal(err)
	}
	return testenv.PDFWords(t, out)
}

// firstWord is the first word text among words.
func firstWord(t *testing.T, words []testenv.PDFWord, text string) testenv.PDFWord {
	t.Helper()
	for _, w := range words {
		if w.Text == text {
			return w
		}
	}
	t.Fatalf("%q is missing from the rendition", text)
	return testenv.PDFWord{}
}

// noOverlap checks no two words of a page overlap (beyond a point).
func noOverlap(t *testing.T, words []testenv.PDFWord) {
	t.Helper()
	for i, a := range words {
		for _, b := range words[i+1:] {
			if a.Page == b.Page && a.XMin < b.XMax-0.5 && b.XMin < a.XMax-0.5 && a.YMin < b.YMax-1 && b.YMin < a.YMax-1 {
				t.Errorf("page %d: %q and %q overlap", a.Page, a.Text, b.Text)
			}
		}
	}
}

// TestFlowMoreItems renders the invoice's template with 3× and 30× its
// line items: the totals and the footer follow the last row instead of
// lying under the rows, no two words overlap, and the 30× invoice runs
// on over more pages.
func TestFlowMoreItems(t *testing.T) {
	for _, times := range []int{3, 30} {
		t.Run(fmt.Sprintf("%dx", times), func(t *testing.T) {
			n := 4 * times
			words := renderWithData(t, "invoice.pdf", func(data map[string]any) {
				items := make([]any, n)
				for i := range items {
					items[i] = map[string]any{"description": fmt.Sprintf("Item%03d", i+1), "qty": "1", "unit_price": "10.00", "amount": "10.00"}
				}
				data["items"] = items
			})
			pages := words[len(words)-1].Page
			if times == 3 && pages != 1 || times == 30 && pages < 3 {
				t.Errorf("%d items print on %d pages", n, pages)
			}
			// Every row, in order, then the totals and the footer after
			// the last row.
			order := []string{}
			for i := range n {
				order = append(order, fmt.Sprintf("Item%03d", i+1))
			}
			order = append(order, "Subtotal:", "VAT", "Total:", "Payment")
			for i := 1; i < len(order); i++ {
				prev, w := firstWord(t, words, order[i-1]), firstWord(t, words, order[i])
				if w.Page < prev.Page || w.Page == prev.Page && w.YMin < prev.YMax-0.5 {
					t.Errorf("%q (page %d, y %.1f–%.1f) is not below %q (page %d, y %.1f–%.1f)", order[i], w.Page, w.YMin, w.YMax, order[i-1], prev.Page, prev.YMin, prev.YMax)
				}
			}
			noOverlap(t, words)
			// The header stays where it was on the first page.
			if w := firstWord(t, words, "INVOICE"); w.Page != 1 || w.YMin > 60 {
				t.Errorf("INVOICE moved: page %d, y %.1f", w.Page, w.YMin)
			}
			count := 0
			for _, w := range words {
				if strings.HasPrefix(w.Text, "Item") {
					count++
				}
			}
			if count != n {
				t.Errorf("%d item rows printed, want %d", count, n)
			}
		})
	}
}

// TestFlowLongerParagraph renders the contract with a client far longer
// than the original's: the value wraps inside its paragraph's width and
// the lines and sections below move down, no two words overlapping.
func TestFlowLongerParagraph(t *testing.T) {
	words := renderWithData(t, "contract.pdf", func(data map[string]any) {
		if _, ok := data["client"]; !ok {
			t.Fatalf("no client field: %v", data)
		}
		data["client"] = strings.Repeat("Brightline Logistics Incorporated, a Delaware corporation, ", 6) + "ENDMARK"
	})
	client, end := firstWord(t, words, "Client:"), firstWord(t, words, "ENDMARK")
	provider, services := firstWord(t, words, "Provider:"), firstWord(t, words, "Services")
	if end.YMin < client.YMax+20 {
		t.Errorf("the long value did not wrap onto more lines: Client: at y %.1f, its end at y %.1f", client.YMin, end.YMin)
	}
	if provider.YMin < end.YMax-0.5 || services.YMin < provider.YMax {
		t.Errorf("what follows did not move down: value ends at y %.1f, Provider: at %.1f, Services at %.1f", end.YMax, provider.YMin, services.YMin)
	}
	for _, w := range words {
		if w.YMin >= client.YMin-1 && w.YMax <= end.YMax+1 && w.XMax > 56.8+525.2+2 {
			t.Errorf("%q runs past the paragraph's width (x %.1f)", w.Text, w.XMax)
		}
	}
	noOverlap(t, words)
}
