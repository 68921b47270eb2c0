package e2e

import (
	"testing"

	"github.com/quirehq/quire/internal/bench"
)

// rssMiB is the resident memory of the server process (not its browser).
func (s *server) rssMiB(t testing.TB) float64 {
	t.Helper()
	rss, err := bench.ProcessRSS(s.cmd.Process.Pid)
	if err != nil {
		t.Fatalf("server process: %v", err)
	}
	return float64(rss) / (1 << 20)
}

// assertHealthy checks, after hostile input, that the server still runs,
// still renders, and holds less than budgetMiB of resident memory.
func (s *server) assertHealthy(t testing.TB, key string, budgetMiB float64) {
	t.Helper()
	select {
	case <-s.exited:
		t.Fatalf("the server exited; logs:\n%s", tail(s.logs.String(), 4000))
	default:
	}
	wantStatus(t, s.call(t, "GET", "/healthz", "", nil), 200)
	r := s.call(t, "POST", "/v1/documents/generate", key, map[string]any{"html": "<p>still rendering</p>"})
	wantStatus(t, r, 201)
	rss := s.rssMiB(t)
	t.Logf("server RSS %.0f MiB (budget %.0f MiB)", rss, budgetMiB)
	if rss > budgetMiB {
		t.Errorf("server RSS %.0f MiB after hostile input, budget %.0f MiB", rss, budgetMiB)
	}
}
