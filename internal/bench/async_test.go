package bench

import (
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// TreeCPU counts the CPU time of a process's descendants: here a shell
// whose child spins.
func TestTreeCPUCountsDescendants(t *testing.T) {
	cmd := exec.Command("sh", "-c", `sh -c 'while :; do :; done' & wait`)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
	})
	busy0, total0 := MachineCPU()
	var used time.Duration
	for range 300 {
		var err error
		if used, err = TreeCPU(cmd.Process.Pid); err != nil {
			t.Fatal(err)
		}
		if used >= 200*time.Millisecond {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if used < 200*time.Millisecond {
		t.Fatalf("TreeCPU = %s after the child spun for up to 30 s", used)
	}
	if busy1, total1 := MachineCPU(); busy1 <= busy0 || total1 <= total0 {
		t.Errorf("MachineCPU did not grow: busy %s → %s, total %s → %s", busy0, busy1, total0, total1)
	}
}
