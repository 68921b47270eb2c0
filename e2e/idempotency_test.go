package e2e

import (
	"bytes"
	"strings"
	"sync"
	"testing"
)

func TestIdempotentGenerate(t *testing.T) {
	key := shared.newKey(t, "idem@example.com", "live")
	other := shared.newKey(t, "idem-other@example.com", "live")
	req := map[string]any{"html": "<p>once</p>", "options": map[string]any{"filename": "once.pdf"}}
	first := shared.call(t, "POST", "/v1/documents/generate", key, req, "Idempotency-Key", "order-42")
	wantStatus(t, first, 201)
	if first.Header.Get("Idempotent-Replayed") != "" {
		t.Fatal("a first answer is marked replayed")
	}
	// The same bytes, or the same JSON written differently: the first answer.
	for _, body := range []any{req, []byte(` { "options": {"filename":"once.pdf"}, "html": "<p>once</p>" } `)} {
		again := shared.call(t, "POST", "/v1/documents/generate", key, body, "Idempotency-Key", "order-42")
		wantStatus(t, again, 201)
		if !bytes.Equal(again.Body, first.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("replay: %s %v\nfirst: %s", again.Body, again.Header, first.Body)
		}
	}
	if n := shared.call(t, "GET", "/v1/documents", key, nil).json(t)["total"].(float64); n != 1 {
		t.Fatalf("%v documents, want 1", n)
	}
	// The same key for another request is refused.
	r := shared.call(t, "POST", "/v1/documents/generate", key, map[string]any{"html": "<p>twice</p>"}, "Idempotency-Key", "order-42")
	wantError(t, r, 422, "IDEMPOTENCY_KEY_REUSED")
	// Keys are per account.
	r = shared.call(t, "POST", "/v1/documents/generate", other, req, "Idempotency-Key", "order-42")
	wantStatus(t, r, 201)
	if r.json(t)["id"] == first.json(t)["id"] {
		t.Fatal("another account got the first account's document")
	}
	// Errors are answers too: a failed request with a key fails again the same way.
	bad := map[string]any{"template_id": "tpl_doesnotexist0000"}
	wantError(t, shared.call(t, "POST", "/v1/documents/generate", key, bad, "Idempotency-Key", "bad-1"), 404, "TEMPLATE_NOT_FOUND")
	r = shared.call(t, "POST", "/v1/documents/generate", key, bad, "Idempotency-Key", "bad-1")
	wantError(t, r, 404, "TEMPLATE_NOT_FOUND")
	if r.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatal("the error was not replayed")
	}
	wantError(t, shared.call(t, "POST", "/v1/documents/generate", key, req, "Idempotency-Key", strings.Repeat("k", 300)), 400, "VALIDATION_ERROR")
}

// TestIdempotentConcurrentDuplicates sends one request ten times at once,
// sync and async: one document each, every caller gets its answer.
func TestIdempotentConcurrentDuplicates(t *testing.T) {
	key := shared.newKey(t, "idem-race@example.com", "live")
	for _, c := range []struct {
		name   string
		req    map[string]any
		status int
	}{
		{"sync", map[string]any{"html": "<p>race</p>"}, 201},
		{"async", map[string]any{"html": "<p>race async</p>", "options": map[string]any{"async": true}}, 202},
	} {
		const n = 10
		answers := make([]response, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				answers[i] = shared.call(t, "POST", "/v1/documents/generate", key, c.req, "Idempotency-Key", "race-"+c.name)
			}()
		}
		wg.Wait()
		replayed := 0
		for _, a := range answers {
			wantStatus(t, a, c.status)
			if !bytes.Equal(a.Body, answers[0].Body) {
				t.Fatalf("%s: answers differ: %s / %s", c.name, a.Body, answers[0].Body)
			}
			if a.Header.Get("Idempotent-Replayed") == "true" {
				replayed++
			}
		}
		if replayed != n-1 {
			t.Fatalf("%s: %d replayed answers, want %d", c.name, replayed, n-1)
		}
	}
	if total := shared.call(t, "GET", "/v1/documents", key, nil).json(t)["total"].(float64); total != 2 {
		t.Fatalf("%v documents, want 2", total)
	}
}

// TestIdempotentInvoicing: a docs101 client retrying POST /api/customers/
// and /api/invoices/ with the same Idempotency-Key (after a timeout, say)
// gets the first answer again, and one customer and one invoice exist.
func TestIdempotentInvoicing(t *testing.T) {
	key := shared.newKey(t, uniqueEmail("idem-invoices"), "live")
	customer := map[string]any{"name": "Acme Corp", "email": "billing@acme.com"}
	first := shared.call(t, "POST", "/api/customers/", key, customer, "Idempotency-Key", "cust-1")
	wantStatus(t, first, 201)
	again := shared.call(t, "POST", "/api/customers/", key, customer, "Idempotency-Key", "cust-1")
	wantStatus(t, again, 201)
	if !bytes.Equal(again.Body, first.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("customer replay: %s %v\nfirst: %s", again.Body, again.Header, first.Body)
	}
	var customers []map[string]any
	mustUnmarshal(t, shared.call(t, "GET", "/api/customers/", key, nil).Body, &customers)
	if len(customers) != 1 {
		t.Fatalf("%d customers after a retried create, want 1", len(customers))
	}

	invoice := map[string]any{"customer_id": first.json(t)["id"], "invoice_date": "2026-03-05", "positions": []any{
		map[string]any{"description": "Consulting services", "quantity": 10, "unit_price": 150.00, "vat_rate": 19.0}}}
	first = shared.call(t, "POST", "/api/invoices/", key, invoice, "Idempotency-Key", "inv-1")
	wantStatus(t, first, 201)
	again = shared.call(t, "POST", "/api/invoices/", key, invoice, "Idempotency-Key", "inv-1")
	wantStatus(t, again, 201)
	if !bytes.Equal(again.Body, first.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("invoice replay: %s %v\nfirst: %s", again.Body, again.Header, first.Body)
	}
	var invoices []map[string]any
	mustUnmarshal(t, shared.call(t, "GET", "/api/invoices/", key, nil).Body, &invoices)
	if len(invoices) != 1 {
		t.Fatalf("%d invoices after a retried create, want 1", len(invoices))
	}
	// The same key for another invoice is refused.
	invoice["invoice_date"] = "2026-03-06"
	wantError(t, shared.call(t, "POST", "/api/invoices/", key, invoice, "Idempotency-Key", "inv-1"), 422, "IDEMPOTENCY_KEY_REUSED")
}
