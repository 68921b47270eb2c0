package e2e

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// dokjetRequest is the reference's curl example, byte for byte in shape:
// X-API-Key, JSON, template_id by name.
func dokjetRequest(t testing.TB, key, body string, headers ...string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, shared.URL+"/v1/generate", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-API-Key", key)
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return do(t, req)
}

func TestCompatDokJetGenerate(t *testing.T) {
	key := shared.newKey(t, "dokjet@example.com", "live")
	up := shared.upload(t, key, "invoice.html", []byte(`<h1>Invoice for {{client}}</h1><p>Total: {{total}}</p>`), "invoices/invoice")
	wantStatus(t, up, 201)
	wantText := func(pdf []byte) {
		t.Helper()
		text := strings.Join(pdfText(t, pdf), " ")
		if !strings.Contains(text, "Invoice for Acme Corp") || !strings.Contains(text, "Total: $564") {
			t.Fatalf("PDF text: %q", text)
		}
	}

	// return_type "url": JSON with a download URL.
	r := dokjetRequest(t, key, `{ "template_id": "invoices/invoice", "data": { "client": "Acme Corp", "total": "$564" }, "return_type": "url" }`)
	wantStatus(t, r, 200)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q", ct)
	}
	m := r.json(t)
	if _, ok := m["credits_left"]; !ok || m["credits_left"] != nil || m["response_time_ms"].(float64) <= 0 {
		t.Fatalf("body: %s", r.Body)
	}
	dl := fetch(t, m["url"].(string))
	wantStatus(t, dl, 200)
	wantText(dl.Body)

	// Default: the PDF itself.
	r = dokjetRequest(t, key, `{"template_id": "invoices/invoice", "data": {"client": "Acme Corp", "total": "$564"}}`)
	wantStatus(t, r, 200)
	if r.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(r.Body, []byte("%PDF-")) {
		t.Fatalf("binary answer: %v %.40q", r.Header, r.Body)
	}
	wantText(r.Body)

	// By id works too; async_mode answers 202 with a task.
	r = dokjetRequest(t, key, `{"template_id": "`+up.json(t)["id"].(string)+`", "data": {"client": "Acme Corp", "total": "$564"}, "async_mode": true}`)
	wantStatus(t, r, 202)
	task := r.json(t)
	if task["status"] != "pending" || !strings.HasSuffix(task["check_status_url"].(string), "/v1/tasks/"+task["task_id"].(string)) {
		t.Fatalf("202 body: %s", r.Body)
	}
	done := awaitTask(t, shared, key, task["check_status_url"].(string), 60)
	if done["status"] != "completed" {
		t.Fatalf("task: %v", done)
	}
	dl = fetch(t, done["document"].(map[string]any)["download_url"].(string))
	wantText(dl.Body)

	// The documents are ordinary documents.
	if n := shared.call(t, "GET", "/v1/documents", key, nil).json(t)["total"].(float64); n != 3 {
		t.Fatalf("%v documents, want 3", n)
	}
	wantError(t, dokjetRequest(t, key, `{"template_id": "invoices/nope", "data": {}}`), 404, "TEMPLATE_NOT_FOUND")
	wantError(t, dokjetRequest(t, "", `{"template_id": "invoices/invoice"}`), 401, "UNAUTHORIZED")

	// A retried binary request with an Idempotency-Key gets the same file.
	body := `{"template_id": "invoices/invoice", "data": {"client": "Acme Corp", "total": "$564"}}`
	first := dokjetRequest(t, key, body, "Idempotency-Key", "dokjet-1")
	again := dokjetRequest(t, key, body, "Idempotency-Key", "dokjet-1")
	wantStatus(t, again, 200)
	if !bytes.Equal(first.Body, again.Body) || again.Header.Get("Idempotent-Replayed") != "true" || again.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("replay differs: %v", again.Header)
	}
}
