package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/render/chromium/chromiumtest"
	"github.com/quirehq/quire/internal/store/pgtest"
	"github.com/quirehq/quire/internal/testenv"
)

// QUIRE_CHROMIUM_URL: `quire serve` renders on a Chromium it did not start
// (a second local one here, as a browser on another machine would be),
// starts no browser of its own, says which browser it uses in /readyz,
// answers 503 with a clear message while that browser is gone, and renders
// again once it is back on the same port.
func TestServeOnRemoteBrowser(t *testing.T) {
	exe := testenv.Command(t, "chromium", "chromium")
	remote := chromiumtest.StartRemote(t, exe)
	const token = "remote-metrics-token"
	s := startServer(t, "QUIRE_CHROMIUM_URL="+remote.WebSocketURL(), "QUIRE_CHROMIUM_PATH=/nonexistent/chromium", "QUIRE_METRICS_TOKEN="+token)
	browserUp := func() float64 { return sample(scrape(t, s.URL+"/metrics", token), "quire_browser_up") }
	key := s.newKey(t, "remote@example.com", "live")

	ready := s.call(t, "GET", "/readyz", "", nil)
	wantStatus(t, ready, 200)
	browser, _ := ready.json(t)["versions"].(map[string]any)["browser"].(string)
	if !strings.Contains(browser, "Chrome/") || !strings.Contains(browser, "(remote, ws://"+remote.Addr+")") {
		t.Errorf("/readyz browser version = %q, want the remote named", browser)
	}
	if pids := chromiumtest.RendererPIDs(s.cmd.Process.Pid); len(pids) != 0 {
		t.Errorf("quire serve started renderer processes of its own: %v", pids)
	}

	generateText := func(text string) response {
		return s.call(t, "POST", "/v1/documents/generate", key, map[string]any{"html": "<h1>" + text + "</h1>"})
	}
	r := generateText("Rendered on the remote browser")
	wantStatus(t, r, 201)
	dl := fetch(t, r.json(t)["download_url"].(string))
	wantStatus(t, dl, 200)
	if got := testenv.PDFText(t, dl.Body); !strings.Contains(got, "Rendered on the remote browser") {
		t.Errorf("PDF text = %q", got)
	}

	if up := browserUp(); up != 1 {
		t.Errorf("quire_browser_up = %v before the remote went down", up)
	}

	remote.Kill()
	var down response
	for try := 0; try < 50; try++ {
		if down = generateText("while down"); down.Status == 503 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	wantError(t, down, 503, "SERVICE_UNAVAILABLE")
	if msg := down.message(t); !strings.Contains(msg, "remote browser") || strings.Contains(msg, remote.Addr) {
		t.Errorf("message while down = %q, want the remote browser named, not its address", msg)
	}
	notReady := s.call(t, "GET", "/readyz", "", nil)
	if check, _ := notReady.json(t)["checks"].(map[string]any)["browser"].(string); notReady.Status != 503 || !strings.Contains(check, remote.Addr) {
		t.Errorf("/readyz while down: %d, browser check %q", notReady.Status, check)
	}

	if up := browserUp(); up != 0 {
		t.Errorf("quire_browser_up = %v while the remote is down", up)
	}

	remote.Start()
	var back response
	for try := 0; try < 60; try++ {
		if back = generateText(fmt.Sprintf("back %d", try)); back.Status == 201 {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	wantStatus(t, back, 201)
	dl = fetch(t, back.json(t)["download_url"].(string))
	if got := testenv.PDFText(t, dl.Body); !strings.Contains(got, "back ") {
		t.Errorf("PDF text after the remote came back = %q", got)
	}
	wantStatus(t, s.call(t, "GET", "/readyz", "", nil), 200)
	if up := browserUp(); up != 1 {
		t.Errorf("quire_browser_up = %v after the remote came back", up)
	}

	// The operator's log tells the story, with the remote's address only;
	// the node's browser contexts are gone from the remote once it stopped.
	s.stop()
	if n := remote.AwaitBrowserContexts(0); n != 0 {
		t.Errorf("%d browser contexts left on the remote after the node stopped", n)
	}
	logs := s.logs.String()
	for _, want := range []string{"lost the connection to the remote browser, reconnecting", "browser restart failed, trying again", "browser serves again", "remote=ws://" + remote.Addr} {
		if !strings.Contains(logs, want) {
			t.Errorf("server logs lack %q:\n%s", want, tail(logs, 3000))
		}
	}
	if strings.Contains(logs, "/devtools/browser/") {
		t.Errorf("server logs show the remote's websocket path:\n%s", tail(logs, 3000))
	}
}

// A node whose remote browser cannot be reached at start exits with an
// error that names the setting and the address, not the URL's token.
func TestServeRefusesAnUnreachableRemoteBrowser(t *testing.T) {
	addr := testenv.FreeAddr(t) // nothing listens there
	_, err := launch(t.TempDir(), "QUIRE_CHROMIUM_URL=http://"+addr+"/?token=s3cret-token")
	if err == nil {
		t.Fatal("quire serve started without its remote browser")
	}
	msg := err.Error()
	if !strings.Contains(msg, "QUIRE_CHROMIUM_URL") || !strings.Contains(msg, "http://"+addr) || strings.Contains(msg, "s3cret-token") {
		t.Errorf("start error does not name the setting and the address, or shows the token:\n%s", msg)
	}
}

// A node killed with kill -9 leaves nothing on the remote browser: its
// browser contexts end with its connection.
func TestKilledNodeLeavesNothingOnTheRemoteBrowser(t *testing.T) {
	remote := chromiumtest.StartRemote(t, testenv.Command(t, "chromium", "chromium"))
	s := startServer(t, "QUIRE_CHROMIUM_URL="+remote.HTTPURL(), "QUIRE_CHROMIUM_TABS=3")
	if n := remote.BrowserContexts(); n != 3 {
		t.Errorf("browser contexts on the remote = %d, want the node's 3 tabs", n)
	}
	_ = s.cmd.Process.Kill()
	<-s.exited
	if n := remote.AwaitBrowserContexts(0); n != 0 {
		t.Errorf("%d browser contexts left on the remote after kill -9 of the node", n)
	}
}

// Rendering scales apart: a serve node (sync renders) and a worker node
// (async renders) on one PostgreSQL share one remote browser, each with its
// own tabs there, and neither starts a browser of its own.
func TestServeAndWorkerShareARemoteBrowser(t *testing.T) {
	remote := chromiumtest.StartRemote(t, testenv.Command(t, "chromium", "chromium"))
	env := []string{"QUIRE_DATABASE_URL=" + pgtest.SchemaURL(t),
		"QUIRE_BLOB_URL=file://" + t.TempDir() + "?no_tmp_dir=true&metadata=skip",
		"QUIRE_SIGNING_KEY=remote-browser-signing-key-0123456789", "QUIRE_CHROMIUM_URL=" + remote.HTTPURL(),
		"QUIRE_CHROMIUM_PATH=/nonexistent/chromium", "QUIRE_CHROMIUM_TABS=2"}
	s := startServer(t, append(env, "QUIRE_WORKERS=0")...)
	w := startWorker(t, append(env, "QUIRE_WORKERS=2"))
	if n := remote.BrowserContexts(); n != 4 {
		t.Errorf("browser contexts on the remote = %d, want 2 tabs of each node", n)
	}
	for _, pid := range []int{s.cmd.Process.Pid, w.cmd.Process.Pid} {
		if r := chromiumtest.RendererPIDs(pid); len(r) != 0 {
			t.Errorf("node %d started renderer processes of its own: %v", pid, r)
		}
	}

	key := s.newKey(t, "shared-remote@example.com", "live")
	sync := s.call(t, "POST", "/v1/documents/generate", key, map[string]any{"html": "<p>sync on the serve node</p>"})
	wantStatus(t, sync, 201)
	task := accept(t, s, key, "/v1/documents/generate", map[string]any{"html": "<p>async on the worker node</p>", "options": map[string]any{"async": true}})
	st := awaitTask(t, s, key, task["check_status_url"].(string), 60)
	if st["status"] != "completed" {
		t.Fatalf("task: %v", st)
	}
	for want, url := range map[string]string{
		"sync on the serve node":   sync.json(t)["download_url"].(string),
		"async on the worker node": st["document"].(map[string]any)["download_url"].(string),
	} {
		dl := fetch(t, url)
		wantStatus(t, dl, 200)
		if got := testenv.PDFText(t, dl.Body); !strings.Contains(got, want) {
			t.Errorf("PDF text = %q, want %q", got, want)
		}
	}
}
