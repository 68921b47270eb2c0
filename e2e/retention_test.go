package e2e

import (
	"testing"
	"time"
)

// TestRetentionSweep: documents expire after the retention; the sweep
// removes their files and keeps their rows as expired.
func TestRetentionSweep(t *testing.T) {
	s := startServer(t, "QUIRE_RETENTION=2s", "QUIRE_RETENTION_SWEEP=300ms")
	key := s.newKey(t, "", "live")
	r := s.call(t, "POST", "/v1/documents/generate", key, map[string]any{"html": "<p>kept two seconds</p>"})
	wantStatus(t, r, 201)
	doc := r.json(t)
	id := doc["id"].(string)
	task := accept(t, s, key, "/v1/documents/generate", map[string]any{"html": "<p>async, two seconds</p>", "options": map[string]any{"async": true}})
	if done := awaitTask(t, s, key, task["check_status_url"].(string), 30); done["status"] != "completed" {
		t.Fatalf("async document: %v", done)
	}
	wantStatus(t, fetch(t, doc["download_url"].(string)), 200)

	waitFor(t, 15, func() bool {
		return s.call(t, "GET", "/v1/documents?status=expired", key, nil).json(t)["total"].(float64) == 2
	})
	row := s.call(t, "GET", "/v1/documents/"+id, key, nil).json(t)
	if row["status"] != "expired" || row["filename"] == "" || row["expires_at"] == nil {
		t.Fatalf("expired document row: %v", row)
	}
	wantError(t, s.call(t, "GET", "/v1/documents/"+id+"/download", key, nil), 410, "DOCUMENT_EXPIRED")
	// The file is gone, even through a link signed before the expiry.
	wantError(t, fetch(t, doc["download_url"].(string)), 404, "DOCUMENT_NOT_FOUND")
	st := s.call(t, "GET", "/v1/tasks/"+task["task_id"].(string), key, nil).json(t)
	if st["status"] != "expired" || st["error"].(map[string]any)["code"] != "DOCUMENT_EXPIRED" || st["document"] != nil {
		t.Fatalf("task of an expired document: %v", st)
	}
	// An expired document can still be deleted.
	wantStatus(t, s.call(t, "DELETE", "/v1/documents/"+id, key, nil), 200)
	wantError(t, s.call(t, "GET", "/v1/documents/"+id, key, nil), 404, "DOCUMENT_NOT_FOUND")
}

// TestRetentionOfSandboxDocuments: test keys' documents live one hour, live
// keys' their plan's retention (7 days on the free plan).
func TestRetentionOfSandboxDocuments(t *testing.T) {
	for mode, want := range map[string]time.Duration{"test": time.Hour, "live": 7 * 24 * time.Hour} {
		account := "retention-" + mode + "@example.com"
		key := shared.newKey(t, account, mode)
		if _, err := shared.cli(t, "accounts", "set-plan", "--account", account, "--plan", "free"); err != nil {
			t.Fatal(err)
		}
		r := shared.call(t, "POST", "/v1/documents/generate", key, map[string]any{"html": "<p>" + mode + "</p>"})
		wantStatus(t, r, 201)
		id := r.json(t)["id"].(string)
		row := shared.call(t, "GET", "/v1/documents/"+id, key, nil).json(t)
		created, err1 := time.Parse(time.RFC3339, row["created_at"].(string))
		expires, err2 := time.Parse(time.RFC3339, row["expires_at"].(string))
		if err1 != nil || err2 != nil {
			t.Fatalf("times of %v: %v %v", row, err1, err2)
		}
		if got := expires.Sub(created); got < want-time.Minute || got > want+time.Minute {
			t.Errorf("%s key: document lives %v, want %v", mode, got, want)
		}
	}
}
