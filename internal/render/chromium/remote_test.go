package chromium

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/render/chromium/chromiumtest"
	"github.com/quirehq/quire/internal/testenv"
)

// remoteEngine starts a second Chromium as a remote browser and an engine
// that uses it through url(remote).
func remoteEngine(t *testing.T, o Options, url func(*chromiumtest.Remote) string, flags ...string) (*Engine, *chromiumtest.Remote) {
	t.Helper()
	r := chromiumtest.StartRemote(t, needBrowser(t), flags...)
	o.RemoteURL = url(r)
	o.ExecPath = "/nonexistent/chromium" // proves no local browser is started
	return newEngine(t, o), r
}

func wsURL(r *chromiumtest.Remote) string   { return r.WebSocketURL() }
func httpURL(r *chromiumtest.Remote) string { return r.HTTPURL() }

func TestRemoteBrowserRenders(t *testing.T) {
	for name, url := range map[string]func(*chromiumtest.Remote) string{"ws": wsURL, "http": httpURL} {
		t.Run(name, func(t *testing.T) {
			e, r := remoteEngine(t, Options{Tabs: 2}, url)
			pdf := render(t, e, Job{HTML: "<h1>Remote invoice 42</h1><p>rendered elsewhere</p>"})
			if got := testenv.PDFText(t, pdf); !strings.Contains(got, "Remote invoice 42") || !strings.Contains(got, "rendered elsewhere") {
				t.Errorf("PDF text = %q", got)
			}
			if v := e.Version(); !strings.Contains(v, "Chrome/") || !strings.Contains(v, "(remote, "+name+"://"+r.Addr+")") {
				t.Errorf("Version() = %q, want the product and the remote's address", v)
			}
			if err := e.Ready(context.Background()); err != nil {
				t.Errorf("Ready: %v", err)
			}
			if s := e.Stats(); !s.Remote || !s.Up || s.Tabs != 2 {
				t.Errorf("Stats = %+v", s)
			}
			if e.instancePID() != 0 {
				t.Errorf("the engine started a browser process of its own")
			}
			renderConcurrently(t, e, 4, "remote-"+name)
		})
	}
}

// Through a TCP forwarder on another port (how a browser host exposes
// DevTools, which this Chromium binds to 127.0.0.1 only), both kinds of
// URL work with the forwarder's address.
func TestRemoteBrowserThroughAForwarder(t *testing.T) {
	for name, url := range map[string]func(*chromiumtest.Remote) string{
		"http": func(r *chromiumtest.Remote) string { return "http://" + r.Forward() },
		"ws": func(r *chromiumtest.Remote) string {
			ws := r.WebSocketURL()
			return strings.Replace(ws, r.Addr, r.Forward(), 1)
		},
	} {
		t.Run(name, func(t *testing.T) {
			e, _ := remoteEngine(t, Options{Tabs: 1}, url)
			pdf := render(t, e, Job{HTML: "<p>through the forwarder</p>"})
			if got := testenv.PDFText(t, pdf); !strings.Contains(got, "through the forwarder") {
				t.Errorf("PDF text = %q", got)
			}
		})
	}
}

// Each tab on the remote browser is locked down as on a local one, although
// the remote was started without the engine's flags (no dead proxy, DNS on).
func TestRemoteBrowserTemplatesCannotReachTheNetwork(t *testing.T) {
	e, _ := remoteEngine(t, Options{Tabs: 1}, httpURL)
	srv := newHitCounter(t)
	for name, html := range networkVectors(srv.URL) {
		pdf, err := e.Render(context.Background(), Job{HTML: html})
		if err != nil {
			t.Logf("%s: render failed (acceptable): %v", name, err)
			continue
		}
		if strings.Contains(testenv.PDFText(t, pdf), "LEAKED-FROM-SERVER") {
			t.Errorf("%s: server content in the PDF", name)
		}
	}
	time.Sleep(500 * time.Millisecond)
	render(t, e, Job{HTML: "<p>flush</p>"})
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("test server got %d requests: %v", n, srv.seen())
	}
	// print() is still a no-op: the self-test passed, and so does this.
	pdf := render(t, e, Job{HTML: `<p>printed once</p><script>window.print()</script>`})
	if !strings.Contains(testenv.PDFText(t, pdf), "printed once") {
		t.Errorf("print guard: PDF text = %q", testenv.PDFText(t, pdf))
	}
}

// The dead proxy set on each tab's browser context holds on its own on a
// remote browser (which has no proxy flag), and the control shows the
// server is reachable from that browser without the lockdown. Chromium's
// own Local Network Access checks are off on that remote, or they would
// hide a layer that does not work (as in TestEachLockdownLayerAlone).
func TestRemoteBrowserContextProxyAlone(t *testing.T) {
	srv := newHitCounter(t)
	vectors := networkVectors(srv.URL)
	noLNA := "--disable-features=LocalNetworkAccessChecks"
	e, _ := remoteEngine(t, Options{Tabs: 1, lockdown: &lockdown{proxy: true}}, wsURL, noLNA)
	for _, v := range []string{"iframe-http", "img", "sync-xhr", "stylesheet", "localhost-name"} {
		if _, err := e.Render(context.Background(), Job{HTML: vectors[v]}); err != nil {
			t.Logf("%s: render failed (acceptable): %v", v, err)
		}
	}
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("with only the browser context's dead proxy, the server got %d requests: %v", n, srv.seen())
	}

	open, _ := remoteEngine(t, Options{Tabs: 1, lockdown: &lockdown{}}, wsURL, noLNA)
	pdf := render(t, open, Job{HTML: vectors["sync-xhr"]})
	if srv.hits.Load() == 0 || !strings.Contains(testenv.PDFText(t, pdf), "LEAKED-FROM-SERVER") {
		t.Errorf("control: the remote browser did not reach the server without lockdown (hits %d)", srv.hits.Load())
	}
}

// Killing the remote browser gives renders a clear error at once (not a
// wait until their deadline) and readiness names the remote; started
// again on the same port, it serves again, through the ws:// URL of the
// old process too.
func TestRemoteBrowserKilledAndBack(t *testing.T) {
	for name, url := range map[string]func(*chromiumtest.Remote) string{"ws": wsURL, "http": httpURL} {
		t.Run(name, func(t *testing.T) {
			e, r := remoteEngine(t, Options{Tabs: 2, RenderTimeout: 20 * time.Second}, url)
			render(t, e, Job{HTML: "<p>before</p>"})
			r.Kill()

			var err error
			for try := 0; try < 50; try++ {
				start := time.Now()
				_, err = e.Render(context.Background(), Job{HTML: "<p>while down</p>"})
				t.Logf("try %d after %s: %v", try, time.Since(start).Round(time.Millisecond), err)
				if !errors.Is(err, ErrUnavailable) {
					t.Fatalf("render while the remote is down: %v, want ErrUnavailable", err)
				}
				if strings.Contains(err.Error(), "remote browser at "+name+"://"+r.Addr) {
					break
				}
				time.Sleep(200 * time.Millisecond)
			}
			if !strings.Contains(err.Error(), "remote browser at "+name+"://"+r.Addr) {
				t.Fatalf("error %q does not name the remote browser", err)
			}
			if strings.Contains(err.Error(), "/devtools/browser/") {
				t.Errorf("error %q shows the websocket path (a hosted browser's may carry a token)", err)
			}
			ready := e.Ready(context.Background())
			if ready == nil || !strings.Contains(ready.Error(), r.Addr) {
				t.Errorf("Ready while down = %v, want an error naming %s", ready, r.Addr)
			}
			if s := e.Stats(); s.Up || s.Restarts < 1 {
				t.Errorf("Stats while down = %+v", s)
			}

			r.Start()
			var ok bool
			for try := 0; try < 60 && !ok; try++ {
				pdf, err := e.Render(context.Background(), Job{HTML: fmt.Sprintf("<p>back %d</p>", try)})
				if err == nil {
					ok = strings.Contains(testenv.PDFText(t, pdf), fmt.Sprintf("back %d", try))
					continue
				}
				time.Sleep(250 * time.Millisecond)
			}
			if !ok {
				t.Fatal("renders did not come back after the remote browser restarted")
			}
			if err := e.Ready(context.Background()); err != nil {
				t.Errorf("Ready after the remote came back: %v", err)
			}
			renderConcurrently(t, e, 4, "back-"+name)
		})
	}
}

// Recycling (a tab after RecycleAfter renders, the whole browser after
// RestartAfter) renews the tabs' browser contexts and the connection; the
// remote browser process stays the same.
func TestRemoteBrowserRecycleKeepsTheProcess(t *testing.T) {
	e, r := remoteEngine(t, Options{Tabs: 1, RecycleAfter: 2, RestartAfter: 3}, httpURL)
	pid := r.PID()
	for i := range 6 {
		pdf := render(t, e, Job{HTML: fmt.Sprintf("<p>recycled %d</p>", i)})
		if !strings.Contains(testenv.PDFText(t, pdf), fmt.Sprintf("recycled %d", i)) {
			t.Fatalf("render %d: wrong text", i)
		}
	}
	if s := e.Stats(); s.Recycles < 1 || s.TabRecycles < 1 || s.Restarts != 0 {
		t.Errorf("Stats = %+v, want browser and tab recycles and no restarts", s)
	}
	if r.PID() != pid || !processAlive(pid) {
		t.Errorf("the remote browser process changed or died")
	}
	// The old connections' browser contexts go: once the last recycle has
	// finished, only this engine's live tab (one browser context) is left.
	if n := r.AwaitBrowserContexts(1); n != 1 {
		t.Errorf("browser contexts on the remote = %d, want 1 (the live tab's)", n)
	}
	// Closing the engine leaves the remote browser running.
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if !processAlive(pid) || r.WebSocketURL() == "" {
		t.Errorf("the remote browser is gone after the engine closed")
	}
	if n := r.AwaitBrowserContexts(0); n != 0 {
		t.Errorf("browser contexts left on the remote after Close = %d", n)
	}
}

func TestRemoteBrowserBadURL(t *testing.T) {
	for _, u := range []string{"ftp://127.0.0.1:9222", "ws://", "127.0.0.1:9222"} {
		_, err := New(context.Background(), Options{RemoteURL: u})
		if !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("%q: err = %v, want ErrInvalidOptions", u, err)
		}
	}
	addr := testenv.FreeAddr(t) // nothing listens there
	_, err := New(context.Background(), Options{RemoteURL: "http://" + addr + "/?token=s3cret", StartTimeout: 5 * time.Second})
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "remote browser at http://"+addr) || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("err = %v, want ErrUnavailable naming the address without the token", err)
	}
}

// processAlive reports whether process pid exists.
func processAlive(pid int) bool { return syscall.Kill(pid, 0) == nil }

// Renders running when the remote browser dies end at once with
// ErrUnavailable (or finish), none hangs until its deadline.
func TestRemoteBrowserKilledDuringRenders(t *testing.T) {
	e, r := remoteEngine(t, Options{Tabs: 2, RenderTimeout: 20 * time.Second}, httpURL)
	render(t, e, Job{HTML: "<p>warm</p>"})
	errs := make([]error, 6)
	took := make([]time.Duration, len(errs))
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
			defer cancel()
			start := time.Now()
			_, errs[i] = e.Render(ctx, Job{HTML: `<p>slow</p><script>const t=Date.now(); while(Date.now()-t<500){}</script>`})
			took[i] = time.Since(start)
		})
	}
	time.Sleep(300 * time.Millisecond)
	r.Kill()
	wg.Wait()
	for i, err := range errs {
		t.Logf("render %d after %s: %v", i, took[i].Round(time.Millisecond), err)
		if err != nil && !errors.Is(err, ErrUnavailable) {
			t.Errorf("render %d: %v, want success or ErrUnavailable", i, err)
		}
		if errors.Is(err, context.DeadlineExceeded) || (err != nil && strings.Contains(err.Error(), "gave up after")) {
			t.Errorf("render %d waited until its limit instead of failing with the remote's error: %v", i, err)
		}
	}
}

// A URL whose host is localhost or an address is used as given (query and
// path kept); a host name that does not resolve is refused, naming it.
func TestRemoteURLHost(t *testing.T) {
	got, err := webSocketURL(context.Background(), "ws://localhost:9222/devtools/browser/abc?token=t", false)
	if err != nil || got != "ws://localhost:9222/devtools/browser/abc?token=t" {
		t.Errorf("localhost: %q, %v", got, err)
	}
	_, err = webSocketURL(context.Background(), "ws://browser.quire.invalid:9222/devtools/browser/abc", false)
	if err == nil || !strings.Contains(err.Error(), `resolving the remote browser's host "browser.quire.invalid"`) {
		t.Errorf("unresolvable host: err = %v", err)
	}
}
