package e2e

import (
	"bytes"
	"fmt"
	"github.com/quirehq/quire/internal/store/pgtest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// TestKillNineLosesNothing accepts 100 async documents on a server that
// works no jobs, kills it with SIGKILL, and brings up a fresh server (no
// workers) and a separate `quire worker` on the same data dir and
// database: every accepted document ends completed, with its own PDF.
func TestKillNineLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 100 documents")
	}
	t.Run("sqlite", func(t *testing.T) { killNine(t) })
	t.Run("postgres", func(t *testing.T) { killNine(t, "QUIRE_DATABASE_URL="+pgtest.SchemaURL(t)) })
}

func killNine(t *testing.T, env ...string) {
	const n = 100
	dir := t.TempDir()
	s, err := launch(dir, append(env, "QUIRE_WORKERS=0")...)
	if err != nil {
		t.Fatal(err)
	}
	key := s.newKey(t, "", "live")
	up := s.upload(t, key, "numbered.html", []byte(`<h1>Document number {{n}}</h1>`), "Numbered")
	wantStatus(t, up, 201)
	tpl := up.json(t)["id"].(string)

	ids := make([]string, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			task := accept(t, s, key, "/v1/documents/generate", map[string]any{
				"template_id": tpl, "data": map[string]any{"n": i}, "options": map[string]any{"async": true},
			})
			ids[i] = task["task_id"].(string)
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	pending := s.call(t, "GET", "/v1/documents?status=pending&limit=1", key, nil).json(t)
	if pending["total"].(float64) != n {
		t.Fatalf("%v documents pending before the kill, want %d", pending["total"], n)
	}

	if err := s.cmd.Process.Kill(); err != nil { // SIGKILL: no shutdown of any kind
		t.Fatal(err)
	}
	<-s.exited

	s2, err := launch(dir, append(env, "QUIRE_WORKERS=0")...)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.stop()
	worker := exec.Command(quireBinary(t), "worker")
	worker.Env = append(append([]string{}, s2.env...), "QUIRE_WORKERS=4")
	var logs bytes.Buffer
	worker.Stdout, worker.Stderr = &logs, &logs
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = worker.Process.Signal(os.Interrupt)
		_ = worker.Wait()
		if t.Failed() {
			t.Logf("worker logs:\n%s", logs.String())
		}
	}()

	waitFor(t, 180, func() bool {
		r := s2.call(t, "GET", "/v1/documents?status=completed&limit=1", key, nil)
		return r.Status == 200 && r.json(t)["total"].(float64) == n
	})
	for i, id := range ids {
		st := s2.call(t, "GET", "/v1/tasks/"+id, key, nil).json(t)
		if st["status"] != "completed" {
			t.Fatalf("task %d (%s) after the restart: %v", i, id, st)
		}
		if i%20 != 7 {
			continue
		}
		dl := fetch(t, st["document"].(map[string]any)["download_url"].(string))
		wantStatus(t, dl, 200)
		if text := strings.Join(pdfText(t, dl.Body), " "); !strings.Contains(text, fmt.Sprintf("Document number %d", i)) {
			t.Fatalf("document %d has text %q", i, text)
		}
	}
}

// TestKillNineMidRender kills a server while its workers are rendering:
// the jobs it was running are taken as abandoned after
// QUIRE_JOB_RESCUE_AFTER and run again by the next server, so every
// accepted document still ends completed.
func TestKillNineMidRender(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for abandoned jobs to be rescued")
	}
	const n = 30
	env := []string{"QUIRE_WORKERS=2", "QUIRE_RENDER_TIMEOUT=3s", "QUIRE_OFFICE_TIMEOUT=3s", "QUIRE_JOB_RESCUE_AFTER=20s", "QUIRE_JOB_RETRY_BASE=100ms"}
	dir := t.TempDir()
	s, err := launch(dir, env...)
	if err != nil {
		t.Fatal(err)
	}
	key := s.newKey(t, "", "live")
	ids := make([]string, n)
	for i := range n {
		ids[i] = accept(t, s, key, "/v1/documents/generate", map[string]any{
			"html": fmt.Sprintf("<h1>Rescued %d</h1>", i), "options": map[string]any{"async": true},
		})["task_id"].(string)
	}
	processing := func() bool {
		r := s.call(t, "GET", "/v1/documents?status=processing&limit=1", key, nil)
		return r.Status == 200 && r.json(t)["total"].(float64) > 0
	}
	waitFor(t, 60, processing)
	if err := s.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-s.exited

	s2, err := launch(dir, env...)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.stop()
	stuck := s2.call(t, "GET", "/v1/documents?status=processing&limit=1", key, nil).json(t)["total"].(float64)
	if stuck == 0 {
		t.Log("no render was running at the kill; the test only shows the restart")
	}
	waitFor(t, 150, func() bool {
		r := s2.call(t, "GET", "/v1/documents?status=completed&limit=1", key, nil)
		return r.Status == 200 && r.json(t)["total"].(float64) == n
	})
	for i, id := range ids {
		if st := s2.call(t, "GET", "/v1/tasks/"+id, key, nil).json(t); st["status"] != "completed" {
			t.Fatalf("task %d after the restart (%v were processing at the kill): %v", i, stuck, st)
		}
	}
}
