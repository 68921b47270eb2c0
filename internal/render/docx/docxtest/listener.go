package docxtest

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Marker is text the listener answers with: finding it in a PDF means a
// fetched document made it in.
const Marker = "EGRESS-MARKER-7f3a"

// Listener is an HTTP server on 127.0.0.1 that records every connection
// and request it gets, and answers each with Marker.
type Listener struct {
	URL string

	mu       sync.Mutex
	conns    int
	requests []string
}

// Listen starts a Listener that stops when the test ends.
func Listen(tb testing.TB) *Listener {
	l := &Listener{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.requests = append(l.requests, r.Method+" "+r.URL.Path)
		l.mu.Unlock()
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte(Marker + " " + r.URL.Path + "\n"))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			l.mu.Lock()
			l.conns++
			l.mu.Unlock()
		}
	}
	srv.Start()
	tb.Cleanup(srv.Close)
	l.URL = srv.URL
	return l
}

// Target is the URL for one kind of reference, for Hostile.
func (l *Listener) Target(kind string) string { return l.URL + "/" + kind }

// Seen returns the connections accepted and the requests received so far.
func (l *Listener) Seen() (conns int, requests []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.conns, append([]string(nil), l.requests...)
}

// AssertSilent fails the test if anything reached the listener.
func (l *Listener) AssertSilent(tb testing.TB) {
	tb.Helper()
	if conns, reqs := l.Seen(); conns > 0 || len(reqs) > 0 {
		tb.Errorf("the listener on %s was reached: %d connections, requests %q", l.URL, conns, reqs)
	}
}
