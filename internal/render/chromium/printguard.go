package chromium

import (
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// A document that calls window.print() (often in onload: invoice pages are
// written for browsers) starts a print of its own. Since Chromium 156 that
// print holds the page, and the render's Page.printToPDF then fails with
// "Page is already being printed". Quire is the only one who prints: every
// frame's print is replaced, before any of the document's scripts run, by
// a function that does nothing. It is defined on Window.prototype and on
// each window (neither writable nor configurable), so a script can neither
// restore it nor reach the original through a new frame (each frame gets
// the same guard as it is created).
const printGuardJS = `(() => {
  const noop = function print() {};
  const lock = (o) => { try { Object.defineProperty(o, 'print', {value: noop, writable: false, configurable: false, enumerable: true}); } catch (e) {} };
  lock(Window.prototype);
  lock(window);
})()`

// guardPrint installs printGuardJS for every new document and frame of the
// tab, and runs it at once in the documents that exist.
func (t *tab) guardPrint() error {
	_, err := chromedp.Call(t.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: printGuardJS, RunImmediately: ptr(true),
	})
	return err
}
