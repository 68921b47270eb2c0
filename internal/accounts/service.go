// Package accounts manages tenants: the companies that own keys, templates
// and documents.
package accounts

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"
)

// DefaultEmail names the account used when a command is given none.
const DefaultEmail = "admin@quire.local"

// Service manages accounts.
type Service struct {
	store   store.Store
	newPlan string // of new accounts; "" = free
}

// New returns the accounts service; defaultPlan is the plan of new
// accounts ("" = free).
func New(st store.Store, defaultPlan string) *Service {
	return &Service{store: st, newPlan: defaultPlan}
}

// Ensure returns the account with email, creating it on first use. Two
// processes racing to create it both end up with the same account.
func (s *Service) Ensure(ctx context.Context, email string) (*store.Account, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		email = DefaultEmail
	}
	if !strings.Contains(email, "@") {
		return nil, errs.New(errs.Validation, "account %q is not an email address", email)
	}
	a, err := s.store.AccountByEmail(ctx, email)
	if err == nil {
		return a, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	a = &store.Account{
		ID:        ids.New("acc"),
		Email:     email,
		Name:      strings.SplitN(email, "@", 2)[0],
		Plan:      s.defaultPlan(),
		CreatedAt: time.Now().UTC(),
	}
	err = s.store.CreateAccount(ctx, a)
	if errors.Is(err, store.ErrConflict) {
		return s.store.AccountByEmail(ctx, email)
	}
	if err != nil {
		return nil, err
	}
	return a, nil
}

func (s *Service) defaultPlan() string {
	if s.newPlan != "" {
		return s.newPlan
	}
	return "free"
}
