package main

import (
	"os"
	"testing"
)

// cliEnv makes the test binary run as the quire command (its arguments
// quire's), for tests that signal or kill a CLI process.
const cliEnv = "QUIRE_TEST_BINARY_IS_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(cliEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}
