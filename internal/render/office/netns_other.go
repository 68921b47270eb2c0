//go:build unix && !linux

package office

import "syscall"

// Network namespaces are Linux only.
func probeNetwork(string) Network { return ProfileOnly }

func confine(*syscall.SysProcAttr, Network) {}
