package users

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/store/sqlite"
)

func newService(t *testing.T) *Service {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "quire.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	tokens := &auth.Tokens{Secret: []byte("a test secret that is long enough"), AccessTTL: time.Minute, RefreshTTL: time.Hour}
	return New(Deps{Store: st, Tokens: tokens, SignupOpen: true})
}

// Of many concurrent refreshes with one token, exactly one gets a new
// pair; the losers end the session, so the winner's refresh token is
// revoked too (a reused token means a leaked one).
func TestConcurrentRefreshesOfOneTokenLetOneThrough(t *testing.T) {
	s := newService(t)
	p, err := s.Signup(t.Context(), NewPerson{Email: "race@example.com", Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	pair, err := s.Session(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	results := make(chan *TokenPair, n)
	failures := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			next, err := s.Refresh(t.Context(), pair.Refresh)
			if err != nil {
				failures <- err
				return
			}
			results <- next
		}()
	}
	wg.Wait()
	close(results)
	close(failures)
	if len(results) != 1 {
		t.Fatalf("%d refreshes succeeded, want exactly 1", len(results))
	}
	for err := range failures {
		if errs.CodeOf(err) != errs.Unauthorized {
			t.Fatalf("a losing refresh failed with %v, want UNAUTHORIZED", err)
		}
	}
	winner := <-results
	if _, err := s.Refresh(t.Context(), winner.Refresh); errs.CodeOf(err) != errs.Unauthorized {
		t.Fatalf("the winner's refresh token still works after a reuse: %v", err)
	}
	// A new sign-in starts a fresh session.
	if _, err := s.Login(t.Context(), "race@example.com", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
}
