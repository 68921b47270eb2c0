//go:build !unix

package office

import "os/exec"

func isolate(*exec.Cmd, Network) {}

func probeNetwork(string) Network { return ProfileOnly }

func canStartIn(string, Network) bool { return false }

func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}
