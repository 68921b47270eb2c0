package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/quirehq/quire/internal/testenv"
)

// shared is the server most tests use; tests that need other settings start
// their own with startServer.
var shared *server

// sharedEnv: limits small enough to test, render timeout short enough to wait for.
var sharedEnv = []string{
	"QUIRE_RENDER_TIMEOUT=8s",
	"QUIRE_MAX_BODY_BYTES=1048576",
	"QUIRE_MAX_UPLOAD_BYTES=2097152",
}

func TestMain(m *testing.M) {
	if _, err := exec.LookPath("chromium"); err != nil {
		os.Exit(testenv.MissingMain("e2e", "chromium is not installed (Debian package chromium; "+testenv.SetupHint+")"))
	}
	dir, err := os.MkdirTemp("", "quire-e2e")
	if err != nil {
		panic(err)
	}
	shared, err = launch(dir, sharedEnv...)
	if err != nil {
		fmt.Println("e2e:", err)
		os.Exit(1)
	}
	code := m.Run()
	shared.stop()
	if code != 0 {
		fmt.Printf("shared server logs (tail):\n%s\n", tail(shared.logs.String(), 4000))
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
