package plans

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/store"
)

// Service reads accounts' plans and moves accounts between them.
type Service struct {
	store   store.Store
	catalog *Catalog
}

// New returns the plans service over catalog.
func New(st store.Store, catalog *Catalog) *Service {
	return &Service{store: st, catalog: catalog}
}

// Catalog returns the plans accounts can be on.
func (s *Service) Catalog() *Catalog { return s.catalog }

// Of returns the plan of an account.
func (s *Service) Of(ctx context.Context, accountID string) (Plan, error) {
	a, err := s.store.Account(ctx, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return Plan{}, errs.New(errs.Unauthorized, "the account of this credential no longer exists")
	}
	if err != nil {
		return Plan{}, err
	}
	return s.Named(a.Plan), nil
}

// Named returns the named plan, or the fallback plan for unknown names.
func (s *Service) Named(name string) Plan {
	if p, ok := s.catalog.Get(name); ok {
		return p
	}
	// Accounts whose plan is no longer in the catalog (e.g. removed from
	// QUIRE_PLANS) are on the free plan.
	p, _ := s.catalog.Get(Free)
	return p
}

// Change is the outcome of SetPlan.
type Change struct {
	From, To        string
	DeactivatedKeys int
}

// SetPlan moves an account to plan. A plan without API access deactivates
// every active key of the account, as docs101 does on a downgrade; coming
// back to a plan with API access does not reactivate them (new keys work).
// Both happen in one transaction.
func (s *Service) SetPlan(ctx context.Context, accountID, plan string) (*Change, error) {
	p, ok := s.catalog.Get(strings.TrimSpace(plan))
	if !ok {
		return nil, errs.New(errs.Validation, "unknown plan %q: one of %s", plan, strings.Join(s.catalog.Names(), ", "))
	}
	ch := &Change{To: p.Name}
	err := s.store.InTx(ctx, func(tx store.Store) error {
		a, err := tx.Account(ctx, accountID)
		if err != nil {
			return err
		}
		ch.From = a.Plan
		if err := tx.SetAccountPlan(ctx, accountID, p.Name); err != nil {
			return err
		}
		if p.APIAccess {
			return nil
		}
		reason := fmt.Sprintf("this API key was deactivated when the account moved to the %s plan, which has no API access; "+
			"keys stay deactivated after an upgrade: create a new one", p.Name)
		ch.DeactivatedKeys, err = tx.DeactivateAPIKeys(ctx, accountID, reason, time.Now().UTC())
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, errs.New(errs.NotFound, "account %q does not exist", accountID)
	}
	if err != nil {
		return nil, err
	}
	return ch, nil
}
