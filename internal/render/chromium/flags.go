package chromium

import (
	"strconv"
	"strings"

	"github.com/chromedp/chromedp"
)

// deadProxy is where the browser sends any request that got past the
// in-page blocking: nothing listens there, so the request fails.
const deadProxy = "http://127.0.0.1:9"

// disabledFeatures are Chromium features that reach the network outside
// the page's HTTP requests: mDNS names for WebRTC host candidates (multicast
// onto the local network), and the Media Router's Cast and DIAL discovery
// (mDNS and SSDP multicast). Translate and BlinkGenPropertyTrees are
// chromedp's defaults, kept.
var disabledFeatures = []string{
	"Translate", "BlinkGenPropertyTrees",
	"WebRtcHideLocalIpsWithMdns", "MediaRouter", "DialMediaRouteProvider", "CastMediaRouteProvider",
	"GlobalMediaControlsCastStartStop", "OptimizationHints", "InterestFeedContentSuggestions",
}

// launchFlags are the browser's command-line options: DESIGN.md's flags, plus
// a network that leads nowhere. The proxy also takes loopback traffic
// ("<-loopback>" removes the implicit bypass), host names resolve to
// nothing, and WebRTC may only use the proxy (which carries no UDP), so even
// a request that escapes the DevTools blocking cannot reach a local or
// remote server.
func launchFlags(o Options) []chromedp.ExecAllocatorOption {
	l := o.layers()
	opts := append([]chromedp.ExecAllocatorOption{}, chromedp.DefaultExecAllocatorOptions[:]...)
	opts = append(opts,
		chromedp.ExecPath(o.ExecPath),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("font-render-hinting", "none"),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		// A template must not open windows of its own.
		chromedp.Flag("disable-popup-blocking", false),
		chromedp.Flag("block-new-web-contents", true),
		// A script that allocates without end makes its page crash with
		// "out of memory" at this size, not the machine swap.
		chromedp.Flag("js-flags", "--max-old-space-size="+strconv.Itoa(o.jsHeap())),
	)
	features := disabledFeatures
	if !l.localNetworkChecks {
		// Chromium ≥ 14x refuses requests from a reset (about:blank) page to
		// loopback by itself; the tests that prove one layer alone switch
		// that off, or it would hide a layer that does not work.
		features = append(features[:len(features):len(features)], "LocalNetworkAccessChecks")
	}
	opts = append(opts, chromedp.Flag("disable-features", strings.Join(features, ",")))
	if l.proxy {
		// Belt and braces to the per-tab blocking.
		opts = append(opts,
			chromedp.ProxyServer(deadProxy),
			chromedp.Flag("proxy-bypass-list", "<-loopback>"),
			chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
			chromedp.Flag("webrtc-ip-handling-policy", "disable_non_proxied_udp"),
		)
	}
	return opts
}
