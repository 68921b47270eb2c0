package chromium

import (
	"strings"
	"testing"
	"time"
)

// A document that calls print() in any of the ways pages written for
// browsers do renders as if it had not.
func TestPrintCallsDoNotBreakTheRender(t *testing.T) {
	e := newEngine(t, Options{Tabs: 1, RenderTimeout: 10 * time.Second})
	cases := map[string]string{
		"inline":           `<script>window.print();</script>`,
		"onload attribute": `<body onload="print()"><script></script>`,
		"load listener":    `<script>addEventListener('load', () => print());</script>`,
		"timer":            `<script>setTimeout(() => window.print(), 0); setTimeout(() => window.print(), 20);</script>`,
		"repeatedly":       `<script>for (let i = 0; i < 50; i++) window.print();</script>`,
		"restored": `<script>
			delete window.print; delete Window.prototype.print;
			try { window.print = null; } catch (e) {}
			window.print && window.print();</script>`,
		"from a new frame": `<script>
			const f = document.createElement('iframe'); document.body.appendChild(f);
			f.contentWindow.print(); f.contentWindow.print.call(window);
			Window.prototype.print.call(window);</script>`,
		"inside a frame": `<iframe srcdoc="<script>print(); parent.print();</script>"></iframe>`,
		"media query":    `<script>matchMedia('print').addListener(() => {}); print();</script>`,
	}
	for name, script := range cases {
		t.Run(name, func(t *testing.T) {
			pdf := render(t, e, Job{HTML: `<p>PRINTED-BY-QUIRE</p>` + script})
			if n := pageCount(t, pdf); n != 1 {
				t.Errorf("%d pages, want 1", n)
			}
			if text := pdfText(t, pdf)[0]; !strings.Contains(text, "PRINTED-BY-QUIRE") {
				t.Errorf("text = %q", text)
			}
		})
	}
	// The tab is still good for a document without script.
	if text := pdfText(t, render(t, e, Job{HTML: "<p>next</p>"}))[0]; !strings.Contains(text, "next") {
		t.Errorf("next render: %q", text)
	}
}

func TestVersionIsKnownAfterStart(t *testing.T) {
	e := shared(t)
	if v := e.Version(); !strings.Contains(v, "Chrome/") {
		t.Errorf("Version() = %q, want the browser's product and version", v)
	}
}

// When the start-up self-test fails, New fails naming the browser version.
func TestFailedSelfTestNamesTheVersion(t *testing.T) {
	needBrowser(t)
	saved := selfTestJob
	t.Cleanup(func() { selfTestJob = saved })
	selfTestJob.HTML = `<p>one</p><div style="break-before:page">two pages</div>`
	_, err := New(t.Context(), Options{Tabs: 1})
	if err == nil || !strings.Contains(err.Error(), "Chrome/") || !strings.Contains(err.Error(), "self-test") {
		t.Fatalf("New = %v, want a self-test error naming the version", err)
	}
}

// The self-test fits the smallest page limit a server may set.
func TestEngineStartsWithAOnePageLimit(t *testing.T) {
	e := newEngine(t, Options{Tabs: 1, MaxPages: 1})
	if text := pdfText(t, render(t, e, Job{HTML: "<p>fits</p>"}))[0]; !strings.Contains(text, "fits") {
		t.Errorf("text = %q", text)
	}
}
