//go:build unix

package office

import (
	"os/exec"
	"syscall"
)

// isolate starts the command in a new process group so that killGroup
// reaches soffice.bin and any other child LibreOffice forks.
func isolate(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
