package chromium

import (
	"strings"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/render/chromium/chromiumtest"
)

// sendsUDP renders the STUN page up to tries times and reports whether the
// listener got a datagram, and the text of the last page.
func sendsUDP(t *testing.T, e *Engine, u *chromiumtest.UDPCounter, tries int) (bool, string) {
	t.Helper()
	var text string
	for range tries {
		text = pdfText(t, render(t, e, Job{HTML: chromiumtest.STUNPage(u.Port())}))[0]
		deadline := time.Now().Add(time.Second)
		for time.Now().Before(deadline) {
			if u.Got() > 0 {
				return true, text
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return false, text
}

// The listener gets WebRTC's UDP when the defences are off, so the tests
// below prove the defences and not a deaf listener.
func TestWebRTCReachesUDPWithoutLockdown(t *testing.T) {
	e := newEngine(t, Options{Tabs: 1, lockdown: &lockdown{}})
	if sent, text := sendsUDP(t, e, chromiumtest.ListenUDP(t), 5); !sent {
		t.Fatalf("control: no UDP datagram arrived without lockdown (page: %q)", text)
	}
}

// No UDP leaves the browser, with all defences and with each WebRTC
// defence alone: the page guard (no RTCPeerConnection) and the launch
// flags (WebRTC only through the proxy, which takes no UDP).
func TestWebRTCSendsNoUDP(t *testing.T) {
	needBrowser(t)
	layers := map[string]*lockdown{
		"all":             nil,
		"page-guard":      {noWebRTC: true},
		"proxy-and-flags": {proxy: true},
	}
	for name, l := range layers {
		t.Run(name, func(t *testing.T) {
			u := chromiumtest.ListenUDP(t)
			e := shared(t)
			if l != nil {
				e = newEngine(t, Options{Tabs: 1, lockdown: l})
			}
			sent, text := sendsUDP(t, e, u, 3)
			if sent {
				t.Fatalf("%d UDP datagrams reached the listener (page: %q)", u.Got(), text)
			}
			if wantGone := l == nil || l.noWebRTC; wantGone != !strings.Contains(text, "webrtc made") {
				t.Errorf("page says %q; RTCPeerConnection should be gone: %v", text, wantGone)
			}
		})
	}
}

// The features that multicast onto the local network (mDNS for WebRTC,
// Cast and DIAL discovery) are off: tests may not listen on multicast, so
// this checks the launch flags themselves.
func TestNoMulticastFeatures(t *testing.T) {
	e := shared(t)
	cmdline := chromiumtest.Flags(e.instancePID())
	for _, want := range []string{"WebRtcHideLocalIpsWithMdns", "MediaRouter", "DialMediaRouteProvider", "CastMediaRouteProvider"} {
		if !strings.Contains(cmdline["disable-features"], want) {
			t.Errorf("--disable-features=%q lacks %s", cmdline["disable-features"], want)
		}
	}
	if got := cmdline["webrtc-ip-handling-policy"]; got != "disable_non_proxied_udp" {
		t.Errorf("--force-webrtc-ip-handling-policy=%q", got)
	}
}
