// Package bench measures Quire the way a user meets it: documents rendered
// over HTTP, next to the plainest chromedp loop as the floor, and the memory
// of the process and its browser over many renders.
package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Stats summarises one series of renders.
type Stats struct {
	Name        string
	Concurrency int
	N           int
	P50, P95    time.Duration
	Wall        time.Duration
}

// DocsPerSecond is the throughput of the series.
func (s Stats) DocsPerSecond() float64 { return float64(s.N) / s.Wall.Seconds() }

func (s Stats) String() string {
	return fmt.Sprintf("%-24s c=%d n=%-5d p50=%7.1fms p95=%7.1fms %6.2f docs/s",
		s.Name, s.Concurrency, s.N, ms(s.P50), ms(s.P95), s.DocsPerSecond())
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// Summarise computes percentiles of the latencies.
func Summarise(name string, concurrency int, latencies []time.Duration, wall time.Duration) Stats {
	sorted := slices.Clone(latencies)
	slices.Sort(sorted)
	return Stats{Name: name, Concurrency: concurrency, N: len(sorted), P50: percentile(sorted, 50), P95: percentile(sorted, 95), Wall: wall}
}

func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	if i < 1 {
		i = 1
	}
	return sorted[i-1]
}

// RSS returns the resident memory of this process and, separately, the
// proportional set size (PSS) of all its descendants (the browser and its
// helpers), in bytes, from /proc. PSS splits shared pages between the
// processes that map them, so browser processes are not counted many times.
func RSS() (self, children int64, err error) {
	self, err = ProcessRSS(os.Getpid())
	if err != nil {
		return 0, 0, err
	}
	parents := map[int]int{}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return self, 0, err
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ppid, ok := parentOf(pid); ok {
			parents[pid] = ppid
		}
	}
	for pid := range parents {
		if descends(pid, os.Getpid(), parents) {
			if r, err := pssOf(pid); err == nil {
				children += r
			}
		}
	}
	return self, children, nil
}

func descends(pid, ancestor int, parents map[int]int) bool {
	for depth := 0; depth < 64; depth++ {
		ppid, ok := parents[pid]
		if !ok || ppid == 0 {
			return false
		}
		if ppid == ancestor {
			return true
		}
		pid = ppid
	}
	return false
}

func parentOf(pid int) (int, bool) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, false
	}
	// The command name may hold spaces: fields start after the last ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 2 {
		return 0, false
	}
	ppid, err := strconv.Atoi(f[1])
	return ppid, err == nil
}

// ProcessRSS is the resident memory of process pid, in bytes.
func ProcessRSS(pid int) (int64, error) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0, err
	}
	return statusField(string(b), "VmRSS:")
}

// statusField reads a "Name:   123 kB" line of a /proc file, in bytes.
func statusField(text, name string) (int64, error) {
	for _, line := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(line, name); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, fmt.Errorf("no %s field", name)
}

func pssOf(pid int) (int64, error) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "smaps_rollup"))
	if err != nil {
		return 0, err
	}
	return statusField(string(b), "Pss:")
}
