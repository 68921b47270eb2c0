package chromium

import (
	"bytes"
	"context"
	"strings"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"

	pdfinfo "github.com/quirehq/quire/internal/render"
)

// A new Debian Chromium can change what the engine relies on (launch flags,
// protocol fields, print parameters, print() handling) and turn every render
// into an error. New therefore asks the browser its version and renders one
// document that uses all of it (a script calling print(), a header and a
// footer with page numbers, margins; one page, so any QUIRE_MAX_PAGES
// allows it); when that fails the
// engine does not start, and the error names the browser version, instead of
// every request failing later.

// selfTestJob is the document rendered at start.
var selfTestJob = Job{
	HTML: `<!doctype html><p>quire self-test</p>
<script>window.print(); document.title = "self-test";</script>`,
	Format: "A4", Margin: Margin{Top: "15mm", Bottom: "15mm", Left: "10mm", Right: "10mm"},
	HeaderHTML: `<span class="title"></span>`,
	FooterHTML: `<span class="pageNumber"></span>/<span class="totalPages"></span>`,
}

// browserVersion asks the running browser for its product and version, e.g.
// "HeadlessChrome/156.0.8078.114".
func browserVersion(inst *instance) (string, error) {
	v, err := chromedp.CallBrowser(inst.ctx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		return "", err
	}
	return v.Product, nil
}

// selfTest renders selfTestJob on the engine and checks the result is a
// one-page PDF.
func (e *Engine) selfTest(ctx context.Context) error {
	pdf, err := e.Render(ctx, selfTestJob)
	if err != nil {
		return err
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return newError(ErrRender, nil, "the self-test render did not produce a PDF")
	}
	n, err := pdfinfo.PageCount(pdf)
	if err != nil {
		return newError(ErrRender, err, "the self-test PDF cannot be read")
	}
	if n != 1 {
		return newError(ErrRender, nil, "the self-test render has %d pages, want 1", n)
	}
	return nil
}

// Version is the browser's product and version, as it said when the engine
// last (re)started or connected to it; a remote browser's also says where it
// runs, e.g. "HeadlessChrome/156.0.8078.114 (remote, ws://10.0.0.7:9222)".
func (e *Engine) Version() string {
	e.mu.Lock()
	v := versionLabel(e.version)
	e.mu.Unlock()
	if e.o.RemoteURL != "" {
		v += " (remote, " + redactURL(e.o.RemoteURL) + ")"
	}
	return v
}

// versionLabel is the version for messages, never empty.
func versionLabel(v string) string {
	if strings.TrimSpace(v) == "" {
		return "Chromium (version unknown)"
	}
	return v
}
