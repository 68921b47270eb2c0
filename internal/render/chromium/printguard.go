package chromium

import (
	"context"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Page guards are scripts that run in every document and frame of a tab
// before any of the document's own scripts. Each locks what it replaces
// (neither writable nor configurable), on Window.prototype where the name
// lives there and on each window, so a script can neither restore it nor
// reach the original through a new frame (each frame gets the same guards as
// it is created).

// A document that calls window.print() (often in onload: invoice pages are
// written for browsers) starts a print of its own. Since Chromium 156 that
// print holds the page, and the render's Page.printToPDF then fails with
// "Page is already being printed". Quire is the only one who prints: every
// frame's print is a function that does nothing.
const printGuardJS = `(() => {
  const noop = function print() {};
  const lock = (o) => { try { Object.defineProperty(o, 'print', {value: noop, writable: false, configurable: false, enumerable: true}); } catch (e) {} };
  lock(Window.prototype);
  lock(window);
})()`

// WebRTC sends STUN and TURN over UDP, outside the HTTP stack that the Fetch
// domain, Network.setBlockedURLs and the dead proxy watch: a template could
// reach any UDP port with it. A document has no WebRTC at all: its
// constructors are undefined. (The launch flags also keep WebRTC to the
// proxy, which takes no UDP; see launchFlags.)
const noWebRTCJS = `(() => {
  const names = ['RTCPeerConnection', 'webkitRTCPeerConnection', 'RTCDataChannel', 'RTCIceCandidate',
    'RTCSessionDescription', 'RTCRtpSender', 'RTCRtpReceiver', 'RTCRtpTransceiver', 'RTCIceTransport',
    'RTCDtlsTransport', 'RTCSctpTransport', 'RTCCertificate'];
  for (const name of names) {
    try { Object.defineProperty(window, name, {value: undefined, writable: false, configurable: false, enumerable: false}); } catch (e) {}
  }
})()`

// guardPages installs the page guards for every new document and frame of
// the tab, and runs them at once in the documents that exist.
func (t *tab) guardPages(ctx context.Context, l lockdown) error {
	guards := []string{printGuardJS}
	if l.noWebRTC {
		guards = append(guards, noWebRTCJS)
	}
	for _, src := range guards {
		if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: src, RunImmediately: ptr(true),
		}); err != nil {
			return err
		}
	}
	return nil
}
