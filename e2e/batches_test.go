package e2e

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/quirehq/quire/internal/store/pgtest"
)

// startBatchWorker starts a `quire worker` on s's data dir and database.
// It is not waited for (it serves no metrics address of its own).
func startBatchWorker(t *testing.T, s *server, workers int) *worker {
	t.Helper()
	return spawnWorker(t, append(append([]string{}, s.env...), fmt.Sprintf("QUIRE_WORKERS=%d", workers)))
}

// TestBatchSurvivesKillNineOfItsWorker: a batch of 48 items in chunks of
// 4, served by a `quire serve` that works no jobs; one `quire worker` is
// killed with SIGKILL midway, then two workers finish it. Every item ends
// completed with exactly one document of its own text, the account has 48
// documents and 48 counted. On PostgreSQL, both new workers took chunks of
// the batch; on SQLite the workers share the database file.
func TestBatchSurvivesKillNineOfItsWorker(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for abandoned jobs to be rescued")
	}
	t.Run("postgres", func(t *testing.T) { batchKillNine(t, pgtest.SchemaURL(t)) })
	t.Run("sqlite", func(t *testing.T) { batchKillNine(t, "") })
}

func batchKillNine(t *testing.T, dbURL string) {
	const n = 48
	s := startServer(t, "QUIRE_DATABASE_URL="+dbURL, "QUIRE_WORKERS=0", "QUIRE_BATCH_CHUNK=4",
		"QUIRE_RENDER_TIMEOUT=3s", "QUIRE_OFFICE_TIMEOUT=3s", "QUIRE_JOB_RESCUE_AFTER=20s", "QUIRE_JOB_RETRY_BASE=100ms")
	key := s.newKey(t, "", "live")
	up := s.upload(t, key, "numbered.html", []byte(`<h1>Batch item {{n}}</h1>`), "Numbered")
	wantStatus(t, up, 201)
	tpl := up.json(t)["id"].(string)
	list := make([]any, n)
	for i := range list {
		list[i] = map[string]any{"n": i}
	}
	created := s.call(t, "POST", "/v1/batches", key, map[string]any{"template_id": tpl, "items": list, "filename": "item-{{n}}"})
	wantStatus(t, created, 202)
	id := created.json(t)["id"].(string)
	batch := func() map[string]any { return s.call(t, "GET", "/v1/batches/"+id, key, nil).json(t) }

	first := startBatchWorker(t, s, 1)
	waitFor(t, 120, func() bool { return batch()["completed"].(float64) >= 8 })
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.cmd.Wait()
	midway := batch()
	t.Logf("killed the worker with %v of %d items made", midway["completed"], n)
	if midway["completed"].(float64) >= n {
		t.Fatalf("the batch finished before the kill: %v", midway)
	}

	startBatchWorker(t, s, 2)
	startBatchWorker(t, s, 2)
	var done map[string]any
	waitFor(t, 240, func() bool {
		done = batch()
		return done["status"] != "pending" && done["status"] != "processing"
	})
	if done["status"] != "completed" || done["completed"] != float64(n) || done["failed"] != 0.0 {
		t.Fatalf("batch after the kill: %v", done)
	}
	page := s.call(t, "GET", "/v1/batches/"+id+"/items?limit=1000", key, nil).json(t)
	seen := map[string]bool{}
	for i, raw := range page["data"].([]any) {
		it := raw.(map[string]any)
		doc, _ := it["document_id"].(string)
		if it["status"] != "completed" || doc == "" || seen[doc] || it["filename"] != fmt.Sprintf("item-%d.pdf", i) {
			t.Fatalf("item %d: %v", i, it)
		}
		seen[doc] = true
		if i%8 != 3 {
			continue
		}
		dl := fetch(t, it["download_url"].(string))
		wantStatus(t, dl, 200)
		if text := strings.Join(pdfText(t, dl.Body), " "); !strings.Contains(text, fmt.Sprintf("Batch item %d", i)) {
			t.Fatalf("item %d has text %q", i, text)
		}
	}
	if docs := s.call(t, "GET", "/v1/documents?limit=1", key, nil).json(t); docs["total"] != float64(n) {
		t.Fatalf("%v documents for %d items: an item was made twice", docs["total"], n)
	}
	if usage := s.call(t, "GET", "/v1/usage", key, nil).json(t); usage["total"] != float64(n) {
		t.Fatalf("usage %v for %d items", usage, n)
	}

	if dbURL == "" {
		return
	}
	// The two new workers (and the killed one) each ran chunks of it.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var workers int
	if err := conn.QueryRow(ctx, `SELECT count(DISTINCT attempted_by[array_length(attempted_by, 1)]) FROM river_job WHERE kind = 'batch_chunk'`).Scan(&workers); err != nil {
		t.Fatal(err)
	}
	if workers < 3 {
		t.Fatalf("the batch's chunks were finished by %d worker processes, want the killed one and both new ones", workers)
	}
}
