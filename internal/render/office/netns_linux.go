//go:build linux

package office

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"time"
)

// probeNetwork finds the strongest network isolation that works here.
func probeNetwork(soffice string) Network {
	if canUnshareNet() {
		return NetNamespace
	}
	if canStartIn(soffice, UserNetNamespace) {
		return UserNetNamespace
	}
	return ProfileOnly
}

// canUnshareNet tries to move one OS thread into a new network namespace:
// the same permission check as starting a process in one, without
// starting a process. The thread is never unlocked, so the Go runtime
// ends it with the goroutine instead of reusing it.
func canUnshareNet() bool {
	ok := make(chan bool)
	go func() {
		runtime.LockOSThread()
		ok <- syscall.Unshare(syscall.CLONE_NEWNET) == nil
	}()
	return <-ok
}

// canStartIn starts `soffice --version` with the isolation n.
func canStartIn(soffice string, n Network) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "--version")
	cmd.SysProcAttr = &syscall.SysProcAttr{}
	confine(cmd.SysProcAttr, n)
	return cmd.Run() == nil
}

// confine sets the namespaces n asks for.
func confine(attr *syscall.SysProcAttr, n Network) {
	switch n {
	case NetNamespace:
		attr.Cloneflags |= syscall.CLONE_NEWNET
	case UserNetNamespace:
		attr.Cloneflags |= syscall.CLONE_NEWUSER | syscall.CLONE_NEWNET
		uid, gid := os.Getuid(), os.Getgid()
		attr.UidMappings = []syscall.SysProcIDMap{{ContainerID: uid, HostID: uid, Size: 1}}
		attr.GidMappings = []syscall.SysProcIDMap{{ContainerID: gid, HostID: gid, Size: 1}}
		attr.GidMappingsEnableSetgroups = false
	}
}
