package storetest

import (
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/ids"

	"github.com/quirehq/quire/internal/store"
)

func testAccounts(t *testing.T, s store.Store) {
	a := &store.Account{Email: "owner-" + ids.Random(10) + "@example.com", Name: "Initech", Plan: "pro", CreatedAt: base}
	must(t, s.CreateAccount(ctx(t), a), "CreateAccount")
	if !strings.HasPrefix(a.ID, "acc_") {
		t.Errorf("generated id %q, want an acc_ prefix", a.ID)
	}
	for _, get := range []struct {
		how string
		fn  func() (*store.Account, error)
	}{
		{"Account", func() (*store.Account, error) { return s.Account(ctx(t), a.ID) }},
		{"AccountByEmail", func() (*store.Account, error) { return s.AccountByEmail(ctx(t), a.Email) }},
	} {
		got, err := get.fn()
		must(t, err, get.how)
		if got.ID != a.ID || got.Email != a.Email || got.Name != "Initech" || got.Plan != "pro" {
			t.Errorf("%s = %+v, want %+v", get.how, got, a)
		}
		sameTime(t, get.how+" CreatedAt", got.CreatedAt, base)
	}

	_, err := s.Account(ctx(t), "acc_missing")
	wantErr(t, err, store.ErrNotFound, "Account(missing)")
	_, err = s.AccountByEmail(ctx(t), "nobody@example.com")
	wantErr(t, err, store.ErrNotFound, "AccountByEmail(missing)")

	dup := &store.Account{Email: a.Email, Name: "Copycat"}
	wantErr(t, s.CreateAccount(ctx(t), dup), store.ErrConflict, "CreateAccount(taken email)")
	got, err := s.AccountByEmail(ctx(t), a.Email)
	must(t, err, "AccountByEmail after conflict")
	if got.ID != a.ID || got.Name != "Initech" {
		t.Errorf("conflicting insert changed the account: %+v", got)
	}
}
