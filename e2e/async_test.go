package e2e

import (
	"strings"
	"testing"
)

// awaitTask polls a task's check_status_url until it leaves pending and
// processing, and returns its last state.
func awaitTask(t testing.TB, s *server, key, statusURL string, seconds int) map[string]any {
	t.Helper()
	var last map[string]any
	waitFor(t, seconds, func() bool {
		r := s.call(t, "GET", strings.TrimPrefix(statusURL, s.URL), key, nil)
		wantStatus(t, r, 200)
		last = r.json(t)
		return last["status"] != "pending" && last["status"] != "processing"
	})
	return last
}

// accept posts an async request and checks the 202 answer's shape.
func accept(t testing.TB, s *server, key, path string, req map[string]any) map[string]any {
	t.Helper()
	r := s.call(t, "POST", path, key, req)
	wantStatus(t, r, 202)
	task := r.json(t)
	id, _ := task["task_id"].(string)
	if !strings.HasPrefix(id, "doc_") || task["status"] != "pending" || task["check_status_url"] != s.URL+"/v1/tasks/"+id {
		t.Fatalf("202 body: %s", r.Body)
	}
	return task
}

func TestAsyncGenerate(t *testing.T) {
	key := shared.newKey(t, "async@example.com", "live")
	other := shared.newKey(t, "async-other@example.com", "live")
	up := shared.upload(t, key, "invoice.html", invoiceTemplate(t), "Invoice")
	wantStatus(t, up, 201)
	task := accept(t, shared, key, "/v1/documents/generate", map[string]any{
		"template_id": up.json(t)["id"], "data": invoiceData(t),
		"options": map[string]any{"async": true, "filename": "async-invoice.pdf"},
	})
	id := task["task_id"].(string)

	// Another account does not see the task.
	wantError(t, shared.call(t, "GET", "/v1/tasks/"+id, other, nil), 404, "DOCUMENT_NOT_FOUND")

	done := awaitTask(t, shared, key, task["check_status_url"].(string), 60)
	doc, _ := done["document"].(map[string]any)
	if done["status"] != "completed" || doc == nil || doc["id"] != id || doc["status"] != "completed" ||
		doc["filename"] != "async-invoice.pdf" || doc["pages"].(float64) != 1 || !present(doc, "expires_at") {
		t.Fatalf("finished task: %v", done)
	}
	dl := fetch(t, doc["download_url"].(string))
	wantStatus(t, dl, 200)
	if int(doc["size_bytes"].(float64)) != len(dl.Body) {
		t.Fatalf("size_bytes %v, downloaded %d", doc["size_bytes"], len(dl.Body))
	}
	if text := strings.Join(pdfText(t, dl.Body), "\n"); !strings.Contains(text, "INV-2026-0042") {
		t.Fatalf("async PDF text:\n%s", text)
	}
	// The document is an ordinary document afterwards.
	row := shared.call(t, "GET", "/v1/documents/"+id, key, nil).json(t)
	if row["status"] != "completed" || row["template_name"] != "Invoice" {
		t.Fatalf("document row: %v", row)
	}
}

func TestAsyncRequestErrorsAnswerAtOnce(t *testing.T) {
	key := shared.newKey(t, "async-errors@example.com", "live")
	// What can be checked before accepting is: no task for a missing template.
	wantError(t, shared.call(t, "POST", "/v1/documents/generate", key, map[string]any{
		"template_id": "tpl_doesnotexist0000", "options": map[string]any{"async": true},
	}), 404, "TEMPLATE_NOT_FOUND")
	wantError(t, shared.call(t, "POST", "/v1/documents/generate", key, map[string]any{
		"html": "{{#if}}", "options": map[string]any{"async": true},
	}), 400, "INVALID_TEMPLATE")
	wantError(t, shared.call(t, "POST", "/v1/documents/fill", key, map[string]any{
		"template_id": "tpl_doesnotexist0000", "options": map[string]any{"async": true},
	}), 404, "TEMPLATE_NOT_FOUND")
}

// TestAsyncFailures: an error the request itself causes fails the task on
// its first run; one that might pass (a render timeout) is retried, and
// fails after the last attempt, with the reason.
func TestAsyncFailures(t *testing.T) {
	s := startServer(t, "QUIRE_MAX_PAGES=1", "QUIRE_RENDER_TIMEOUT=2s", "QUIRE_ASYNC_ATTEMPTS=2", "QUIRE_JOB_RETRY_BASE=100ms")
	key := s.newKey(t, "", "live")

	tooLong := accept(t, s, key, "/v1/documents/generate", map[string]any{
		"html":    `<p>one</p><p style="break-before: page">two</p>`,
		"options": map[string]any{"async": true},
	})
	loop := accept(t, s, key, "/v1/documents/generate", map[string]any{
		"html":    "<p>x</p><script>while(true){}</script>",
		"options": map[string]any{"async": true},
	})
	for _, c := range []struct {
		task map[string]any
		code string
	}{{tooLong, "TOO_MANY_PAGES"}, {loop, "RENDER_TIMEOUT"}} {
		done := awaitTask(t, s, key, c.task["check_status_url"].(string), 60)
		e, _ := done["error"].(map[string]any)
		if done["status"] != "failed" || e == nil || e["code"] != c.code || e["message"] == "" || done["document"] != nil {
			t.Fatalf("want failed with %s, got %v", c.code, done)
		}
		row := s.call(t, "GET", "/v1/documents/"+c.task["task_id"].(string), key, nil).json(t)
		if row["status"] != "failed" || row["error"].(map[string]any)["code"] != c.code {
			t.Fatalf("document row: %v", row)
		}
		wantError(t, s.call(t, "GET", "/v1/documents/"+c.task["task_id"].(string)+"/download", key, nil), 409, "DOCUMENT_NOT_READY")
	}
}
