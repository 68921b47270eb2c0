//go:build unix && !linux

package office

import "syscall"

// Network namespaces are Linux only.
func probeNetwork(string) Network { return ProfileOnly }

func canStartIn(string, Network) bool { return false }

func confine(*syscall.SysProcAttr, Network) {}
