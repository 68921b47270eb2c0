package chromium

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/inspector"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// tab is one warm page of a browser. Only one render uses it at a time.
type tab struct {
	ctx    context.Context // chromedp context of the page
	cancel context.CancelFunc
	// frame is the page's main frame, learnt when the tab opens and on each
	// reset, which saves a Page.getFrameTree per render.
	frame cdp.FrameID
	// scriptsOff mirrors Emulation.setScriptExecutionDisabled on this tab.
	scriptsOff bool
	// nav counts the main frame's commits: a render's document must not change.
	nav navigations
	// renders counts the documents printed on the tab; at recycleAt (set
	// at the first, a little under RecycleAfter) the tab is replaced.
	renders, recycleAt int
	// crashed is closed when the page's renderer process dies.
	crashed   chan struct{}
	crashOnce sync.Once
}

// blockedSchemes are refused by Network.setBlockedURLs: everything that can
// leave the page except inline data.
var blockedPatterns = []string{
	"http://*:*/*", "https://*:*/*", "ws://*:*/*", "wss://*:*/*",
	"ftp://*:*/*", "file://*/*", "file:///*",
}

// openTab makes a page in its own browser context (no shared cookies,
// storage or renderer with other tabs) and locks its network down. The
// browser context also gets the dead proxy, which takes loopback traffic
// too: that layer then holds on a remote browser, whose launch flags are
// not ours, and it doubles the flags on a local one.
func openTab(browserCtx context.Context, l lockdown) (*tab, error) {
	var opts []chromedp.CreateBrowserContextOption
	if l.proxy {
		opts = append(opts, func(p *target.CreateBrowserContextParams) {
			p.ProxyServer, p.ProxyBypassList = deadProxy, "<-loopback>"
		})
	}
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext(opts...))
	t := &tab{ctx: ctx, cancel: cancel, crashed: make(chan struct{})}
	if err := t.lockDown(l); err != nil {
		cancel()
		if t.hasCrashed() {
			return nil, errPageCrashed
		}
		return nil, err
	}
	return t, nil
}

// errPageCrashed: the page's renderer process died while the tab opened.
var errPageCrashed = errors.New("the new page crashed while it opened")

// untilCrash returns a context that also ends when the page crashes: a
// crashed page answers no more commands.
func (t *tab) untilCrash(ctx context.Context) (context.Context, context.CancelFunc) {
	cctx, cancel := context.WithCancel(ctx)
	go func() {
		select {
		case <-t.crashed:
			cancel()
		case <-cctx.Done():
		}
	}()
	return cctx, cancel
}

// lockDown fails every request that is not a data: URL (the Fetch domain sees
// the request before it leaves the renderer's process) and also blocks the
// network schemes with Network.setBlockedURLs, which covers WebSockets.
func (t *tab) lockDown(l lockdown) error {
	if err := chromedp.Listen(t.ctx, t.watch); err != nil { // opens the page
		return err
	}
	ctx, stop := t.untilCrash(t.ctx)
	defer stop()
	tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return err
	}
	if tree.FrameTree == nil || tree.FrameTree.Frame == nil {
		return errors.New("new page has no main frame")
	}
	t.frame = tree.FrameTree.Frame.ID
	t.closeDialogs()
	if err := t.guardPages(ctx, l); err != nil {
		return err
	}
	if l.fetch {
		t.failRequests()
	}
	block := make([]*network.BlockPattern, len(blockedPatterns))
	for i, p := range blockedPatterns {
		block[i] = &network.BlockPattern{URLPattern: p, Block: true}
	}
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if l.fetch {
			if _, err := cdp.Call(ctx, tg, fetch.Enable, fetch.EnableParams{
				Patterns: []*fetch.RequestPattern{{URLPattern: "*"}},
			}); err != nil {
				return err
			}
		}
		if !l.blockedURLs {
			return nil
		}
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: block})
		return err
	}))
}

// watch sees each event of the page, in order: commits of the main frame,
// and the crash of its renderer.
func (t *tab) watch(ev any) {
	if _, ok := ev.(*inspector.EventTargetCrashed); ok {
		t.crashOnce.Do(func() { close(t.crashed) })
		return
	}
	t.nav.seen(ev)
}

// hasCrashed reports whether the page's renderer died, without waiting.
func (t *tab) hasCrashed() bool { return isClosed(t.crashed) }

// closeDialogs answers alert, confirm, prompt and beforeunload at once: with
// the Page domain on, an open dialog would stall the page until the render
// times out. beforeunload is accepted so the reset can leave the page.
func (t *tab) closeDialogs() {
	dialogs := chromedp.Events(t.ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(t.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{
				Accept: ev.Type == page.DialogTypeBeforeunload,
			})
		}
	}()
}

// failRequests answers every paused request: navigations are aborted (see
// refuseNavigation), data: URLs go on, everything else fails as blocked by
// the client.
func (t *tab) failRequests() {
	paused := chromedp.Events(t.ctx, fetch.RequestPaused)
	main := string(chromedp.FromContext(t.ctx).Target.TargetID)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			if refuseNavigation(ev, main) {
				_, _ = chromedp.Call(t.ctx, fetch.FailRequest, fetch.FailRequestParams{
					RequestID: ev.RequestID, ErrorReason: network.ErrorReasonAborted,
				})
				continue
			}
			if isData(ev.Request.URL) {
				_, _ = chromedp.Call(t.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
				continue
			}
			_, _ = chromedp.Call(t.ctx, fetch.FailRequest, fetch.FailRequestParams{
				RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient,
			})
		}
	}()
}

// waitReadyJS is true at once when the document and its fonts are ready,
// which is the common case for inline templates; otherwise it is a promise
// that resolves once the document and its subresources have loaded and the
// fonts are ready. It does not wait for the network to go idle. (Awaiting
// the promise when nothing is pending was measured to cost ~30 ms a render.)
const waitReadyJS = `(document.readyState === 'complete' && document.fonts.status === 'loaded') || (async () => {
  if (document.readyState !== 'complete') {
    await new Promise(r => window.addEventListener('load', r, {once: true}));
  }
  await document.fonts.ready;
  return true;
})()`

// renderAction prints html on the tab, and fails when the document did not
// stay the one it was given.
func renderAction(tb *tab, p printing, scripted bool) chromedp.Action[*PDF] {
	return func(ctx context.Context, t *chromedp.Target) (*PDF, error) {
		if err := tb.allowScripts(ctx, t, scripted); err != nil {
			return nil, err
		}
		mark := tb.nav.mark()
		out, err := printDocument(ctx, t, tb, p)
		if url, moved := tb.nav.since(mark); moved || navigatedAway(err) {
			if out != nil {
				out.Close()
			}
			return nil, &navigatedError{url: url}
		}
		return out, err
	}
}

// printDocument sets the HTML on the page's main frame, waits for load and
// fonts, runs the print's check if it has one, and prints within its limits
// into a spool file.
func printDocument(ctx context.Context, t *chromedp.Target, tb *tab, p printing) (*PDF, error) {
	if _, err := cdp.Call(ctx, t, page.SetDocumentContent, page.SetDocumentContentParams{
		FrameID: tb.frame, HTML: p.html,
	}); err != nil {
		return nil, err
	}
	res, err := cdp.Call(ctx, t, runtime.Evaluate, runtime.EvaluateParams{
		Expression: waitReadyJS, AwaitPromise: ptr(true), Silent: ptr(true),
	})
	if err != nil {
		return nil, err
	}
	if res.ExceptionDetails != nil {
		return nil, &chromedp.ExceptionError{ExceptionDetails: res.ExceptionDetails}
	}
	if p.prepare != "" {
		if err := prepareCombined(ctx, t, p.prepare); err != nil {
			return nil, err
		}
	}
	out, err := cdp.Call(ctx, t, page.PrintToPDF, p.lim.bound(p.params))
	if err != nil {
		return nil, err
	}
	return p.lim.receive(ctx, t, out.Stream)
}

// reset loads a fresh blank document, which drops the previous document's
// window, globals, timers and workers. (SetDocumentContent alone would keep
// the window: it rewrites the document like document.open.) Page.navigate
// answers once the new document has committed; about:blank has nothing
// more to load, so waiting for its load event would only add latency.
func (t *tab) reset(ctx context.Context) error {
	res, err := chromedp.Call(ctx, page.Navigate, page.NavigateParams{URL: "about:blank"})
	if err != nil {
		return err
	}
	if res.ErrorText != "" {
		return errors.New("resetting the tab: " + res.ErrorText)
	}
	t.nav.ours(res.LoaderID)
	if res.FrameID != "" {
		t.frame = res.FrameID
	}
	return nil
}

// interrupt stops a script that runs away (best effort).
func (t *tab) interrupt(ctx context.Context) {
	_, _ = chromedp.Call(ctx, runtime.TerminateExecution, cdp.Empty{})
}

func isData(url string) bool { return strings.HasPrefix(strings.ToLower(url), "data:") }
