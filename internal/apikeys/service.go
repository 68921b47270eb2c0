// Package apikeys creates, lists and revokes API keys. Raw keys are returned
// once, at creation; only their SHA-256 and a display prefix are stored.
package apikeys

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"
)

// Service manages the API keys of accounts.
type Service struct {
	Store     store.Store
	KeyPrefix string
}

// Key is the public view of an API key.
type Key struct {
	ID        string     `json:"id"`
	Prefix    string     `json:"prefix"`
	Name      string     `json:"name"`
	Mode      string     `json:"mode"`
	LastUsed  *time.Time `json:"lastUsed"`
	CreatedAt time.Time  `json:"createdAt"`
	ExpiresAt *time.Time `json:"expiresAt,omitempty"`
}

// Created is a new key with its raw value, shown exactly once.
type Created struct {
	Key
	Raw string `json:"key"`
}

// Create makes a key for accountID. mode "" means live.
func (s *Service) Create(ctx context.Context, accountID, name, mode string) (*Created, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 255 {
		return nil, errs.New(errs.Validation, "name is required and must be 1-255 characters")
	}
	if mode == "" {
		mode = auth.ModeLive
	}
	if mode != auth.ModeLive && mode != auth.ModeTest {
		return nil, errs.New(errs.Validation, "mode must be \"live\" or \"test\"")
	}
	raw := auth.NewKey(s.KeyPrefix, mode)
	k := &store.APIKey{
		ID:        ids.New("ak"),
		AccountID: accountID,
		Name:      name,
		Mode:      mode,
		Prefix:    auth.DisplayPrefix(raw),
		Hash:      auth.HashKey(raw),
		CreatedAt: time.Now().UTC(),
	}
	if err := s.Store.CreateAPIKey(ctx, k); err != nil {
		return nil, err
	}
	return &Created{Key: view(k), Raw: raw}, nil
}

// List returns the account's active keys, newest first.
func (s *Service) List(ctx context.Context, accountID string) ([]Key, error) {
	keys, err := s.Store.APIKeys(ctx, accountID)
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
	err := s.Store.RevokeAPIKey(ctx, accountID, id, time.Now().UTC())
	if errors.Is(err, store.ErrNotFound) {
		return errs.New(errs.APIKeyNotFound, "API key %q does not exist", id)
	}
	return err
}

func view(k *store.APIKey) Key {
	return Key{ID: k.ID, Prefix: k.Prefix, Name: k.Name, Mode: k.Mode, LastUsed: k.LastUsedAt, CreatedAt: k.CreatedAt, ExpiresAt: k.ExpiresAt}
}
