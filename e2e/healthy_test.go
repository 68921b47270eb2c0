package e2e

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// rssMiB is the resident memory of the server process (not its browser).
func (s *server) rssMiB(t testing.TB) float64 {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(s.cmd.Process.Pid) + "/status")
	if err != nil {
		t.Fatalf("server process: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				t.Fatalf("VmRSS %q: %v", rest, err)
			}
			return kb / 1024
		}
	}
	t.Fatal("no VmRSS in /proc status")
	return 0
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
	if rss := s.rssMiB(t); rss > budgetMiB {
		t.Errorf("server RSS %.0f MiB after hostile input, budget %.0f MiB", rss, budgetMiB)
	}
}
