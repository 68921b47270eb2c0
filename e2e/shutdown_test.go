package e2e

import (
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestGracefulShutdown: on SIGTERM readiness fails at once, a render in
// flight completes with its document, and the process exits cleanly.
func TestGracefulShutdown(t *testing.T) {
	s := startServer(t, "QUIRE_DRAIN_DELAY=2s")
	key := s.newKey(t, "drain@example.com", "live")
	rows := make([]int, 4000)
	type answer struct {
		r  response
		at time.Time
	}
	done := make(chan answer, 1)
	go func() {
		r := s.call(t, "POST", "/v1/documents/generate", key, map[string]any{
			"html": "<table>{{#each rows}}<tr><td>row {{@index}}</td><td>a line of a long report</td></tr>{{/each}}</table>",
			"data": map[string]any{"rows": rows}})
		done <- answer{r, time.Now()}
	}()
	time.Sleep(300 * time.Millisecond) // the request is in the server
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	signalled := time.Now()
	// The signal arrives asynchronously; within the drain delay the server
	// still answers, with readiness failed.
	var ready response
	for range 20 {
		if ready = s.call(t, "GET", "/readyz", "", nil); ready.Status != 200 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if ready.Status != 503 || !strings.Contains(string(ready.Body), "shutting down") {
		t.Errorf("readyz after SIGTERM: %d %s", ready.Status, ready.Body)
	}
	a := <-done
	if a.at.Before(signalled) {
		t.Fatalf("the render finished before SIGTERM (%d): it did not test the drain; make it longer", a.r.Status)
	}
	wantStatus(t, a.r, 201)
	id := a.r.json(t)["id"].(string)
	select {
	case <-s.exited:
	case <-time.After(60 * time.Second):
		t.Fatal("the server did not exit within 60 s of SIGTERM")
	}
	if code := s.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("exit code %d after SIGTERM", code)
	}
	if !strings.Contains(s.logs.String(), "shutting down") {
		t.Error("no shutdown line in the logs")
	}
	// The document outlives the process: a new one on the same data dir
	// serves it whole.
	again, err := launch(s.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer again.stop()
	doc := again.call(t, "GET", "/v1/documents/"+id+"/download", key, nil)
	wantStatus(t, doc, 200)
	pdf := fetch(t, doc.json(t)["download_url"].(string))
	wantStatus(t, pdf, 200)
	if pages := pdfText(t, pdf.Body); len(pages) < 2 || !strings.Contains(pages[len(pages)-1], "row 3999") {
		t.Fatalf("the drained render's PDF: %d pages", len(pages))
	}
}
