// Package chromiumtest helps tests of the Chromium engine and of the
// server that runs it: a UDP listener that counts what reaches it, a page
// that sends WebRTC's UDP, and the browser's processes read from /proc.
package chromiumtest

import (
	"bytes"
	"net"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// UDPCounter is a UDP listener on 127.0.0.1 that counts the datagrams it gets.
type UDPCounter struct {
	conn *net.UDPConn
	got  atomic.Int64
}

// ListenUDP starts a UDPCounter that closes when the test ends.
func ListenUDP(tb testing.TB) *UDPCounter {
	tb.Helper()
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		tb.Fatalf("listen udp: %v", err)
	}
	u := &UDPCounter{conn: conn}
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

// Port is the listener's port.
func (u *UDPCounter) Port() string { return strconv.Itoa(u.conn.LocalAddr().(*net.UDPAddr).Port) }

// Got is the number of datagrams received so far.
func (u *UDPCounter) Got() int64 { return u.got.Load() }

// STUNPage opens a WebRTC connection with a STUN and a TURN server on the
// UDP port, which makes Chromium send them binding requests while it
// gathers candidates. The page says "webrtc made" when WebRTC exists, "no
// webrtc" otherwise.
func STUNPage(port string) string {
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

// Flags reads the --name=value flags of process pid (nil if it is gone).
// Chromium's child processes rewrite their command line as one string with
// spaces, so values with spaces come out cut.
func Flags(pid int) map[string]string {
	cmdline, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return nil
	}
	flags := map[string]string{}
	for _, arg := range strings.FieldsFunc(string(cmdline), func(r rune) bool { return r == 0 || r == ' ' }) {
		if name, ok := strings.CutPrefix(arg, "--"); ok {
			name, value, _ := strings.Cut(name, "=")
			flags[name] = value
		}
	}
	return flags
}

// RendererPIDs lists the Chromium renderer processes under process root
// (the browser, or a process that started it).
func RendererPIDs(root int) []int {
	parent := map[int]int{}
	entries, _ := os.ReadDir("/proc")
	for _, ent := range entries {
		pid, err := strconv.Atoi(ent.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + ent.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		if f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+2:])); len(f) > 1 {
			parent[pid], _ = strconv.Atoi(f[1])
		}
	}
	var out []int
	for pid := range parent {
		if Flags(pid)["type"] != "renderer" {
			continue
		}
		for p := parent[pid]; p > 1; p = parent[p] {
			if p == root {
				out = append(out, pid)
				break
			}
		}
	}
	return out
}
