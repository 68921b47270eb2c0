// Package billing reports an account's plan standing and, when a Stripe key
// is configured, sells plans through Stripe Checkout, opens the Stripe
// customer portal and follows Stripe's webhooks to move accounts between
// plans. It knows no HTTP routes; the Stripe calls go through stripe-go.
package billing

import (
	"context"
	"errors"

	"github.com/quirehq/quire/internal/plans"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/usage"

	"github.com/quirehq/quire/internal/wire"
)

// Service is billing. Without Stripe (Deps.Stripe nil) billing is off:
// status still answers, checkout and portal refuse with BILLING_DISABLED.
type Service struct {
	deps Deps
}

// Deps is what the service is built from.
type Deps struct {
	Store store.Store
	Plans *plans.Service
	Usage *usage.Service
	// Stripe sells plans; nil turns checkout and the portal off.
	Stripe *Stripe
}

// New returns the billing service.
func New(d Deps) *Service {
	return &Service{deps: d}
}

// BillingStatus is GET /v1/billing/status, as in the reference.
type BillingStatus struct {
	Plan               string     `json:"plan"`
	Limit              *int       `json:"limit" doc:"Documents per month; null when unlimited (enterprise)"`
	Used               int        `json:"used" doc:"Live documents made this calendar month (UTC)"`
	Remaining          *int       `json:"remaining" doc:"null when unlimited"`
	SubscriptionStatus *string    `json:"subscriptionStatus" doc:"Stripe's subscription status (active, past_due, canceled…); null without a subscription"`
	PlanPeriodEnd      *wire.Time `json:"planPeriodEnd" doc:"End of the paid period; null without a subscription"`
}

// Status reports the account's plan, its use this month and its
// subscription.
func (s *Service) Status(ctx context.Context, accountID string) (*BillingStatus, error) {
	q, err := s.deps.Usage.Quota(ctx, accountID)
	if err != nil {
		return nil, err
	}
	st := &BillingStatus{Plan: q.Plan, Limit: q.Limit, Used: q.Used, Remaining: q.Remaining}
	b, err := s.deps.Store.AccountBilling(ctx, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return st, nil
	}
	if err != nil {
		return nil, err
	}
	if b.SubscriptionStatus != "" {
		status := b.SubscriptionStatus
		st.SubscriptionStatus = &status
	}
	st.PlanPeriodEnd = wire.AtPtr(b.PeriodEnd)
	return st, nil
}

// Enabled reports whether plans are sold through Stripe here.
func (s *Service) Enabled() bool { return s.deps.Stripe != nil }

// PlanNames lists the plans of the catalog.
func (s *Service) PlanNames() []string { return s.deps.Plans.Catalog().Names() }
