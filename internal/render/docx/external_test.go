package docx

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/render/docx/docxtest"
)

const hostileBase = "http://127.0.0.1:9/"

func stripped(t *testing.T, docx []byte) map[string][]byte {
	t.Helper()
	out, err := StripExternal(docx, Limits{})
	if err != nil {
		t.Fatalf("StripExternal: %v", err)
	}
	files := unzip(t, out)
	for name, data := range files {
		if (strings.HasSuffix(name, ".xml") && !isUTF16Data(name, data)) || strings.HasSuffix(name, ".rels") {
			paragraphs(t, data) // well-formed
		}
	}
	return files
}

func TestStripExternalRemovesEveryKind(t *testing.T) {
	files := stripped(t, docxtest.Hostile(func(kind string) string { return hostileBase + kind }))
	for name, data := range files {
		s := string(data)
		if name == "word/_rels/document.xml.rels" {
			if !strings.Contains(s, hostileBase+docxtest.HyperlinkRel+`"`) {
				t.Errorf("the hyperlink went: %s", s)
			}
			s = strings.Replace(s, hostileBase+docxtest.HyperlinkRel, "", 1)
		}
		for _, kind := range docxtest.Kinds {
			if strings.Contains(s, hostileBase+kind) {
				t.Errorf("%s still points at %s", name, kind)
			}
		}
	}
	doc := string(files["word/document.xml"])
	for _, gone := range []string{"fldChar", "instrText", "fldSimple", "subDoc"} {
		if strings.Contains(doc, gone) {
			t.Errorf("document.xml still has %s", gone)
		}
	}
	for part, gone := range map[string]string{"word/settings.xml": "attachedTemplate", "word/webSettings.xml": "frameset"} {
		if strings.Contains(string(files[part]), gone) || strings.Contains(string(files[part]), "mailMerge") {
			t.Errorf("%s still has %s: %s", part, gone, files[part])
		}
	}
	text := strings.Join(paragraphs(t, files["word/document.xml"]), "|")
	for _, want := range docxtest.Visible {
		if !strings.Contains(text, want) {
			t.Errorf("visible text %q lost: %s", want, text)
		}
	}
}

// Fields that fetch nothing stay, byte for byte, and so does a document
// without external references.
func TestStripExternalKeepsHarmlessContent(t *testing.T) {
	body := p("Page ") +
		para(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>`+
			`<w:r><w:fldChar w:fldCharType="separate"/></w:r>`+run("1")+`<w:r><w:fldChar w:fldCharType="end"/></w:r>`) +
		para(`<w:fldSimple w:instr=" NUMPAGES ">`+run("3")+`</w:fldSimple>`) +
		para(`<w:fldSimple w:instr=" HYPERLINK &quot;https://example.com/&quot; ">`+run("site")+`</w:fldSimple>`) +
		// INCLUDEPICTURE in an IF's result is a field of its own and goes;
		// the IF stays.
		para(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> IF 1 = 1 "yes" </w:instrText></w:r>`+
			`<w:r><w:fldChar w:fldCharType="separate"/></w:r>`+run("yes")+`<w:r><w:fldChar w:fldCharType="end"/></w:r>`)
	in := buildDOCX(t, body, p("Header"), p("Footer"))
	out, err := StripExternal(in, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, in) {
		t.Errorf("a document without external references changed")
	}
	fixture, err := os.ReadFile("testdata/libreoffice-invoice.docx")
	if err != nil {
		t.Fatal(err)
	}
	if out, err := StripExternal(fixture, Limits{}); err != nil || !bytes.Equal(out, fixture) {
		t.Errorf("the LibreOffice fixture changed (err %v)", err)
	}
}

// complexField is a field in runs: begin, instruction runs, separate,
// cached result, end.
func complexField(result string, instr ...string) string {
	var b strings.Builder
	b.WriteString(`<w:r><w:fldChar w:fldCharType="begin"/></w:r>`)
	for _, s := range instr {
		if strings.HasPrefix(s, "<") {
			b.WriteString(s) // a nested field
			continue
		}
		b.WriteString(`<w:r><w:instrText xml:space="preserve">` + xmlEscape(s) + `</w:instrText></w:r>`)
	}
	b.WriteString(`<w:r><w:fldChar w:fldCharType="separate"/></w:r>` + run(result) + `<w:r><w:fldChar w:fldCharType="end"/></w:r>`)
	return b.String()
}

func TestStripExternalFields(t *testing.T) {
	nested := complexField("ignored", " MERGEFIELD url ")
	tests := []struct {
		name, body, want string
	}{
		{"keyword split over runs", complexField("kept", " INCLUDEPIC", `TURE "http://x/a.png" \d`), "before|kept|after"},
		{"lower case", complexField("kept", ` includetext "c:\\secret.docx" `), "before|kept|after"},
		{"nested field in the argument", complexField("kept", ` INCLUDETEXT "`, nested, `" `), "before|kept|after"},
		{"keyword made by a nested field", complexField("kept", " ", complexField("INCLUDETEXT", ` QUOTE "INCLUDETEXT" `), ` "http://x/" `), "before|kept|after"},
		{"LINK", complexField("kept", ` LINK Excel.Sheet.12 "\\\\host\\share\\a.xlsx" "A1" \a `), "before|kept|after"},
		{"DDE", complexField("kept", ` DDE excel "C:\\a.xls" "R1C1" `), "before|kept|after"},
		{"no separate", `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> IMPORT "http://x/" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`, "before||after"},
		{"fetching field inside an IF result", `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> IF 1 = 1 "a" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>` +
			complexField("kept", ` INCLUDEPICTURE "http://x/" `) + `<w:r><w:fldChar w:fldCharType="end"/></w:r>`, "before|kept|after"},
		{"simple field, empty", `<w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://x/&quot; "/>`, "before||after"},
		{"simple field with result", `<w:fldSimple w:instr="DDEAUTO excel &quot;a&quot;">` + run("kept") + `</w:fldSimple>`, "before|kept|after"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := stripped(t, buildDOCX(t, p("before")+para(tc.body)+p("after"), "", ""))
			doc := string(files["word/document.xml"])
			if got := strings.Join(paragraphs(t, files["word/document.xml"]), "|"); got != tc.want {
				t.Errorf("paragraphs %q, want %q", got, tc.want)
			}
			for _, gone := range []string{"INCLUDE", "LINK", "DDE", "IMPORT", "http://x", "fldSimple"} {
				if strings.Contains(doc, gone) {
					t.Errorf("%s is still there: %s", gone, doc)
				}
			}
			if strings.Contains(tc.name, "IF") && !strings.Contains(doc, " IF 1 = 1 ") {
				t.Errorf("the IF field went: %s", doc)
			}
		})
	}
}

func TestStripExternalRelationships(t *testing.T) {
	const relNS = `xmlns="http://schemas.openxmlformats.org/package/2006/relationships"`
	const relT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	rels := `<?xml version="1.0" encoding="UTF-8"?><Relationships ` + relNS + `>` +
		`<Relationship Id="rIdH1" Type="` + relT + `header" Target="header1.xml"/>` +
		`<Relationship Id="rIdF1" Type="` + relT + `footer" Target="footer1.xml"/>` +
		`<Relationship Id="rIdLink" Type="` + relT + `hyperlink" Target="https://example.com/click" TargetMode="External"/>` +
		// A hyperlink relationship borrowed by a picture is loaded: it goes.
		`<Relationship Id="rIdBorrowed" Type="` + relT + `hyperlink" Target="http://x/borrowed.png" TargetMode="External"/>` +
		// An absolute target needs no TargetMode to point outside.
		`<Relationship Id="rIdAbs" Type="` + relT + `image" Target="file:///etc/secret.png"/>` +
		`<Relationship Id="rIdUNC" Type="` + relT + `image" Target="\\host\share\a.png"/>` +
		`<Relationship Id="rIdMode" Type="` + relT + `image" Target="media/a.png" TargetMode=" external "/>` +
		`<Relationship Id="rIdMedia" Type="` + relT + `image" Target="media/image1.png"/>` +
		`</Relationships>`
	body := para(`<w:hyperlink r:id="rIdLink">`+run("click")+`</w:hyperlink>`) +
		para(`<w:r><w:drawing><a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" r:link="rIdBorrowed"/></w:drawing></w:r>`) +
		para(`<w:r><w:pict><v:imagedata xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" src="http://x/src.png" o:href="file:///x" r:id="rIdMedia" o:title="kept"/></w:pict></w:r>`)
	files := stripped(t, buildDOCX(t, body, "", "",
		"word/_rels/document.xml.rels", rels,
		"word/media/image1.png", "not really a png",
		"customXml/item1.xml", "\xff\xfe<\x00r\x00/\x00>\x00",
		"word/media/image2.svg", svgPicture))
	got := string(files["word/_rels/document.xml.rels"])
	for _, kept := range []string{"rIdH1", "rIdF1", `"rIdLink"`, "https://example.com/click", "rIdMedia"} {
		if !strings.Contains(got, kept) {
			t.Errorf("%s went: %s", kept, got)
		}
	}
	for _, gone := range []string{"rIdBorrowed", "rIdAbs", "rIdUNC", "rIdMode"} {
		if strings.Contains(got, gone) {
			t.Errorf("%s is still there: %s", gone, got)
		}
	}
	doc := string(files["word/document.xml"])
	if !strings.Contains(doc, `src="" o:href="" r:id="rIdMedia" o:title="kept"`) {
		t.Errorf("VML links not emptied: %s", doc)
	}
	if got := string(files["word/media/image2.svg"]); got != strings.NewReplacer("http://x/a.png", "", "file:///b.png", "").Replace(svgPicture) {
		t.Errorf("SVG links not emptied, or more changed:\n%s", got)
	}
	if string(files["customXml/item1.xml"]) != "\xff\xfe<\x00r\x00/\x00>\x00" {
		t.Errorf("UTF-16 custom XML changed")
	}
}

const svgPicture = `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">` +
	`<image href="http://x/a.png"/><image xlink:href="file:///b.png"/><use xlink:href="#shape"/><image href="data:image/png;base64,AA=="/></svg>`

func TestStripExternalDoctype(t *testing.T) {
	doc := `<?xml version="1.0"?><!DOCTYPE w:document SYSTEM "http://x/evil.dtd"><?xml-stylesheet href="http://x/s.xsl"?>` +
		documentXML(p("text"))[len(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`)+1:]
	files := stripped(t, buildDOCX(t, "", "", "", "word/document.xml", doc))
	if got := string(files["word/document.xml"]); strings.Contains(got, "http://x") || !strings.Contains(got, "text") {
		t.Errorf("DOCTYPE or stylesheet kept: %s", got)
	}
}

func TestStripExternalRefusesWhatItCannotRead(t *testing.T) {
	for name, docx := range map[string][]byte{
		"malformed settings": buildDOCX(t, p("x"), "", "", "word/settings.xml", `<w:settings `+wNS+`><w:attachedTemplate r:id="a">`),
		"entity from a DTD": buildDOCX(t, "", "", "", "word/document.xml",
			`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "http://x/">]><w:document `+wNS+`><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>`),
		"malformed rels": buildDOCX(t, p("x"), "", "", "word/_rels/document.xml.rels", `<Relationships><Relationship`),
	} {
		_, err := StripExternal(docx, Limits{})
		if !errors.Is(err, ErrMalformedXML) {
			t.Errorf("%s: want ErrMalformedXML, got %v", name, err)
		}
	}
	if _, err := StripExternal([]byte("not a zip"), Limits{}); !errors.Is(err, ErrNotZip) {
		t.Errorf("want ErrNotZip, got %v", err)
	}
}

// FuzzStripExternal wraps arbitrary text as the body of word/document.xml.
// StripExternal must never panic, must keep the XML well-formed, and must
// leave no fetching field behind.
func FuzzStripExternal(f *testing.F) {
	for _, s := range []string{
		para(complexField("kept", " INCLUDEPIC", `TURE "http://x/a.png"`)),
		para(complexField("r", " IF ", complexField("x", " INCLUDETEXT a "), ` = 1 "y"`)),
		para(`<w:fldSimple w:instr="LINK a">` + run("x") + `</w:fldSimple>`),
		para(`<w:r><w:fldChar w:fldCharType="end"/><w:fldChar w:fldCharType="separate"/><w:fldChar w:fldCharType="begin"/></w:r>`),
		para(`<w:r><w:pict><v:imagedata xmlns:v="urn:schemas-microsoft-com:vml" src='http://x/' href = "y"/></w:pict></w:r>`),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		in := zipFiles(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": documentXML(body)})
		out, err := StripExternal(in, Limits{})
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		doc := unzip(t, out)["word/document.xml"]
		paragraphs(t, doc) // fails on malformed XML
		again, err := StripExternal(out, Limits{})
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("a second pass changed the document again (err %v):\n%s", err, doc)
		}
	})
}
