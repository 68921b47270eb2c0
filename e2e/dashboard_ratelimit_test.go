package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestDashboardPreviewRateLimit: past QUIRE_PREVIEW_RATE_LIMIT previews a
// minute the editor tells the person so, keeps the last preview, and
// catches up by itself once the minute has passed; previews never become
// documents.
func TestDashboardPreviewRateLimit(t *testing.T) {
	s := startServer(t, "QUIRE_PREVIEW_RATE_LIMIT=3")
	b := newBrowser(t, 3*time.Minute)
	base := s.URL + "/dashboard"
	signUpInBrowser(t, b, base, "dash-previews@example.com")
	key := createKeyInBrowser(t, b, base, "API", "live")

	uploadInBrowser(t, b, base, "hello.html", "<p>Hello {{name}}</p>\n")
	b.waitFor(`document.getElementById('preview-state').textContent.startsWith('Up to date')`, 30*time.Second)
	eval[bool](b, `(() => { const v = quireEditor.source; v.focus(); v.dispatch({selection: {anchor: v.state.doc.toString().indexOf('</p>')}}); return true })()`)

	// Type, a letter at a time, waiting for each preview, until refused.
	settled := `(() => { const s = document.getElementById('preview-state').textContent; return s.startsWith('Up to date') || s.startsWith('Too many') })()`
	typed := ""
	for i := 0; !strings.HasPrefix(b.text("#preview-state"), "Too many"); i++ {
		if i == 5 {
			t.Fatalf("previews never refused past the limit of 3: %s", b.text("#preview-state"))
		}
		c := string(rune('a' + i))
		b.do(chromedp.KeyEvent(c))
		typed += c
		b.waitFor(`document.getElementById('preview-state').textContent.startsWith('Waiting') || document.getElementById('preview-state').textContent.startsWith('Rendering')`, 10*time.Second)
		b.waitFor(settled, 30*time.Second)
	}
	if msg := b.text("#preview-state"); !strings.Contains(msg, "at most 3 a minute") {
		t.Fatalf("the person is told %q when previews are refused", msg)
	}
	if !eval[bool](b, `document.getElementById('editor-error').hidden`) {
		t.Fatalf("a refused preview is shown as a template error: %s", b.text("#editor-error"))
	}
	if got := eval[string](b, `document.getElementById('preview').dataset.text`); !strings.Contains(got, "Hello") {
		t.Fatalf("the preview went blank when refused: %q", got)
	}
	if n := eval[int](b, `document.querySelectorAll('#preview canvas').length`); n != 1 {
		t.Fatalf("%d pages drawn while refused", n)
	}
	b.screenshot("preview-rate-limited")

	// It catches up by itself when the minute is over, with what was typed.
	b.waitFor(`document.getElementById('preview-state').textContent.startsWith('Up to date') && document.getElementById('editor-error').hidden`, 90*time.Second)
	if got := eval[string](b, `document.getElementById('preview').dataset.text`); !strings.Contains(got, typed) {
		t.Fatalf("after the limit the preview says %q, want it to include %q", got, typed)
	}

	// Previews are not documents.
	if docs := s.call(t, "GET", "/v1/documents", key, nil).json(t); docs["total"] != 0.0 {
		t.Fatalf("%v documents after previews only", docs["total"])
	}
	if used := s.call(t, "GET", "/v1/usage", key, nil).json(t)["total"]; used != 0.0 {
		t.Fatalf("usage %v after previews only", used)
	}
}
