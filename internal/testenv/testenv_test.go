package testenv

import (
	"strings"
	"testing"
)

// recorder notes what Missing asked for instead of ending the test.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper()                           {}
func (r *recorder) Fatalf(format string, args ...any) { r.fatal = format }
func (r *recorder) Skip(args ...any)                  { r.skip = args[0].(string) }

func TestMissingFailsUnderCIAndSkipsElsewhere(t *testing.T) {
	t.Setenv("CI", "true")
	r := &recorder{TB: t}
	Command(r, "quire-no-such-program", "quire-pkg")
	if r.fatal == "" || r.skip != "" {
		t.Errorf("under CI: fatal %q, skip %q; want a failure", r.fatal, r.skip)
	}
	if code := MissingMain("pkg", "x is missing"); code != 1 {
		t.Errorf("MissingMain under CI = %d, want 1", code)
	}

	t.Setenv("CI", "")
	r = &recorder{TB: t}
	Command(r, "quire-no-such-program", "quire-pkg")
	if r.fatal != "" || !strings.Contains(r.skip, "quire-pkg") || !strings.Contains(r.skip, "scripts/setup") {
		t.Errorf("outside CI: fatal %q, skip %q; want a skip naming the package and the setup", r.fatal, r.skip)
	}
	if code := MissingMain("pkg", "x is missing"); code != 0 {
		t.Errorf("MissingMain outside CI = %d, want 0", code)
	}
}

func TestPresentCommandAndServicePass(t *testing.T) {
	t.Setenv("CI", "true")
	r := &recorder{TB: t}
	if p := Command(r, "go", "golang"); p == "" || r.fatal != "" {
		t.Errorf("go: path %q, fatal %q", p, r.fatal)
	}
	r = &recorder{TB: t}
	TCP(r, "nothing", "127.0.0.1:1")
	if r.fatal == "" {
		t.Error("a closed port passed under CI")
	}
}
