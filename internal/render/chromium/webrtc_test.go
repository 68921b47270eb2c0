package chromium

import (
	"net"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// udpCounter is a UDP listener on loopback that counts the datagrams it gets.
type udpCounter struct {
	conn *net.UDPConn
	got  atomic.Int64
}

func newUDPCounter(tb testing.TB) *udpCounter {
	tb.Helper()
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		tb.Fatalf("listen udp: %v", err)
	}
	u := &udpCounter{conn: conn}
	go func() {
		buf := make([]byte, 2048)
		for {
			if _, _, err := conn.ReadFrom(buf); err != nil {
				return
			}
			u.got.Add(1)
		}
	}()
	tb.Cleanup(func() { conn.Close() })
	return u
}

func (u *udpCounter) port() string { return strconv.Itoa(u.conn.LocalAddr().(*net.UDPAddr).Port) }

// stunHTML opens a WebRTC connection with a STUN and a TURN server on the
// listener, which makes Chromium send them binding requests over UDP while
// it gathers candidates. The page says whether WebRTC exists.
func stunHTML(port string) string {
	return `<p id=o>no webrtc</p><script>
try {
  const pc = new RTCPeerConnection({iceServers: [{urls: "stun:127.0.0.1:` + port + `"},
    {urls: "turn:127.0.0.1:` + port + `?transport=udp", username: "u", credential: "p"}]});
  pc.createDataChannel("d");
  pc.createOffer().then(o => pc.setLocalDescription(o));
  document.getElementById("o").textContent = "webrtc made";
} catch (e) {}
</script>`
}

// sendsUDP renders the STUN page up to tries times and reports whether the
// listener got a datagram, and the text of the last page.
func sendsUDP(t *testing.T, e *Engine, u *udpCounter, tries int) (bool, string) {
	t.Helper()
	var text string
	for range tries {
		text = pdfText(t, render(t, e, Job{HTML: stunHTML(u.port())}))[0]
		deadline := time.Now().Add(time.Second)
		for time.Now().Before(deadline) {
			if u.got.Load() > 0 {
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
	if sent, text := sendsUDP(t, e, newUDPCounter(t), 5); !sent {
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
			u := newUDPCounter(t)
			e := newEngine(t, Options{Tabs: 1, lockdown: l})
			sent, text := sendsUDP(t, e, u, 3)
			if sent {
				t.Fatalf("%d UDP datagrams reached the listener (page: %q)", u.got.Load(), text)
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
	cmdline := browserFlags(e.instancePID())
	for _, want := range []string{"WebRtcHideLocalIpsWithMdns", "MediaRouter", "DialMediaRouteProvider", "CastMediaRouteProvider"} {
		if !strings.Contains(cmdline["disable-features"], want) {
			t.Errorf("--disable-features=%q lacks %s", cmdline["disable-features"], want)
		}
	}
	if got := cmdline["webrtc-ip-handling-policy"]; got != "disable_non_proxied_udp" {
		t.Errorf("--force-webrtc-ip-handling-policy=%q", got)
	}
}
