package billing_test

import (
	"testing"

	"github.com/quirehq/quire/internal/apptest"
	"github.com/quirehq/quire/internal/errs"
)

// Without a Stripe key billing answers a clear 4xx, never a 5xx
// (with Stripe: e2e/billing_test.go, against stripe-mock).
func TestBillingDisabled(t *testing.T) {
	s := apptest.New(t, nil)
	a := s.NewAccount(t, "a@example.com")
	s.Call(t, "POST", "/v1/billing/checkout", a.Person, map[string]any{"plan": "pro"}).WantError(t, 400, errs.BillingDisabled)
	s.Call(t, "POST", "/v1/billing/portal", a.Person, nil).WantError(t, 400, errs.BillingDisabled)
	s.Call(t, "POST", "/v1/billing/portal", a.Key, nil).WantError(t, 403, errs.InsufficientPermissions)
}
