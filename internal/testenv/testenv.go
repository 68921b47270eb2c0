// Package testenv decides what a test does when something it needs is not
// on the machine. Outside CI the test is skipped with a line that says how
// to install the missing part. Under CI (CI=true) it fails naming it: a
// suite that skips itself reads as green and hides a broken install step.
package testenv

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// SetupHint is how every missing system package is installed.
const SetupHint = "run `bash scripts/setup`"

// CI reports whether the tests run under CI, where nothing may be missing.
func CI() bool {
	v, _ := strconv.ParseBool(os.Getenv("CI"))
	return v
}

// Missing fails the test under CI and skips it elsewhere, with msg.
func Missing(tb testing.TB, msg string) {
	tb.Helper()
	if CI() {
		tb.Fatalf("missing dependency (CI=true, so this fails instead of skipping): %s", msg)
		return
	}
	tb.Skip("skipped: " + msg)
}

// MissingMain is Missing for TestMain: it prints msg and returns the exit
// code the package's tests end with (1 under CI, 0 elsewhere).
func MissingMain(pkg, msg string) int {
	if CI() {
		fmt.Printf("%s: FAIL: missing dependency (CI=true): %s\n", pkg, msg)
		return 1
	}
	fmt.Printf("%s: skipped: %s\n", pkg, msg)
	return 0
}

// Command returns the path of a program on PATH, or fails/skips the test
// naming the Debian package that brings it.
func Command(tb testing.TB, name, debianPackage string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(tb, fmt.Sprintf("%s is not installed (Debian package %s; %s)", name, debianPackage, SetupHint))
	}
	return p
}

// File checks that a file exists, or fails/skips naming what brings it.
func File(tb testing.TB, path, from string) string {
	tb.Helper()
	if _, err := os.Stat(path); err != nil {
		Missing(tb, fmt.Sprintf("%s is missing (%s)", path, from))
	}
	return path
}

// TCP checks that a service listens at addr (host:port), or fails/skips
// naming it.
func TCP(tb testing.TB, service, addr string) {
	tb.Helper()
	conn, err := net.DialTimeout("tcp", addr, 3*time.Second)
	if err != nil {
		Missing(tb, fmt.Sprintf("%s is not reachable at %s: %v", service, addr, err))
		return
	}
	_ = conn.Close()
}

// RedisAddr is the Redis server the tests use.
const RedisAddr = "127.0.0.1:6379"

// GoBin returns the path of a Go program that scripts/setup installs into
// $(go env GOPATH)/bin (stripe-mock, versitygw), or fails/skips naming it.
func GoBin(tb testing.TB, name string) string {
	tb.Helper()
	gopath, err := exec.Command("go", "env", "GOPATH").Output()
	if err != nil {
		tb.Fatalf("go env GOPATH: %v", err)
	}
	bin := filepath.Join(strings.TrimSpace(string(gopath)), "bin", name)
	if _, err := os.Stat(bin); err != nil {
		Missing(tb, fmt.Sprintf("%s is not installed at %s (%s)", name, bin, SetupHint))
	}
	return bin
}

// FreeAddr returns a 127.0.0.1 address with a port free at the time of the
// call, for a server a test starts.
func FreeAddr(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// AwaitTCP waits up to 10 s for a server the test started to listen at
// addr; false if it never does.
func AwaitTCP(addr string) bool {
	for range 100 {
		if c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond); err == nil {
			c.Close()
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}
