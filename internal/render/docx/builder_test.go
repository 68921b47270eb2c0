package docx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"
)

// The helpers below build small DOCX fixtures in code and read results back.

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// run returns a run with optional properties, e.g. run("Hi", "<w:b/>").
func run(text string, props ...string) string {
	rpr := ""
	if len(props) > 0 {
		rpr = "<w:rPr>" + strings.Join(props, "") + "</w:rPr>"
	}
	return `<w:r>` + rpr + `<w:t xml:space="preserve">` + xmlEscape(text) + `</w:t></w:r>`
}

// para returns a paragraph of runs (or any inline XML).
func para(inline ...string) string {
	return `<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>` + strings.Join(inline, "") + `</w:p>`
}

// p is a paragraph holding one plain run per text.
func p(texts ...string) string {
	runs := make([]string, len(texts))
	for i, t := range texts {
		runs[i] = run(t)
	}
	return para(runs...)
}

// row returns a table row whose cells hold the given paragraphs' XML.
func row(cells ...string) string {
	var b strings.Builder
	b.WriteString("<w:tr>")
	for _, c := range cells {
		b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>` + c + `</w:tc>`)
	}
	b.WriteString("</w:tr>")
	return b.String()
}

func table(rows ...string) string {
	return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/></w:tblGrid>` +
		strings.Join(rows, "") + `</w:tbl>`
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func documentXML(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document ` + wNS + `><w:body>` + body +
		`<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/><w:footerReference w:type="default" r:id="rIdF1"/>` +
		`<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>` +
		`</w:body></w:document>`
}

func headerXML(kind, body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:` + kind + ` ` + wNS + `>` + body + `</w:` + kind + `>`
}

// buildDOCX returns a complete, Word-openable package with the given body,
// header and footer paragraphs, plus any extra parts.
func buildDOCX(t testing.TB, body, header, footer string, extra ...string) []byte {
	t.Helper()
	files := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Default Extension="png" ContentType="image/png"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
			`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
			`</Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
			`</Relationships>`,
		"word/_rels/document.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rIdH1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
			`<Relationship Id="rIdF1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
			`</Relationships>`,
		"word/document.xml": documentXML(body),
		"word/header1.xml":  headerXML("hdr", orEmptyPara(header)),
		"word/footer1.xml":  headerXML("ftr", orEmptyPara(footer)),
	}
	for i := 0; i+1 < len(extra); i += 2 {
		files[extra[i]] = extra[i+1]
	}
	return zipFiles(t, files)
}

func orEmptyPara(s string) string {
	if s == "" {
		return "<w:p/>"
	}
	return s
}

// zipFiles zips files with [Content_Types].xml first, the rest by name.
func zipFiles(t testing.TB, files map[string]string) []byte {
	t.Helper()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == "[Content_Types].xml") != (names[j] == "[Content_Types].xml") {
			return names[i] == "[Content_Types].xml"
		}
		return names[i] < names[j]
	})
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, files[n]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// unzip returns every part of a package.
func unzip(t testing.TB, docx []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatalf("output is not a zip: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out[f.Name] = data
	}
	return out
}

// paragraphs returns the text of each paragraph of an XML part (w:br as
// "\n", w:tab as "\t"), checking that the part is well-formed.
func paragraphs(t testing.TB, data []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	var out []string
	var cur strings.Builder
	inText := false
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("output XML is malformed: %v\n%s", err, data)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			depth++
			switch e.Name.Local {
			case "p":
				cur.Reset()
			case "t":
				inText = true
			case "br":
				cur.WriteString("\n")
			case "tab":
				cur.WriteString("\t")
			}
		case xml.EndElement:
			depth--
			switch e.Name.Local {
			case "p":
				out = append(out, cur.String())
			case "t":
				inText = false
			}
		case xml.CharData:
			if inText {
				cur.Write(e)
			}
		}
	}
	if depth != 0 {
		t.Fatalf("unbalanced XML")
	}
	return out
}

// fill parses and fills, failing the test on error.
func fill(t testing.TB, docx []byte, data map[string]any) map[string][]byte {
	t.Helper()
	tpl, err := Parse(docx, Limits{})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	out, err := tpl.Fill(data)
	if err != nil {
		t.Fatalf("Fill: %v", err)
	}
	return unzip(t, out)
}

func bodyParas(t testing.TB, docx []byte, data map[string]any) []string {
	t.Helper()
	return paragraphs(t, fill(t, docx, data)["word/document.xml"])
}

func eq(t testing.TB, got, want []string) {
	t.Helper()
	if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Errorf("paragraphs:\n got %q\nwant %q", got, want)
	}
}

func newFlate(t testing.TB, w io.Writer) io.WriteCloser {
	fw, err := flate.NewWriter(w, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	return fw
}
