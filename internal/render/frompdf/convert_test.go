package frompdf

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/testenv"
)

func fieldTypes(fields []Field) map[string]string {
	out := map[string]string{}
	for _, f := range fields {
		out[f.Name] = f.Type
	}
	return out
}

// TestInvoiceFields checks the fields and sample data of an invoice with
// a line-item table, and that its rows became one {{#each items}} row.
func TestInvoiceFields(t *testing.T) {
	pdf, err := os.ReadFile("testdata/corpus/invoice.pdf")
	if err != nil {
		t.Fatal(err)
	}
	res, err := converter().Convert(context.Background(), pdf, "Invoice")
	if err != nil {
		t.Fatal(err)
	}
	a := res.Analysis
	if a.DocumentType != "invoice" || a.Language != "en" || a.PageCount != 1 || a.StructureSummary == "" {
		t.Errorf("analysis: type %q, language %q, pages %d, summary %q", a.DocumentType, a.Language, a.PageCount, a.StructureSummary)
	}
	want := map[string]string{
		"invoice_number": "text", "invoice_date": "date", "due_date": "date", "email": "email",
		"subtotal": "currency", "total": "currency",
		"items[].description": "text", "items[].qty": "number", "items[].unit_price": "currency", "items[].amount": "currency",
	}
	got := fieldTypes(a.Fields)
	for name, typ := range want {
		if got[name] != typ {
			t.Errorf("field %s: type %q, want %q (fields %v)", name, got[name], typ, got)
		}
	}
	sample := map[string]string{"invoice_number": "INV-2026-0147", "invoice_date": "15/03/2026", "due_date": "14/04/2026", "email": "billing@northwind.example", "total": "£2,772.00"}
	for k, v := range sample {
		if a.SampleData[k] != v {
			t.Errorf("sample_data.%s = %v, want %q", k, a.SampleData[k], v)
		}
	}
	items, _ := a.SampleData["items"].([]any)
	wantItems := []map[string]any{
		{"description": "Website design", "qty": "1", "unit_price": "1,200.00", "amount": "1,200.00"},
		{"description": "Hosting (12 months)", "qty": "12", "unit_price": "25.00", "amount": "300.00"},
		{"description": "Logo refresh", "qty": "1", "unit_price": "450.00", "amount": "450.00"},
		{"description": "Support hours", "qty": "6", "unit_price": "60.00", "amount": "360.00"},
	}
	if len(items) != len(wantItems) {
		t.Fatalf("items: %v", a.SampleData["items"])
	}
	for i := range items {
		if !reflect.DeepEqual(items[i], wantItems[i]) {
			t.Errorf("items[%d] = %v, want %v", i, items[i], wantItems[i])
		}
	}
	if strings.Count(res.HTML, "{{#each items}}") != 1 || strings.Contains(res.HTML, "Support hours") || !strings.Contains(res.HTML, "{{this.unit_price}}") {
		t.Errorf("the item rows are not one {{#each items}} row:\n%s", res.HTML)
	}
	// The same PDF gives the same template, byte for byte.
	again, err := converter().Convert(context.Background(), pdf, "Invoice")
	if err != nil || again.HTML != res.HTML || !reflect.DeepEqual(again.Analysis, res.Analysis) {
		t.Errorf("a second conversion differs (err %v)", err)
	}
}

// TestInvoiceRendersBack renders the template with its sample data and
// finds the original's values in the PDF's text.
func TestInvoiceRendersBack(t *testing.T) {
	_, _, out, _ := convertFile(t, "testdata/corpus/invoice.pdf")
	text := testenv.PDFText(t, out)
	for _, want := range []string{"INV-2026-0147", "Website design", "Support hours", "360.00", "£2,772.00", "billing@northwind.example"} {
		if !strings.Contains(text, want) {
			t.Errorf("rendered text lacks %q:\n%s", want, text)
		}
	}
}

// TestRefusals checks each unusable PDF is refused with its reason.
func TestRefusals(t *testing.T) {
	invoice, _ := os.ReadFile("testdata/corpus/invoice.pdf")
	qpdf := testenv.Command(t, "qpdf", "qpdf")
	encrypted := filepath.Join(t.TempDir(), "enc.pdf")
	if out, err := exec.Command(qpdf, "--encrypt", "secret", "owner", "256", "--", "testdata/corpus/invoice.pdf", encrypted).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, out)
	}
	enc, _ := os.ReadFile(encrypted)
	cases := []struct {
		name string
		pdf  []byte
		want error
	}{
		{"not a PDF", []byte("<html>hello</html>"), ErrNotPDF},
		{"damaged", append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("garbage "), 100)...), ErrDamaged},
		{"truncated", invoice[:len(invoice)/3], ErrDamaged},
		{"encrypted", enc, ErrEncrypted},
	}
	for _, c := range cases {
		_, err := converter().Convert(context.Background(), c.pdf, c.name)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.want)
		}
	}
}

// TestFormFields checks AcroForm check boxes become {{#if}} boxes with
// their state as sample data, and text fields blanks with their value.
func TestFormFields(t *testing.T) {
	pdf, err := os.ReadFile("testdata/corpus/button-widget.pdf")
	if err != nil {
		t.Fatal(err)
	}
	res, err := converter().Convert(context.Background(), pdf, "Buttons")
	if err != nil {
		t.Fatal(err)
	}
	// Three check boxes, one checked; three radio groups of two buttons
	// (export values 1 and 2), the first group's button 2 selected (as a
	// reader shows it).
	checked, unchecked, radios := 0, 0, 0
	for _, f := range res.Analysis.Fields {
		if f.Type != TypeCheckbox {
			continue
		}
		if !strings.Contains(res.HTML, "{{#if "+f.Name+"}}") {
			t.Errorf("no {{#if %s}} box", f.Name)
		}
		if strings.HasPrefix(f.Name, "lijstkeuzerondje_") {
			radios++
			if want := f.Name == "lijstkeuzerondje_0_2"; res.Analysis.SampleData[f.Name] != want {
				t.Errorf("radio button %s: sample %v, want %v", f.Name, res.Analysis.SampleData[f.Name], want)
			}
			continue
		}
		switch res.Analysis.SampleData[f.Name] {
		case true:
			checked++
		case false:
			unchecked++
		}
	}
	if checked != 1 || unchecked != 2 || radios != 6 {
		t.Errorf("check boxes: %d checked, %d unchecked, %d radio buttons; fields %v, sample %v", checked, unchecked, radios, res.Analysis.Fields, res.Analysis.SampleData)
	}
	two, _ := os.ReadFile("testdata/corpus/form-two-pages.pdf")
	res, err = converter().Convert(context.Background(), two, "Two pages")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(res.HTML, `class="input"`); n != 4 || len(res.Analysis.Fields) != 4 {
		t.Errorf("text fields: %d inputs, fields %v", n, res.Analysis.Fields)
	}
}
