package users

import (
	"testing"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
)

// A browser session resumes from its refresh token without using it up;
// logging out ends it, and a token traded through the API (a leaked copy)
// ends the whole session.
func TestResumeBrowserSession(t *testing.T) {
	s := newService(t)
	p, err := s.Signup(t.Context(), NewPerson{Email: "browser@example.com", Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	start := func() *TokenPair {
		pair, err := s.Login(t.Context(), "browser@example.com", "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		return pair
	}
	pair := start()
	for range 2 { // twice: resuming does not use the token
		b, err := s.Resume(t.Context(), pair.Refresh)
		if err != nil {
			t.Fatal(err)
		}
		if b.Person.ID != p.ID || b.Principal.UserID != p.ID || b.Principal.Kind != auth.KindUser || b.FamilyID == "" {
			t.Fatalf("resumed %+v", b)
		}
	}
	unauthorized := func(err error, what string) {
		t.Helper()
		if errs.CodeOf(err) != errs.Unauthorized {
			t.Fatalf("%s: %v, want UNAUTHORIZED", what, err)
		}
	}
	if err := s.Logout(t.Context(), pair.Refresh); err != nil {
		t.Fatal(err)
	}
	_, err = s.Resume(t.Context(), pair.Refresh)
	unauthorized(err, "after logout")

	pair = start()
	next, err := s.Refresh(t.Context(), pair.Refresh) // the cookie's token, used elsewhere
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Resume(t.Context(), pair.Refresh)
	unauthorized(err, "a used token")
	_, err = s.Refresh(t.Context(), next.Refresh)
	unauthorized(err, "the family after reuse")
	_, err = s.Resume(t.Context(), "not a token")
	unauthorized(err, "garbage")
}
