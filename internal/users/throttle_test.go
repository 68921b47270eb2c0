package users

import (
	"testing"
	"time"

	"github.com/quirehq/quire/internal/errs"
)

func TestFailedSignInsLockTheEmailOutForTheWindow(t *testing.T) {
	s := newService(t)
	s.deps.MaxFailedLogins, s.deps.FailedLoginWindow = 3, time.Hour
	if _, err := s.Signup(t.Context(), NewPerson{Email: "guess@example.com", Password: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := s.Login(t.Context(), "guess@example.com", "wrong guess "+string(rune('a'+i))); errs.CodeOf(err) != errs.Unauthorized {
			t.Fatalf("guess %d: %v, want UNAUTHORIZED", i+1, err)
		}
	}
	// Locked: even the right password is refused, and says why.
	if _, err := s.Login(t.Context(), "GUESS@example.com", "correct horse battery"); errs.CodeOf(err) != errs.RateLimited {
		t.Fatalf("after 3 failures: %v, want RATE_LIMITED", err)
	}
	// Other emails are not affected.
	if _, err := s.Login(t.Context(), "someone-else@example.com", "x"); errs.CodeOf(err) != errs.Unauthorized {
		t.Fatalf("another email: %v", err)
	}
	// Once the window has passed, the email may try again.
	if err := s.checkGuard("guess@example.com", time.Now().Add(time.Hour)); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

func TestASuccessfulSignInClearsFailures(t *testing.T) {
	s := newService(t)
	s.deps.MaxFailedLogins = 2
	if _, err := s.Signup(t.Context(), NewPerson{Email: "ok@example.com", Password: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := s.Login(t.Context(), "ok@example.com", "wrong"); errs.CodeOf(err) != errs.Unauthorized {
			t.Fatalf("wrong password: %v", err)
		}
		if _, err := s.Login(t.Context(), "ok@example.com", "correct horse battery"); err != nil {
			t.Fatalf("right password after one failure: %v", err)
		}
	}
}
