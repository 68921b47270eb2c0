package bench

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Accept posts one async generate request and returns its task id.
func (c *Client) Accept(ctx context.Context, body []byte) (string, error) {
	var task struct {
		TaskID string `json:"task_id"`
	}
	if err := c.call(ctx, http.MethodPost, "/v1/documents/generate", body, http.StatusAccepted, &task); err != nil {
		return "", err
	}
	return task.TaskID, nil
}

// AwaitTasks polls until every task has finished and returns when each was
// seen finished. It asks about the oldest unfinished task only (tasks
// finish about in order), so polling costs the server little; a failed
// task is an error.
func (c *Client) AwaitTasks(ctx context.Context, ids []string, poll time.Duration) ([]time.Time, error) {
	done := make([]time.Time, len(ids))
	for i := 0; i < len(ids); {
		var st struct {
			Status string `json:"status"`
			Error  any    `json:"error"`
		}
		if err := c.call(ctx, http.MethodGet, "/v1/tasks/"+ids[i], nil, http.StatusOK, &st); err != nil {
			return nil, err
		}
		switch st.Status {
		case "completed":
			done[i] = time.Now()
			i++
			continue
		case "failed":
			return nil, fmt.Errorf("task %s failed: %v", ids[i], st.Error)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(poll):
		}
	}
	return done, nil
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat's CPU times (100 on
// every Linux this runs on).
const clockTicks = 100

// TreeCPU is the CPU time (user + system) used so far by each process of
// roots and all their descendants (a worker and its browser), from /proc.
// Processes that have ended are not counted, so sample while they run.
func TreeCPU(roots ...int) (time.Duration, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0, err
	}
	parents := map[int]int{}
	for _, e := range entries {
		if pid, err := strconv.Atoi(e.Name()); err == nil {
			if ppid, ok := parentOf(pid); ok {
				parents[pid] = ppid
			}
		}
	}
	var ticks int64
	for pid := range parents {
		for _, root := range roots {
			if pid == root || descends(pid, root, parents) {
				ticks += cpuTicks(pid)
				break
			}
		}
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}

// cpuTicks is utime + stime of pid (0 if it is gone).
func cpuTicks(pid int) int64 {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	// After the command: state(0) ppid(1) … utime(11) stime(12).
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return u + k
}

// LoadAverage is the machine's 1, 5 and 15 minute load averages.
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// MachineCPU is the time all CPUs of the machine have been busy and in
// total since boot, from /proc/stat (busy excludes idle and iowait). The
// share of busy time between two readings tells whether the machine was
// saturated, by this run or by other work.
func MachineCPU() (busy, total time.Duration) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 6 || f[0] != "cpu" {
		return 0, 0
	}
	var all, idle int64
	for i, v := range f[1:] {
		n, _ := strconv.ParseInt(v, 10, 64)
		if i < 8 { // user nice system idle iowait irq softirq steal
			all += n
		}
		if i == 3 || i == 4 {
			idle += n
		}
	}
	tick := time.Second / clockTicks
	return time.Duration(all-idle) * tick, time.Duration(all) * tick
}
