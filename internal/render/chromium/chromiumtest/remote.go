package chromiumtest

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"

	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/remote"

	"github.com/quirehq/quire/internal/testenv"
)

// Remote is a Chromium that a test starts as a remote browser: its own
// process listening for DevTools on 127.0.0.1, with none of the engine's
// launch flags (no dead proxy, DNS as usual), as an operator might run it.
type Remote struct {
	tb   testing.TB
	exe  string
	Addr string // 127.0.0.1:port of the DevTools endpoint
	cmd  *exec.Cmd
	args []string
}

// StartRemote starts the browser exe on a free port, with the extra
// command-line flags, and waits until its DevTools endpoint answers. The
// test's end kills it.
func StartRemote(tb testing.TB, exe string, flags ...string) *Remote {
	tb.Helper()
	r := &Remote{tb: tb, exe: exe, Addr: testenv.FreeAddr(tb), args: flags}
	r.Start()
	tb.Cleanup(r.Kill)
	return r
}

// HTTPURL is the endpoint that tells the websocket URL (/json/version).
func (r *Remote) HTTPURL() string { return "http://" + r.Addr }

// Start starts the browser (again) on r.Addr, with a fresh profile.
func (r *Remote) Start() {
	r.tb.Helper()
	_, port, _ := net.SplitHostPort(r.Addr)
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--no-first-run", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=" + port,
		"--user-data-dir=" + r.tb.TempDir()}, r.args...)
	r.cmd = exec.Command(r.exe, append(args, "about:blank")...)
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := r.cmd.Start(); err != nil {
		r.tb.Fatalf("start the remote browser: %v", err)
	}
	for range 150 {
		if res, err := http.Get(r.HTTPURL() + "/json/version"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	r.Kill()
	r.tb.Fatalf("the remote browser did not answer at %s/json/version within 15 s", r.HTTPURL())
}

// WebSocketURL asks the browser its DevTools websocket URL.
func (r *Remote) WebSocketURL() string {
	r.tb.Helper()
	res, err := http.Get(r.HTTPURL() + "/json/version")
	if err != nil {
		r.tb.Fatalf("remote browser: %v", err)
	}
	defer res.Body.Close()
	var v struct {
		URL string `json:"webSocketDebuggerUrl"`
	}
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil || v.URL == "" {
		r.tb.Fatalf("remote browser /json/version: %v %q", err, v.URL)
	}
	return v.URL
}

// Kill kills the browser and its child processes (its process group) and
// waits for it.
func (r *Remote) Kill() {
	if r.cmd == nil || r.cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL)
	_ = r.cmd.Wait()
	r.cmd = nil
}

// PID is the browser's process id (0 when it is not running).
func (r *Remote) PID() int {
	if r.cmd == nil || r.cmd.Process == nil {
		return 0
	}
	return r.cmd.Process.Pid
}

// BrowserContexts counts the browser contexts that clients have made on
// the browser (its default one is not counted), over a connection of its
// own, which it closes without closing the browser.
func (r *Remote) BrowserContexts() int {
	r.tb.Helper()
	actx, acancel := remote.NewAllocator(context.Background(), r.WebSocketURL(), remote.NoModifyURL)
	defer acancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	tctx, tcancel := context.WithTimeout(ctx, 15*time.Second)
	defer tcancel()
	res, err := chromedp.CallBrowser(tctx, target.GetBrowserContexts, cdp.Empty{})
	if err != nil {
		r.tb.Fatalf("Target.getBrowserContexts: %v", err)
	}
	return len(res.BrowserContextIDs)
}

// AwaitBrowserContexts waits up to 10 s until the browser has n browser
// contexts made by clients (closing them is asynchronous), and returns how
// many it has then.
func (r *Remote) AwaitBrowserContexts(n int) int {
	r.tb.Helper()
	got := r.BrowserContexts()
	for i := 0; i < 100 && got != n; i++ {
		time.Sleep(100 * time.Millisecond)
		got = r.BrowserContexts()
	}
	return got
}

// Forward listens on a free 127.0.0.1 port and forwards each connection to
// the DevTools endpoint, as a TCP forwarder on a browser host would (this
// Chromium binds DevTools to 127.0.0.1 whatever --remote-debugging-address
// says). It returns the forwarder's address; the test's end closes it.
func (r *Remote) Forward() string {
	r.tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		r.tb.Fatal(err)
	}
	r.tb.Cleanup(func() { l.Close() })
	go func() {
		for {
			in, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer in.Close()
				out, err := net.Dial("tcp", r.Addr)
				if err != nil {
					return
				}
				defer out.Close()
				go func() { _, _ = io.Copy(out, in) }()
				_, _ = io.Copy(in, out)
			}()
		}
	}()
	return l.Addr().String()
}
