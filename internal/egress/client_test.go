package egress

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// receiver is a webhook receiver on 127.0.0.1 that counts its requests.
type receiver struct {
	*httptest.Server
	hits atomic.Int32
}

func newReceiver(t *testing.T, handler http.HandlerFunc) *receiver {
	t.Helper()
	r := &receiver{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.hits.Add(1)
		handler(w, req)
	}))
	t.Cleanup(r.Close)
	return r
}

func ok(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "received "+r.Host) }

func port(t *testing.T, rawURL string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Port()
}

func TestClientReachesAllowedLoopbackReceiver(t *testing.T) {
	recv := newReceiver(t, ok)
	// No injected resolver or dialer: the real defaults, to a literal 127.0.0.1.
	p, err := ParsePolicy("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	u, err := p.CheckURL(context.Background(), recv.URL+"/hook")
	if err != nil {
		t.Fatalf("CheckURL(%s): %v", recv.URL, err)
	}
	resp, err := p.Client(5*time.Second).Post(u.String(), "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || recv.hits.Load() != 1 {
		t.Errorf("status %d, %d requests received", resp.StatusCode, recv.hits.Load())
	}
}

func TestClientReachesReceiverAllowedByName(t *testing.T) {
	recv := newReceiver(t, ok)
	p, d := testPolicy(t, "hooks.internal", newResolver("hooks.internal", "127.0.0.1"))
	target := "http://HOOKS.internal:" + port(t, recv.URL) + "/hook"
	u, err := p.CheckURL(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := p.Client(5 * time.Second).Get(u.String())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := "received hooks.internal:" + port(t, recv.URL); string(body) != want {
		t.Errorf("body %q, want %q", body, want)
	}
	if a := d.Attempts(); len(a) != 1 || !strings.HasPrefix(a[0], "127.0.0.1:") {
		t.Errorf("dial attempts %v", a)
	}
}

// The client refuses before connecting, even when the URL never went through
// CheckURL.
func TestClientRefusesNonPublicBeforeDialing(t *testing.T) {
	recv := newReceiver(t, ok)
	p, d := testPolicy(t, "", newResolver("loop.test", "127.0.0.1", "public.test", "93.184.216.34"))
	pt := port(t, recv.URL)
	cases := map[string]string{
		recv.URL:                                 "loopback address 127.0.0.1",
		"HTTP://127.0.0.1:" + pt:                 "loopback address 127.0.0.1",
		"http://[::ffff:127.0.0.1]:" + pt:        "loopback address ::ffff:127.0.0.1",
		"http://2130706433:" + pt:                "loopback address 127.0.0.1",
		"http://0177.0.0.1:" + pt:                "loopback address 127.0.0.1",
		"http://127.1:" + pt:                     "loopback address 127.0.0.1",
		"http://0:" + pt:                         "unspecified address 0.0.0.0",
		"http://localhost:" + pt:                 "loopback name",
		"https://loop.test:" + pt:                "loopback address 127.0.0.1",
		"https://169.254.169.254/latest/":        "cloud metadata address",
		"http://public.test/":                    "must use https",
		"https://public.test:0/":                 `invalid port "0"`,
		"https://user:pw@public.test/":           "credentials",
		"https://[fe80::1%25lo]:" + pt:           "zone identifier",
		"https://[64:ff9b::7f00:1]:" + pt:        "embedding 127.0.0.1",
		"http://10.0.0.1.nip.io.invalid.999:80/": "not a valid one",
	}
	client := p.Client(5 * time.Second)
	for target, reason := range cases {
		resp, err := client.Get(target)
		if err == nil {
			resp.Body.Close()
			t.Errorf("GET %s: status %d, want refused (%s)", target, resp.StatusCode, reason)
			continue
		}
		if msg := refusal(t, err); !strings.Contains(msg, reason) {
			t.Errorf("GET %s refused with %q, want %q", target, msg, reason)
		}
	}
	if a := d.Attempts(); len(a) != 0 {
		t.Errorf("dial attempts %v, want none", a)
	}
	if n := recv.hits.Load(); n != 0 {
		t.Errorf("receiver got %d requests", n)
	}
}

func TestClientDoesNotFollowRedirects(t *testing.T) {
	recv := newReceiver(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/self" {
			http.Redirect(w, r, "/hook", http.StatusTemporaryRedirect)
			return
		}
		http.Redirect(w, r, "http://10.0.0.1/internal", http.StatusFound)
	})
	p, d := testPolicy(t, "127.0.0.1/32", nil)
	client := p.Client(5 * time.Second)

	resp, err := client.Post(recv.URL+"/hook", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "http://10.0.0.1/internal" {
		t.Errorf("got %d Location %q, want the 302 as is", resp.StatusCode, resp.Header.Get("Location"))
	}

	// Not even a redirect to an allowed destination is followed.
	resp, err = client.Get(recv.URL + "/self")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTemporaryRedirect {
		t.Errorf("got %d, want 307", resp.StatusCode)
	}

	if n := recv.hits.Load(); n != 2 {
		t.Errorf("receiver got %d requests, want 2", n)
	}
	for _, a := range d.Attempts() {
		if !strings.HasPrefix(a, "127.0.0.1:") {
			t.Errorf("dialed %s", a)
		}
	}
}

// DNS rebinding: the name is public when registered and loopback when the
// delivery connects. The dial-time check sees the second answer.
func TestClientRefusesDNSRebinding(t *testing.T) {
	recv := newReceiver(t, ok)
	public := []netip.Addr{netip.MustParseAddr("93.184.216.34")}
	r := newResolver()
	r.sequence["rebind.test"] = [][]netip.Addr{public, public, {netip.MustParseAddr("127.0.0.1")}}
	r.sequence["half.test"] = [][]netip.Addr{public, public, {public[0], netip.MustParseAddr("127.0.0.1")}}
	p, d := testPolicy(t, "", r)
	client := p.Client(5 * time.Second)

	for _, name := range []string{"rebind.test", "half.test"} {
		target := "https://" + name + ":" + port(t, recv.URL) + "/hook"
		if _, err := p.CheckURL(context.Background(), target); err != nil {
			t.Fatalf("CheckURL(%s) at registration: %v", target, err)
		}
		if _, err := p.CheckURL(context.Background(), target); err != nil {
			t.Fatalf("CheckURL(%s) second time: %v", target, err)
		}
		resp, err := client.Get(target)
		if err == nil {
			resp.Body.Close()
			t.Fatalf("GET %s succeeded after rebinding", target)
		}
		if msg := refusal(t, err); !strings.Contains(msg, "loopback address 127.0.0.1") {
			t.Errorf("GET %s refused with %q", target, msg)
		}
	}
	if a := d.Attempts(); len(a) != 0 {
		t.Errorf("dial attempts %v, want none", a)
	}
	if recv.hits.Load() != 0 {
		t.Error("receiver reached")
	}
}

func TestClientIgnoresProxyEnvironment(t *testing.T) {
	proxy := newReceiver(t, ok)
	for _, name := range []string{"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"} {
		t.Setenv(name, proxy.URL)
	}
	t.Setenv("NO_PROXY", "")
	t.Setenv("no_proxy", "")
	recv := newReceiver(t, ok)
	// A name, not 127.0.0.1: environment proxies are never used for loopback
	// literals, so only a name shows whether the proxy is bypassed.
	p, d := testPolicy(t, "hooks.internal", newResolver("hooks.internal", "127.0.0.1"))
	resp, err := p.Client(5 * time.Second).Get("http://hooks.internal:" + port(t, recv.URL) + "/hook")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if recv.hits.Load() != 1 || proxy.hits.Load() != 0 {
		t.Errorf("receiver got %d, proxy got %d requests", recv.hits.Load(), proxy.hits.Load())
	}
	if a := d.Attempts(); len(a) != 1 || a[0] != "127.0.0.1:"+port(t, recv.URL) {
		t.Errorf("dial attempts %v, want only the receiver", a)
	}
}

func TestClientClosesBodyOfRefusedRequest(t *testing.T) {
	p, _ := testPolicy(t, "", nil)
	body := &closeRecorder{Reader: strings.NewReader("{}")}
	req, err := http.NewRequest(http.MethodPost, "http://public.test/", body)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Client(time.Second).Do(req); err == nil {
		t.Fatal("plain http to a public host was sent")
	}
	if !body.closed {
		t.Error("request body not closed")
	}
}

type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

func TestClientSettings(t *testing.T) {
	p, _ := testPolicy(t, "", nil)
	c := p.Client(7 * time.Second)
	if c.Timeout != 7*time.Second {
		t.Errorf("timeout %v", c.Timeout)
	}
	tr := c.Transport.(*checkedTransport).next.(*http.Transport)
	if tr.Proxy != nil {
		t.Error("transport has a proxy function")
	}
}
