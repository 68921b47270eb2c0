package invoices_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/apikeys"
	"github.com/quirehq/quire/internal/apptest"
	"github.com/quirehq/quire/internal/errs"
)

// seller is the PUT /v1/account/invoicing body of a German company.
var seller = map[string]any{
	"name": "Quire Demo GmbH", "address_line1": "Hauptstraße 1", "postal_code": "10115", "city": "Berlin", "country": "DE",
	"vat_id": "DE123456789", "iban": "DE89 3704 0044 0532 0130 00", "bic": "COBADEFFXXX", "email": "billing@quire.example",
	"logo": logoPNG,
}

// logoPNG is a 40×12 blue PNG.
const logoPNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACgAAAAMCAIAAACfoWgaAAAAHElEQVR4nGOQz98yIIhh1OJRi0ctHrV41GJiEQCFDVvfPuEZFQAAAABJRU5ErkJggg=="

func list(t *testing.T, r apptest.Response) []map[string]any {
	t.Helper()
	var out []map[string]any
	if err := json.Unmarshal(r.Body, &out); err != nil {
		t.Fatalf("status %d, body is not a JSON array: %v: %s", r.Status, err, r.Body)
	}
	return out
}

// TestInvoicingAPI drives docs101's paths with an API key: customers,
// an invoice from the reference's example, finalize, XML, cancel.
func TestInvoicingAPI(t *testing.T) {
	s := apptest.New(t, nil)
	acc := s.NewAccount(t, "invoicing@example.com")
	key := acc.Key

	// Lists are JSON arrays, with or without the final slash.
	if got := list(t, s.Call(t, http.MethodGet, "/api/customers/", key, nil).WantStatus(t, 200)); len(got) != 0 {
		t.Fatalf("new account has customers: %v", got)
	}
	s.Call(t, http.MethodPost, "/api/customers/", key, map[string]any{"name": "Acme Corp", "email": "billing@acme.com", "country": "ZZ"}).
		WantError(t, 400, errs.Validation, "country")
	cust := s.Call(t, http.MethodPost, "/api/customers/", key, map[string]any{"name": "Acme Corp", "email": "billing@acme.com"}).
		WantStatus(t, 201).JSON(t)
	id := cust["id"].(string)
	if cust["name"] != "Acme Corp" || cust["email"] != "billing@acme.com" {
		t.Errorf("customer %v", cust)
	}
	patched := s.Call(t, http.MethodPatch, "/api/customers/"+id+"/", key, map[string]any{"country": "fr", "city": "Paris",
		"address_line1": "1 rue de Rivoli", "postal_code": "75001", "vat_id": "FR12345678901"}).WantStatus(t, 200).JSON(t)
	if patched["country"] != "FR" || patched["name"] != "Acme Corp" {
		t.Errorf("PATCH kept the rest? %v", patched)
	}
	if got := list(t, s.Call(t, http.MethodGet, "/api/customers", key, nil)); len(got) != 1 || got[0]["id"] != id {
		t.Errorf("customers %v", got)
	}

	// The reference's invoice; 400s name the field.
	bad := func(mutate func(map[string]any), field string) {
		t.Helper()
		body := map[string]any{"customer_id": id, "invoice_date": "2026-03-05", "positions": []any{
			map[string]any{"description": "Consulting services", "quantity": 10, "unit_price": 150.00, "vat_rate": 19.0}}}
		mutate(body)
		s.Call(t, http.MethodPost, "/api/invoices/", key, body).WantError(t, 400, errs.Validation, field)
	}
	bad(func(b map[string]any) { b["customer_id"] = "cus_nope" }, "customer_id")
	bad(func(b map[string]any) { b["currency"] = "EUX" }, "currency")
	bad(func(b map[string]any) { b["positions"].([]any)[0].(map[string]any)["quantity"] = -1 }, "positions[0].quantity")
	bad(func(b map[string]any) { b["positions"].([]any)[0].(map[string]any)["vat_rate"] = 119 }, "positions[0].vat_rate")
	bad(func(b map[string]any) { b["invoice_date"] = "05.03.2026" }, "invoice_date")
	inv := s.Call(t, http.MethodPost, "/api/invoices/", key, map[string]any{
		"customer_id": id, "invoice_date": "2026-03-05",
		"positions": []any{map[string]any{"description": "Consulting services", "quantity": 10, "unit_price": 150.00, "vat_rate": 19.0}},
	}).WantStatus(t, 201)
	for _, want := range []string{`"status":"draft"`, `"number":null`, `"net_amount":1500.00`, `"total_net":1500.00`,
		`"total_vat":285.00`, `"total_gross":1785.00`, `"currency":"EUR"`, `"vat_category":"S"`} {
		if !strings.Contains(string(inv.Body), want) {
			t.Errorf("invoice lacks %s: %s", want, inv.Body)
		}
	}
	invID := inv.JSON(t)["id"].(string)
	s.Call(t, http.MethodGet, "/api/invoices/"+invID+"/xml/", key, nil).WantError(t, 409, errs.InvoiceNotFinalized)

	// Finalizing needs the seller, which only people set.
	s.Call(t, http.MethodPost, "/api/invoices/"+invID+"/finalize/", key, nil).WantError(t, 400, errs.Validation, "seller")
	s.Call(t, http.MethodPut, "/v1/account/invoicing", key, seller).WantError(t, 403, errs.InsufficientPermissions)
	s.Call(t, http.MethodPut, "/v1/account/invoicing", acc.Person, map[string]any{"name": "X", "iban": "DE00 1234"}).WantError(t, 400, errs.Validation, "iban")
	s.Call(t, http.MethodPut, "/v1/account/invoicing", acc.Person, seller).WantStatus(t, 200)
	fin := s.Call(t, http.MethodPost, "/api/invoices/"+invID+"/finalize/", key, nil).WantStatus(t, 200).JSON(t)
	if fin["number"] != "2026-0001" || fin["status"] != "finalized" || fin["seller"].(map[string]any)["name"] != "Quire Demo GmbH" {
		t.Errorf("finalized %v", fin)
	}
	s.Call(t, http.MethodPost, "/api/invoices/"+invID+"/finalize/", key, nil).WantError(t, 409, errs.InvoiceFrozen)
	xml := s.Call(t, http.MethodGet, "/api/invoices/"+invID+"/xml/", key, nil).WantStatus(t, 200)
	if ct := xml.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/xml") ||
		!strings.Contains(string(xml.Body), "<ram:ID>2026-0001</ram:ID>") || !strings.Contains(string(xml.Body), "<ram:GrandTotalAmount>1785.00</ram:GrandTotalAmount>") {
		t.Errorf("xml %s: %s", ct, xml.Body)
	}

	// Cancel: a credit note with the next number, referencing the invoice.
	note := s.Call(t, http.MethodPost, "/api/invoices/"+invID+"/cancel/", key, nil).WantStatus(t, 201).JSON(t)
	if note["type_code"] != "381" || note["number"] != "2026-0002" || note["corrects"].(map[string]any)["number"] != "2026-0001" {
		t.Errorf("credit note %v", note)
	}
	all := list(t, s.Call(t, http.MethodGet, "/api/invoices/", key, nil).WantStatus(t, 200))
	if len(all) != 2 || all[0]["id"] != note["id"] || all[1]["status"] != "cancelled" {
		t.Errorf("invoices %v", all)
	}
	s.Call(t, http.MethodDelete, "/api/customers/"+id+"/", key, nil).WantError(t, 409, errs.CustomerHasInvoices)

	// Another account's ids are 404; test keys and keys limited to projects may not invoice.
	other := s.NewAccount(t, "other-invoicing@example.com")
	s.Call(t, http.MethodGet, "/api/invoices/"+invID+"/", other.Key, nil).WantError(t, 404, errs.InvoiceNotFound)
	s.Call(t, http.MethodGet, "/api/customers/"+id+"/", other.Key, nil).WantError(t, 404, errs.CustomerNotFound)
	s.Call(t, http.MethodPost, "/api/invoices/"+invID+"/cancel/", other.Key, nil).WantError(t, 404, errs.InvoiceNotFound)
	if got := list(t, s.Call(t, http.MethodGet, "/api/invoices/", other.Key, nil)); len(got) != 0 {
		t.Errorf("another account sees invoices: %v", got)
	}
	testKey := s.NewKey(t, acc.ID, apikeys.NewKey{Name: "sandbox", Mode: "test"})
	s.Call(t, http.MethodGet, "/api/invoices/", testKey, nil).WantError(t, 403, errs.SandboxKeyForbidden)

	// A customer without invoices goes.
	c2 := s.Call(t, http.MethodPost, "/api/customers", key, map[string]any{"name": "Temp"}).WantStatus(t, 201).JSON(t)
	s.Call(t, http.MethodPut, "/api/customers/"+c2["id"].(string)+"/", key, map[string]any{"name": "Temp 2"}).WantStatus(t, 200)
	s.Call(t, http.MethodDelete, "/api/customers/"+c2["id"].(string)+"/", key, nil).WantStatus(t, 200)
	s.Call(t, http.MethodGet, "/api/customers/"+c2["id"].(string)+"/", key, nil).WantError(t, 404, errs.CustomerNotFound)
}
