package batches_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/apptest"
	"github.com/quirehq/quire/internal/config"
)

// TestCSVAndJSONLFilesAreItems: a multipart CSV (dotted headers nest,
// amounts typed as numbers) and a JSONL file make the same documents as
// JSON items would.
func TestCSVAndJSONLFilesAreItems(t *testing.T) {
	s := server(t, false, nil)
	acc := s.NewAccount(t, "files@example.com")
	tpl := uploadTemplate(t, s, acc.Key)
	setFieldTypes(t, s, acc.Key, tpl, map[string]string{"amount": "number", "due_date": "date"})
	for _, tc := range []struct{ name, file string }{
		{"items.csv", "number,customer.name,amount,due_date\nC-1,Ada,12.5,2026-12-31\nC-2,\"Grace, Hopper\",7,\n"},
		{"items.jsonl", `{"number":"C-1","customer":{"name":"Ada"},"amount":12.5,"due_date":"2026-12-31"}` + "\n\n" +
			`{"number":"C-2","customer":{"name":"Grace, Hopper"},"amount":7}` + "\n"},
	} {
		r := s.Upload(t, "/v1/batches", acc.Key, tc.name, []byte(tc.file), map[string]string{
			"template_id": tpl, "filename": "{{number}}", "options": `{"format":"A4"}`,
		}).WantStatus(t, 202).JSON(t)
		done := await(t, s, acc.Key, r["id"].(string))
		if done["status"] != "completed" || done["completed"] != 2.0 {
			t.Fatalf("%s: %v", tc.name, done)
		}
		its := items(t, s, acc.Key, r["id"].(string), "")
		want := []string{"Invoice C-1 Customer Ada Amount 12.5 Due 2026-12-31", "Invoice C-2 Customer Grace, Hopper Amount 7"}
		for i, it := range its {
			text := pdfText(t, download(t, it["download_url"].(string)))
			if !strings.Contains(text, want[i]) || (i == 1 && strings.Contains(text, "Due")) {
				t.Errorf("%s item %d: %q, want %q", tc.name, i, text, want[i])
			}
		}
	}
}

// TestInvalidItemIsRefusedBeforeAnythingRenders: an item whose date is no
// date refuses the batch, naming its index and field, and nothing is made;
// with skip_invalid the others are made and the invalid one is failed.
func TestInvalidItemIsRefusedBeforeAnythingRenders(t *testing.T) {
	s := server(t, false, nil)
	acc := s.NewAccount(t, "invalid@example.com")
	tpl := uploadTemplate(t, s, acc.Key)
	setFieldTypes(t, s, acc.Key, tpl, map[string]string{"amount": "number", "due_date": "date"})
	list := []any{
		map[string]any{"number": "V-0", "amount": 1},
		map[string]any{"number": "V-1", "amount": 2, "due_date": "next Tuesday"},
		map[string]any{"number": "V-2", "amount": "lots"},
	}
	msg := s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{"template_id": tpl, "items": list}).
		WantError(t, 400, "VALIDATION_ERROR", "items[1].due_date")
	if !strings.Contains(msg, "next Tuesday") {
		t.Errorf("message %q", msg)
	}
	if docs := s.Call(t, http.MethodGet, "/v1/documents", acc.Key, nil).JSON(t); docs["total"] != 0.0 {
		t.Fatalf("documents made: %v", docs)
	}
	if list := s.Call(t, http.MethodGet, "/v1/batches", acc.Key, nil).JSON(t); list["total"] != 0.0 {
		t.Fatalf("batches: %v", list)
	}
	b := s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{"template_id": tpl, "items": list, "options": map[string]any{"skip_invalid": true}}).
		WantStatus(t, 202).JSON(t)
	done := await(t, s, acc.Key, b["id"].(string))
	if done["status"] != "completed" || done["completed"] != 1.0 || done["failed"] != 2.0 {
		t.Fatalf("finished %v", done)
	}
	errsList := done["errors"].([]any)
	first := errsList[0].(map[string]any)
	if len(errsList) != 2 || first["index"] != 1.0 || !strings.Contains(first["error"].(map[string]any)["message"].(string), "items[1].due_date") {
		t.Errorf("errors %v", errsList)
	}
	if second := errsList[1].(map[string]any); !strings.Contains(second["error"].(map[string]any)["message"].(string), "items[2].amount") {
		t.Errorf("errors %v", errsList)
	}
	if failed := items(t, s, acc.Key, b["id"].(string), "&status=failed"); len(failed) != 2 {
		t.Errorf("failed items %v", failed)
	}
	if usage := s.Call(t, http.MethodGet, "/v1/usage", acc.Key, nil).JSON(t); usage["total"] != 1.0 {
		t.Errorf("usage counts the made item only: %v", usage)
	}
}

// limitedPlan gives the free plan 5 documents a month, with webhooks.
func limitedPlan(c *config.Config) {
	c.Plans = `{"free": {"monthly_documents": 5, "webhooks": true}}`
	c.DefaultPlan = "free"
	c.EgressAllow = "127.0.0.1"
}

// TestQuotaRefusesTheWholeBatchSayingWhatIsLeft: with 5 documents a month,
// a batch of 3 passes, one of 3 more is refused up front (2 left), one of
// 2 passes; canceling a pending batch gives its units back.
func TestQuotaRefusesTheWholeBatchSayingWhatIsLeft(t *testing.T) {
	s := server(t, false, limitedPlan)
	acc := s.NewAccount(t, "quota@example.com")
	tpl := uploadTemplate(t, s, acc.Key)
	three := []any{map[string]any{"number": "Q1"}, map[string]any{"number": "Q2"}, map[string]any{"number": "Q3"}}
	b := s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{"template_id": tpl, "items": three}).WantStatus(t, 202).JSON(t)
	msg := s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{"template_id": tpl, "items": three}).
		WantError(t, 429, "USAGE_LIMIT_EXCEEDED", "3 documents asked for, 2 left")
	if !strings.Contains(msg, "limit of 5") {
		t.Errorf("message %q", msg)
	}
	await(t, s, acc.Key, b["id"].(string))
	s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{"template_id": tpl, "items": three[:2]}).WantStatus(t, 202)
	s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{"template_id": tpl, "items": three[:1]}).
		WantError(t, 429, "USAGE_LIMIT_EXCEEDED")
}

// TestCancelAPendingBatchGivesItsQuotaBack: without workers a batch stays
// pending; DELETE cancels every item and returns the units, a second
// DELETE is 409 BATCH_FINISHED, another account sees none of it.
func TestCancelAPendingBatchGivesItsQuotaBack(t *testing.T) {
	s := apptest.New(t, func(c *config.Config) { limitedPlan(c); c.Workers = 0 })
	acc := s.NewAccount(t, "cancel@example.com")
	tpl := uploadTemplate(t, s, acc.Key)
	five := []any{map[string]any{"number": "1"}, map[string]any{"number": "2"}, map[string]any{"number": "3"}, map[string]any{"number": "4"}, map[string]any{"number": "5"}}
	b := s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{"template_id": tpl, "items": five}).WantStatus(t, 202).JSON(t)
	id := b["id"].(string)
	if b["status"] != "pending" {
		t.Fatalf("created %v", b)
	}
	s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{"template_id": tpl, "items": five[:1]}).WantError(t, 429, "USAGE_LIMIT_EXCEEDED", "0 left")

	other := s.NewAccount(t, "other@example.com")
	s.Call(t, http.MethodGet, "/v1/batches/"+id, other.Key, nil).WantError(t, 404, "BATCH_NOT_FOUND")
	s.Call(t, http.MethodGet, "/v1/batches/"+id+"/items", other.Key, nil).WantError(t, 404, "BATCH_NOT_FOUND")
	s.Call(t, http.MethodDelete, "/v1/batches/"+id, other.Key, nil).WantError(t, 404, "BATCH_NOT_FOUND")
	if l := s.Call(t, http.MethodGet, "/v1/batches", other.Key, nil).JSON(t); l["total"] != 0.0 {
		t.Fatalf("other account lists %v", l)
	}

	c := s.Call(t, http.MethodDelete, "/v1/batches/"+id, acc.Key, nil).WantStatus(t, 200).JSON(t)
	if c["status"] != "canceled" || c["canceled"] != 5.0 || c["completed_at"] == nil {
		t.Fatalf("canceled %v", c)
	}
	s.Call(t, http.MethodDelete, "/v1/batches/"+id, acc.Key, nil).WantError(t, 409, "BATCH_FINISHED")
	for _, it := range items(t, s, acc.Key, id, "") {
		if it["status"] != "canceled" {
			t.Errorf("item %v", it)
		}
	}
	s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{"template_id": tpl, "items": five}).WantStatus(t, 202)
	if l := s.Call(t, http.MethodGet, "/v1/batches", acc.Key, nil).JSON(t); l["total"] != 2.0 {
		t.Fatalf("list %v", l)
	}
}

// TestIdempotencyKeyMakesOneBatch: the same key and body twice answer the
// same batch, the second marked as a replay; one batch exists. A multipart
// CSV upload sent again (a new boundary, the same form) is the same
// request too; another file under that key is refused.
func TestIdempotencyKeyMakesOneBatch(t *testing.T) {
	s := apptest.New(t, func(c *config.Config) { c.Workers = 0 })
	acc := s.NewAccount(t, "idem@example.com")
	tpl := uploadTemplate(t, s, acc.Key)
	send := func(idemKey, contentType string, body []byte) (*http.Response, map[string]any) {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/v1/batches", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+acc.Key)
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Idempotency-Key", idemKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatalf("%d %v", resp.StatusCode, err)
		}
		return resp, out
	}
	body, _ := json.Marshal(map[string]any{"template_id": tpl, "items": []any{map[string]any{"number": "I-1"}}})
	_, first := send("batch-once", "application/json", body)
	resp, second := send("batch-once", "application/json", body)
	if first["id"] == nil || first["id"] != second["id"] || resp.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("first %v, second %v (%v)", first, second["id"], resp.Header)
	}

	form := func(csv string) (string, []byte) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("template_id", tpl)
		fw, _ := mw.CreateFormFile("file", "items.csv")
		_, _ = fw.Write([]byte(csv))
		_ = mw.Close()
		return mw.FormDataContentType(), buf.Bytes()
	}
	ct1, b1 := form("number\nM-1\nM-2\n")
	ct2, b2 := form("number\nM-1\nM-2\n")
	if ct1 == ct2 {
		t.Fatal("both forms drew the same boundary")
	}
	resp, up1 := send("upload-once", ct1, b1)
	if resp.StatusCode != 202 || up1["total"] != 2.0 {
		t.Fatalf("upload: %d %v", resp.StatusCode, up1)
	}
	resp, up2 := send("upload-once", ct2, b2)
	if resp.StatusCode != 202 || up2["id"] != up1["id"] || resp.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("upload again: %d %v (%v)", resp.StatusCode, up2, resp.Header)
	}
	ct3, b3 := form("number\nM-3\n")
	resp, other := send("upload-once", ct3, b3)
	if e, _ := other["error"].(map[string]any); resp.StatusCode != 422 || e["code"] != "IDEMPOTENCY_KEY_REUSED" {
		t.Fatalf("another file under the key: %d %v", resp.StatusCode, other)
	}
	if l := s.Call(t, http.MethodGet, "/v1/batches", acc.Key, nil).JSON(t); l["total"] != 2.0 {
		t.Fatalf("list %v", l)
	}
}

// TestBatchCompletedWebhookReachesAReceiver: an endpoint on a real
// 127.0.0.1 server gets document.completed for each item of a documents
// batch, then batch.completed with the batch object, once; the batch's
// webhook_url gets the batch object once.
func TestBatchCompletedWebhookReachesAReceiver(t *testing.T) {
	hooks := newHookReceiver(t)
	s := server(t, false, limitedPlan)
	acc := s.NewAccount(t, "hooks@example.com")
	tpl := uploadTemplate(t, s, acc.Key)
	s.Call(t, http.MethodPost, "/v1/webhooks", acc.Key, map[string]any{"url": hooks.URL, "events": []string{"batch.completed", "batch.failed", "document.completed"}}).WantStatus(t, 201)
	b := s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{"template_id": tpl, "webhook_url": hooks.URL + "/request",
		"items": []any{map[string]any{"number": "W-1"}, map[string]any{"number": "W-2"}}}).WantStatus(t, 202).JSON(t)
	await(t, s, acc.Key, b["id"].(string))
	got := hooks.await(t, 4)
	var batchEvents, docEvents, requestHooks []map[string]any
	for _, ev := range got {
		switch ev["type"] {
		case nil:
			requestHooks = append(requestHooks, ev)
		case "batch.completed":
			batchEvents = append(batchEvents, ev)
		case "document.completed":
			docEvents = append(docEvents, ev)
		default:
			t.Errorf("event %v", ev)
		}
	}
	if len(batchEvents) != 1 || len(docEvents) != 2 || len(requestHooks) != 1 {
		t.Fatalf("%d batch, %d document and %d webhook_url deliveries: %v", len(batchEvents), len(docEvents), len(requestHooks), got)
	}
	if r := requestHooks[0]; r["object"] != "batch" || r["id"] != b["id"] || r["status"] != "completed" {
		t.Fatalf("webhook_url got %v", r)
	}
	data, _ := batchEvents[0]["data"].(map[string]any)
	if data["id"] != b["id"] || data["status"] != "completed" || data["completed"] != 2.0 || data["object"] != "batch" {
		t.Fatalf("delivery %v", batchEvents[0])
	}
}

// hookReceiver records the events a real 127.0.0.1 server receives.
type hookReceiver struct {
	mu  sync.Mutex
	got []map[string]any
	URL string
}

func newHookReceiver(t *testing.T) *hookReceiver {
	h := &hookReceiver{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var ev map[string]any
		_ = json.Unmarshal(b, &ev)
		h.mu.Lock()
		h.got = append(h.got, ev)
		h.mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	h.URL = srv.URL
	return h
}

// await waits until n events arrived, then a little for any extra one.
func (h *hookReceiver) await(t *testing.T, n int) []map[string]any {
	deadline := time.Now().Add(30 * time.Second)
	for {
		h.mu.Lock()
		got := len(h.got)
		h.mu.Unlock()
		if got >= n || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond)
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]map[string]any{}, h.got...)
}

// TestAnItemThatCannotRenderFailsAlone: past QUIRE_MAX_PAGES one item fails
// with TOO_MANY_PAGES as a failed document (document.failed), the other is
// made, and the batch completes with the failure listed.
func TestAnItemThatCannotRenderFailsAlone(t *testing.T) {
	s := server(t, false, func(c *config.Config) { limitedPlan(c); c.MaxPages = 1 })
	acc := s.NewAccount(t, "toolong@example.com")
	hooks := newHookReceiver(t)
	s.Call(t, http.MethodPost, "/v1/webhooks", acc.Key, map[string]any{"url": hooks.URL, "events": []string{"document.failed", "batch.completed"}}).WantStatus(t, 201)
	tpl := s.Upload(t, "/v1/templates", acc.Key, "list.html", []byte(`<h1>{{title}}</h1>{{#each lines}}<p>{{this}}</p>{{/each}}`), nil).WantStatus(t, 201).JSON(t)["id"].(string)
	long := make([]any, 200)
	for i := range long {
		long[i] = "line"
	}
	b := s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{"template_id": tpl, "items": []any{
		map[string]any{"title": "Short", "lines": []any{"one"}}, map[string]any{"title": "Long", "lines": long},
	}}).WantStatus(t, 202).JSON(t)
	done := await(t, s, acc.Key, b["id"].(string))
	errsList := done["errors"].([]any)
	if done["status"] != "completed" || done["completed"] != 1.0 || done["failed"] != 1.0 || len(errsList) != 1 {
		t.Fatalf("finished %v", done)
	}
	e := errsList[0].(map[string]any)
	if e["index"] != 1.0 || e["error"].(map[string]any)["code"] != "TOO_MANY_PAGES" {
		t.Fatalf("error %v", e)
	}
	failed := items(t, s, acc.Key, b["id"].(string), "&status=failed")
	doc, _ := failed[0]["document_id"].(string)
	if len(failed) != 1 || doc == "" || failed[0]["download_url"] != nil {
		t.Fatalf("failed items %v", failed)
	}
	if d := s.Call(t, http.MethodGet, "/v1/documents/"+doc, acc.Key, nil).WantStatus(t, 200).JSON(t); d["status"] != "failed" {
		t.Fatalf("failed document %v", d)
	}
	got := hooks.await(t, 2)
	types := map[string]int{}
	for _, ev := range got {
		types[ev["type"].(string)]++
		if ev["type"] == "document.failed" && ev["data"].(map[string]any)["id"] != doc {
			t.Errorf("document.failed about %v", ev["data"])
		}
	}
	if types["document.failed"] != 1 || types["batch.completed"] != 1 || len(got) != 2 {
		t.Fatalf("events %v", types)
	}
	if usage := s.Call(t, http.MethodGet, "/v1/usage", acc.Key, nil).JSON(t); usage["total"] != 1.0 {
		t.Errorf("usage %v", usage)
	}
}

// TestAChunkGivenUpFailsItsItems: a chunk whose every run fails outside
// its items (here its batch's spec, made unreadable in the database)
// fails its pending items on the last run, so the batch finishes failed
// instead of waiting for them forever.
func TestAChunkGivenUpFailsItsItems(t *testing.T) {
	s := apptest.New(t, func(c *config.Config) {
		c.BatchChunk = 2
		c.AsyncAttempts = 2
		c.JobRetryBase = 100 * time.Millisecond
	})
	if err := s.App.StartRenderer(t.Context()); err != nil {
		t.Fatal(err)
	}
	acc := s.NewAccount(t, "given-up@example.com")
	tpl := uploadTemplate(t, s, acc.Key)
	r := s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{
		"template_id": tpl, "items": []map[string]any{{"number": "G-1"}, {"number": "G-2"}, {"number": "G-3"}},
	}).WantStatus(t, 202).JSON(t)
	id := r["id"].(string)
	db := s.App.Store.(interface{ DB() *sql.DB }).DB()
	if _, err := db.ExecContext(t.Context(), "UPDATE batches SET spec = 'not json' WHERE id = $1", id); err != nil {
		t.Fatal(err)
	}
	if err := s.App.StartWorkers(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.App.StopWorkers(t.Context()) })
	done := await(t, s, acc.Key, id)
	if done["status"] != "failed" || done["failed"] != 3.0 || done["completed"] != 0.0 {
		t.Fatalf("batch: %v", done)
	}
	for _, it := range items(t, s, acc.Key, id, "") {
		e, _ := it["error"].(map[string]any)
		if it["status"] != "failed" || e["code"] != "INTERNAL_ERROR" || !strings.Contains(e["message"].(string), "failed 2 times") {
			t.Errorf("item: %v", it)
		}
	}
}
