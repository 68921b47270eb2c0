package users

import (
	"sync"
	"time"

	"github.com/quirehq/quire/internal/errs"
)

// Defaults of the failed sign-in limit.
const (
	DefaultMaxFailedLogins   = 10
	DefaultFailedLoginWindow = 15 * time.Minute
)

// loginGuard counts failed sign-ins per email in this process, so that a
// password cannot be guessed at the speed of the network: after the
// maximum number of failures within the window, the email's sign-ins are
// refused until the window has passed. A success clears the count.
type loginGuard struct {
	mu    sync.Mutex
	fails map[string]failures
}

type failures struct {
	count int
	since time.Time
}

// maxTracked bounds the memory failed attempts at made-up emails can take.
const maxTracked = 100_000

func (s *Service) guardLimits() (int, time.Duration) {
	n, w := s.deps.MaxFailedLogins, s.deps.FailedLoginWindow
	if n <= 0 {
		n = DefaultMaxFailedLogins
	}
	if w <= 0 {
		w = DefaultFailedLoginWindow
	}
	return n, w
}

// check refuses a sign-in for email while it is locked out.
func (s *Service) checkGuard(email string, now time.Time) error {
	limit, window := s.guardLimits()
	g := &s.guard
	g.mu.Lock()
	defer g.mu.Unlock()
	f, ok := g.fails[email]
	if !ok || now.Sub(f.since) >= window || f.count < limit {
		return nil
	}
	wait := f.since.Add(window).Sub(now).Round(time.Second)
	return errs.New(errs.RateLimited, "too many failed sign-ins for this email: try again in %s", wait)
}

// failed records a failed sign-in for email.
func (s *Service) failed(email string, now time.Time) {
	_, window := s.guardLimits()
	g := &s.guard
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.fails == nil {
		g.fails = map[string]failures{}
	}
	if len(g.fails) >= maxTracked {
		for k, f := range g.fails {
			if now.Sub(f.since) >= window {
				delete(g.fails, k)
			}
		}
	}
	f := g.fails[email]
	if f.count == 0 || now.Sub(f.since) >= window {
		f = failures{since: now}
	}
	f.count++
	g.fails[email] = f
}

// succeeded clears email's failures.
func (s *Service) succeeded(email string) {
	s.guard.mu.Lock()
	defer s.guard.mu.Unlock()
	delete(s.guard.fails, email)
}
