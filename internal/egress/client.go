package egress

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"time"
)

// Client returns an HTTP client for sending to checked destinations. Every
// connection resolves its host, checks each resolved IP against the policy and
// dials exactly the address it checked, so a DNS answer that changes between
// CheckURL and the request (rebinding) cannot reach an internal address. It
// never follows redirects (the 3xx response is returned as is), ignores proxy
// settings from the environment, refuses plain http to destinations that are
// not on the allow-list, and gives up after timeout overall.
//
// Each call builds its own connection pool: create one client and reuse it.
func (p *Policy) Client(timeout time.Duration) *http.Client {
	transport := &http.Transport{
		Proxy:                 nil, // HTTP(S)_PROXY would dial the proxy, not the checked IP
		DialContext:           p.dial,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{
		Transport: &checkedTransport{policy: p, next: transport},
		Timeout:   timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// dial is the transport's DialContext: resolve, check every address, then
// connect to the checked addresses in turn.
func (p *Policy) dial(ctx context.Context, network, address string) (net.Conn, error) {
	hostPart, portPart, err := net.SplitHostPort(address)
	if err != nil {
		return nil, &Error{Message: "has an invalid address", Err: err}
	}
	port, err := strconv.ParseUint(portPart, 10, 16)
	if err != nil || port == 0 {
		return nil, &Error{Message: fmt.Sprintf("has an invalid port %q", portPart), Err: err}
	}
	h, err := parseHost(hostPart)
	if err != nil {
		return nil, err
	}
	addrs, err := p.destinations(ctx, ipNetwork(network), h)
	if err != nil {
		return nil, err
	}
	dialContext := p.DialContext
	if dialContext == nil {
		dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
		dialContext = dialer.DialContext
	}
	var lastErr error
	for _, a := range addrs {
		target := netip.AddrPortFrom(a.Unmap(), uint16(port)).String()
		conn, err := dialContext(ctx, network, target)
		if err == nil {
			return conn, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			break
		}
	}
	return nil, lastErr
}

// ipNetwork maps a dial network ("tcp4") to a lookup network ("ip4").
func ipNetwork(network string) string {
	switch network {
	case "tcp4", "udp4":
		return "ip4"
	case "tcp6", "udp6":
		return "ip6"
	}
	return "ip"
}

// checkedTransport refuses, before any connection, requests that CheckURL
// would refuse for their shape: other schemes, credentials, and plain http to
// destinations not on the allow-list. Addresses are checked at dial time.
type checkedTransport struct {
	policy *Policy
	next   http.RoundTripper
}

func (t *checkedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.check(req); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	return t.next.RoundTrip(req)
}

func (t *checkedTransport) check(req *http.Request) error {
	if err := checkShape(req.URL); err != nil {
		return err
	}
	if req.URL.Scheme != "http" {
		return nil
	}
	h, err := parseHost(req.URL.Hostname())
	if err != nil {
		return err
	}
	if t.policy.hostAllowed(h.name) {
		return nil
	}
	addrs, err := t.policy.destinations(req.Context(), "ip", h)
	if err != nil {
		return err
	}
	if !t.policy.plainHTTPAllowed(h, addrs) {
		return refuse("must use https")
	}
	return nil
}
