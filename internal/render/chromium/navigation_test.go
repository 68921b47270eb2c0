package chromium

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// navigationVectors try to take the page away from the document, to base (a
// local test server) or elsewhere. Each page says ORIGINAL.
func navigationVectors(base string) map[string]string {
	return map[string]string{
		"meta-refresh-0":   `<meta http-equiv="refresh" content="0;url=` + base + `/refresh0"><p>ORIGINAL</p>`,
		"meta-refresh-1s":  `<meta http-equiv="refresh" content="1;url=` + base + `/refresh1"><p>ORIGINAL</p>`,
		"location-href":    `<p>ORIGINAL</p><script>location.href="` + base + `/href"</script>`,
		"location-replace": `<p>ORIGINAL</p><script>location.replace("` + base + `/replace")</script>`,
		"location-onload":  `<p>ORIGINAL</p><script>onload = () => { location.href = "` + base + `/onload" }</script>`,
		"location-timer":   `<p>ORIGINAL</p><script>setTimeout(() => { location.href = "` + base + `/timer" }, 10)</script>`,
		"location-data":    `<p>ORIGINAL</p><script>location.href = "data:text/html,<p>EVIL</p>"</script>`,
		"location-file":    `<p>ORIGINAL</p><script>location.href = "file:///etc/passwd"</script>`,
		"window-open-self": `<p>ORIGINAL</p><script>window.open("` + base + `/open", "_self")</script>`,
		"window-open":      `<p>ORIGINAL</p><script>window.open("` + base + `/popup")</script>`,
		"link-target-top":  `<p>ORIGINAL</p><a id=a target=_top href="` + base + `/top">link</a><script>document.getElementById("a").click()</script>`,
		"form-submit":      `<p>ORIGINAL</p><form id=f method=post action="` + base + `/form"><input name=x value=1></form><script>document.getElementById("f").submit()</script>`,
		"frame-sets-top":   `<p>ORIGINAL</p><iframe srcdoc="<script>top.location = '` + base + `/from-frame'</script>"></iframe>`,
		"history-push":     `<p>ORIGINAL</p><script>history.pushState({}, "", "/elsewhere"); history.replaceState({}, "", "#x")</script>`,
	}
}

// A document that tries to navigate away prints as itself, every time, in
// bounded time, and reaches nothing; the tab keeps working.
func TestNavigationAwayKeepsTheDocument(t *testing.T) {
	const limit = 30 * time.Second // the shared engine's render timeout
	e := shared(t)
	srv := newHitCounter(t)
	for name, html := range navigationVectors(srv.URL) {
		t.Run(name, func(t *testing.T) {
			for i := range 3 {
				start := time.Now()
				pdf, err := e.Render(context.Background(), Job{HTML: html})
				if took := time.Since(start); took > limit {
					t.Errorf("try %d took %s", i, took)
				}
				if err != nil {
					t.Fatalf("try %d: %v", i, err)
				}
				pages := pdfText(t, pdf)
				if len(pages) != 1 || !strings.Contains(pages[0], "ORIGINAL") {
					t.Fatalf("try %d printed %q, want the original document", i, pages)
				}
			}
		})
	}
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("server got %d requests: %v", n, srv.seen())
	}
	if text := pdfText(t, render(t, e, Job{HTML: "<p>next</p>"}))[0]; !strings.Contains(text, "next") {
		t.Errorf("next render: %q", text)
	}
}

// Navigations that make no request replace the document without asking
// anyone (the document's own URL is about:blank, so a reload is one): the
// render fails and says so, instead of printing a page the template did not
// send.
func TestNavigationWithoutRequestIsNamed(t *testing.T) {
	e := shared(t)
	cases := map[string]string{
		"about-blank":  `<p>ORIGINAL</p><script>location.href = "about:blank"</script>`,
		"reload":       `<p>ORIGINAL</p><script>location.reload()</script>`,
		"meta-refresh": `<meta http-equiv="refresh" content="0"><p>ORIGINAL</p>`,
		"blob":         `<p>ORIGINAL</p><script>location.href = URL.createObjectURL(new Blob(["<p>EVIL</p>"], {type: "text/html"}))</script>`,
	}
	for name, html := range cases {
		t.Run(name, func(t *testing.T) {
			for i := range 2 {
				pdf, err := e.Render(context.Background(), Job{HTML: html})
				if err == nil {
					if text := pdfText(t, pdf)[0]; !strings.Contains(text, "ORIGINAL") {
						t.Fatalf("try %d printed %q", i, text)
					}
					continue
				}
				if !errors.Is(err, ErrRender) || !strings.Contains(err.Error(), "navigated away") {
					t.Fatalf("try %d: %v, want ErrRender naming the navigation", i, err)
				}
			}
		})
	}
	if text := pdfText(t, render(t, e, Job{HTML: "<p>next</p>"}))[0]; !strings.Contains(text, "next") {
		t.Errorf("next render: %q", text)
	}
}
