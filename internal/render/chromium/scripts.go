package chromium

import (
	"context"
	"strings"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Templates without a <script> element render with JavaScript switched off
// (inline handlers and javascript: URLs included), so nothing of theirs can
// outlive their document and the tab needs no reset afterwards. The reset (a
// navigation to about:blank) was measured to cost a concurrent render tens
// of milliseconds on a 2-core machine; most invoices have no script at all.
// Templates with a <script> element run with JavaScript on, and their tab is
// reset after the render.

// hasScript reports whether html contains a <script element.
func hasScript(html string) bool {
	for i := 0; ; {
		j := strings.IndexByte(html[i:], '<')
		if j < 0 {
			return false
		}
		i += j + 1
		if len(html)-i >= 6 && strings.EqualFold(html[i:i+6], "script") {
			return true
		}
	}
}

// allowScripts switches the tab's JavaScript on or off, with a DevTools call
// only when the setting changes.
func (tb *tab) allowScripts(ctx context.Context, t *chromedp.Target, on bool) error {
	if tb.scriptsOff != on {
		return nil
	}
	if _, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on}); err != nil {
		return err
	}
	tb.scriptsOff = !on
	return nil
}
