package chromium

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/render/handlebars"
	"github.com/quirehq/quire/internal/testenv"
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
		if !bytes.Equal(pixels(t, got), pixels(t, want)) {
			t.Errorf("document %d does not look like a print of its own (pdftoppm at 36 dpi)", i)
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

// pixels rasterizes every page of a PDF at 36 dpi.
func pixels(tb testing.TB, pdf []byte) []byte {
	tb.Helper()
	testenv.Command(tb, "pdftoppm", "poppler-utils")
	cmd := exec.Command("pdftoppm", "-r", "36", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("pdftoppm: %v", err)
	}
	return out
}

func mustBytes(tb testing.TB, p *PDF) []byte {
	tb.Helper()
	b, err := p.Bytes()
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// docs makes n documents from one page template: %[1]d is the document's
// number, %[2]s a filler of its own.
func docs(n int, page string) []string {
	out := make([]string, n)
	for i := range n {
		out[i] = fmt.Sprintf(page, i, strings.Repeat(fmt.Sprintf("word%d ", i), 10*(i%3+1)))
	}
	return out
}

// Layouts the combined print must reproduce: the body's own margins and
// padding around a page that is exactly full, body styles, counters and
// floats. Each must still share prints.
func TestPrintManyKeepsEachDocumentsLayout(t *testing.T) {
	e := shared(t)
	cases := map[string]string{
		// 1041px of content and the default 8px body margins fill an A4
		// page with 10mm margins to the pixel: one more pixel and alone it
		// takes two pages (measured).
		"default body margin, full page": `<!doctype html><title>Doc %[1]d</title><body><p style="margin:0;height:1021px">doc %[1]d</p><p style="margin:0;height:20px">%[2]s</p>`,
		"body padding and border": `<!doctype html><style>body{margin:20px;padding:30px 40px;border:5px solid #000}</style><h1>Doc %[1]d</h1><p>%[2]s</p>` +
			`<div style="height:900px"></div><p>after the gap</p>`,
		"centred body": `<!doctype html><style>body{max-width:400px;margin:0 auto;font:14px serif}</style><h2>Doc %[1]d</h2><p>%[2]s %[2]s %[2]s</p>`,
		"counters": `<!doctype html><style>li{counter-increment:n} li::before{content:"#" counter(n) " "} h2{counter-increment:h} h2::after{content:" (" counter(h) ")"}</style>` +
			`<h2>Doc %[1]d</h2><ol><li>one</li><li>two %[2]s</li></ol><h2>again</h2>`,
		"floats":                    `<!doctype html><style>.f{float:left;width:50%%;height:300px}</style><p>Doc %[1]d</p><div class=f>%[2]s</div><div class=f>right</div>`,
		"body background":           `<!doctype html><style>body{background:#eef;color:#335;margin:30px}</style><p>Doc %[1]d</p><p>%[2]s</p>`,
		"html and body backgrounds": `<!doctype html><style>html{background:#ffe}body{background:#eef}</style><p>Doc %[1]d</p><p>%[2]s</p>`,
		"fragment":                  `<!doctype html><p>Doc %[1]d</p><p>%[2]s</p>`,
		"page breaks":               `<!doctype html><p>Doc %[1]d</p><div style="break-before:page">%[2]s</div><div style="break-after:page">last</div>`,
	}
	for name, page := range cases {
		t.Run(name, func(t *testing.T) {
			htmls := docs(4, page)
			m := printMany(t, e, Job{}, htmls)
			if m.Combined != len(htmls) {
				t.Errorf("combined %d of %d (why: %s)", m.Combined, len(htmls), m.Why)
			}
			sameAsSingle(t, e, Job{}, htmls, m)
		})
	}
}

// Page format, orientation, margins and a header that shows no page number
// are the same in a combined print.
func TestPrintManyKeepsPageOptions(t *testing.T) {
	e := shared(t)
	j := Job{Format: "Letter", Landscape: true, Margin: Margin{Top: "30mm", Left: "1in", Right: "5mm", Bottom: "12pt"},
		HeaderHTML: `<div>ACME LETTERHEAD</div>`}
	htmls := invoices(t, 5, map[int]int{2: 25})
	m := printMany(t, e, j, htmls)
	if m.Combined != len(htmls) {
		t.Errorf("combined %d of %d (why: %s)", m.Combined, len(htmls), m.Why)
	}
	sameAsSingle(t, e, j, htmls, m)
	// The invoice's own @page size (A4, portrait) gives way to Letter, as
	// alone; a document without one is printed in landscape.
	if w := pageDims(t, mustBytes(t, m.Items[0].PDF))[0].Width; w != 612 {
		t.Errorf("invoice page is %g pt wide, want Letter's 612", w)
	}
	plain := docs(3, `<!doctype html><p>Doc %[1]d</p><p>%[2]s</p>`)
	pm := printMany(t, e, j, plain)
	sameAsSingle(t, e, j, plain, pm)
	if d := pageDims(t, mustBytes(t, pm.Items[1].PDF))[0]; d.Width != 792 || d.Height != 612 {
		t.Errorf("page is %gx%g pt, want Letter landscape 792x612", d.Width, d.Height)
	}
	if pm.Combined != len(plain) {
		t.Errorf("combined %d of %d (why: %s)", pm.Combined, len(plain), pm.Why)
	}
	for p, text := range pdfText(t, mustBytes(t, m.Items[2].PDF)) {
		if !strings.Contains(text, "ACME LETTERHEAD") {
			t.Errorf("page %d of document 2 has no header: %q", p+1, text)
		}
	}
}

// Page numbers in a footer count each document's own pages.
func TestPrintManyCountsFooterPagesPerDocument(t *testing.T) {
	e := shared(t)
	j := Job{FooterHTML: `<div>Page <span class=pageNumber></span> of <span class=totalPages></span></div>`,
		HeaderHTML: `<div style="text-align:right">ACME, sheet <span class=pageNumber></span></div>`, Format: "Letter"}
	htmls := invoices(t, 10, map[int]int{1: 45})
	m := printMany(t, e, j, htmls)
	// Two prints of the bodies (one a tab), one stamp of 1 page, one of 2.
	if m.Combined != len(htmls) || m.Prints != 4 {
		t.Errorf("combined %d of %d in %d prints, want all in 4 (why: %s)", m.Combined, len(htmls), m.Prints, m.Why)
	}
	sameAsSingle(t, e, j, htmls, m)
	if os.Getenv("QUIRE_KEEP_PDF") != "" {
		_ = os.WriteFile("/tmp/many-footer.pdf", mustBytes(t, m.Items[1].PDF), 0o644)
		_ = os.WriteFile("/tmp/single-footer.pdf", render(t, e, Job{HTML: htmls[1], FooterHTML: j.FooterHTML}), 0o644)
	}
	pages := pdfText(t, mustBytes(t, m.Items[1].PDF))
	if len(pages) < 2 {
		t.Fatalf("document 1 has %d pages, want 2 or more", len(pages))
	}
	for p, text := range pages {
		if want := fmt.Sprintf("Page %d of %d", p+1, len(pages)); !strings.Contains(text, want) {
			t.Errorf("page %d of document 1: no %q in %q", p+1, want, text)
		}
	}
	if text := pdfText(t, mustBytes(t, m.Items[2].PDF))[0]; !strings.Contains(text, "Page 1 of 1") {
		t.Errorf("document 2: no \"Page 1 of 1\" in %q", text)
	}
}

// The stamps keep the template's @page rules, also inside @media blocks.
func TestPrintManyStampsFollowThePageRules(t *testing.T) {
	e := shared(t)
	j := Job{FooterHTML: `<div style="text-align:center">- <span class=pageNumber></span>/<span class=totalPages></span> -</div>`}
	htmls := docs(4, `<!doctype html><style>@media print{@page{margin:25mm 15mm 30mm}} @page{size:A5}
		p{font:16px serif;margin:0 0 600px}</style><p>Doc %[1]d</p><p>%[2]s</p><p>end</p>`)
	m := printMany(t, e, j, htmls)
	if m.Combined != len(htmls) {
		t.Errorf("combined %d of %d (why: %s)", m.Combined, len(htmls), m.Why)
	}
	sameAsSingle(t, e, j, htmls, m)
}

// Documents with scripts print one by one, and as they would alone.
func TestPrintManyPrintsScriptsOneByOne(t *testing.T) {
	e := shared(t)
	htmls := docs(3, `<p id=o>Doc %[1]d</p><p>%[2]s</p><script>document.getElementById('o').textContent += ' scripted';</script>`)
	m := printMany(t, e, Job{}, htmls)
	if m.Combined != 0 || m.Prints != len(htmls) || m.Why == "" {
		t.Errorf("combined %d, %d prints, why %q: want each printed alone, with a reason", m.Combined, m.Prints, m.Why)
	}
	sameAsSingle(t, e, Job{}, htmls, m)
	if text := pdfText(t, mustBytes(t, m.Items[1].PDF))[0]; !strings.Contains(text, "Doc 1 scripted") {
		t.Errorf("the script did not run: %q", text)
	}
}

// Layouts a combined print cannot reproduce make the documents print one
// by one, as they would alone.
func TestPrintManyRefusesLayoutsThatNeedTheirOwnPrint(t *testing.T) {
	e := shared(t)
	cases := map[string]string{
		// Quirks mode treats the body's first margins apart.
		"no doctype":          `<p>Doc %[1]d</p><p>%[2]s</p>`,
		"@page :first":        `<!doctype html><style>@page :first{margin-top:50mm}</style><p>Doc %[1]d</p><p>%[2]s</p>`,
		"absolute on page":    `<!doctype html><p>Doc %[1]d</p><div style="position:absolute;bottom:0">%[2]s</div>`,
		"fixed":               `<!doctype html><p>Doc %[1]d</p><div style="position:fixed;top:0">%[2]s</div>`,
		"child of body":       `<!doctype html><style>body>p{color:red}</style><p>Doc %[1]d</p><p>%[2]s</p>`,
		"flex body":           `<!doctype html><style>body{display:flex;flex-direction:column}</style><p>Doc %[1]d</p><p>%[2]s</p>`,
		"internal link":       `<!doctype html><p><a href="#x">Doc %[1]d</a></p><p id=x>%[2]s</p>`,
		"page margin counter": `<!doctype html><style>@page{@bottom-center{content:counter(page)}}</style><p>Doc %[1]d</p><p>%[2]s</p>`,
	}
	for name, page := range cases {
		t.Run(name, func(t *testing.T) {
			htmls := docs(3, page)
			m := printMany(t, e, Job{}, htmls)
			if m.Combined != 0 || m.Why == "" {
				t.Errorf("combined %d of %d (why %q), want none", m.Combined, len(htmls), m.Why)
			}
			t.Logf("why: %s", m.Why)
			sameAsSingle(t, e, Job{}, htmls, m)
		})
	}
}

// A document that fails fails alone: the others of its print are printed
// again one by one and succeed.
func TestPrintManyIsolatesABrokenDocument(t *testing.T) {
	e := newEngine(t, Options{Tabs: 2, MaxPages: 2})
	htmls := invoices(t, 12, map[int]int{4: 120})
	m := printMany(t, e, Job{}, htmls)
	for i, it := range m.Items {
		switch {
		case i == 4 && !errorsIs(it.Err, ErrTooManyPages):
			t.Errorf("document 4: err %v, want ErrTooManyPages", it.Err)
		case i != 4 && it.Err != nil:
			t.Errorf("document %d: %v", i, it.Err)
		}
	}
	if m.Combined == 0 || m.Combined == len(htmls) {
		t.Errorf("combined %d of %d: want the other print's documents combined, the broken one's alone", m.Combined, len(htmls))
	}
	good := append(append([]string{}, htmls[:4]...), htmls[5:]...)
	rest := Many{Items: append(append([]Printed{}, m.Items[:4]...), m.Items[5:]...)}
	sameAsSingle(t, e, Job{}, good, rest)
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }

// Options whose output depends on the whole print keep the documents apart:
// a header or footer showing the title, a tagged PDF.
func TestPrintManyKeepsApartWhatNeedsTheWholePrint(t *testing.T) {
	e := shared(t)
	htmls := invoices(t, 3, nil)
	for name, j := range map[string]Job{
		"title in header": {HeaderHTML: `<span class=title></span>`},
		"tagged":          {Tagged: true},
	} {
		t.Run(name, func(t *testing.T) {
			m := printMany(t, e, j, htmls)
			if m.Combined != 0 || m.Prints != len(htmls) || m.Why == "" {
				t.Errorf("combined %d in %d prints (why %q), want each alone", m.Combined, m.Prints, m.Why)
			}
			sameAsSingle(t, e, j, htmls, m)
		})
	}
}

// Style sheets inside a document's body apply to the whole print it is in:
// documents whose sheets differ do not share prints.
func TestPrintManyGroupsDocumentsByTheirBodyStyles(t *testing.T) {
	e := shared(t)
	htmls := docs(5, `<!doctype html><p>Doc %[1]d</p><p class=hide>SHOWN %[2]s</p>`)
	htmls[2] = strings.Replace(htmls[2], "<p>", "<style>.hide{display:none}</style><p>", 1)
	m := printMany(t, e, Job{}, htmls)
	if m.Combined != 4 {
		t.Errorf("combined %d of 5, want the 4 documents without the sheet", m.Combined)
	}
	sameAsSingle(t, e, Job{}, htmls, m)
	if text := pdfText(t, mustBytes(t, m.Items[3].PDF))[0]; !strings.Contains(text, "SHOWN") {
		t.Errorf("document 3 lost text to document 2's style sheet: %q", text)
	}
}
