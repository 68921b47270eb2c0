package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fill posts to /v1/documents/fill and downloads the result.
func fill(t testing.TB, key string, req map[string]any) (map[string]any, []byte) {
	t.Helper()
	r := shared.call(t, "POST", "/v1/documents/fill", key, req)
	wantStatus(t, r, 201)
	doc := r.json(t)
	dl := fetch(t, doc["download_url"].(string))
	wantStatus(t, dl, 200)
	return doc, dl.Body
}

// formValues reads the form fields left in a PDF (name → value).
func formValues(t testing.TB, pdf []byte) map[string]string {
	t.Helper()
	fields, err := api.FormFields(bytes.NewReader(pdf), nil)
	if err != nil {
		t.Fatalf("read form fields: %v", err)
	}
	out := map[string]string{}
	for _, f := range fields {
		out[f.Name] = f.V
	}
	return out
}

func uploadTemplate(t testing.TB, key, file string, content []byte) string {
	t.Helper()
	r := shared.upload(t, key, file, content, "")
	wantStatus(t, r, 201)
	return r.json(t)["id"].(string)
}

func TestFillPDFFormUnicodeFlattened(t *testing.T) {
	key := shared.newKey(t, "forms@example.com", "live")
	up := shared.upload(t, key, "form_two_pages.pdf", readTestdata(t, "form_two_pages.pdf"), "Two pages")
	wantStatus(t, up, 201)
	tpl := up.json(t)
	if tpl["type"] != "pdf_form" || len(fieldNames(t, tpl["fields"])) != 4 || fieldNames(t, tpl["fields"])["Text1"] != "text" {
		t.Fatalf("upload: %s", up.Body)
	}
	values := map[string]any{"Text1": "Zoë Müller-Łukasiewicz", "Text2": "Καλημέρα κόσμε", "Text3": "Привет, мир", "Text4": 42.5}
	doc, pdf := fill(t, key, map[string]any{"template_id": tpl["id"], "data": values, "options": map[string]any{"flatten": true, "filename": "application-zoe.pdf"}})
	if doc["pages"].(float64) != 2 || doc["filename"] != "application-zoe.pdf" || doc["status"] != "completed" {
		t.Fatalf("response %v", doc)
	}
	text := strings.Join(pdfText(t, pdf), "\n")
	for _, want := range []string{"Zoë Müller-Łukasiewicz", "Καλημέρα κόσμε", "Привет, мир", "42.5"} {
		if !strings.Contains(text, want) {
			t.Errorf("flattened PDF text lacks %q:\n%s", want, text)
		}
	}
	if fields, err := api.FormFields(bytes.NewReader(pdf), nil); err == nil && len(fields) > 0 {
		t.Fatalf("flattened PDF still has %d form fields", len(fields))
	}

	// Without flatten the form stays editable and holds the values.
	_, pdf = fill(t, key, map[string]any{"template_id": tpl["id"], "data": values})
	got := formValues(t, pdf)
	if got["Text1"] != "Zoë Müller-Łukasiewicz" || got["Text3"] != "Привет, мир" {
		t.Fatalf("form values %v", got)
	}
	if text := strings.Join(pdfText(t, pdf), "\n"); !strings.Contains(text, "Καλημέρα κόσμε") {
		t.Fatalf("the editable form does not show its value:\n%s", text)
	}
}

func TestFillPDFFormChoicesAndValidation(t *testing.T) {
	key := shared.newKey(t, "choices@example.com", "live")
	buttons := uploadTemplate(t, key, "buttons.pdf", readTestdata(t, "annotation-button-widget.pdf"))
	choices := uploadTemplate(t, key, "choices.pdf", readTestdata(t, "annotation-choice-widget.pdf"))
	const box = "formulier1[0].#subform[0].Selectievakje1[0]"
	const radio = "formulier1[0].#subform[0].LijstKeuzerondje[0]"
	const combo = "formulier1[0].#subform[0].Vervolgkeuzelijst1[0]"

	fieldsResp := shared.call(t, "GET", "/v1/templates/"+choices+"/fields", key, nil)
	wantStatus(t, fieldsResp, 200)
	if !strings.Contains(string(fieldsResp.Body), `"options":["Lorem","Ipsum"`) || fieldNames(t, fieldsResp.json(t)["fields"])[combo] != "select" {
		t.Fatalf("choice fields: %s", fieldsResp.Body)
	}

	_, pdf := fill(t, key, map[string]any{"template_id": buttons, "data": map[string]any{box: true, radio: "2"}})
	got := formValues(t, pdf)
	if got[radio] != "2" || got[box] != "Yes" {
		t.Fatalf("radio %q, checkbox %q: %v", got[radio], got[box], got)
	}
	// Unchecking: false clears a box that the form shipped checked.
	const preChecked = "formulier1[0].#subform[0].Selectievakje3[0]"
	_, pdf = fill(t, key, map[string]any{"template_id": buttons, "data": map[string]any{preChecked: false}})
	if v := formValues(t, pdf)[preChecked]; v == "Yes" {
		t.Fatalf("checkbox still checked: %q", v)
	}
	_, pdf = fill(t, key, map[string]any{"template_id": choices, "data": map[string]any{combo: "Dolor"}, "options": map[string]any{"flatten": true}})
	if text := strings.Join(pdfText(t, pdf), ""); !strings.Contains(text, "Dolor") {
		t.Fatalf("flattened combo value missing: %q", text)
	}

	for _, c := range []struct {
		name     string
		tpl      string
		data     map[string]any
		mentions []string
	}{
		{"checkbox takes a boolean", buttons, map[string]any{box: "perhaps"}, []string{box}},
		{"radio value must be an option", buttons, map[string]any{radio: "7"}, []string{radio, `"1"`, `"2"`}},
		{"select value must be an option", choices, map[string]any{combo: "Nope"}, []string{combo, "Lorem"}},
		{"unknown fields are named", buttons, map[string]any{"nosuch": "x", "other": 1}, []string{"nosuch", "other"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := shared.call(t, "POST", "/v1/documents/fill", key, map[string]any{"template_id": c.tpl, "data": c.data})
			wantError(t, r, 400, "VALIDATION_ERROR")
			for _, m := range c.mentions {
				if !strings.Contains(r.message(t), m) {
					t.Errorf("message %q should mention %s", r.message(t), m)
				}
			}
		})
	}
	r := shared.call(t, "POST", "/v1/documents/fill", key, map[string]any{"template_id": buttons, "data": map[string]any{"nosuch": "x", box: true}, "options": map[string]any{"ignore_unknown_fields": true}})
	wantStatus(t, r, 201)
}

func TestFillRealTaxForms(t *testing.T) {
	key := shared.newKey(t, "tax@example.com", "live")
	f1040 := uploadTemplate(t, key, "f1040.pdf", readTestdata(t, "prefilled_f1040.pdf"))
	const first = "topmostSubform[0].Page1[0].p1-t1[0]"
	doc, pdf := fill(t, key, map[string]any{"template_id": f1040, "data": map[string]any{first: "Jane Q. Taxpayer"}, "options": map[string]any{"flatten": true}})
	if doc["pages"].(float64) < 2 {
		t.Fatalf("f1040 pages %v", doc["pages"])
	}
	if text := pdfText(t, pdf)[0]; !strings.Contains(text, "Jane Q. Taxpayer") {
		t.Fatalf("f1040 first page lacks the name")
	}

	// The French form carries Adobe's usage-rights seal, which cannot
	// survive a change: filling removes it and the form fills like any other.
	up := shared.upload(t, key, "160F.pdf", readTestdata(t, "160F-2019.pdf"), "")
	wantStatus(t, up, 201)
	if n := len(fieldNames(t, up.json(t)["fields"])); n < 50 {
		t.Fatalf("160F has %d fields", n)
	}
	_, pdf = fill(t, key, map[string]any{"template_id": up.json(t)["id"], "data": map[string]any{"A.NAT1": "Française Zoë"}, "options": map[string]any{"flatten": true}})
	if text := strings.Join(pdfText(t, pdf), "\n"); !strings.Contains(text, "Française Zoë") {
		t.Fatal("the filled 160F does not show the value")
	}
}

func TestPDFFormUploadErrors(t *testing.T) {
	key := shared.newKey(t, "pdf-errors@example.com", "live")
	// A PDF without fields: one Quire made itself.
	_, plain := generate(t, key, map[string]any{"html": "<p>no fields here</p>"})
	r := shared.upload(t, key, "plain.pdf", plain, "")
	wantError(t, r, 400, "INVALID_TEMPLATE")
	if !strings.Contains(r.message(t), "no fillable form fields") {
		t.Fatalf("message %q", r.message(t))
	}
	wantError(t, shared.upload(t, key, "fake.pdf", []byte("this is not a PDF at all"), ""), 400, "INVALID_TEMPLATE")
	wantError(t, shared.upload(t, key, "cut.pdf", readTestdata(t, "form_two_pages.pdf")[:4000], ""), 400, "INVALID_TEMPLATE")

	if _, err := exec.LookPath("qpdf"); err == nil {
		dir := t.TempDir()
		in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "enc.pdf")
		os.WriteFile(in, readTestdata(t, "form_two_pages.pdf"), 0o600)
		if err := exec.Command("qpdf", "--encrypt", "user", "owner", "256", "--", in, out).Run(); err != nil {
			t.Fatal(err)
		}
		enc, _ := os.ReadFile(out)
		r := shared.upload(t, key, "enc.pdf", enc, "")
		wantError(t, r, 400, "INVALID_TEMPLATE")
		if !strings.Contains(r.message(t), "encrypted") {
			t.Fatalf("message %q", r.message(t))
		}
	}

	// PDF templates have no HTML content and cannot be generated.
	form := uploadTemplate(t, key, "form.pdf", readTestdata(t, "form_two_pages.pdf"))
	wantError(t, shared.call(t, "GET", "/v1/templates/"+form+"/content", key, nil), 400, "INVALID_TEMPLATE_TYPE")
	wantError(t, shared.call(t, "PUT", "/v1/templates/"+form, key, map[string]any{"content": "<p>x</p>"}), 400, "INVALID_TEMPLATE_TYPE")
	wantError(t, shared.call(t, "POST", "/v1/documents/generate", key, map[string]any{"template_id": form}), 400, "INVALID_TEMPLATE_TYPE")
	html := uploadTemplate(t, key, "x.html", []byte("<p>{{x}}</p>"))
	wantError(t, shared.call(t, "POST", "/v1/documents/fill", key, map[string]any{"template_id": html}), 400, "INVALID_TEMPLATE_TYPE")
}

func TestPDFTooLargeOnDefaultLimits(t *testing.T) {
	s := startServer(t)
	key := s.newKey(t, "", "live")
	big := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("%"), 33<<20)...)
	r := s.upload(t, key, "big.pdf", big, "")
	wantError(t, r, 400, "PDF_TOO_LARGE")
}

const (
	p    = `<w:p><w:r><w:t xml:space="preserve">`
	endP = `</w:t></w:r></w:p>`
)

func invoiceDOCX(t testing.TB) []byte {
	body := `<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Dear {{cust</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr><w:t>omer.name}},</w:t></w:r></w:p>` +
		`<w:tbl><w:tr><w:tc>` + p + `Item` + endP + `</w:tc><w:tc>` + p + `Qty` + endP + `</w:tc></w:tr>` +
		`<w:tr><w:tc>` + p + `{{#each items}}{{name}}` + endP + `</w:tc><w:tc>` + p + `{{qty}}{{/each}}` + endP + `</w:tc></w:tr></w:tbl>` +
		p + `{{#if paid}}Status: PAID{{else}}Status: DUE{{/if}}` + endP +
		p + `Total: {{formatCurrency total "EUR" locale="de-DE"}}` + endP
	return buildDOCX(t, body, p+`Invoice {{number}}`+endP)
}

func TestFillDOCX(t *testing.T) {
	key := shared.newKey(t, "docx@example.com", "live")
	up := shared.upload(t, key, "invoice.docx", invoiceDOCX(t), "Word invoice")
	wantStatus(t, up, 201)
	tpl := up.json(t)
	f := fieldNames(t, tpl["fields"])
	if tpl["type"] != "docx" || f["customer.name"] == "" || f["items"] != "array" || f["items[].qty"] == "" || f["number"] == "" || f["paid"] == "" {
		t.Fatalf("docx fields: %s", up.Body)
	}
	data := map[string]any{"customer": map[string]any{"name": "Zoë & Co"}, "number": "INV-7", "paid": true, "total": 1234.5,
		"items": []map[string]any{{"name": "Widget", "qty": 3}, {"name": "Gadget", "qty": 1.5}}}
	doc, out := fill(t, key, map[string]any{"template_id": tpl["id"], "data": data, "options": map[string]any{"filename": "word-invoice"}})
	if doc["pages"] != nil || doc["filename"] != "word-invoice.docx" {
		t.Fatalf("docx response %v", doc)
	}
	body := docxPart(t, out, "word/document.xml")
	text := docxText(body)
	for _, want := range []string{"Dear Zoë &amp; Co,", "Widget|", "3|", "Gadget|", "1.5|", "Status: PAID", "Total: 1.234,50 €"} {
		if !strings.Contains(text, want) && !strings.Contains(strings.ReplaceAll(text, "|", ""), want) {
			t.Errorf("document text lacks %q: %s", want, text)
		}
	}
	if strings.Contains(text, "DUE") || strings.Contains(body, "{{") {
		t.Errorf("unrendered tags or the wrong branch: %s", text)
	}
	if !strings.Contains(body, `<w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Dear Zoë &amp; Co</w:t>`) {
		t.Errorf("the split tag lost its run formatting: %s", body)
	}
	if strings.Count(body, "<w:tr>") != 3 {
		t.Errorf("want the header row and two item rows: %s", body)
	}
	if h := docxText(docxPart(t, out, "word/header1.xml")); !strings.Contains(h, "Invoice INV-7") {
		t.Errorf("header: %s", h)
	}

	// As PDF through LibreOffice.
	if _, err := exec.LookPath("soffice"); err == nil {
		doc, pdf := fill(t, key, map[string]any{"template_id": tpl["id"], "data": data, "options": map[string]any{"output": "pdf"}})
		text := strings.Join(pdfText(t, pdf), "\n")
		if doc["pages"].(float64) != 1 || !strings.Contains(text, "Zoë & Co") || !strings.Contains(text, "Gadget") || !strings.Contains(text, "Invoice INV-7") {
			t.Fatalf("DOCX as PDF: %v\n%s", doc, text)
		}
	}

	wantError(t, shared.call(t, "POST", "/v1/documents/fill", key, map[string]any{"template_id": tpl["id"], "options": map[string]any{"flatten": true}}), 400, "VALIDATION_ERROR")
	wantError(t, shared.call(t, "POST", "/v1/documents/fill", key, map[string]any{"template_id": tpl["id"], "options": map[string]any{"output": "odt"}}), 400, "VALIDATION_ERROR")
}

func TestDOCXUploadErrors(t *testing.T) {
	key := shared.newKey(t, "docx-errors@example.com", "live")
	r := shared.upload(t, key, "x.docx", []byte("not a zip"), "")
	wantStatus(t, r, 400)
	r.errorCode(t)
	r = shared.upload(t, key, "loop.docx", buildDOCX(t, p+`Intro`+endP+p+`{{#each items}}{{name}}`+endP, ""), "")
	wantStatus(t, r, 400)
	if msg := r.message(t); !strings.Contains(msg, "each") || !strings.Contains(msg, "paragraph") {
		t.Fatalf("an unclosed each must say where: %q", msg)
	}
}

func TestDOCXToPDFWithoutLibreOffice(t *testing.T) {
	s := startServer(t, "QUIRE_SOFFICE_PATH=/nonexistent/soffice")
	key := s.newKey(t, "", "live")
	r := s.upload(t, key, "invoice.docx", invoiceDOCX(t), "")
	wantStatus(t, r, 201)
	tpl := r.json(t)["id"]
	data := map[string]any{"number": "1", "total": 10}
	r = s.call(t, "POST", "/v1/documents/fill", key, map[string]any{"template_id": tpl, "data": data, "options": map[string]any{"output": "pdf"}})
	wantError(t, r, 400, "VALIDATION_ERROR")
	if !strings.Contains(r.message(t), "libreoffice-writer-nogui") {
		t.Fatalf("the error must name the package to install: %q", r.message(t))
	}
	// DOCX output still works.
	wantStatus(t, s.call(t, "POST", "/v1/documents/fill", key, map[string]any{"template_id": tpl, "data": data}), 201)
	// A helper failing on the data is the request's fault, as in HTML templates.
	wantError(t, s.call(t, "POST", "/v1/documents/fill", key, map[string]any{"template_id": tpl, "data": map[string]any{"total": "lots"}}), 400, "INVALID_INPUT")
}
