package testenv

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Tmpfs is a small tmpfs mounted over a test's folder, to make storage fail
// for real: full (Fill) or read-only (ReadOnly). File permissions cannot do
// it, since the tests run as root, for whom chmod stops no write.
type Tmpfs struct {
	tb  testing.TB
	Dir string
}

// MountTmpfs mounts a tmpfs of sizeKiB over dir (created if missing) and
// unmounts it when the test ends. Mounting needs root (or CAP_SYS_ADMIN):
// without it the test fails under CI and is skipped elsewhere.
func MountTmpfs(tb testing.TB, dir string, sizeKiB int) *Tmpfs {
	tb.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%dk", sizeKiB), "tmpfs", dir).CombinedOutput(); err != nil {
		Missing(tb, fmt.Sprintf("cannot mount a tmpfs to make storage fail (run the tests as root, or with CAP_SYS_ADMIN): %v: %s", err, strings.TrimSpace(string(out))))
	}
	tb.Cleanup(func() {
		if out, err := exec.Command("umount", "-l", dir).CombinedOutput(); err != nil {
			tb.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return &Tmpfs{tb: tb, Dir: dir}
}

// fillName is the file Fill writes; Unfill removes it.
const fillName = ".fill"

// Fill writes a file until the tmpfs has no space left.
func (m *Tmpfs) Fill() {
	m.tb.Helper()
	f, err := os.Create(filepath.Join(m.Dir, fillName))
	if err != nil {
		m.tb.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				m.tb.Fatalf("filling %s: %v", m.Dir, err)
			}
			return
		}
	}
}

// Unfill removes what Fill wrote.
func (m *Tmpfs) Unfill() {
	m.tb.Helper()
	if err := os.Remove(filepath.Join(m.Dir, fillName)); err != nil {
		m.tb.Fatal(err)
	}
}

// ReadOnly remounts the tmpfs read-only; Writable undoes it.
func (m *Tmpfs) ReadOnly() { m.remount("ro") }

// Writable remounts the tmpfs read-write.
func (m *Tmpfs) Writable() { m.remount("rw") }

func (m *Tmpfs) remount(mode string) {
	m.tb.Helper()
	if out, err := exec.Command("mount", "-o", "remount,"+mode, m.Dir).CombinedOutput(); err != nil {
		m.tb.Fatalf("remount %s %s: %v: %s", m.Dir, mode, err, out)
	}
}
