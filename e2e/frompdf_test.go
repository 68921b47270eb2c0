package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/testenv"
)

// postPDF posts a PDF to POST /v1/templates/from-pdf.
func (s *server) postPDF(t testing.TB, key, filename string, content []byte, fields map[string]string) response {
	t.Helper()
	return s.postFile(t, "/v1/templates/from-pdf", key, filename, content, fields)
}

// TestFromPDFInvoice converts an invoice, checks the reference's response
// shape, and generates a document from the template with sample_data.
func TestFromPDFInvoice(t *testing.T) {
	key := shared.newKey(t, "frompdf@example.com", "live")
	r := shared.postPDF(t, key, "Northwind invoice.pdf", readTestdata(t, "frompdf-invoice.pdf"), nil)
	wantStatus(t, r, 201)
	tpl := r.json(t)
	if tpl["name"] != "Northwind invoice" || tpl["type"] != "html" || !strings.HasPrefix(tpl["id"].(string), "tpl_") || tpl["created_at"] == nil {
		t.Fatalf("template: %s", r.Body)
	}
	types := fieldNames(t, tpl["fields"])
	if types["invoice_number"] != "text" || types["due_date"] != "date" || types["total"] != "currency" {
		t.Errorf("fields: %v", types)
	}
	a := tpl["analysis"].(map[string]any)
	if a["document_type"] != "invoice" || a["language"] != "en" || a["page_count"].(float64) != 1 || a["structure_summary"] == "" {
		t.Errorf("analysis: %v", a)
	}
	found := false
	for _, f := range a["fields"].([]any) {
		m := f.(map[string]any)
		if m["variable_name"] == "items[].unit_price" && m["field_type"] == "currency" {
			found = true
		}
	}
	sample := a["sample_data"].(map[string]any)
	if !found || sample["invoice_number"] != "INV-2026-0147" || len(sample["items"].([]any)) != 4 {
		t.Errorf("analysis fields or sample_data: %s", r.Body)
	}
	// The PDF's values are kept with the template.
	kept := shared.call(t, "GET", "/v1/templates/"+tpl["id"].(string), key, nil).json(t)["sample_data"]
	if !reflect.DeepEqual(kept, sample) {
		t.Errorf("the template keeps sample_data %v, want the analysis' %v", kept, sample)
	}
	// The template is a normal HTML template: its content, and a document.
	content := shared.call(t, "GET", "/v1/templates/"+tpl["id"].(string)+"/content", key, nil)
	wantStatus(t, content, 200)
	if !strings.Contains(content.json(t)["content"].(string), "{{#each items}}") {
		t.Error("content has no {{#each items}}")
	}
	doc, pdf := generate(t, key, map[string]any{"template_id": tpl["id"], "data": sample, "options": map[string]any{"margin": map[string]string{"top": "0", "right": "0", "bottom": "0", "left": "0"}}})
	if doc["pages"].(float64) != 1 {
		t.Errorf("pages %v", doc["pages"])
	}
	text := strings.Join(pdfText(t, pdf), "\n")
	for _, want := range []string{"INV-2026-0147", "Support hours", "£2,772.00"} {
		if !strings.Contains(text, want) {
			t.Errorf("document lacks %q:\n%s", want, text)
		}
	}
}

// TestFromPDFRefusals checks the 400s and that the server stays healthy.
func TestFromPDFRefusals(t *testing.T) {
	key := shared.newKey(t, "frompdf-bad@example.com", "live")
	invoice := readTestdata(t, "frompdf-invoice.pdf")
	qpdf := testenv.Command(t, "qpdf", "qpdf")
	dir := t.TempDir()
	src, enc := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "enc.pdf")
	os.WriteFile(src, invoice, 0o644)
	if out, err := exec.Command(qpdf, "--encrypt", "u", "o", "256", "--", src, enc).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, out)
	}
	encrypted, _ := os.ReadFile(enc)
	big := append(append([]byte{}, invoice...), bytes.Repeat([]byte("%padding\n"), (33<<20)/9)...)
	cases := []struct {
		name, file string
		content    []byte
		code       string
	}{
		{"too large", "big.pdf", big, "PDF_TOO_LARGE"},
		{"not a PDF", "notes.pdf", []byte("just some text"), "INVALID_PDF"},
		{"damaged", "bad.pdf", invoice[:len(invoice)/3], "INVALID_PDF"},
		{"encrypted", "secret.pdf", encrypted, "PDF_ENCRYPTED"},
		{"blank", "blank.pdf", readTestdata(t, "frompdf-blank.pdf"), "PDF_NO_TEXT"},
		{"empty", "empty.pdf", nil, "INVALID_INPUT"},
	}
	for _, c := range cases {
		r := shared.postPDF(t, key, c.file, c.content, nil)
		if r.Status != 400 || r.errorCode(t) != c.code {
			t.Errorf("%s: status %d, body %.300s; want 400 %s", c.name, r.Status, r.Body, c.code)
		}
	}
	shared.assertHealthy(t, key, healthyBudgetMiB)
}

// TestFromPDFScan checks a scan without a text layer becomes a template
// of its page image (no fields, the analysis says so) that prints at the
// scan's own size.
func TestFromPDFScan(t *testing.T) {
	key := shared.newKey(t, "frompdf-scan@example.com", "live")
	r := shared.postPDF(t, key, "scan.pdf", readTestdata(t, "frompdf-scan.pdf"), nil)
	wantStatus(t, r, 201)
	tpl := r.json(t)
	a := tpl["analysis"].(map[string]any)
	if a["scan"] != "image" || len(a["fields"].([]any)) != 0 || !strings.Contains(a["structure_summary"].(string), "without a text layer") {
		t.Fatalf("analysis: %v", a)
	}
	_, pdf := generate(t, key, map[string]any{"template_id": tpl["id"], "data": map[string]any{}})
	if sizes := pageSizes(t, pdf); len(sizes) != 1 || !approx(sizes[0][0], 596) || !approx(sizes[0][1], 842) {
		t.Errorf("page sizes %v, want one 596×842 page", sizes)
	}
}

// TestFromPDFPageSize checks a template made from a Letter PDF prints on
// Letter when the request names no format (the template's @page size),
// and on A4 when it asks for A4.
func TestFromPDFPageSize(t *testing.T) {
	key := shared.newKey(t, "frompdf-letter@example.com", "live")
	r := shared.postPDF(t, key, "letter invoice.pdf", readTestdata(t, "frompdf-invoice-letter.pdf"), nil)
	wantStatus(t, r, 201)
	tpl := r.json(t)
	sample := tpl["analysis"].(map[string]any)["sample_data"]
	for _, c := range []struct {
		format string
		w, h   float64
	}{{"", 612, 792}, {"A4", 595.3, 841.9}, {"Letter", 612, 792}} {
		options := map[string]any{}
		if c.format != "" {
			options["format"] = c.format
		}
		_, pdf := generate(t, key, map[string]any{"template_id": tpl["id"], "data": sample, "options": options})
		sizes := pageSizes(t, pdf)
		if len(sizes) != 1 || !approx(sizes[0][0], c.w) || !approx(sizes[0][1], c.h) {
			t.Errorf("format %q: page sizes %v, want one %g×%g page", c.format, sizes, c.w, c.h)
		}
		if text := strings.Join(pdfText(t, pdf), "\n"); !strings.Contains(text, "INV-2026-0147") {
			t.Errorf("format %q: text lacks the invoice number:\n%s", c.format, text)
		}
	}
	// HTML without an @page size keeps the A4 default.
	_, pdf := generate(t, key, map[string]any{"html": "<p>No page size</p>", "data": map[string]any{}})
	if s := pageSizes(t, pdf); len(s) != 1 || !approx(s[0][0], 595.3) || !approx(s[0][1], 841.9) {
		t.Errorf("HTML without @page size: page sizes %v, want A4", s)
	}
}
