// Package apikeys creates, lists and revokes API keys. Raw keys are returned
// once, at creation; only their SHA-256 and a display prefix are stored.
package apikeys

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/projects"
	"github.com/quirehq/quire/internal/store"

	"github.com/quirehq/quire/internal/wire"
)

// Service manages the API keys of accounts.
type Service struct {
	deps Deps
}

// Deps is what the service is built from.
type Deps struct {
	Store     store.Store
	KeyPrefix string
	// MaxActive bounds an account's active (unrevoked, unexpired) keys; 0 = no limit.
	MaxActive int
	// Projects checks the projects a key is limited to; nil accepts any ids.
	Projects *projects.Service
}

// New returns the API keys service.
func New(d Deps) *Service {
	return &Service{deps: d}
}

// NewKey is what creating a key takes.
type NewKey struct {
	Name string
	Mode string // "" = live
	// Projects the key may touch (ids of the account's projects); nil = all.
	Projects []string
	// Permissions the key holds; nil = all.
	Permissions []string
	ExpiresAt   *time.Time // nil = never
}

// Key is the public view of an API key.
type Key struct {
	ID        string     `json:"id"`
	Prefix    string     `json:"prefix"`
	Name      string     `json:"name"`
	Mode      string     `json:"mode"`
	LastUsed  *wire.Time `json:"lastUsed"`
	CreatedAt wire.Time  `json:"createdAt"`
	ExpiresAt *wire.Time `json:"expiresAt"`
	// Projects is null when the key may touch every project of the account.
	Projects    []string `json:"projects"`
	Permissions []string `json:"permissions"`
}

// Created is a new key with its raw value, shown exactly once.
type Created struct {
	Key
	Raw string `json:"key"`
}

// Create makes a key for accountID.
func (s *Service) Create(ctx context.Context, accountID string, in NewKey) (*Created, error) {
	name := strings.TrimSpace(in.Name)
	if name == "" || utf8.RuneCountInString(name) > 255 {
		return nil, errs.New(errs.Validation, "name is required and must be 1-255 characters")
	}
	mode := in.Mode
	if mode == "" {
		mode = auth.ModeLive
	}
	if mode != auth.ModeLive && mode != auth.ModeTest {
		return nil, errs.New(errs.Validation, "mode must be \"live\" or \"test\"")
	}
	now := time.Now().UTC()
	if in.ExpiresAt != nil && !in.ExpiresAt.After(now) {
		return nil, errs.New(errs.Validation, "expires_at must be in the future")
	}
	perms, err := checkPermissions(in.Permissions)
	if err != nil {
		return nil, err
	}
	projects, err := s.checkProjects(ctx, accountID, in.Projects)
	if err != nil {
		return nil, err
	}
	raw := auth.NewKey(s.deps.KeyPrefix, mode)
	k := &store.APIKey{
		ID:          ids.New("ak"),
		AccountID:   accountID,
		Name:        name,
		Mode:        mode,
		Prefix:      auth.DisplayPrefix(raw),
		Hash:        auth.HashKey(raw),
		CreatedAt:   now,
		ExpiresAt:   in.ExpiresAt,
		Projects:    projects,
		Permissions: perms,
	}
	if err := s.deps.Store.CreateAPIKeyWithin(ctx, k, s.deps.MaxActive); err != nil {
		if errors.Is(err, store.ErrLimitReached) {
			return nil, errs.New(errs.KeyLimitReached, "an account can have at most %d active API keys; revoke one before creating another", s.deps.MaxActive)
		}
		return nil, err
	}
	return &Created{Key: view(k), Raw: raw}, nil
}

// checkPermissions refuses unknown names and removes duplicates; nil
// (not given) means all permissions, an empty list is refused.
func checkPermissions(perms []string) ([]string, error) {
	if perms == nil {
		return nil, nil
	}
	if len(perms) == 0 {
		return nil, errs.New(errs.Validation, "permissions must name at least one of %s (leave it out for all)", strings.Join(auth.AllPermissions, ", "))
	}
	out := []string{}
	for _, p := range auth.AllPermissions {
		if slices.Contains(perms, p) {
			out = append(out, p)
		}
	}
	for _, p := range perms {
		if !auth.IsPermission(p) {
			return nil, errs.New(errs.Validation, "unknown permission %q: use %s", p, strings.Join(auth.AllPermissions, ", "))
		}
	}
	return out, nil
}

// List returns the account's active keys, newest first.
func (s *Service) List(ctx context.Context, accountID string) ([]Key, error) {
	keys, err := s.deps.Store.APIKeys(ctx, accountID)
	if err != nil {
		return nil, err
	}
	out := make([]Key, 0, len(keys))
	for i := range keys {
		out = append(out, view(&keys[i]))
	}
	return out, nil
}

// Revoke disables a key at once; another account's key is not found.
func (s *Service) Revoke(ctx context.Context, accountID, id string) error {
	err := s.deps.Store.RevokeAPIKey(ctx, accountID, id, time.Now().UTC())
	if errors.Is(err, store.ErrNotFound) {
		return errs.New(errs.APIKeyNotFound, "API key %q does not exist", id)
	}
	return err
}

func view(k *store.APIKey) Key {
	perms := k.Permissions
	if perms == nil {
		perms = auth.AllPermissions
	}
	return Key{ID: k.ID, Prefix: k.Prefix, Name: k.Name, Mode: k.Mode, LastUsed: wire.AtPtr(k.LastUsedAt), CreatedAt: wire.At(k.CreatedAt),
		ExpiresAt: wire.AtPtr(k.ExpiresAt), Projects: k.Projects, Permissions: perms}
}
