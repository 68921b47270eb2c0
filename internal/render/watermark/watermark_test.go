package watermark

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"github.com/quirehq/quire/internal/testenv"

	"github.com/quirehq/quire/internal/render"
)

func TestPDFStampsEveryPageAndKeepsTheForm(t *testing.T) {
	in, err := os.ReadFile("../../../e2e/testdata/form_two_pages.pdf")
	if err != nil {
		t.Fatal(err)
	}
	out, err := PDF(in, Sandbox)
	if err != nil {
		t.Fatal(err)
	}
	pages := testenv.PDFPages(t, out)
	if len(pages) != 2 {
		t.Fatalf("%d pages, want 2", len(pages))
	}
	for i, p := range pages {
		if !strings.Contains(p, Sandbox) {
			t.Errorf("page %d lacks %q:\n%s", i+1, Sandbox, p)
		}
	}
	before, err := api.FormFields(bytes.NewReader(in), render.PDFCPUConfig())
	if err != nil {
		t.Fatal(err)
	}
	after, err := api.FormFields(bytes.NewReader(out), render.PDFCPUConfig())
	if err != nil {
		t.Fatal(err)
	}
	if len(before) == 0 || len(after) != len(before) {
		t.Fatalf("form fields: %d before, %d after", len(before), len(after))
	}
}

func TestPDFRefusesGarbage(t *testing.T) {
	if _, err := PDF([]byte("not a pdf"), Sandbox); err == nil {
		t.Fatal("no error")
	}
}

const docW = `xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"`

func buildDOCX(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func unzip(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") {
			continue
		}
		if err := xml.Unmarshal(data, new(struct{})); err != nil {
			t.Fatalf("%s is not well-formed XML: %v\n%s", f.Name, err, data)
		}
		out[f.Name] = string(data)
	}
	return out
}

const contentTypesXML = `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>%s</Types>`

func TestDOCXWithoutHeadersGetsOne(t *testing.T) {
	in := buildDOCX(t, map[string]string{
		"[Content_Types].xml":          strings.Replace(contentTypesXML, "%s", "", 1),
		"_rels/.rels":                  `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/_rels/document.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`,
		// Two sections: the first (paragraph-level) with a title page, the
		// last self-closing.
		"word/document.xml": `<?xml version="1.0"?><w:document ` + docW + `><w:body>` +
			`<w:p><w:pPr><w:sectPr><w:titlePg/></w:sectPr></w:pPr><w:r><w:t>one</w:t></w:r></w:p>` +
			`<w:p><w:r><w:t>two</w:t></w:r></w:p><w:sectPr/></w:body></w:document>`,
	})
	out, err := DOCX(in, Sandbox)
	if err != nil {
		t.Fatal(err)
	}
	files := unzip(t, out)
	hdr := files["word/"+newHeader]
	if !strings.Contains(hdr, `string="`+Sandbox+`"`) {
		t.Fatalf("new header lacks the watermark: %s", hdr)
	}
	doc := files["word/document.xml"]
	// The first section needs default and first; the second inherits both.
	if n := strings.Count(doc, `r:id="rIdQuireWatermark"`); n != 2 || !strings.Contains(doc, `w:type="first"`) {
		t.Fatalf("header references: %d\n%s", n, doc)
	}
	if !strings.Contains(doc, "<w:sectPr/>") {
		t.Fatalf("the last section changed although it inherits: %s", doc)
	}
	if !strings.Contains(files["word/_rels/document.xml.rels"], `Target="`+newHeader+`"`) ||
		!strings.Contains(files["[Content_Types].xml"], `PartName="/word/`+newHeader+`"`) {
		t.Fatalf("relationship or content type missing:\n%s\n%s", files["word/_rels/document.xml.rels"], files["[Content_Types].xml"])
	}
}

func TestDOCXExistingHeadersGetTheWatermark(t *testing.T) {
	in := buildDOCX(t, map[string]string{
		"[Content_Types].xml":          strings.Replace(contentTypesXML, "%s", "", 1),
		"word/_rels/document.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="` + relHeader + `" Target="header1.xml"/></Relationships>`,
		"word/header1.xml":             `<?xml version="1.0"?><w:hdr ` + docW + `><w:p><w:r><w:t>Acme letterhead</w:t></w:r></w:p></w:hdr>`,
		"word/document.xml": `<?xml version="1.0"?><w:document ` + docW + `><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p>` +
			`<w:sectPr><w:headerReference w:type="default" r:id="rId7"/><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`,
	})
	out, err := DOCX(in, Sandbox)
	if err != nil {
		t.Fatal(err)
	}
	files := unzip(t, out)
	hdr := files["word/header1.xml"]
	if !strings.Contains(hdr, `string="`+Sandbox+`"`) || !strings.Contains(hdr, "Acme letterhead") {
		t.Fatalf("header: %s", hdr)
	}
	if _, ok := files["word/"+newHeader]; ok {
		t.Fatal("a new header was added although every page has one")
	}
	if strings.Contains(files["word/document.xml"], "rIdQuireWatermark") {
		t.Fatal("document changed")
	}
}

func TestDOCXRealDocumentConvertsWithLibreOffice(t *testing.T) {
	in, err := os.ReadFile("../docx/testdata/libreoffice-invoice.docx")
	if err != nil {
		t.Fatal(err)
	}
	out, err := DOCX(in, Sandbox)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for name, body := range unzip(t, out) {
		if strings.HasPrefix(name, "word/header") || name == "word/"+newHeader {
			found = found || strings.Contains(body, Sandbox)
		}
	}
	if !found {
		t.Fatal("no header holds the watermark")
	}
	soffice := testenv.Command(t, "soffice", "libreoffice-writer-nogui")
	dir := t.TempDir()
	src := filepath.Join(dir, "wm.docx")
	os.WriteFile(src, out, 0o600)
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, src)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	if _, err := os.Stat(filepath.Join(dir, "wm.pdf")); err != nil {
		t.Fatalf("LibreOffice did not convert the watermarked DOCX: %v", err)
	}
}

func TestDOCXRefusesGarbage(t *testing.T) {
	if _, err := DOCX([]byte("PK nope"), Sandbox); err == nil {
		t.Fatal("no error")
	}
}

// TestDOCXMainPartElsewhere: a package whose main part is
// word/document2.xml (Office 365) gets its watermark header there.
func TestDOCXMainPartElsewhere(t *testing.T) {
	in, err := os.ReadFile("../docx/testdata/office365-document2.docx")
	if err != nil {
		t.Fatal(err)
	}
	out, err := DOCX(in, Sandbox)
	if err != nil {
		t.Fatal(err)
	}
	files := unzip(t, out)
	if !strings.Contains(files["word/"+newHeader], `string="`+Sandbox+`"`) {
		t.Fatalf("no watermark header")
	}
	if !strings.Contains(files["word/document2.xml"], `r:id="rIdQuireWatermark"`) ||
		!strings.Contains(files["word/_rels/document2.xml.rels"], `Target="`+newHeader+`"`) {
		t.Fatalf("the main part does not refer to the header:\n%s", files["word/_rels/document2.xml.rels"])
	}
	if _, ok := files["word/document.xml"]; ok {
		t.Error("a word/document.xml appeared")
	}
}
