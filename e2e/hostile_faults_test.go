package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/store/pgtest"
	"github.com/quirehq/quire/internal/testenv"
)

// healthyBudgetMiB is the resident memory the server may hold after the
// hostile inputs of these tests.
const healthyBudgetMiB = 400

// wantStorageFailure checks a 503 STORAGE_UNAVAILABLE that says storage
// failed, asks to retry later and shows no path of the disk.
func wantStorageFailure(t *testing.T, r response, dataDir string) {
	t.Helper()
	wantError(t, r, 503, "STORAGE_UNAVAILABLE")
	if r.Header.Get("Retry-After") == "" {
		t.Errorf("503 without Retry-After: %v", r.Header)
	}
	if msg := r.message(t); !strings.Contains(msg, "storage failed") || strings.Contains(msg, dataDir) || strings.Contains(msg, "/") {
		t.Errorf("message %q: want one saying storage failed, without paths", msg)
	}
}

// documentStatuses counts the account's documents by status.
func documentStatuses(t *testing.T, s *server, key string) map[string]int {
	t.Helper()
	r := s.call(t, "GET", "/v1/documents?limit=100", key, nil)
	wantStatus(t, r, 200)
	var list struct {
		Data []struct {
			Status string `json:"status"`
		} `json:"data"`
	}
	mustUnmarshal(t, r.Body, &list)
	n := map[string]int{}
	for _, d := range list.Data {
		n[d.Status]++
	}
	return n
}

func usageTotal(t *testing.T, s *server, key string) float64 {
	t.Helper()
	r := s.call(t, "GET", "/v1/usage", key, nil)
	wantStatus(t, r, 200)
	return r.json(t)["total"].(float64)
}

// waitReady polls /readyz until it answers want (the blob probe's result is
// cached for a few seconds) and returns the last answer.
func waitReady(t *testing.T, s *server, want int) map[string]any {
	t.Helper()
	var last response
	waitFor(t, 20, func() bool {
		last = s.call(t, "GET", "/readyz", "", nil)
		return last.Status == want
	})
	wantStatus(t, last, want)
	return last.json(t)
}

// TestStorageFaultsAre503 puts the blob folder on a small tmpfs, fills it,
// then makes it read-only: every write answers 503 STORAGE_UNAVAILABLE,
// nothing is left completed without its file or billed, /readyz reports
// the blobs, and all comes back when the disk does.
func TestStorageFaultsAre503(t *testing.T) {
	dir := t.TempDir()
	disk := testenv.MountTmpfs(t, filepath.Join(dir, "blobs"), 1024)
	s := startServer(t, "QUIRE_DATA_DIR="+dir, "QUIRE_ASYNC_ATTEMPTS=2", "QUIRE_JOB_RETRY_BASE=100ms")
	key := s.newKey(t, "", "live")
	up := s.upload(t, key, "invoice.html", invoiceTemplate(t), "Invoice")
	wantStatus(t, up, 201)
	tpl := up.json(t)["id"].(string)
	generate := map[string]any{"template_id": tpl, "data": invoiceData(t)}
	first := s.call(t, "POST", "/v1/documents/generate", key, generate)
	wantStatus(t, first, 201)
	kept := first.json(t)
	billed := usageTotal(t, s, key)

	disk.Fill()
	wantStorageFailure(t, s.call(t, "POST", "/v1/documents/generate", key, generate), dir)
	wantStorageFailure(t, s.upload(t, key, "other.html", invoiceTemplate(t), "Other"), dir)
	task := accept(t, s, key, "/v1/documents/generate", map[string]any{"html": "<p>async</p>", "options": map[string]any{"async": true}})
	done := awaitTask(t, s, key, task["check_status_url"].(string), 60)
	if e, _ := done["error"].(map[string]any); done["status"] != "failed" || e == nil || e["code"] != "STORAGE_UNAVAILABLE" || done["document"] != nil {
		t.Fatalf("async task on a full disk: want failed with STORAGE_UNAVAILABLE and no document, got %v", done)
	}
	ready := waitReady(t, s, 503)
	if blobs := ready["checks"].(map[string]any)["blobs"]; blobs == "ok" || strings.Contains(blobs.(string), dir) {
		t.Fatalf("/readyz on a full disk: %v", ready)
	}
	// Reads still work on a full disk.
	wantStatus(t, fetch(t, kept["download_url"].(string)), 200)
	disk.Unfill()

	disk.ReadOnly()
	wantStorageFailure(t, s.call(t, "POST", "/v1/documents/generate", key, generate), dir)
	wantStorageFailure(t, s.call(t, "DELETE", "/v1/documents/"+kept["id"].(string), key, nil), dir)
	wantStorageFailure(t, s.call(t, "DELETE", "/v1/templates/"+tpl, key, nil), dir)
	wantStorageFailure(t, s.call(t, "PUT", "/v1/templates/"+tpl, key, map[string]any{"content": "<p>{{x}}</p>"}), dir)
	waitReady(t, s, 503)
	// What failed to delete is whole: its row and its file.
	wantStatus(t, s.call(t, "GET", "/v1/templates/"+tpl, key, nil), 200)
	wantStatus(t, fetch(t, kept["download_url"].(string)), 200)
	disk.Writable()

	// Nothing was completed without its file, nothing was billed.
	if n := documentStatuses(t, s, key); n["completed"] != 1 || n["failed"] != 1 || len(n) != 2 {
		t.Fatalf("documents by status after the faults: %v, want the first completed and the async one failed", n)
	}
	if got := usageTotal(t, s, key); got != billed {
		t.Fatalf("usage %v after failed writes, want %v", got, billed)
	}

	waitReady(t, s, 200)
	wantStatus(t, s.call(t, "POST", "/v1/documents/generate", key, generate), 201)
	wantStatus(t, s.call(t, "DELETE", "/v1/documents/"+kept["id"].(string), key, nil), 200)
	s.assertHealthy(t, key, healthyBudgetMiB)
}

// manyFields is an HTML template with n distinct tags, nested in sections.
func manyFields(n int) []byte {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "<p>{{section.part_%04d}}</p>\n", i)
	}
	return []byte(b.String())
}

// TestTemplateListCountsFields: the list shows each template's field count
// (kept at upload, content update and type changes) without loading the
// fields; GET of one template still has them all.
func TestTemplateListCountsFields(t *testing.T) {
	onBothDatabases(t, func(t *testing.T, s *server, backend string) {
		key := s.newKey(t, "list-"+backend+"@example.com", "live")
		big := s.upload(t, key, "big.html", manyFields(300), "Big")
		wantStatus(t, big, 201)
		id := big.json(t)["id"].(string)
		small := s.upload(t, key, "small.html", []byte("<p>{{a}} {{b}}</p>"), "Small")
		wantStatus(t, small, 201)
		counts := func() map[string]float64 {
			var list struct {
				Data []map[string]any `json:"data"`
			}
			r := s.call(t, "GET", "/v1/templates", key, nil)
			wantStatus(t, r, 200)
			mustUnmarshal(t, r.Body, &list)
			out := map[string]float64{}
			for _, tpl := range list.Data {
				if _, ok := tpl["fields"]; ok {
					t.Fatalf("the list carries field lists: %v", tpl)
				}
				out[tpl["name"].(string)] = tpl["fields_count"].(float64)
			}
			return out
		}
		if c := counts(); c["Big"] != 300 || c["Small"] != 2 || len(c) != 2 {
			t.Fatalf("counts after upload: %v", c)
		}
		var one struct {
			Fields []map[string]any `json:"fields"`
		}
		mustUnmarshal(t, s.call(t, "GET", "/v1/templates/"+id, key, nil).Body, &one)
		if len(one.Fields) != 300 {
			t.Fatalf("GET of one template: %d fields, want 300", len(one.Fields))
		}
		wantStatus(t, s.call(t, "PUT", "/v1/templates/"+id+"/fields", key, map[string]any{
			"fields": []map[string]any{{"name": "section.part_0001", "type": "number"}}}), 200)
		if c := counts(); c["Big"] != 300 {
			t.Fatalf("count after a type change: %v", c)
		}
		wantStatus(t, s.call(t, "PUT", "/v1/templates/"+id, key, map[string]any{"content": string(manyFields(7))}), 200)
		if c := counts(); c["Big"] != 7 || c["Small"] != 2 {
			t.Fatalf("count after a content update: %v", c)
		}
	})
}

// onBothDatabases runs test on the shared SQLite server and on a server of
// its own on PostgreSQL.
func onBothDatabases(t *testing.T, test func(t *testing.T, s *server, backend string)) {
	t.Run("sqlite", func(t *testing.T) { test(t, shared, "sqlite") })
	t.Run("postgres", func(t *testing.T) {
		test(t, startServer(t, "QUIRE_DATABASE_URL="+pgtest.SchemaURL(t)), "postgres")
	})
}
