package egress

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"sync"
	"testing"
)

// fakeResolver answers from a table; names not in it do not resolve. No
// query ever leaves the process.
type fakeResolver struct {
	mu      sync.Mutex
	answers map[string][]netip.Addr
	// sequence, when set for a name, is consumed one answer per lookup (the
	// last answer repeats): DNS rebinding.
	sequence map[string][][]netip.Addr
	lookups  []string
}

func newResolver(pairs ...string) *fakeResolver {
	r := &fakeResolver{answers: map[string][]netip.Addr{}, sequence: map[string][][]netip.Addr{}}
	for i := 0; i < len(pairs); i += 2 {
		for _, a := range strings.Split(pairs[i+1], " ") {
			r.answers[pairs[i]] = append(r.answers[pairs[i]], netip.MustParseAddr(a))
		}
	}
	return r
}

func (r *fakeResolver) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lookups = append(r.lookups, host)
	if seq := r.sequence[host]; len(seq) > 0 {
		answer := seq[0]
		if len(seq) > 1 {
			r.sequence[host] = seq[1:]
		}
		return answer, nil
	}
	if a, ok := r.answers[host]; ok {
		return a, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// dialRecorder stands in for the network: it records every address the
// policy asks to connect to and only really connects to 127.0.0.1.
type dialRecorder struct {
	mu       sync.Mutex
	attempts []string
}

var errNotLoopback = errors.New("test dialer: refusing to leave 127.0.0.1")

func (d *dialRecorder) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	d.mu.Lock()
	d.attempts = append(d.attempts, address)
	d.mu.Unlock()
	ap, err := netip.ParseAddrPort(address)
	if err != nil || ap.Addr() != netip.MustParseAddr("127.0.0.1") {
		return nil, errNotLoopback
	}
	var dialer net.Dialer
	return dialer.DialContext(ctx, network, address)
}

func (d *dialRecorder) Attempts() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.attempts...)
}

// testPolicy parses allow and wires in a fake resolver and a recording dialer.
func testPolicy(t *testing.T, allow string, r *fakeResolver) (*Policy, *dialRecorder) {
	t.Helper()
	p, err := ParsePolicy(allow)
	if err != nil {
		t.Fatalf("ParsePolicy(%q): %v", allow, err)
	}
	if r == nil {
		r = newResolver()
	}
	d := &dialRecorder{}
	p.Resolver = r
	p.DialContext = d.DialContext
	return p, d
}

// refusal returns the *Error's message, failing the test if err is not one.
func refusal(t *testing.T, err error) string {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *egress.Error", err, err)
	}
	return e.Message
}
