package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"
)

func newUser(t *testing.T, s store.Store, accountID string, created time.Time) *store.User {
	t.Helper()
	u := &store.User{AccountID: accountID, Email: "u-" + strings.ToLower(ids.Random(10)) + "@example.com",
		Name: "Jane", Role: store.RoleMember, PasswordHash: "$argon2id$fake", CreatedAt: created}
	must(t, s.CreateUser(ctx(t), u), "CreateUser")
	return u
}

func testUsers(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	owner := &store.User{AccountID: acc.ID, Email: "owner-" + strings.ToLower(ids.Random(10)) + "@example.com",
		Name: "Jane Smith", Role: store.RoleOwner, PasswordHash: "$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA", CreatedAt: base}
	must(t, s.CreateUser(ctx(t), owner), "CreateUser")
	if !strings.HasPrefix(owner.ID, "usr_") {
		t.Errorf("generated id %q, want a usr_ prefix", owner.ID)
	}
	for how, get := range map[string]func() (*store.User, error){
		"User":        func() (*store.User, error) { return s.User(ctx(t), acc.ID, owner.ID) },
		"UserByEmail": func() (*store.User, error) { return s.UserByEmail(ctx(t), owner.Email) },
	} {
		got, err := get()
		must(t, err, how)
		if got.ID != owner.ID || got.AccountID != acc.ID || got.Email != owner.Email || got.Name != "Jane Smith" ||
			got.Role != store.RoleOwner || got.PasswordHash != owner.PasswordHash {
			t.Errorf("%s = %+v, want %+v", how, got, owner)
		}
		sameTime(t, how+" CreatedAt", got.CreatedAt, base)
	}
	_, err := s.UserByEmail(ctx(t), "nobody@example.com")
	wantErr(t, err, store.ErrNotFound, "UserByEmail(missing)")

	// An email is taken across accounts, not per account.
	other := newAccount(t, s)
	dup := &store.User{AccountID: other.ID, Email: owner.Email, Role: store.RoleOwner, PasswordHash: "x"}
	wantErr(t, s.CreateUser(ctx(t), dup), store.ErrConflict, "CreateUser(taken email)")

	later := newUser(t, s, acc.ID, base.Add(time.Hour))
	list, err := s.Users(ctx(t), acc.ID)
	must(t, err, "Users")
	if len(list) != 2 || list[0].ID != owner.ID || list[1].ID != later.ID {
		t.Errorf("Users = %+v, want owner then the later user", list)
	}

	must(t, s.UpdateAccountName(ctx(t), acc.ID, "Renamed Inc."), "UpdateAccountName")
	a, err := s.Account(ctx(t), acc.ID)
	must(t, err, "Account")
	if a.Name != "Renamed Inc." {
		t.Errorf("account name %q after rename", a.Name)
	}
	wantErr(t, s.UpdateAccountName(ctx(t), "acc_missing", "x"), store.ErrNotFound, "UpdateAccountName(missing)")

	if a.SandboxCanEditTemplates {
		t.Error("a new account lets sandbox keys edit templates")
	}
	must(t, s.SetSandboxCanEditTemplates(ctx(t), acc.ID, true), "SetSandboxCanEditTemplates")
	a, err = s.Account(ctx(t), acc.ID)
	must(t, err, "Account")
	if !a.SandboxCanEditTemplates || a.Name != "Renamed Inc." {
		t.Errorf("after SetSandboxCanEditTemplates(true): %+v", a)
	}
	wantErr(t, s.SetSandboxCanEditTemplates(ctx(t), "acc_missing", true), store.ErrNotFound, "SetSandboxCanEditTemplates(missing)")
}

func testUserTenancy(t *testing.T, s store.Store) {
	alice, bob := newAccount(t, s), newAccount(t, s)
	u := newUser(t, s, alice.ID, base)
	_, err := s.User(ctx(t), bob.ID, u.ID)
	wantErr(t, err, store.ErrNotFound, "User(other account)")
	list, err := s.Users(ctx(t), bob.ID)
	must(t, err, "Users(other account)")
	if list == nil || len(list) != 0 {
		t.Errorf("Users(bob) = %#v, want an empty non-nil slice", list)
	}
}

func testRefreshTokens(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	u := newUser(t, s, acc.ID, base)
	family := ids.New("fam")
	first := &store.RefreshToken{ID: ids.New("rt"), FamilyID: family, UserID: u.ID, AccountID: acc.ID,
		Hash: ids.Random(32), CreatedAt: base, ExpiresAt: base.Add(24 * time.Hour)}
	must(t, s.CreateRefreshToken(ctx(t), first), "CreateRefreshToken")
	got, err := s.RefreshTokenByHash(ctx(t), first.Hash)
	must(t, err, "RefreshTokenByHash")
	if got.ID != first.ID || got.FamilyID != family || got.UserID != u.ID || got.AccountID != acc.ID {
		t.Errorf("RefreshTokenByHash = %+v, want %+v", got, first)
	}
	sameTime(t, "CreatedAt", got.CreatedAt, base)
	sameTime(t, "ExpiresAt", got.ExpiresAt, base.Add(24*time.Hour))
	sameOptTime(t, "UsedAt", got.UsedAt, nil)
	_, err = s.RefreshTokenByHash(ctx(t), "no-such-hash")
	wantErr(t, err, store.ErrNotFound, "RefreshTokenByHash(missing)")

	// A token is used once: the second use finds nothing to mark.
	used := base.Add(time.Minute)
	must(t, s.UseRefreshToken(ctx(t), first.ID, used), "UseRefreshToken")
	wantErr(t, s.UseRefreshToken(ctx(t), first.ID, used.Add(time.Second)), store.ErrNotFound, "UseRefreshToken again")
	got, err = s.RefreshTokenByHash(ctx(t), first.Hash)
	must(t, err, "RefreshTokenByHash after use")
	sameOptTime(t, "UsedAt", got.UsedAt, &used)

	// Revoking the family revokes its every token, and nothing else's.
	second := &store.RefreshToken{ID: ids.New("rt"), FamilyID: family, UserID: u.ID, AccountID: acc.ID,
		Hash: ids.Random(32), CreatedAt: used, ExpiresAt: used.Add(24 * time.Hour)}
	must(t, s.CreateRefreshToken(ctx(t), second), "CreateRefreshToken(second)")
	otherFamily := &store.RefreshToken{ID: ids.New("rt"), FamilyID: ids.New("fam"), UserID: u.ID, AccountID: acc.ID,
		Hash: ids.Random(32), CreatedAt: used, ExpiresAt: used.Add(24 * time.Hour)}
	must(t, s.CreateRefreshToken(ctx(t), otherFamily), "CreateRefreshToken(other family)")
	revoked := base.Add(2 * time.Minute)
	must(t, s.RevokeRefreshFamily(ctx(t), family, revoked), "RevokeRefreshFamily")
	got, err = s.RefreshTokenByHash(ctx(t), second.Hash)
	must(t, err, "RefreshTokenByHash(second)")
	sameOptTime(t, "RevokedAt", got.RevokedAt, &revoked)
	wantErr(t, s.UseRefreshToken(ctx(t), second.ID, revoked), store.ErrNotFound, "UseRefreshToken(revoked)")
	got, err = s.RefreshTokenByHash(ctx(t), otherFamily.Hash)
	must(t, err, "RefreshTokenByHash(other family)")
	if got.RevokedAt != nil {
		t.Errorf("another family was revoked too")
	}
	must(t, s.UseRefreshToken(ctx(t), otherFamily.ID, revoked), "UseRefreshToken(other family)")

	// Expired tokens are forgotten, the user's only.
	someoneElse := newUser(t, s, acc.ID, base)
	theirs := &store.RefreshToken{ID: ids.New("rt"), FamilyID: ids.New("fam"), UserID: someoneElse.ID, AccountID: acc.ID,
		Hash: ids.Random(32), CreatedAt: base, ExpiresAt: base.Add(time.Hour)}
	must(t, s.CreateRefreshToken(ctx(t), theirs), "CreateRefreshToken(someone else's)")
	n, err := s.DeleteExpiredRefreshTokens(ctx(t), u.ID, base.Add(24*time.Hour+30*time.Second))
	must(t, err, "DeleteExpiredRefreshTokens")
	if n != 1 {
		t.Errorf("deleted %d tokens, want the first one only (expired at %v)", n, first.ExpiresAt)
	}
	_, err = s.RefreshTokenByHash(ctx(t), first.Hash)
	wantErr(t, err, store.ErrNotFound, "RefreshTokenByHash(deleted)")
	_, err = s.RefreshTokenByHash(ctx(t), theirs.Hash)
	must(t, err, "another user's expired token stays")
	_, err = s.RefreshTokenByHash(ctx(t), second.Hash)
	must(t, err, "an unexpired token stays")
}
