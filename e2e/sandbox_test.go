package e2e

import (
	"os/exec"
	"strings"
	"testing"
	"time"
)

const sandboxMark = "SANDBOX — NOT FOR PRODUCTION"

// wantMarkOnEveryPage checks pdftotext finds the sandbox mark on each page.
func wantMarkOnEveryPage(t *testing.T, what string, pdf []byte) {
	t.Helper()
	pages := pdfText(t, pdf)
	if len(pages) == 0 {
		t.Fatalf("%s: no pages", what)
	}
	for i, p := range pages {
		if !strings.Contains(p, sandboxMark) {
			t.Errorf("%s: page %d lacks %q:\n%s", what, i+1, sandboxMark, p)
		}
	}
}

// wantSandboxExpiry checks a sandbox document expires an hour after it was made.
func wantSandboxExpiry(t *testing.T, doc map[string]any) {
	t.Helper()
	exp, err := time.Parse(time.RFC3339, doc["expires_at"].(string))
	if err != nil {
		t.Fatalf("expires_at: %v", doc["expires_at"])
	}
	if left := time.Until(exp); left <= 55*time.Minute || left > time.Hour {
		t.Fatalf("sandbox document expires in %v, want 1h", left)
	}
}

func TestSandboxDocumentsAreWatermarked(t *testing.T) {
	const account = "sandbox-marks@example.com"
	live := shared.newKey(t, account, "live")
	test := shared.newKey(t, account, "test")

	// HTML → PDF, on two pages; the live key's copy is clean.
	html := `<h1>Quarterly report</h1><p style="page-break-after: always">one</p><p>two</p>`
	doc, pdf := generate(t, test, map[string]any{"html": html})
	wantMarkOnEveryPage(t, "HTML", pdf)
	if len(pdfText(t, pdf)) != 2 || !strings.Contains(strings.Join(pdfText(t, pdf), ""), "Quarterly report") {
		t.Fatalf("the watermark changed the content: %q", pdfText(t, pdf))
	}
	wantSandboxExpiry(t, doc)
	doc, clean := generate(t, live, map[string]any{"html": html})
	if strings.Contains(strings.Join(pdfText(t, clean), ""), "SANDBOX") {
		t.Fatal("a live document is watermarked")
	}
	if exp, ok := doc["expires_at"].(string); ok { // nil: kept forever (the default plan)
		if at, _ := time.Parse(time.RFC3339, exp); time.Until(at) < 2*time.Hour {
			t.Fatalf("a live document got the sandbox retention: %v", exp)
		}
	}

	// A PDF form, flattened and not: the fields of the unflattened one stay.
	// Templates are shared: the live key uploads them, the test key fills them.
	form := uploadTemplate(t, live, "form_two_pages.pdf", readTestdata(t, "form_two_pages.pdf"))
	values := map[string]any{"Text1": "Ada Lovelace", "Text2": "x", "Text3": "y", "Text4": 7}
	for _, flatten := range []bool{true, false} {
		doc, pdf := fill(t, test, map[string]any{"template_id": form, "data": values, "options": map[string]any{"flatten": flatten}})
		wantMarkOnEveryPage(t, "form", pdf)
		wantSandboxExpiry(t, doc)
		if !strings.Contains(strings.Join(pdfText(t, pdf), ""), "Ada Lovelace") {
			t.Errorf("flatten=%v: the filled value is gone", flatten)
		}
		if !flatten {
			if fields := formValues(t, pdf); fields["Text1"] != "Ada Lovelace" {
				t.Errorf("unflattened sandbox form lost its fields: %v", fields)
			}
		}
	}

	// DOCX: a watermark in the page header, shown on every page.
	docxTpl := uploadTemplate(t, live, "invoice.docx", invoiceDOCX(t))
	data := map[string]any{"customer": map[string]any{"name": "Zoë"}, "number": "INV-9", "paid": true, "total": 10,
		"items": []map[string]any{{"name": "Widget", "qty": 1}}}
	doc, out := fill(t, test, map[string]any{"template_id": docxTpl, "data": data})
	wantSandboxExpiry(t, doc)
	header := docxPart(t, out, "word/header1.xml")
	if !strings.Contains(header, `string="`+sandboxMark+`"`) || !strings.Contains(docxText(header), "Invoice INV-9") {
		t.Fatalf("DOCX header lacks the watermark or lost its text: %s", header)
	}

	// DOCX → PDF through LibreOffice.
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Log("LibreOffice is not installed: DOCX → PDF not checked")
		return
	}
	_, pdf = fill(t, test, map[string]any{"template_id": docxTpl, "data": data, "options": map[string]any{"output": "pdf"}})
	wantMarkOnEveryPage(t, "DOCX → PDF", pdf)
}
