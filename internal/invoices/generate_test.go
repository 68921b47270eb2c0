package invoices_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/testenv"
)

// einvoice is options.facturx.invoice of a generate request.
func einvoice() map[string]any {
	return map[string]any{
		"number": "RE-2026-117", "invoice_date": "2026-04-01", "due_date": "2026-04-30", "currency": "EUR", "language": "de",
		"seller": seller,
		"buyer":  map[string]any{"name": "Acme SARL", "address_line1": "1 rue de Rivoli", "postal_code": "75001", "city": "Paris", "country": "FR", "vat_id": "FR12345678901"},
		"positions": []any{
			map[string]any{"description": "Consulting services", "quantity": 10, "unit_price": 150.00, "vat_rate": 19.0},
			map[string]any{"description": "Licence", "quantity": 1, "unit_price": 990, "vat_rate": 0, "vat_category": "AE"},
		},
	}
}

// TestGenerateWithFacturX: an account's own template, rendered by POST
// /v1/documents/generate, becomes a Factur-X e-invoice with
// options.facturx.invoice; its XML passes the official validation.
func TestGenerateWithFacturX(t *testing.T) {
	s, acc := renderingServer(t)
	html := `<html><head><title>{{title}}</title></head><body><h1>{{title}}</h1><p>Total {{total}}</p></body></html>`
	bad := einvoice()
	bad["positions"].([]any)[0].(map[string]any)["vat_category"] = "Z"
	s.Call(t, http.MethodPost, "/v1/documents/generate", acc.Key, map[string]any{"html": html, "data": map[string]any{},
		"options": map[string]any{"facturx": map[string]any{"invoice": bad}}}).
		WantError(t, 400, errs.Validation, "options.facturx.invoice.positions[0].vat_rate")

	r := s.Call(t, http.MethodPost, "/v1/documents/generate", acc.Key, map[string]any{"html": html,
		"data":    map[string]any{"title": "Meine Rechnung RE-2026-117", "total": "2.775,00 EUR"},
		"options": map[string]any{"filename": "re-2026-117.pdf", "facturx": map[string]any{"invoice": einvoice()}},
	}).WantStatus(t, 201).JSON(t)
	// The signed link names the configured public URL; ask this server.
	link := r["download_url"].(string)
	resp, err := http.Get(s.URL + link[strings.Index(link, "/files/"):])
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if !strings.Contains(testenv.PDFText(t, pdf), "Meine Rechnung RE-2026-117") {
		t.Error("the account's template was not printed")
	}
	for _, key := range []string{"AF", "Metadata", "OutputIntents"} {
		if !testenv.PDFCatalogHas(t, pdf, key) {
			t.Errorf("catalog lacks /%s", key)
		}
	}
	xml := attachedXML(t, pdf)
	for _, w := range []string{"<ram:ID>RE-2026-117</ram:ID>", "<ram:GrandTotalAmount>2775.00</ram:GrandTotalAmount>", "<ram:CategoryCode>AE</ram:CategoryCode>"} {
		if !strings.Contains(string(xml), w) {
			t.Errorf("factur-x.xml lacks %s", w)
		}
	}
	if problems := testenv.FacturXProblems(t, map[string][]byte{"generated": xml}); len(problems) > 0 {
		t.Errorf("the attached XML is not valid:\n%s", strings.Join(problems, "\n"))
	}
}
