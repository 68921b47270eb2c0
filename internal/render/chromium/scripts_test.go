package chromium

import (
	"strings"
	"testing"
)

func TestHasScript(t *testing.T) {
	for html, want := range map[string]bool{
		"<p>x</p>":                      false,
		"<img src=x onerror=alert(1)>":  false,
		"<SCRIPT>1</SCRIPT>":            true,
		"<p>a < b</p><script src=x>":    true,
		"<scrip":                        false,
		"text with <ScRiPt\n>":          true,
		"<p>script</p>":                 false,
		"<svg><script>1</script></svg>": true,
	} {
		if got := hasScript(html); got != want {
			t.Errorf("hasScript(%q) = %v", html, got)
		}
	}
}

// Without a <script> element JavaScript is off, inline handlers included;
// with one it runs; and tabs reused without a reset show nothing of the
// previous document.
func TestScriptsRunOnlyWithAScriptElement(t *testing.T) {
	e := newEngine(t, Options{Tabs: 1})
	handler := `<p id="p">handler did not run</p><img src="data:," onerror="document.getElementById('p').textContent='HANDLER RAN'">`
	if text := pdfText(t, render(t, e, Job{HTML: handler}))[0]; !strings.Contains(text, "handler did not run") || strings.Contains(text, "HANDLER RAN") {
		t.Fatalf("an inline handler ran without a <script> element: %q", text)
	}
	scripted := `<p id="p">before</p><script>document.getElementById('p').textContent = 'SCRIPT RAN ' + (1+1)</script>`
	if text := pdfText(t, render(t, e, Job{HTML: scripted}))[0]; !strings.Contains(text, "SCRIPT RAN 2") {
		t.Fatalf("a <script> element did not run: %q", text)
	}
	for i, doc := range []string{"<p>first plain</p>", "<p>second plain</p>", "<h1>third plain</h1>"} {
		text := pdfText(t, render(t, e, Job{HTML: doc}))[0]
		want := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(doc, "<p>"), "<h1>"), "</p>")
		want = strings.TrimSuffix(want, "</h1>")
		if !strings.Contains(text, want) || (i > 0 && strings.Contains(text, "first plain")) || strings.Contains(text, "SCRIPT RAN") {
			t.Fatalf("render %d: %q", i, text)
		}
	}
}
