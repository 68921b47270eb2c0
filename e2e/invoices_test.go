package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/testenv"
)

// TestDocs101Invoicing is a client written from docs101's documentation
// (../shared/reference/003_*): X-API-Key on /api/customers/ and
// /api/invoices/ with the reference's own example bodies; then the
// e-invoice: finalize, the localized PDF, the Factur-X XML checked with the
// official XSD and Schematron, and the Factur-X PDF as a normal document.
func TestDocs101Invoicing(t *testing.T) {
	email := uniqueEmail("docs101")
	up := shared.signup(t, email)
	person := up["access"].(string)
	key := shared.createKey(t, person, map[string]any{"name": "docs101"})["key"].(string)

	// "List all customers": a JSON array, each with a name.
	r := shared.call(t, "GET", "/api/customers/", key, nil)
	wantStatus(t, r, 200)
	var customers []map[string]any
	mustUnmarshal(t, r.Body, &customers)
	if len(customers) != 0 {
		t.Fatalf("a new account has customers: %s", r.Body)
	}
	// "To create a resource, send JSON in the request body".
	r = shared.call(t, "POST", "/api/customers/", key, []byte(`{"name": "Acme Corp", "email": "billing@acme.com"}`))
	wantStatus(t, r, 201)
	customer := r.json(t)
	r = shared.call(t, "GET", "/api/customers/", key, nil)
	mustUnmarshal(t, r.Body, &customers)
	if len(customers) != 1 || customers[0]["name"] != "Acme Corp" {
		t.Fatalf("customers: %s", r.Body)
	}

	// "Create an invoice for a customer", the reference's invoice_data.
	body := strings.Replace(`{
		"customer_id": "CUSTOMER",
		"invoice_date": "2026-03-05",
		"positions": [{"description": "Consulting services", "quantity": 10, "unit_price": 150.00, "vat_rate": 19.0}]
	}`, "CUSTOMER", customer["id"].(string), 1)
	r = shared.call(t, "POST", "/api/invoices/", key, []byte(body))
	wantStatus(t, r, 201)
	invoice := r.json(t)
	if invoice["total_net"] != 1500.0 || invoice["total_vat"] != 285.0 || invoice["total_gross"] != 1785.0 || invoice["status"] != "draft" {
		t.Fatalf("invoice: %s", r.Body)
	}
	id := invoice["id"].(string)
	wantError(t, shared.call(t, "POST", "/api/invoices/", key, []byte(strings.Replace(body, `"vat_rate": 19.0`, `"vat_rate": "high"`, 1))), 400, "VALIDATION_ERROR")
	wantError(t, shared.call(t, "GET", "/api/invoices/"+id+"/", "", nil), 401, "UNAUTHORIZED")

	// The customer needs an address and the account its seller details.
	wantStatus(t, shared.call(t, "PATCH", "/api/customers/"+customer["id"].(string)+"/", key, map[string]any{
		"address_line1": "Friedrichstraße 10", "postal_code": "10117", "city": "Berlin", "country": "DE", "language": "de"}), 200)
	wantStatus(t, shared.as(t, "PUT", "/v1/account/invoicing", person, map[string]any{
		"name": "Beispiel Beratung GmbH", "address_line1": "Marktplatz 3", "postal_code": "80331", "city": "München", "country": "DE",
		"vat_id": "DE123456789", "iban": "DE89370400440532013000"}), 200)
	r = shared.call(t, "POST", "/api/invoices/"+id+"/finalize/", key, nil)
	wantStatus(t, r, 200)
	number := r.json(t)["number"].(string)
	if !strings.HasPrefix(number, "2026-") {
		t.Fatalf("number %q", number)
	}

	r = shared.call(t, "GET", "/api/invoices/"+id+"/pdf/", key, nil)
	wantStatus(t, r, 200)
	text := strings.Join(strings.Fields(testenv.PDFText(t, r.Body)), " ")
	for _, w := range []string{"Rechnung " + number, "Consulting services", "1.500,00 EUR", "USt. 19 % auf 1.500,00 EUR", "285,00 EUR", "Gesamtbetrag", "1.785,00 EUR", "Beispiel Beratung GmbH"} {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF lacks %q:\n%s", w, text)
		}
	}

	r = shared.call(t, "GET", "/api/invoices/"+id+"/xml/", key, nil)
	wantStatus(t, r, 200)
	if problems := testenv.FacturXProblems(t, map[string][]byte{"docs101": r.Body}); len(problems) > 0 {
		t.Errorf("the XML is not a valid Factur-X EN 16931 invoice:\n%s", strings.Join(problems, "\n"))
	}

	r = shared.call(t, "GET", "/api/invoices/"+id+"/pdf/?format=facturx", key, nil)
	wantStatus(t, r, 200)
	if !testenv.PDFCatalogHas(t, r.Body, "AF") || !strings.Contains(string(r.Body), "factur-x.xml") {
		t.Error("the Factur-X PDF carries no factur-x.xml")
	}
	docID := r.Header.Get("X-Document-Id")
	r = shared.call(t, "GET", "/v1/documents", key, nil)
	wantStatus(t, r, 200)
	var listed struct {
		Data []map[string]any `json:"data"`
	}
	_ = json.Unmarshal(r.Body, &listed)
	found := false
	for _, d := range listed.Data {
		found = found || d["id"] == docID
	}
	if !found {
		t.Errorf("the Factur-X document %s is not listed: %s", docID, r.Body)
	}
}
