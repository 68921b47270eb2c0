package docx

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestMainPartFromRelationships: a document whose main part is
// word/document2.xml (as Office 365 writes some) is read, listed and
// filled like the same document at word/document.xml.
func TestMainPartFromRelationships(t *testing.T) {
	orig, err := Parse(readFixture(t, "libreoffice-invoice.docx"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	in := readFixture(t, "office365-document2.docx")
	tpl, err := Parse(in, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fieldNames(tpl), fieldNames(orig); got != want {
		t.Errorf("fields %s, want %s", got, want)
	}
	out, err := tpl.Fill(map[string]any{"number": "2026-17", "customer": map[string]any{"name": "Ann"}, "date": "1 Nov",
		"paid": true, "items": []any{map[string]any{"name": "Pen", "qty": 2, "price": 1.25}}})
	if err != nil {
		t.Fatal(err)
	}
	files := unzip(t, out)
	if _, ok := files["word/document.xml"]; ok {
		t.Error("the output gained a word/document.xml")
	}
	got := strings.Join(paragraphs(t, files["word/document2.xml"]), "|")
	if !strings.HasPrefix(got, "Invoice 2026-17|Dear Ann, thank you for your order of 1 Nov.|Item|Qty|Price|Pen|2|1.25") {
		t.Errorf("paragraphs: %s", got)
	}
	for name, data := range unzip(t, in) {
		if name != "word/document2.xml" && string(files[name]) != string(data) {
			t.Errorf("%s changed", name)
		}
	}
}

func fieldNames(tpl *Template) string {
	var names []string
	for _, f := range tpl.Fields() {
		names = append(names, f.Name)
	}
	return strings.Join(names, ",")
}

// TestMainPartAndHeadersByRelationship: the relationships decide, not the
// names: a leftover word/document.xml is not the body, and a header with an
// unusual name is filled because the main part refers to it.
func TestMainPartAndHeadersByRelationship(t *testing.T) {
	const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
	docx := zipFiles(t, map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`<Override PartName="/word/top.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>`,
		"_rels/.rels":                   rels + `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>`,
		"word/_rels/document2.xml.rels": rels + `<Relationship Id="rIdH1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="top.xml"/></Relationships>`,
		"word/document2.xml":            documentXML(p("Body {{body}}")),
		"word/document.xml":             documentXML(p("Stale {{stale}}")),
		"word/top.xml":                  headerXML("hdr", p("Header {{head}}")),
	})
	tpl, err := Parse(docx, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := fieldNames(tpl); got != "body,head" {
		t.Errorf("fields: %s", got)
	}
	files := fill(t, docx, map[string]any{"body": "B", "head": "H"})
	eq(t, paragraphs(t, files["word/document2.xml"]), []string{"Body B"})
	eq(t, paragraphs(t, files["word/top.xml"]), []string{"Header H"})
	eq(t, paragraphs(t, files["word/document.xml"]), []string{"Stale {{stale}}"})
}

func TestNoMainPart(t *testing.T) {
	_, err := Parse(zipFiles(t, map[string]string{"word/styles.xml": "<x/>"}), Limits{})
	if !errors.Is(err, ErrNotDOCX) || strings.Contains(err.Error(), "document.xml") {
		t.Errorf("got %v", err)
	}
}

// TestLibreOfficeSpanningTags: LibreOffice's DOCX of a page whose tags run
// over paragraphs (see testdata/README.md) fills as docxtemplater would.
func TestLibreOfficeSpanningTags(t *testing.T) {
	tpl, err := Parse(readFixture(t, "libreoffice-spanning-tags.docx"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := fieldNames(tpl); got != "customer.name,items,items[].name,items[].qty,number,signer,vip" {
		t.Errorf("fields: %s", got)
	}
	cases := []struct {
		data map[string]any
		want string
	}{
		{map[string]any{"customer": map[string]any{"name": "Ann"}, "vip": true, "number": "42", "signer": "Bob",
			"items": []any{map[string]any{"name": "Pen", "qty": 2}, map[string]any{"name": "Ink", "qty": 1}}},
			"Welcome Ann|Dear valued|customer, thank you for your order 42.|- Pen: 2|- Ink: 1|Kind regards, |Bob"},
		// A false block that spans paragraphs joins them, as in docxtemplater.
		{map[string]any{"customer": map[string]any{"name": "Ann"}, "vip": false, "number": "42", "items": []any{}},
			"Welcome Ann|Dear , thank you for your order 42.|Kind regards, the team"},
	}
	for _, c := range cases {
		out, err := tpl.Fill(c.data)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(paragraphs(t, unzip(t, out)["word/document.xml"]), "|"); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}

func TestTagSpanningParagraphs(t *testing.T) {
	data := map[string]any{"items": []any{map[string]any{"name": "a"}, map[string]any{"name": "b"}}, "x": "X"}
	// The joined tag stands alone: a paragraph loop.
	eq(t, bodyParas(t, buildDOCX(t, p("{{#each")+p("items}}")+p("{{name}}")+p("{{/each}}"), "", ""), data),
		[]string{"a", "b"})
	// Over three paragraphs: the one it covers goes, the text after it
	// keeps its paragraph (as in docxtemplater).
	eq(t, bodyParas(t, buildDOCX(t, p("Hi {{#if")+p("x")+p("}}yes{{/if}} there"), "", ""), data),
		[]string{"Hi ", "yes there"})
	// Split across runs of both paragraphs.
	eq(t, bodyParas(t, buildDOCX(t, p("Value: {{", "x")+p("", "}} end"), "", ""), data),
		[]string{"Value: X", " end"})

	unclear := map[string]string{
		"a table between":      p("{{#each") + table(row(p("cell"))) + p("items}}{{/each}}"),
		"another tag first":    p("{{x") + p("{{y}}") + p("}}"),
		"never closed":         p("{{x") + p("y") + p("z"),
		"a drawing in between": p("{{x") + para(run("y"), "<w:r><w:drawing/></w:r>") + p("}}"),
		"different cells":      table(row(p("{{x"), p("}}"))),
	}
	for name, body := range unclear {
		if _, err := Parse(buildDOCX(t, body, "", ""), Limits{}); !errors.Is(err, ErrSyntax) {
			t.Errorf("%s: got %v, want a syntax error", name, err)
		}
	}
}
