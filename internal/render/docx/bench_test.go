package docx

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/render/docx/docxtest"
)

// invoiceTemplate is about two pages: a letter head, 20 paragraphs of
// text, and a 5-column table whose item row loops.
func invoiceTemplate(t testing.TB) []byte {
	var b strings.Builder
	b.WriteString(p("{{company.name}}") + p("{{company.address}}") + p("Invoice {{number}} — {{date}}"))
	b.WriteString(para(run("Dear ", "<w:b/>"), run("{{customer.na"), `<w:proofErr w:type="spellStart"/>`, run("me}},")))
	for i := range 20 {
		b.WriteString(para(run(fmt.Sprintf("Paragraph %d. ", i), `<w:rFonts w:ascii="Calibri"/>`),
			run(strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", 4))))
	}
	b.WriteString(table(
		row(p("#"), p("Item"), p("Qty"), p("Price"), p("Amount")),
		row(p("{{#each items}}{{@index}}"), para(run("{{name}}", "<w:i/>")), p("{{qty}}"), p("{{price}}"), p("{{amount}}{{/each}}")),
		row(p(""), p(""), p(""), p("Total"), p("{{total}}")),
	))
	b.WriteString(p("{{#if paid}}") + p("Paid, thank you.") + p("{{else}}") + p("Please pay within 30 days.") + p("{{/if}}"))
	return buildDOCX(t, b.String(), p("{{company.name}} — Invoice {{number}}"), p("Page footer {{company.phone}}"))
}

func invoiceData() map[string]any {
	items := make([]any, 50)
	for i := range items {
		items[i] = map[string]any{"name": fmt.Sprintf("Widget %d", i), "qty": float64(i%7 + 1), "price": 9.99, "amount": float64(i%7+1) * 9.99}
	}
	return map[string]any{
		"company":  map[string]any{"name": "ACME", "address": "1 Road\nTown", "phone": "+1 555"},
		"customer": map[string]any{"name": "Ann"},
		"number":   "INV-1", "date": "2026-11-22", "total": 1234.56, "paid": false, "items": items,
	}
}

func TestInvoiceTemplate(t *testing.T) {
	out := fill(t, invoiceTemplate(t), invoiceData())
	got := paragraphs(t, out["word/document.xml"])
	joined := strings.Join(got, "|")
	for _, want := range []string{"Dear Ann,", "|49|Widget 49|", "|Total|1234.56|", "Please pay within 30 days."} {
		if !strings.Contains(joined, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func BenchmarkFill(b *testing.B) {
	tpl, err := Parse(invoiceTemplate(b), Limits{})
	if err != nil {
		b.Fatal(err)
	}
	data := invoiceData()
	times := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		if _, err := tpl.Fill(data); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
}

func BenchmarkParse(b *testing.B) {
	docx := invoiceTemplate(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(docx, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStripExternal cleans a filled invoice (nothing to strip: the
// cost every DOCX → PDF conversion pays) and the hostile document.
func BenchmarkStripExternal(b *testing.B) {
	tpl, err := Parse(invoiceTemplate(b), Limits{})
	if err != nil {
		b.Fatal(err)
	}
	filled, err := tpl.Fill(invoiceData())
	if err != nil {
		b.Fatal(err)
	}
	for name, doc := range map[string][]byte{
		"invoice": filled,
		"hostile": docxtest.Hostile(func(kind string) string { return "http://127.0.0.1:9/" + kind }),
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				if _, err := StripExternal(doc, Limits{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
