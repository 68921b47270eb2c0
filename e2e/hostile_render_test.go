package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/render/chromium/chromiumtest"
)

// Hostile HTML through POST /v1/documents/generate: each answer is checked,
// it comes within a bound, and the server is healthy afterwards.

// sharedRenderTimeout is QUIRE_RENDER_TIMEOUT of the shared server.
const sharedRenderTimeout = 8 * time.Second

// hostileMemoryMiB is the server's memory budget after hostile input (the
// browser is a separate process).
const hostileMemoryMiB = 400

// postHTML posts raw HTML and returns the answer and how long it took.
func (s *server) postHTML(t *testing.T, key, html string, options map[string]any) (response, time.Duration) {
	t.Helper()
	body := map[string]any{"html": html}
	if options != nil {
		body["options"] = options
	}
	start := time.Now()
	r := s.call(t, "POST", "/v1/documents/generate", key, body)
	return r, time.Since(start)
}

// pdfOf downloads the PDF of a 201 answer.
func pdfOf(t *testing.T, r response) []byte {
	t.Helper()
	wantStatus(t, r, 201)
	dl := fetch(t, r.json(t)["download_url"].(string))
	wantStatus(t, dl, 200)
	return dl.Body
}

// Issue 8: print() in the document renders as if it were not there.
func TestHostilePrintCallsRenderLikeWithout(t *testing.T) {
	key := shared.newKey(t, "hostile-print@example.com", "live")
	const body = `<h1>PRINT-TEST</h1><p style="break-before:page">second page</p>`
	plain, _ := shared.postHTML(t, key, body, nil)
	want := pdfText(t, pdfOf(t, plain))
	calls := map[string]string{
		"onload": `<body onload="window.print()">` + body + `<script></script></body>`,
		"inline": body + `<script>window.print()</script>`,
		"timer":  body + `<script>setTimeout(() => print(), 0); setTimeout(() => print(), 30)</script>`,
	}
	for name, html := range calls {
		t.Run(name, func(t *testing.T) {
			r, took := shared.postHTML(t, key, html, nil)
			got := pdfText(t, pdfOf(t, r))
			if len(got) != len(want) || r.json(t)["pages"].(float64) != float64(len(want)) {
				t.Fatalf("%d pages, want %d", len(got), len(want))
			}
			for i := range want {
				if strings.TrimSpace(got[i]) != strings.TrimSpace(want[i]) {
					t.Errorf("page %d: %q, want %q", i+1, got[i], want[i])
				}
			}
			if took > sharedRenderTimeout {
				t.Errorf("took %s", took)
			}
		})
	}
	shared.assertHealthy(t, key, hostileMemoryMiB)
}

// A navigation away from the document is refused: the PDF has the original
// text every time, the answer comes in bounded time, nothing is reached.
func TestHostileNavigationKeepsTheDocument(t *testing.T) {
	key := shared.newKey(t, "hostile-nav@example.com", "live")
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = w.Write([]byte("<p>LEAKED</p>"))
	}))
	defer srv.Close()
	vectors := map[string]string{
		"meta-refresh":    `<meta http-equiv="refresh" content="0;url=` + srv.URL + `/refresh"><p>ORIGINAL</p>`,
		"meta-refresh-1s": `<meta http-equiv="refresh" content="1;url=` + srv.URL + `/refresh"><p>ORIGINAL</p>`,
		"location-href":   `<p>ORIGINAL</p><script>location.href = "` + srv.URL + `/href"</script>`,
		"location-onload": `<p>ORIGINAL</p><script>onload = () => location.replace("` + srv.URL + `/replace")</script>`,
		"form-submit":     `<p>ORIGINAL</p><form id=f method=post action="` + srv.URL + `/form"></form><script>document.getElementById("f").submit()</script>`,
		"link-target-top": `<p>ORIGINAL</p><a id=a target=_top href="` + srv.URL + `/top">x</a><script>document.getElementById("a").click()</script>`,
	}
	for name, html := range vectors {
		t.Run(name, func(t *testing.T) {
			for i := range 3 {
				r, took := shared.postHTML(t, key, html, nil)
				if took > sharedRenderTimeout {
					t.Errorf("try %d took %s", i, took)
				}
				text := strings.Join(pdfText(t, pdfOf(t, r)), "")
				if !strings.Contains(text, "ORIGINAL") || strings.Contains(text, "LEAKED") || strings.Contains(text, "blocked") {
					t.Fatalf("try %d printed %q, want the original document", i, text)
				}
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the local server got %d requests", n)
	}
	shared.assertHealthy(t, key, hostileMemoryMiB)
}

// WebRTC sends nothing: a STUN and a TURN server on a local UDP port hear
// no datagram. (The engine's package tests show the same page does reach
// the listener without the lockdown.)
func TestHostileWebRTCSendsNoUDP(t *testing.T) {
	key := shared.newKey(t, "hostile-webrtc@example.com", "live")
	udp := chromiumtest.ListenUDP(t)
	html := chromiumtest.STUNPage(udp.Port())
	for range 3 {
		r, _ := shared.postHTML(t, key, html, nil)
		if text := pdfText(t, pdfOf(t, r))[0]; !strings.Contains(text, "no webrtc") {
			t.Errorf("page has WebRTC: %q", text)
		}
	}
	time.Sleep(time.Second)
	if n := udp.Got(); n != 0 {
		t.Errorf("%d UDP datagrams reached the listener", n)
	}
	shared.assertHealthy(t, key, hostileMemoryMiB)
}

// External stylesheets, @import and fonts in headers and footers are
// skipped as in the body: the document renders with its header and footer.
func TestHostileHeaderFooterResources(t *testing.T) {
	key := shared.newKey(t, "hostile-hf@example.com", "live")
	refs := map[string]string{
		"stylesheet": `<link rel="stylesheet" href="http://127.0.0.1:9/hf.css">`,
		"import":     `<style>@import url("http://127.0.0.1:9/i.css");</style>`,
		"font-face":  `<style>@font-face{font-family:F;src:url(http://127.0.0.1:9/f.woff)}</style>`,
		"img":        `<img src="http://127.0.0.1:9/logo.png">`,
		"print":      `<script>print()</script>`,
	}
	for name, ref := range refs {
		t.Run(name, func(t *testing.T) {
			r, _ := shared.postHTML(t, key, "<p>BODY-TEXT</p>", map[string]any{
				"header": ref + `<span>HEADER-TEXT</span>`,
				"footer": ref + `<span>FOOTER-TEXT</span>`,
			})
			text := pdfText(t, pdfOf(t, r))[0]
			for _, want := range []string{"BODY-TEXT", "HEADER-TEXT", "FOOTER-TEXT"} {
				if !strings.Contains(text, want) {
					t.Errorf("no %s in %q", want, text)
				}
			}
		})
	}
	shared.assertHealthy(t, key, hostileMemoryMiB)
}

// Output that would take Chromium minutes is answered within the render
// timeout and a margin: rendered, refused for its pages, or timed out.
func TestHostileHugeOutputAnsweredInTime(t *testing.T) {
	key := shared.newKey(t, "hostile-huge@example.com", "live")
	const margin = 5 * time.Second
	cases := map[string]string{
		"100k-pages": strings.Repeat(`<div style="height:1000000px"></div>`, 100),
		"50k-spans":  `<body><script>const p = document.createElement("p"); for (let i = 0; i < 50000; i++) { const s = document.createElement("span"); s.textContent = "word" + i + " "; p.append(s) } document.body.append(p)</script></body>`,
		"huge-word":  `<body><script>const p = document.createElement("p"); p.textContent = "x".repeat(2000000); document.body.append(p)</script></body>`,
	}
	for name, html := range cases {
		t.Run(name, func(t *testing.T) {
			r, took := shared.postHTML(t, key, html, nil)
			t.Logf("%s: %d after %s: %.200s", name, r.Status, took.Round(time.Millisecond), r.Body)
			if took > sharedRenderTimeout+margin {
				t.Errorf("answered after %s (render timeout %s)", took, sharedRenderTimeout)
			}
			if r.Status != 201 {
				if code := r.errorCode(t); r.Status != 422 || (code != "TOO_MANY_PAGES" && code != "RENDER_TIMEOUT" && code != "OUTPUT_TOO_LARGE") {
					t.Errorf("answer %d %s", r.Status, code)
				}
			}
			shared.assertHealthy(t, key, hostileMemoryMiB)
		})
	}
}

// QUIRE_MAX_PAGES stops the print: a document far longer than the limit is
// refused with TOO_MANY_PAGES naming the setting, well within the timeout.
// QUIRE_MAX_PDF_BYTES refuses a larger PDF, naming its setting too.
func TestHostileOutputLimits(t *testing.T) {
	s := startServer(t, "QUIRE_MAX_PAGES=20", "QUIRE_MAX_PDF_BYTES=30000", "QUIRE_RENDER_TIMEOUT=20s")
	key := s.newKey(t, "", "live")
	r, took := s.postHTML(t, key, `<div style="height:2000000px"></div>`, nil)
	wantError(t, r, 422, "TOO_MANY_PAGES")
	if msg := r.message(t); !strings.Contains(msg, "QUIRE_MAX_PAGES") || !strings.Contains(msg, "20 pages") {
		t.Errorf("message %q does not name the limit", msg)
	}
	if took > 10*time.Second {
		t.Errorf("refused after %s", took)
	}
	ok, _ := s.postHTML(t, key, `<style>p{break-after:page}</style>`+strings.Repeat("<p>page</p>", 20), nil)
	if n := ok.json(t)["pages"]; n != float64(20) {
		t.Errorf("a document of exactly the limit: %d %v pages", ok.Status, n)
	}

	// 15 pages (within the page limit), each a page of small varied text: over 30,000
	// bytes even untagged. (300 sentences a page ran past 20 pages; only the
	// tagged output's size made that answer OUTPUT_TOO_LARGE first.)
	var html strings.Builder
	for i := range 15 {
		html.WriteString("<div style='break-after:page;font-size:6px'>")
		for j := range 600 {
			fmt.Fprintf(&html, "%08x ", uint32(i*2654435761+j*40503)*2246822519)
		}
		html.WriteString("</div>")
	}
	r, _ = s.postHTML(t, key, html.String(), nil)
	wantError(t, r, 422, "OUTPUT_TOO_LARGE")
	if msg := r.message(t); !strings.Contains(msg, "QUIRE_MAX_PDF_BYTES") {
		t.Errorf("message %q does not name the setting", msg)
	}
	s.assertHealthy(t, key, hostileMemoryMiB)
}

// A renderer process killed under a render is noticed at once: the render
// is retried on a fresh page and answers 201, and a render queued behind it
// is not held up. Killed in the retry too, the render answers 503 with
// Retry-After, never RENDER_TIMEOUT.
func TestHostileCrashedRendererIsRetried(t *testing.T) {
	const timeout = 20 * time.Second
	s := startServer(t, "QUIRE_RENDER_TIMEOUT=20s", "QUIRE_CHROMIUM_TABS=1")
	key := s.newKey(t, "", "live")
	busy := `<script>const t0 = Date.now(); while (Date.now() - t0 < 1500) {}</script>`

	var wg sync.WaitGroup
	answers := make([]response, 2)
	start := time.Now()
	for i := range 2 {
		wg.Go(func() { answers[i], _ = s.postHTML(t, key, fmt.Sprintf("<p>survivor %d</p>", i)+busy, nil) })
	}
	time.Sleep(700 * time.Millisecond)
	if len(chromiumtest.RendererPIDs(s.cmd.Process.Pid)) == 0 {
		t.Fatal("no renderer process found")
	}
	for _, pid := range chromiumtest.RendererPIDs(s.cmd.Process.Pid) {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	wg.Wait()
	for i, r := range answers {
		text := pdfText(t, pdfOf(t, r))[0]
		if !strings.Contains(text, fmt.Sprintf("survivor %d", i)) {
			t.Errorf("render %d printed %q", i, text)
		}
	}
	if took := time.Since(start); took > timeout {
		t.Errorf("renders took %s: the crash was not noticed at once", took)
	}

	// Killed in the first try and again in the retry: 503 with Retry-After
	// (or 201 when a kill missed), never a timeout.
	long := `<script>const t0 = Date.now(); while (Date.now() - t0 < 3000) {}</script>`
	done := make(chan response, 1)
	start = time.Now()
	go func() { r, _ := s.postHTML(t, key, "<p>twice</p>"+long, nil); done <- r }()
	for _, at := range []time.Duration{700 * time.Millisecond, 2500 * time.Millisecond} {
		time.Sleep(time.Until(start.Add(at)))
		for _, pid := range chromiumtest.RendererPIDs(s.cmd.Process.Pid) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
	r := <-done
	took := time.Since(start)
	t.Logf("killed twice: %d after %s: %s", r.Status, took.Round(time.Millisecond), r.Body)
	switch r.Status {
	case 503:
		wantError(t, r, 503, "SERVICE_UNAVAILABLE")
		if r.Header.Get("Retry-After") == "" {
			t.Errorf("503 without Retry-After")
		}
	case 201:
	default:
		t.Errorf("killed twice: %d %s, want 503 or 201", r.Status, r.Body)
	}
	if took > timeout {
		t.Errorf("killed twice: answered after %s", took)
	}
	s.assertHealthy(t, key, hostileMemoryMiB)
}
