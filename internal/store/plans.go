package store

import (
	"context"
	"time"
)

// AccountBilling is the Stripe side of an account.
type AccountBilling struct {
	AccountID            string
	StripeCustomerID     string
	StripeSubscriptionID string
	SubscriptionStatus   string // Stripe's: active, past_due, canceled…; "" = none
	PeriodEnd            *time.Time
	UpdatedAt            time.Time
}

// PlanStore changes plans and keeps what billing needs.
type PlanStore interface {
	// SetAccountPlan changes an account's plan; ErrNotFound for no account.
	SetAccountPlan(ctx context.Context, accountID, plan string) error
	// DeactivateAPIKeys revokes every active key of the account at at and
	// records reason for each; it returns how many it deactivated.
	DeactivateAPIKeys(ctx context.Context, accountID, reason string, at time.Time) (int, error)
	// APIKeyDeactivation returns why a key was deactivated; ErrNotFound when
	// it was not (or was revoked by hand).
	APIKeyDeactivation(ctx context.Context, keyID string) (string, error)
	// AccountBilling returns the account's billing row; ErrNotFound when none.
	AccountBilling(ctx context.Context, accountID string) (*AccountBilling, error)
	// SaveAccountBilling creates or replaces the account's billing row.
	SaveAccountBilling(ctx context.Context, b *AccountBilling) error
	// AccountByStripeCustomer finds the account of a Stripe customer.
	AccountByStripeCustomer(ctx context.Context, customerID string) (*Account, error)
}
