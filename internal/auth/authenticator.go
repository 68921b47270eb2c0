// Package auth turns a credential into a Principal: who is calling, for which
// account, in which mode. It knows no HTTP: the transport extracts the raw
// credential and hands it over.
package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"time"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/store"
)

// Principal is an authenticated caller: an API key or a signed-in person.
type Principal struct {
	AccountID string
	Kind      string // KindAPIKey or KindUser
	KeyID     string // the API key used, "" for people
	UserID    string // the person signed in, "" for API keys
	Role      string // the person's role (store.RoleOwner…), "" for API keys
	Mode      string // ModeLive or ModeTest; people act live
	// Projects the caller may touch; nil means all of the account's.
	Projects []string
	// Permissions the caller holds; nil means all (see permissions.go).
	Permissions []string
}

// Sandbox reports whether the caller uses a test key.
func (p Principal) Sandbox() bool { return p.Mode == ModeTest }

// Authenticator checks API keys against the store.
type Authenticator struct {
	deps AuthenticatorDeps
}

// AuthenticatorDeps is what an Authenticator is built from.
type AuthenticatorDeps struct {
	Store     store.Store
	KeyPrefix string
	// Tokens checks access JWTs; nil refuses them.
	Tokens *Tokens
	Now    func() time.Time // nil = time.Now
	// TouchEvery throttles lastUsed writes: a key's lastUsed is rewritten at
	// most this often, so reads do not each cost a database write.
	TouchEvery time.Duration
}

// NewAuthenticator returns an authenticator.
func NewAuthenticator(d AuthenticatorDeps) *Authenticator {
	return &Authenticator{deps: d}
}

var errBadKey = errs.New(errs.Unauthorized, "missing or invalid API key")

// APIKey authenticates a raw API key. Malformed keys are refused before any
// database lookup; revoked and expired keys are refused at once.
func (a *Authenticator) APIKey(ctx context.Context, raw string) (Principal, error) {
	if raw == "" {
		return Principal{}, errs.New(errs.Unauthorized, "missing API key: send it in X-API-Key or Authorization: Bearer")
	}
	parsed, ok := ParseKey(a.deps.KeyPrefix, raw)
	if !ok {
		return Principal{}, errBadKey
	}
	hash := HashKey(parsed.Raw)
	k, err := a.deps.Store.APIKeyByHash(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		return Principal{}, errBadKey
	}
	if err != nil {
		return Principal{}, errs.Wrap(err, errs.Unavailable, "cannot check the API key right now")
	}
	if subtle.ConstantTimeCompare([]byte(k.Hash), []byte(hash)) != 1 {
		return Principal{}, errBadKey
	}
	now := a.now()
	if k.RevokedAt != nil {
		// A plan change deactivates keys by revoking them with a reason.
		if why, err := a.deps.Store.APIKeyDeactivation(ctx, k.ID); err == nil {
			return Principal{}, errs.New(errs.Unauthorized, "%s", why)
		}
		return Principal{}, errs.New(errs.Unauthorized, "this API key has been revoked")
	}
	if k.ExpiresAt != nil && !now.Before(*k.ExpiresAt) {
		return Principal{}, errs.New(errs.Unauthorized, "this API key has expired")
	}
	if k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) >= a.deps.TouchEvery {
		// A failed touch must not fail the request it belongs to.
		_ = a.deps.Store.TouchAPIKey(ctx, k.ID, now)
	}
	return Principal{AccountID: k.AccountID, Kind: KindAPIKey, KeyID: k.ID, Mode: k.Mode,
		Projects: k.Projects, Permissions: k.Permissions}, nil
}

func (a *Authenticator) now() time.Time {
	if a.deps.Now != nil {
		return a.deps.Now()
	}
	return time.Now().UTC()
}
