package storetest

import (
	"testing"
	"time"

	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"
)

func newKey(t *testing.T, s store.Store, accountID string, created time.Time) *store.APIKey {
	t.Helper()
	k := &store.APIKey{AccountID: accountID, Name: "ci", Mode: "test", Prefix: "qk_test_ab",
		Hash: ids.Random(32), CreatedAt: created}
	must(t, s.CreateAPIKey(ctx(t), k), "CreateAPIKey")
	return k
}

func testAPIKeys(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	expires := base.Add(90 * 24 * time.Hour)
	k := &store.APIKey{AccountID: acc.ID, Name: "prod", Mode: "live", Prefix: "qk_live_12",
		Hash: ids.Random(32), CreatedAt: base, ExpiresAt: &expires}
	must(t, s.CreateAPIKey(ctx(t), k), "CreateAPIKey")

	got, err := s.APIKeyByHash(ctx(t), k.Hash)
	must(t, err, "APIKeyByHash")
	if got.ID != k.ID || got.AccountID != acc.ID || got.Name != "prod" || got.Mode != "live" ||
		got.Prefix != "qk_live_12" || got.Hash != k.Hash {
		t.Errorf("APIKeyByHash = %+v, want %+v", got, k)
	}
	sameTime(t, "CreatedAt", got.CreatedAt, base)
	sameOptTime(t, "ExpiresAt", got.ExpiresAt, &expires)
	sameOptTime(t, "LastUsedAt", got.LastUsedAt, nil)
	sameOptTime(t, "RevokedAt", got.RevokedAt, nil)

	_, err = s.APIKeyByHash(ctx(t), "no-such-hash")
	wantErr(t, err, store.ErrNotFound, "APIKeyByHash(missing)")
	dup := &store.APIKey{AccountID: acc.ID, Name: "dup", Hash: k.Hash, CreatedAt: base}
	wantErr(t, s.CreateAPIKey(ctx(t), dup), store.ErrConflict, "CreateAPIKey(same hash)")

	// Touch records the last use.
	used := base.Add(time.Hour)
	must(t, s.TouchAPIKey(ctx(t), k.ID, used), "TouchAPIKey")
	got, err = s.APIKeyByHash(ctx(t), k.Hash)
	must(t, err, "APIKeyByHash after touch")
	sameOptTime(t, "LastUsedAt", got.LastUsedAt, &used)
	wantErr(t, s.TouchAPIKey(ctx(t), "ak_missing", used), store.ErrNotFound, "TouchAPIKey(missing)")

	// Listing: newest first; revoked keys leave the list but stay findable by hash.
	older := newKey(t, s, acc.ID, base.Add(-time.Hour))
	newer := newKey(t, s, acc.ID, base.Add(time.Hour))
	assertKeyIDs(t, s, acc.ID, newer.ID, k.ID, older.ID)

	revokedAt := base.Add(2 * time.Hour)
	must(t, s.RevokeAPIKey(ctx(t), acc.ID, k.ID, revokedAt), "RevokeAPIKey")
	assertKeyIDs(t, s, acc.ID, newer.ID, older.ID)
	got, err = s.APIKeyByHash(ctx(t), k.Hash)
	must(t, err, "APIKeyByHash(revoked)")
	sameOptTime(t, "RevokedAt", got.RevokedAt, &revokedAt)

	// A second revocation finds no active key and keeps the first time.
	wantErr(t, s.RevokeAPIKey(ctx(t), acc.ID, k.ID, revokedAt.Add(time.Hour)), store.ErrNotFound, "RevokeAPIKey again")
	got, err = s.APIKeyByHash(ctx(t), k.Hash)
	must(t, err, "APIKeyByHash(revoked twice)")
	sameOptTime(t, "RevokedAt after second revoke", got.RevokedAt, &revokedAt)
	wantErr(t, s.RevokeAPIKey(ctx(t), acc.ID, "ak_missing", revokedAt), store.ErrNotFound, "RevokeAPIKey(missing)")

	empty := newAccount(t, s)
	keys, err := s.APIKeys(ctx(t), empty.ID)
	must(t, err, "APIKeys(no keys)")
	if keys == nil || len(keys) != 0 {
		t.Errorf("APIKeys(no keys) = %#v, want an empty non-nil slice", keys)
	}
}

func testAPIKeyTenancy(t *testing.T, s store.Store) {
	alice, bob := newAccount(t, s), newAccount(t, s)
	ak := newKey(t, s, alice.ID, base)
	bk := newKey(t, s, bob.ID, base)

	assertKeyIDs(t, s, alice.ID, ak.ID)
	assertKeyIDs(t, s, bob.ID, bk.ID)

	wantErr(t, s.RevokeAPIKey(ctx(t), bob.ID, ak.ID, base), store.ErrNotFound, "RevokeAPIKey(other account)")
	got, err := s.APIKeyByHash(ctx(t), ak.Hash)
	must(t, err, "APIKeyByHash")
	if got.RevokedAt != nil {
		t.Errorf("another account revoked alice's key: RevokedAt = %v", got.RevokedAt)
	}
	assertKeyIDs(t, s, alice.ID, ak.ID)
}

func assertKeyIDs(t *testing.T, s store.Store, accountID string, want ...string) {
	t.Helper()
	keys, err := s.APIKeys(ctx(t), accountID)
	must(t, err, "APIKeys")
	var got []string
	for _, k := range keys {
		got = append(got, k.ID)
	}
	if !equalStrings(got, want) {
		t.Errorf("APIKeys(%s) = %v, want %v", accountID, got, want)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
