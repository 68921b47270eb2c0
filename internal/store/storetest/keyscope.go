package storetest

import (
	"testing"
	"time"

	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"
)

func testAPIKeyScope(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	scoped := &store.APIKey{AccountID: acc.ID, Name: "scoped", Mode: "live", Prefix: "qk_live_sc", Hash: ids.Random(32),
		CreatedAt: base, Projects: []string{"prj_a", "prj_b"}, Permissions: []string{"documents:read"}}
	must(t, s.CreateAPIKey(ctx(t), scoped), "CreateAPIKey(scoped)")
	nothing := &store.APIKey{AccountID: acc.ID, Name: "nothing", Mode: "live", Prefix: "qk_live_no", Hash: ids.Random(32),
		CreatedAt: base, Projects: []string{}, Permissions: []string{}}
	must(t, s.CreateAPIKey(ctx(t), nothing), "CreateAPIKey(empty lists)")
	all := newKey(t, s, acc.ID, base)

	got, err := s.APIKeyByHash(ctx(t), scoped.Hash)
	must(t, err, "APIKeyByHash(scoped)")
	if !equalStrings(got.Projects, []string{"prj_a", "prj_b"}) || !equalStrings(got.Permissions, []string{"documents:read"}) {
		t.Errorf("scoped key read back with projects %v, permissions %v", got.Projects, got.Permissions)
	}
	got, err = s.APIKeyByHash(ctx(t), nothing.Hash)
	must(t, err, "APIKeyByHash(empty lists)")
	if got.Projects == nil || len(got.Projects) != 0 || got.Permissions == nil || len(got.Permissions) != 0 {
		t.Errorf("empty lists read back as %#v, %#v; want empty non-nil", got.Projects, got.Permissions)
	}
	got, err = s.APIKeyByHash(ctx(t), all.Hash)
	must(t, err, "APIKeyByHash(unlimited)")
	if got.Projects != nil || got.Permissions != nil {
		t.Errorf("an unlimited key read back with projects %#v, permissions %#v; want nil", got.Projects, got.Permissions)
	}
}

func testAPIKeyLimit(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	create := func(name string, created time.Time, expires *time.Time) error {
		return s.CreateAPIKeyWithin(ctx(t), &store.APIKey{AccountID: acc.ID, Name: name, Mode: "live",
			Prefix: "qk_live_li", Hash: ids.Random(32), CreatedAt: created, ExpiresAt: expires}, 2)
	}
	must(t, create("one", base, nil), "first key")
	soon := base.Add(time.Minute)
	must(t, create("two", base, &soon), "second key")
	wantErr(t, create("three", base, nil), store.ErrLimitReached, "third key")

	// An expired key no longer counts; a revoked one neither.
	must(t, create("after expiry", soon, nil), "key after the second expired")
	keys, err := s.APIKeys(ctx(t), acc.ID)
	must(t, err, "APIKeys")
	must(t, s.RevokeAPIKey(ctx(t), acc.ID, keys[0].ID, soon), "RevokeAPIKey")
	must(t, create("after revoke", soon, nil), "key after a revoke")
	wantErr(t, create("over", soon, nil), store.ErrLimitReached, "key over the limit")

	// Another account is not limited by this one's keys.
	other := newAccount(t, s)
	must(t, s.CreateAPIKeyWithin(ctx(t), &store.APIKey{AccountID: other.ID, Name: "x", Hash: ids.Random(32), CreatedAt: soon}, 2), "other account")
}
