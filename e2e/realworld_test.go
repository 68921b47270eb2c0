package e2e

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/testenv"
)

// Real-world inputs (see the testdata READMEs of internal/render/pdfform and
// internal/render/docx for how each was made), through the HTTP API.

// qpdfFieldCount counts the fields qpdf finds in a PDF (it also finds
// widgets the AcroForm does not reach), push buttons aside.
func qpdfFieldCount(t *testing.T, name string) int {
	t.Helper()
	testenv.Command(t, "qpdf", "qpdf")
	out, err := exec.Command("qpdf", "--warning-exit-0", "--json=2", "--json-key=acroform", filepath.Join("testdata", name)).Output()
	if err != nil {
		t.Fatalf("qpdf: %v", err)
	}
	var doc struct {
		AcroForm struct {
			Fields []struct {
				FullName   string `json:"fullname"`
				FieldType  string `json:"fieldtype"`
				FieldFlags int    `json:"fieldflags"`
			} `json:"fields"`
		} `json:"acroform"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range doc.AcroForm.Fields {
		if f.FieldType == "/Btn" && f.FieldFlags&(1<<16) != 0 {
			continue
		}
		names[f.FullName] = true
	}
	return len(names)
}

// TestRealWorldResavedPDFForm: a 1040 whose page-2 fields a re-save cut
// out of the AcroForm lists all its fields, fills them, and the values show
// both in the editable form and flattened.
func TestRealWorldResavedPDFForm(t *testing.T) {
	key := shared.newKey(t, "resaved@example.com", "live")
	up := shared.upload(t, key, "f1040-resaved.pdf", readTestdata(t, "f1040-resaved.pdf"), "Re-saved 1040")
	wantStatus(t, up, 201)
	tpl := up.json(t)
	fields := fieldNames(t, tpl["fields"])
	if want := qpdfFieldCount(t, "f1040-resaved.pdf"); len(fields) != want {
		t.Errorf("%d fields, qpdf finds %d", len(fields), want)
	}
	page1, page2, box := "topmostSubform[0].Page1[0].p1-t4[0]", "topmostSubform[0].Page2[0].p2-t129[0]", "topmostSubform[0].Page2[0].c2_01[0]"
	if fields[page1] != "text" || fields[page2] != "text" || fields[box] != "checkbox" {
		t.Fatalf("fields: %v", fields)
	}
	values := map[string]any{page1: "Jeanne Quire", page2: "4242", box: true}
	_, pdf := fill(t, key, map[string]any{"template_id": tpl["id"], "data": values})
	got := formValues(t, pdf) // read from the AcroForm tree alone
	if got[page1] != "Jeanne Quire" || got[page2] != "4242" {
		t.Errorf("filled form holds %q and %q", got[page1], got[page2])
	}
	_, pdf = fill(t, key, map[string]any{"template_id": tpl["id"], "data": values, "options": map[string]any{"flatten": true}})
	text := strings.Join(pdfText(t, pdf), "\n")
	for _, want := range []string{"Jeanne Quire", "4242"} {
		if !strings.Contains(text, want) {
			t.Errorf("flattened PDF lacks %q", want)
		}
	}
}

// TestRealWorldPDFUploadRefusals: a signed PDF is refused at upload, and
// an AES-256 file pdfcpu cannot open is called encrypted, not damaged.
func TestRealWorldPDFUploadRefusals(t *testing.T) {
	key := shared.newKey(t, "refusals@example.com", "live")
	for file, says := range map[string]string{"signed_verified.pdf": "signed", "form_two_pages-aes256-perms.pdf": "encrypted"} {
		r := shared.upload(t, key, file, readTestdata(t, file), "")
		wantError(t, r, 400, "INVALID_TEMPLATE")
		if !strings.Contains(r.message(t), says) {
			t.Errorf("%s: message %q does not say %s", file, r.message(t), says)
		}
	}
}

// TestRealWorldOffice365DOCX: a DOCX whose main part is word/document2.xml
// uploads, lists its fields and fills.
func TestRealWorldOffice365DOCX(t *testing.T) {
	key := shared.newKey(t, "office365@example.com", "live")
	up := shared.upload(t, key, "office365.docx", readTestdata(t, "office365-document2.docx"), "")
	wantStatus(t, up, 201)
	tpl := up.json(t)
	if f := fieldNames(t, tpl["fields"]); f["customer.name"] == "" || f["items"] != "array" || f["number"] == "" {
		t.Fatalf("fields: %s", up.Body)
	}
	data := map[string]any{"number": "2026-17", "customer": map[string]any{"name": "Zoë"}, "date": "1 Nov", "paid": true,
		"items": []any{map[string]any{"name": "Pen", "qty": 2, "price": 1.25}}}
	_, out := fill(t, key, map[string]any{"template_id": tpl["id"], "data": data})
	body := docxPart(t, out, "word/document2.xml")
	text := docxText(body)
	for _, want := range []string{"Invoice 2026-17", "Zoë", "Pen"} {
		if !strings.Contains(text, want) {
			t.Errorf("word/document2.xml lacks %q: %s", want, text)
		}
	}
	if strings.Contains(body, "{{") {
		t.Errorf("unrendered tags: %s", text)
	}

	// A sandbox key's output carries the watermark in a header of that part
	// (templates are shared between modes; a live key uploads them).
	test := shared.newKey(t, "office365@example.com", "test")
	_, out = fill(t, test, map[string]any{"template_id": tpl["id"], "data": data})
	if !strings.Contains(docxPart(t, out, "word/quire-watermark-header.xml"), `string="`+sandboxMark+`"`) ||
		!strings.Contains(docxPart(t, out, "word/document2.xml"), "rIdQuireWatermark") {
		t.Error("the sandbox DOCX has no watermark header")
	}
}

// TestRealWorldSpanningTagsDOCX: LibreOffice's DOCX whose tags run over
// paragraphs uploads and fills.
func TestRealWorldSpanningTagsDOCX(t *testing.T) {
	key := shared.newKey(t, "spanning@example.com", "live")
	up := shared.upload(t, key, "spanning.docx", readTestdata(t, "libreoffice-spanning-tags.docx"), "")
	wantStatus(t, up, 201)
	tpl := up.json(t)
	if f := fieldNames(t, tpl["fields"]); f["items"] != "array" || f["vip"] == "" || f["signer"] == "" {
		t.Fatalf("fields: %s", up.Body)
	}
	data := map[string]any{"customer": map[string]any{"name": "Ann"}, "vip": true, "number": "42", "signer": "Bob",
		"items": []any{map[string]any{"name": "Pen", "qty": 2}, map[string]any{"name": "Ink", "qty": 1}}}
	_, out := fill(t, key, map[string]any{"template_id": tpl["id"], "data": data})
	body := docxPart(t, out, "word/document.xml")
	text := docxText(body)
	for _, want := range []string{"Dear valued", "- Pen: 2", "- Ink: 1", "Bob"} {
		if !strings.Contains(text, want) {
			t.Errorf("document lacks %q: %s", want, text)
		}
	}
	if strings.Contains(body, "{{") {
		t.Errorf("unrendered tags: %s", text)
	}
}
