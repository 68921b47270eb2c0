package accounts

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/store"
)

// Profile is the public view of an account, as GET /v1/account shows it.
type Profile struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Plan      string    `json:"plan"`
	CreatedAt time.Time `json:"createdAt"`
}

// Get returns the caller's account.
func (s *Service) Get(ctx context.Context, id string) (*Profile, error) {
	a, err := s.Store.Account(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errs.New(errs.NotFound, "account %q does not exist", id)
	}
	if err != nil {
		return nil, err
	}
	return &Profile{ID: a.ID, Email: a.Email, Name: a.Name, Plan: a.Plan, CreatedAt: a.CreatedAt}, nil
}

// Rename sets the account's display name (1-255 characters).
func (s *Service) Rename(ctx context.Context, id, name string) (*Profile, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 255 {
		return nil, errs.New(errs.Validation, "name must be 1-255 characters")
	}
	if err := s.Store.UpdateAccountName(ctx, id, name); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, errs.New(errs.NotFound, "account %q does not exist", id)
		}
		return nil, err
	}
	return s.Get(ctx, id)
}
