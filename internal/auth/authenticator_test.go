package auth_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/store/sqlite"
)

func TestAuthenticator(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	acc := &store.Account{ID: "acc_1", Email: "a@example.com", Name: "a", Plan: "free", CreatedAt: time.Now()}
	if err := st.CreateAccount(ctx, acc); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	addKey := func(id, mode string, expires *time.Time) string {
		raw := auth.NewKey("qk", mode)
		k := &store.APIKey{ID: id, AccountID: acc.ID, Name: id, Mode: mode, Prefix: auth.DisplayPrefix(raw), Hash: auth.HashKey(raw), CreatedAt: now, ExpiresAt: expires}
		if err := st.CreateAPIKey(ctx, k); err != nil {
			t.Fatal(err)
		}
		return raw
	}
	a := auth.NewAuthenticator(auth.AuthenticatorDeps{Store: st, KeyPrefix: "qk", Now: func() time.Time { return now }, TouchEvery: time.Minute})

	live := addKey("ak_live", auth.ModeLive, nil)
	p, err := a.APIKey(ctx, live)
	if err != nil || p.AccountID != acc.ID || p.KeyID != "ak_live" || p.Mode != auth.ModeLive || p.Sandbox() {
		t.Fatalf("live key: %+v %v", p, err)
	}
	got, _ := st.APIKeyByHash(ctx, auth.HashKey(live))
	if got.LastUsedAt == nil || !got.LastUsedAt.Equal(now) {
		t.Fatalf("lastUsed not set: %v", got.LastUsedAt)
	}

	test := addKey("ak_test", auth.ModeTest, nil)
	if p, err := a.APIKey(ctx, test); err != nil || !p.Sandbox() {
		t.Fatalf("test key: %+v %v", p, err)
	}

	past := now.Add(-time.Second)
	expired := addKey("ak_old", auth.ModeLive, &past)
	unknown := auth.NewKey("qk", auth.ModeLive) // well-formed, never stored
	if err := st.RevokeAPIKey(ctx, acc.ID, "ak_test", now); err != nil {
		t.Fatal(err)
	}
	for name, raw := range map[string]string{"empty": "", "malformed": "qk_live_nope", "unknown": unknown, "expired": expired, "revoked": test} {
		if _, err := a.APIKey(ctx, raw); errs.CodeOf(err) != errs.Unauthorized {
			t.Errorf("%s: err %v, want UNAUTHORIZED", name, err)
		}
	}
}
