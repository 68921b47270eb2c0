package e2e

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/quirehq/quire/internal/testenv"
)

// browser is a real Chromium tab driven as a person would: it types,
// clicks and answers confirmation dialogs.
type browser struct {
	t   testing.TB
	ctx context.Context

	mu      sync.Mutex
	dialogs []page.DialogType // every dialog answered so far
}

// newBrowser opens headless Chromium at 1280×900; it closes with the test.
func newBrowser(t testing.TB, timeout time.Duration) *browser {
	t.Helper()
	testenv.Command(t, "chromium", "chromium")
	path, _ := exec.LookPath("chromium")
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("font-render-hinting", "none"),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	b := &browser{t: t, ctx: ctx}
	b.do(chromedp.Navigate("about:blank"))
	// A person confirms "Revoke this key?" and the like.
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.dialogs = append(b.dialogs, ev.Type)
			b.mu.Unlock()
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return b
}

// sawDialog reports whether a dialog of that type was opened.
func (b *browser) sawDialog(typ page.DialogType) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Contains(b.dialogs, typ)
}

func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v (at %s)", err, b.location())
	}
}

func (b *browser) location() string {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(b.ctx), 2*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	return loc
}

// open navigates and waits for the page's main landmark.
func (b *browser) open(url string) {
	b.t.Helper()
	b.do(chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("main")))
}

// fill types into a field, replacing what it holds.
func (b *browser) fill(sel, text string) {
	b.t.Helper()
	b.do(chromedp.Clear(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), text))
}

// submit clicks a submit button and waits for the next page.
func (b *browser) submit(sel string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel)))); err != nil {
		b.t.Fatalf("submit %s: %v", sel, err)
	}
	b.do(chromedp.WaitReady(chromedp.CSS("main")))
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func eval[T any](b *browser, js string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluate %q: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it is true.
func (b *browser) waitFor(js string, within time.Duration) {
	b.t.Helper()
	deadline := time.Now().Add(within)
	for {
		if v, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](js)); err == nil && v {
			return
		}
		if time.Now().After(deadline) {
			errs, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`String(window.__err || '')`))
			b.t.Fatalf("waited %s for %s (at %s) %s", within, js, b.location(), errs)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// cookie returns the browser's cookie of that name.
func (b *browser) cookie(name string) *network.Cookie {
	b.t.Helper()
	res, err := chromedp.Call(b.ctx, network.GetCookies, network.GetCookiesParams{})
	if err != nil {
		b.t.Fatal(err)
	}
	for _, c := range res.Cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// screenshot saves the viewport to docs/screenshots/name.png when
// QUIRE_UPDATE_SCREENSHOTS is set (the README shows them), else to the
// test's temp dir.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	dir := b.t.TempDir()
	if os.Getenv("QUIRE_UPDATE_SCREENSHOTS") != "" {
		dir = filepath.Join("..", "docs", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// sessionRequest is a request carrying the browser's session cookie.
func (b *browser) sessionRequest(method, url string) *http.Request {
	b.t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	c := b.cookie("quire_session")
	if c == nil {
		b.t.Fatal("no session cookie")
	}
	req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	return req
}
