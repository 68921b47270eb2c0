//go:build unix

package office

import (
	"os/exec"
	"syscall"
)

// isolate starts the command in a new process group so that killGroup
// reaches soffice.bin and any other child LibreOffice forks, and with the
// network isolation n.
func isolate(cmd *exec.Cmd, n Network) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	confine(cmd.SysProcAttr, n)
}

func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
