package chromium

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"
)

// networkVectors are templates that try to reach base (a local test server)
// or the file system in every way we know.
func networkVectors(base string) map[string]string {
	u, _ := url.Parse(base)
	port := u.Port()
	return map[string]string{
		"img":            `<img src="` + base + `/img">`,
		"css-url":        `<div style="width:10px;height:10px;background:url(` + base + `/css-url)"></div>`,
		"style-import":   `<style>@import url("` + base + `/import");</style><p>x</p>`,
		"stylesheet":     `<link rel="stylesheet" href="` + base + `/link.css"><p>x</p>`,
		"script-src":     `<script src="` + base + `/script.js"></script><p>x</p>`,
		"font-face":      `<style>@font-face{font-family:F;src:url(` + base + `/font.woff)}</style><p style="font-family:F">x</p>`,
		"sync-xhr":       `<p id=o></p><script>try{const x=new XMLHttpRequest();x.open("GET","` + base + `/xhr",false);x.send();document.getElementById("o").textContent=x.responseText}catch(e){}</script>`,
		"fetch":          `<script>fetch("` + base + `/fetch").then(r=>r.text()).then(t=>document.body.append(t)).catch(()=>{})</script><p>x</p>`,
		"beacon":         `<script>try{navigator.sendBeacon("` + base + `/beacon","x")}catch(e){}</script><p>x</p>`,
		"iframe-http":    `<iframe src="` + base + `/iframe"></iframe>`,
		"redirect":       `<img src="` + base + `/redirect">`,
		"meta-refresh":   `<meta http-equiv="refresh" content="0;url=` + base + `/refresh"><p>x</p>`,
		"location":       `<script>location.href="` + base + `/location"</script><p>x</p>`,
		"websocket":      `<script>try{new WebSocket("ws://127.0.0.1:` + port + `/ws")}catch(e){}</script><p>x</p>`,
		"upper-scheme":   `<img src="HTTP://127.0.0.1:` + port + `/upper">`,
		"localhost-name": `<img src="http://localhost:` + port + `/localhost">`,
		"ipv4-mapped":    `<img src="http://[::ffff:127.0.0.1]:` + port + `/mapped">`,
		"window-open":    `<script>window.open("` + base + `/popup")</script><p>x</p>`,
		"worker":         `<script>try{new Worker("` + base + `/worker.js")}catch(e){}</script><p>x</p>`,
		"prefetch":       `<link rel="prefetch" href="` + base + `/prefetch"><link rel="preload" as="image" href="` + base + `/preload"><p>x</p>`,
	}
}

func TestTemplatesCannotReachTheNetwork(t *testing.T) {
	e := shared(t)
	srv := newHitCounter(t)
	for name, html := range networkVectors(srv.URL) {
		t.Run(name, func(t *testing.T) {
			pdf, err := e.Render(context.Background(), Job{HTML: html})
			if err != nil {
				// A refused navigation may fail the render; it must not leak.
				t.Logf("render failed (acceptable): %v", err)
				return
			}
			for _, page := range pdfText(t, pdf) {
				if strings.Contains(page, "LEAKED-FROM-SERVER") {
					t.Errorf("server content in the PDF")
				}
			}
		})
	}
	// Asynchronous requests (fetch, WebSocket, beacon) would have arrived
	// by now; a render on each tab flushes them through the pages too.
	time.Sleep(500 * time.Millisecond)
	render(t, e, Job{HTML: "<p>flush</p>"})
	render(t, e, Job{HTML: "<p>flush</p>"})
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("test server got %d requests: %v", n, srv.seen())
	}
}

func TestTemplatesCannotReadFiles(t *testing.T) {
	e := shared(t)
	vectors := map[string]string{
		"iframe":     `<iframe src="file:///etc/passwd" style="width:600px;height:400px"></iframe>`,
		"upper":      `<iframe src="FILE:///etc/passwd" style="width:600px;height:400px"></iframe>`,
		"object":     `<object data="file:///etc/passwd" type="text/plain" style="width:600px;height:400px"></object>`,
		"embed":      `<embed src="file:///etc/passwd" type="text/plain" style="width:600px;height:400px">`,
		"sync-xhr":   `<p id=o></p><script>try{const x=new XMLHttpRequest();x.open("GET","file:///etc/passwd",false);x.send();document.getElementById("o").textContent=x.responseText}catch(e){document.getElementById("o").textContent="blocked"}</script>`,
		"img":        `<img src="file:///etc/passwd">`,
		"stylesheet": `<link rel="stylesheet" href="file:///etc/passwd"><p>x</p>`,
		"location":   `<script>location.href="file:///etc/passwd"</script><p>x</p>`,
	}
	for name, html := range vectors {
		t.Run(name, func(t *testing.T) {
			pdf, err := e.Render(context.Background(), Job{HTML: html})
			if err != nil {
				t.Logf("render failed (acceptable): %v", err)
				return
			}
			for _, page := range pdfText(t, pdf) {
				if strings.Contains(page, "root:") {
					t.Errorf("/etc/passwd leaked into the PDF: %q", page)
				}
			}
		})
	}
}

// Each layer of the lockdown must hold on its own: the engine runs with the
// other layers (and Chromium's own Local Network Access checks) turned off,
// and the vectors the layer is for still get nowhere. Network.setBlockedURLs
// does not stop frame navigations on Chromium 156 (an iframe's document
// request goes out), so that layer is held to subresources; the other two
// stop navigations as well.
func TestEachLockdownLayerAlone(t *testing.T) {
	needBrowser(t)
	subresources := []string{"img", "sync-xhr", "stylesheet", "redirect"}
	everything := append([]string{"iframe-http"}, subresources...)
	layers := map[string]struct {
		l       lockdown
		vectors []string
	}{
		"fetch-domain": {lockdown{fetch: true}, everything},
		"blocked-urls": {lockdown{blockedURLs: true}, subresources},
		"dead-proxy":   {lockdown{proxy: true}, everything},
	}
	for name, layer := range layers {
		t.Run(name, func(t *testing.T) {
			srv := newHitCounter(t)
			e := newEngine(t, Options{Tabs: 1, lockdown: &layer.l})
			vectors := networkVectors(srv.URL)
			for _, v := range layer.vectors {
				if _, err := e.Render(context.Background(), Job{HTML: vectors[v]}); err != nil {
					t.Logf("%s: render failed (acceptable): %v", v, err)
				}
			}
			if n := srv.hits.Load(); n != 0 {
				t.Errorf("with only %s, the server got %d requests: %v", name, n, srv.seen())
			}
		})
	}
}

// The test server is reachable when every layer is off, so the tests above
// prove the lockdown and not a broken server.
func TestServerReachableWithoutLockdown(t *testing.T) {
	needBrowser(t)
	srv := newHitCounter(t)
	e := newEngine(t, Options{Tabs: 1, lockdown: &lockdown{}})
	pdf := render(t, e, Job{HTML: networkVectors(srv.URL)["sync-xhr"]})
	if srv.hits.Load() == 0 || !strings.Contains(pdfText(t, pdf)[0], "LEAKED-FROM-SERVER") {
		t.Errorf("control: server not reached without lockdown (hits %d)", srv.hits.Load())
	}
}

func TestHeaderFooterCannotReachTheNetwork(t *testing.T) {
	e := shared(t)
	srv := newHitCounter(t)
	pdf := render(t, e, Job{
		HTML:       "<p>body</p>",
		HeaderHTML: `<img src="` + srv.URL + `/header.png"><span style="background:url(` + srv.URL + `/header-css)">H</span>`,
		FooterHTML: `<img src="` + srv.URL + `/footer.png"><iframe src="file:///etc/passwd"></iframe>F`,
	})
	time.Sleep(300 * time.Millisecond)
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("header/footer reached the server %d times: %v", n, srv.seen())
	}
	if strings.Contains(strings.Join(pdfText(t, pdf), ""), "root:") {
		t.Errorf("/etc/passwd leaked through the footer")
	}
}
