package batches_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/apikeys"
	"github.com/quirehq/quire/internal/apptest"
	"github.com/quirehq/quire/internal/config"
)

// TestBatchLimitsNameTheirSettings: too many items is 413 naming
// QUIRE_MAX_BATCH_ITEMS, too large a body 413 naming QUIRE_MAX_BATCH_BYTES,
// and a merged DOCX batch, no items or an unknown output are 400s.
func TestBatchLimitsNameTheirSettings(t *testing.T) {
	s := apptest.New(t, func(c *config.Config) { c.Workers = 0; c.MaxBatchItems = 3; c.MaxBatchBytes = 4096 })
	acc := s.NewAccount(t, "limits@example.com")
	tpl := uploadTemplate(t, s, acc.Key)
	four := []any{map[string]any{}, map[string]any{}, map[string]any{}, map[string]any{}}
	s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{"template_id": tpl, "items": four}).
		WantError(t, 413, "PAYLOAD_TOO_LARGE", "4 items", "limit is 3", "QUIRE_MAX_BATCH_ITEMS")
	big := []any{map[string]any{"number": strings.Repeat("x", 5000)}}
	s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{"template_id": tpl, "items": big}).
		WantError(t, 413, "PAYLOAD_TOO_LARGE", "QUIRE_MAX_BATCH_BYTES")
	s.Upload(t, "/v1/batches", acc.Key, "items.csv", []byte("number\n"+strings.Repeat("y", 5000)+"\n"), map[string]string{"template_id": tpl}).
		WantError(t, 413, "PAYLOAD_TOO_LARGE", "QUIRE_MAX_BATCH_BYTES")
	s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{"template_id": tpl, "items": []any{}}).
		WantError(t, 400, "VALIDATION_ERROR", "at least one item")
	s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{"template_id": tpl, "items": []any{"text"}}).
		WantError(t, 400, "VALIDATION_ERROR", "items[0]", "object")
	s.Upload(t, "/v1/batches", acc.Key, "items.xml", []byte("<items/>"), map[string]string{"template_id": tpl}).
		WantError(t, 400, "VALIDATION_ERROR", ".jsonl")
	s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{"template_id": "tpl_nope", "items": four[:1]}).
		WantError(t, 404, "TEMPLATE_NOT_FOUND")
}

// TestSandboxBatchObeysTheDailyCapAndIsWatermarked: a test key's batch is
// held to the sandbox daily cap item by item, all at once, and its
// documents carry the sandbox mark.
func TestSandboxBatchObeysTheDailyCapAndIsWatermarked(t *testing.T) {
	s := server(t, false, func(c *config.Config) { c.SandboxDailyLimit = 3 })
	acc := s.NewAccount(t, "sandbox@example.com")
	test := s.NewKey(t, acc.ID, apikeys.NewKey{Name: "sandbox", Mode: "test"})
	tpl := uploadTemplate(t, s, acc.Key)
	four := []any{map[string]any{"number": "S1"}, map[string]any{"number": "S2"}, map[string]any{"number": "S3"}, map[string]any{"number": "S4"}}
	s.Call(t, http.MethodPost, "/v1/batches", test, map[string]any{"template_id": tpl, "items": four}).
		WantError(t, 429, "SANDBOX_DAILY_LIMIT", "4 documents asked for, 3 left")
	b := s.Call(t, http.MethodPost, "/v1/batches", test, map[string]any{"template_id": tpl, "items": four[:2]}).WantStatus(t, 202).JSON(t)
	done := await(t, s, test, b["id"].(string))
	if done["status"] != "completed" || done["mode"] != "test" {
		t.Fatalf("finished %v", done)
	}
	for _, it := range items(t, s, test, b["id"].(string), "") {
		if text := pdfText(t, download(t, it["download_url"].(string))); !strings.Contains(text, "SANDBOX") {
			t.Errorf("sandbox document without its mark: %q", text)
		}
	}
	s.Call(t, http.MethodPost, "/v1/batches", test, map[string]any{"template_id": tpl, "items": four[:2]}).
		WantError(t, 429, "SANDBOX_DAILY_LIMIT", "2 documents asked for, 1 left")
	// A live key does not see the sandbox batch.
	s.Call(t, http.MethodGet, "/v1/batches/"+b["id"].(string), acc.Key, nil).WantError(t, 404, "BATCH_NOT_FOUND")
}
