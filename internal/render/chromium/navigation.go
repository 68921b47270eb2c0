package chromium

import (
	"strings"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
)

// A template may try to leave its document: <meta http-equiv=refresh>,
// location.href or replace(), a link with target=_top clicked by a script,
// a form submitted, top.location from a frame. Failing the document's
// request as blocked made Chromium commit its error page instead, so the
// render printed "127.0.0.1 is blocked", or failed with "Inspected target
// navigated or closed", or timed out, depending on timing. Instead the
// Fetch domain aborts every navigation request of the main frame (and
// every non-data: one of a frame): an aborted navigation commits nothing,
// the document stays as it is, and the render prints it.
//
// Navigations that make no request (about:blank, blob: URLs) cannot be
// refused that way; the tab notices that its main frame committed a new
// document and the render fails with a message that says so, rather than
// printing a page the template did not send.

// refuseNavigation says whether a paused request is a navigation to abort:
// any document request of the main frame, and frame documents other than
// data: URLs.
func refuseNavigation(ev fetch.EventRequestPaused, mainFrame string) bool {
	return ev.ResourceType == network.ResourceTypeDocument && (string(ev.FrameID) == mainFrame || !isData(ev.Request.URL))
}

// navigations records the documents the main frame commits. The tab's own
// reset commits one too, whose event may arrive after Page.navigate has
// answered; it is told apart by its loader id.
type navigations struct {
	mu      sync.Mutex
	n       int64    // commits seen
	recent  []commit // the last few
	ownLoad cdp.LoaderID
}

type commit struct {
	seq    int64
	loader cdp.LoaderID
	url    string
}

// seen is called for each event of the tab, in order, before the replies
// that follow it reach their commands.
func (nv *navigations) seen(ev any) {
	e, ok := ev.(*page.EventFrameNavigated)
	if !ok || e.Frame == nil || e.Frame.ParentID != "" {
		return
	}
	nv.mu.Lock()
	defer nv.mu.Unlock()
	nv.n++
	nv.recent = append(nv.recent, commit{seq: nv.n, loader: e.Frame.LoaderID, url: e.Frame.URL})
	if len(nv.recent) > 8 {
		nv.recent = nv.recent[1:]
	}
}

// mark returns the count of commits so far.
func (nv *navigations) mark() int64 {
	nv.mu.Lock()
	defer nv.mu.Unlock()
	return nv.n
}

// ours records the loader of the tab's own navigation (the reset).
func (nv *navigations) ours(loader cdp.LoaderID) {
	nv.mu.Lock()
	nv.ownLoad = loader
	nv.mu.Unlock()
}

// since returns the URL of a commit after mark that the tab did not make.
func (nv *navigations) since(mark int64) (string, bool) {
	nv.mu.Lock()
	defer nv.mu.Unlock()
	for _, c := range nv.recent {
		if c.seq > mark && c.loader != nv.ownLoad {
			return c.url, true
		}
	}
	return "", false
}

// navigatedError is a render whose document was replaced by a navigation.
type navigatedError struct{ url string }

// navigatedAway says whether err is the protocol's answer to a command whose
// document went away under it.
func navigatedAway(err error) bool {
	return err != nil && strings.Contains(err.Error(), "Inspected target navigated or closed")
}

func (e *navigatedError) Error() string {
	if e.url == "" {
		return "the document navigated away during the render; a template cannot leave its document: remove the navigation"
	}
	return "the document navigated away (to " + e.url + ") during the render; a template cannot leave its document: remove the navigation"
}
