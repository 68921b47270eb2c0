package accounts

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/store"

	"github.com/quirehq/quire/internal/wire"
)

// Profile is the public view of an account, as GET /v1/account shows it.
type Profile struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Plan      string    `json:"plan"`
	CreatedAt wire.Time `json:"createdAt"`
	// SandboxCanEditTemplates lets test keys create, change and delete templates.
	SandboxCanEditTemplates bool `json:"sandbox_can_edit_templates" doc:"Whether test (sandbox) keys may create, change and delete templates, which live keys share (default false)"`
}

// Patch is a change of account settings; nil fields stay as they are.
type Patch struct {
	Name                    *string
	SandboxCanEditTemplates *bool
}

// Get returns the caller's account.
func (s *Service) Get(ctx context.Context, id string) (*Profile, error) {
	a, err := s.store.Account(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errs.New(errs.NotFound, "account %q does not exist", id)
	}
	if err != nil {
		return nil, err
	}
	return &Profile{ID: a.ID, Email: a.Email, Name: a.Name, Plan: a.Plan, CreatedAt: wire.At(a.CreatedAt),
		SandboxCanEditTemplates: a.SandboxCanEditTemplates}, nil
}

// Update renames the account (1-255 characters) and sets whether its test
// keys may change templates, in one transaction.
func (s *Service) Update(ctx context.Context, id string, p Patch) (*Profile, error) {
	if p.Name == nil && p.SandboxCanEditTemplates == nil {
		return nil, errs.New(errs.Validation, "nothing to change: send name or sandbox_can_edit_templates")
	}
	var name string
	if p.Name != nil {
		name = strings.TrimSpace(*p.Name)
		if name == "" || utf8.RuneCountInString(name) > 255 {
			return nil, errs.New(errs.Validation, "name must be 1-255 characters")
		}
	}
	err := s.store.InTx(ctx, func(tx store.Store) error {
		if p.Name != nil {
			if err := tx.UpdateAccountName(ctx, id, name); err != nil {
				return err
			}
		}
		if p.SandboxCanEditTemplates != nil {
			return tx.SetSandboxCanEditTemplates(ctx, id, *p.SandboxCanEditTemplates)
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, errs.New(errs.NotFound, "account %q does not exist", id)
	}
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// SandboxEditsTemplates reports whether the account lets its test keys
// create, change and delete templates.
func (s *Service) SandboxEditsTemplates(ctx context.Context, id string) (bool, error) {
	a, err := s.store.Account(ctx, id)
	if err != nil {
		return false, err
	}
	return a.SandboxCanEditTemplates, nil
}
