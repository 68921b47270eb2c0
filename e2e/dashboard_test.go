package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestDashboardJourney is a person's first hour, in real Chromium: sign up,
// create a live key and copy it, upload the example invoice, shape it in the
// editor while the preview follows, hit a template error shown at its line,
// fix and save, generate and download the PDF, revoke the key (the API then
// refuses it), sign out (the session is over) and sign in again.
func TestDashboardJourney(t *testing.T) {
	s := shared
	b := newBrowser(t, 4*time.Minute)
	base := s.URL + "/dashboard"
	email := "dash-ada@example.com"

	// Sign up.
	b.open(base + "/signup")
	b.fill("#name", "Ada Lovelace")
	b.fill("#email", email)
	b.fill("#password", "correct horse battery")
	b.submit("#signup-submit")
	if got := b.text("#me"); got != email {
		t.Fatalf("signed in as %q, want %q", got, email)
	}
	c := b.cookie("quire_session")
	if c == nil || !c.HTTPOnly || c.SameSite != "Lax" || c.Secure || c.Path != "/" {
		t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, not Secure over http", c)
	}

	// A live key, shown once.
	b.open(base + "/keys")
	b.fill("#key-name", "Production")
	b.submit("#create-key-submit")
	raw := eval[string](b, `document.getElementById('raw-key').value`)
	if !strings.HasPrefix(raw, "qk_live_") {
		t.Fatalf("raw key %q is not a live key", raw)
	}
	b.screenshot("keys")
	b.do(chromedp.Click(chromedp.CSS("#copy-key")))
	if got := b.text("#copy-key"); got != "Copied" {
		t.Fatalf("copy button says %q", got)
	}
	wantStatus(t, s.call(t, "GET", "/v1/templates", raw, nil), 200)
	b.open(base + "/keys")
	if html := eval[string](b, `document.documentElement.outerHTML`); strings.Contains(html, raw) {
		t.Fatal("the raw key is shown again after a reload")
	}

	// Upload the example invoice with the file picker.
	b.open(base + "/templates")
	abs, _ := filepath.Abs("../examples/invoice/template.html")
	b.do(chromedp.SetUploadFiles(chromedp.CSS("#upload-file"), []string{abs}))
	b.submit("#upload-submit")
	b.do(chromedp.WaitVisible(chromedp.CSS("#source-editor .cm-content")))
	tplID := eval[string](b, `document.getElementById('editor').dataset.template`)

	// Real data in the JSON editor; the preview shows it.
	data, err := os.ReadFile("../examples/invoice/data.json")
	if err != nil {
		t.Fatal(err)
	}
	quoted, _ := json.Marshal(string(data))
	eval[bool](b, fmt.Sprintf(`(() => { const v = quireEditor.data; v.dispatch({changes: {from: 0, to: v.state.doc.length, insert: %s}}); return true })()`, quoted))
	b.waitFor(`(document.getElementById('preview').dataset.text || '').includes('INV-2026-0042')`, 30*time.Second)

	// Type into the template, as a person: a new line after <body>.
	eval[bool](b, `(() => { const v = quireEditor.source; v.focus(); v.dispatch({selection: {anchor: v.state.doc.toString().indexOf('<body>') + 6}}); return true })()`)
	b.do(chromedp.KeyEvent(kb.Enter + "Typed in the dashboard"))
	b.waitFor(`(document.getElementById('preview').dataset.text || '').includes('Typed in the dashboard')`, 30*time.Second)
	if got := b.text("#save-state"); got != "Unsaved changes" {
		t.Fatalf("save state %q after an edit", got)
	}
	eval[bool](b, `(window.scrollTo(0, 0), true)`)
	b.screenshot("editor")

	// Keystroke → refreshed preview, for docs/performance.md.
	var lat, server, draw []time.Duration
	for i := range 10 {
		before := eval[string](b, `document.getElementById('preview').dataset.version`)
		b.do(chromedp.KeyEvent(fmt.Sprint(i % 10)))
		start := time.Now()
		for eval[string](b, `document.getElementById('preview').dataset.version`) == before {
			if time.Since(start) > 30*time.Second {
				t.Fatalf("the preview did not refresh after a keystroke: %s %s", b.text("#preview-state"), eval[string](b, `document.getElementById('editor-error').textContent`))
			}
			time.Sleep(5 * time.Millisecond)
		}
		lat = append(lat, time.Since(start))
		server = append(server, time.Duration(eval[float64](b, `+document.getElementById('preview').dataset.fetchMs`)*float64(time.Millisecond)))
		draw = append(draw, time.Duration(eval[float64](b, `+document.getElementById('preview').dataset.drawMs`)*float64(time.Millisecond)))
	}
	pct := func(d []time.Duration, p int) time.Duration {
		slices.Sort(d)
		return d[min(len(d)-1, len(d)*p/100)].Round(time.Millisecond)
	}
	t.Logf("keystroke → refreshed preview of the example invoice (n=%d): p50 %v, p95 %v; of which request (render on the server) p50 %v, p95 %v; drawing with pdf.js p50 %v, p95 %v",
		len(lat), pct(lat, 50), pct(lat, 95), pct(server, 50), pct(server, 95), pct(draw, 50), pct(draw, 95))
	b.do(chromedp.KeyEvent(strings.Repeat(kb.Backspace, 10)))

	// An unknown helper is shown at its line and column, not as a blank preview.
	b.do(chromedp.KeyEvent(" {{nosuchhelper x}}"))
	b.waitFor(`!document.getElementById('editor-error').hidden`, 30*time.Second)
	line := eval[string](b, `document.getElementById('editor-error').dataset.line`)
	col := eval[string](b, `document.getElementById('editor-error').dataset.column`)
	// Where the person typed it, counted as the editor counts (1-based).
	where := eval[[]int](b, `(() => { const d = quireEditor.source.state.doc; for (let n = 1; n <= d.lines; n++) { const i = d.line(n).text.indexOf('{{nosuchhelper'); if (i >= 0) return [n, i + 1] } return [0, 0] })()`)
	if line != fmt.Sprint(where[0]) || col != fmt.Sprint(where[1]) || where[0] == 0 {
		t.Fatalf("error at line %s column %s, want %d:%d: %s", line, col, where[0], where[1], b.text("#editor-error"))
	}
	if msg := b.text("#editor-error"); !strings.Contains(msg, "nosuchhelper") {
		t.Fatalf("error message %q does not name the helper", msg)
	}
	b.do(chromedp.WaitVisible(chromedp.CSS("#source-editor .cm-lintRange-error")))
	if !strings.Contains(eval[string](b, `document.getElementById('preview').dataset.text`), "Typed in the dashboard") {
		t.Fatal("the preview went blank on a template error")
	}

	// Fix it and save.
	b.do(chromedp.KeyEvent(strings.Repeat(kb.Backspace, len(" {{nosuchhelper x}}"))))
	b.waitFor(`document.getElementById('editor-error').hidden`, 30*time.Second)
	if got := eval[string](b, fmt.Sprintf(`quireEditor.source.state.doc.line(%d).text.trim()`, where[0])); got != "Typed in the dashboard" {
		t.Fatalf("line %d is %q after the fix", where[0], got)
	}
	b.do(chromedp.Click(chromedp.CSS("#save")))
	b.waitFor(`document.getElementById('save-state').textContent.startsWith('Saved ·')`, 30*time.Second)

	// Page options: a bottom margin and a footer with page numbers, in the
	// preview as in the generated PDF (the template's own @page size wins
	// over the format, in both).
	b.do(chromedp.Click(chromedp.CSS("#editor details summary")))
	b.fill("#opt-mb", "20mm")
	b.do(chromedp.SendKeys(chromedp.CSS("#opt-footer"), `<div style="font-size:10px;width:100%;text-align:center">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`))
	b.waitFor(`(() => { const c = document.querySelector('#preview canvas'); const p = document.getElementById('preview');
		return c && (p.dataset.text || '').includes('Page 1 of') })()`, 30*time.Second)
	previewRatio := eval[float64](b, `(() => { const c = document.querySelector('#preview canvas'); return c.width / c.height })()`)

	// Generate a document from the dashboard and download it.
	b.do(chromedp.Click(chromedp.CSS("#generate")))
	b.do(chromedp.WaitVisible(chromedp.CSS("#download-link")))
	href := eval[string](b, `document.getElementById('download-link').href`)
	pdf := do(t, b.sessionRequest("GET", href))
	wantStatus(t, pdf, 200)
	text := strings.Join(pdfText(t, pdf.Body), "\n")
	if size := pageSizes(t, pdf.Body)[0]; size[0]/size[1] < previewRatio*0.99 || size[0]/size[1] > previewRatio*1.01 {
		t.Fatalf("generated page is %v, the preview's ratio %.3f", size, previewRatio)
	}
	for _, want := range []string{"Typed in the dashboard", "INV-2026-0042", "Jane Smith", "Page 1 of"} {
		if !strings.Contains(text, want) {
			t.Fatalf("downloaded PDF lacks %q:\n%s", want, text)
		}
	}
	// Previews are not documents: only the generated one exists and counts.
	docs := s.call(t, "GET", "/v1/documents", raw, nil).json(t)
	if docs["total"] != float64(1) {
		t.Fatalf("%v documents after many previews and one generate, want 1", docs["total"])
	}
	if used := s.call(t, "GET", "/v1/usage", raw, nil).json(t)["total"]; used != float64(1) {
		t.Fatalf("usage %v after many previews and one generate, want 1", used)
	}

	// Leaving with unsaved changes asks first.
	eval[bool](b, `(() => { const v = quireEditor.source; v.focus(); v.dispatch({selection: {anchor: v.state.doc.length}}); return true })()`)
	b.do(chromedp.KeyEvent("<!-- unsaved -->"))
	b.open(base + "/documents")
	if !b.sawDialog("beforeunload") {
		t.Fatal("leaving the editor with unsaved changes did not ask first")
	}
	if got := b.text("#documents-table tbody tr td a"); !strings.HasSuffix(got, ".pdf") {
		t.Fatalf("documents list shows %q", got)
	}
	b.screenshot("documents")
	b.open(base + "/templates")
	b.screenshot("templates")
	b.open(base + "/")
	if got := b.text("#used"); !strings.HasPrefix(got, "1 /") {
		t.Fatalf("overview shows %q documents this month", got)
	}
	b.screenshot("overview")
	b.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(1)))
	b.open(base + "/")
	if w := eval[float64](b, `document.documentElement.scrollWidth`); w > 400 {
		t.Fatalf("the overview is %vpx wide at phone width", w)
	}
	b.screenshot("overview-phone")
	b.do(chromedp.ResetViewport())

	// Revoke the key (confirming the dialog): the API refuses it at once.
	b.open(base + "/keys")
	b.submit(`#keys-table form[action$="/revoke"] button`)
	if got := b.text("#flash"); !strings.Contains(got, "revoked") {
		t.Fatalf("flash %q after revoking", got)
	}
	wantError(t, s.call(t, "GET", "/v1/templates", raw, nil), 401, "UNAUTHORIZED")

	// Sign out: the old cookie no longer opens the dashboard or the key API.
	old := b.sessionRequest("GET", base+"/")
	oldKeys := b.sessionRequest("GET", s.URL+"/v1/api-keys")
	b.submit("#signout")
	if loc := b.location(); !strings.Contains(loc, "/dashboard/signin") {
		t.Fatalf("after sign-out the browser is at %s", loc)
	}
	if b.cookie("quire_session") != nil {
		t.Fatal("the session cookie survived sign-out")
	}
	resp := noRedirect(t, old)
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "/dashboard/signin") {
		t.Fatalf("old session cookie after sign-out: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	wantError(t, do(t, oldKeys), 401, "UNAUTHORIZED")

	// Wrong password, then the right one.
	b.fill("#email", email)
	b.fill("#password", "wrong password!")
	b.submit("#signin-submit")
	if got := b.text("#auth-error"); !strings.Contains(got, "invalid email or password") {
		t.Fatalf("wrong password shows %q", got)
	}
	if b.cookie("quire_session") != nil {
		t.Fatal("a wrong password set a session cookie")
	}
	b.fill("#password", "correct horse battery")
	b.submit("#signin-submit")
	if got := b.text("#me"); got != email {
		t.Fatalf("signed in again as %q", got)
	}
	b.open(base + "/templates/" + tplID)
	b.do(chromedp.WaitVisible(chromedp.CSS("#source-editor .cm-content")))
}

// noRedirect sends req without following redirects.
func noRedirect(t testing.TB, req *http.Request) *http.Response {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}
