package billing

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/plans"
	"github.com/quirehq/quire/internal/store"
)

// WebhookResult tells Stripe what was done with an event.
type WebhookResult struct {
	Received bool   `json:"received"`
	Action   string `json:"action" doc:"What Quire did: plan_changed, subscription_updated or ignored"`
}

// Subscription statuses in which the paid plan applies.
var paying = map[string]bool{"active": true, "trialing": true, "past_due": true}

// HandleWebhook checks the Stripe-Signature of payload and applies the
// event: checkout.session.completed and customer.subscription.updated move
// the account to the plan it pays for, customer.subscription.deleted (or a
// subscription no longer paid) back to free. Other events are acknowledged
// and ignored. A bad signature is INVALID_INPUT (400): Stripe will retry.
func (s *Service) HandleWebhook(ctx context.Context, payload []byte, signature string) (*WebhookResult, error) {
	if s.deps.Stripe == nil || s.deps.Stripe.webhookSecret == "" {
		return nil, errs.New(errs.BillingDisabled, "Stripe webhooks are not enabled on this server (set QUIRE_STRIPE_KEY and QUIRE_STRIPE_WEBHOOK_SECRET)")
	}
	ev, err := webhook.ConstructEventWithOptions(payload, signature, s.deps.Stripe.webhookSecret,
		webhook.ConstructEventOptions{IgnoreAPIVersionMismatch: true})
	if err != nil {
		return nil, errs.Wrap(err, errs.InvalidInput, "the Stripe-Signature does not match this payload: %v", err)
	}
	if ev.Data == nil {
		return nil, errs.New(errs.InvalidInput, "the event has no data")
	}
	var obj stripeObject
	if err := json.Unmarshal(ev.Data.Raw, &obj); err != nil {
		return nil, errs.Wrap(err, errs.InvalidInput, "the event's object cannot be read: %v", err)
	}
	switch ev.Type {
	case "checkout.session.completed":
		return s.checkoutCompleted(ctx, &obj)
	case "customer.subscription.created", "customer.subscription.updated":
		return s.subscriptionChanged(ctx, &obj, false)
	case "customer.subscription.deleted":
		return s.subscriptionChanged(ctx, &obj, true)
	}
	return &WebhookResult{Received: true, Action: "ignored"}, nil
}

// stripeObject holds the fields Quire reads from checkout sessions and
// subscriptions, whatever the API version of the event.
type stripeObject struct {
	ID                string            `json:"id"`
	Object            string            `json:"object"`
	Customer          string            `json:"customer"`
	Subscription      string            `json:"subscription"`
	ClientReferenceID string            `json:"client_reference_id"`
	Status            string            `json:"status"`
	Metadata          map[string]string `json:"metadata"`
	CurrentPeriodEnd  int64             `json:"current_period_end"` // before API 2025-03-31
	Items             struct {
		Data []struct {
			CurrentPeriodEnd int64 `json:"current_period_end"` // since API 2025-03-31
			Price            struct {
				ID string `json:"id"`
			} `json:"price"`
		} `json:"data"`
	} `json:"items"`
}

func (s *Service) checkoutCompleted(ctx context.Context, o *stripeObject) (*WebhookResult, error) {
	accountID := o.ClientReferenceID
	if accountID == "" {
		accountID = o.Metadata["quire_account"]
	}
	plan := o.Metadata["quire_plan"]
	if accountID == "" || plan == "" {
		return &WebhookResult{Received: true, Action: "ignored"}, nil // not a Quire checkout
	}
	b, err := s.billingRow(ctx, accountID)
	if err != nil {
		return nil, err
	}
	b.StripeCustomerID = firstNonEmpty(o.Customer, b.StripeCustomerID)
	b.StripeSubscriptionID = firstNonEmpty(o.Subscription, b.StripeSubscriptionID)
	b.SubscriptionStatus = "active"
	b.UpdatedAt = nowUTC()
	if err := s.deps.Store.SaveAccountBilling(ctx, b); err != nil {
		return nil, err
	}
	if _, err := s.deps.Plans.SetPlan(ctx, accountID, plan); err != nil {
		return nil, err
	}
	return &WebhookResult{Received: true, Action: "plan_changed"}, nil
}

func (s *Service) subscriptionChanged(ctx context.Context, o *stripeObject, deleted bool) (*WebhookResult, error) {
	acc, err := s.deps.Store.AccountByStripeCustomer(ctx, o.Customer)
	if errors.Is(err, store.ErrNotFound) && o.Metadata["quire_account"] != "" {
		acc, err = s.deps.Store.Account(ctx, o.Metadata["quire_account"])
	}
	if errors.Is(err, store.ErrNotFound) {
		return &WebhookResult{Received: true, Action: "ignored"}, nil // not one of ours
	}
	if err != nil {
		return nil, err
	}
	b, err := s.billingRow(ctx, acc.ID)
	if err != nil {
		return nil, err
	}
	b.StripeCustomerID = firstNonEmpty(o.Customer, b.StripeCustomerID)
	b.StripeSubscriptionID = o.ID
	b.SubscriptionStatus = o.Status
	if deleted && b.SubscriptionStatus == "" {
		b.SubscriptionStatus = "canceled"
	}
	end := o.CurrentPeriodEnd
	if len(o.Items.Data) > 0 && o.Items.Data[0].CurrentPeriodEnd > 0 {
		end = o.Items.Data[0].CurrentPeriodEnd
	}
	if end > 0 {
		t := time.Unix(end, 0).UTC()
		b.PeriodEnd = &t
	}
	b.UpdatedAt = nowUTC()
	if err := s.deps.Store.SaveAccountBilling(ctx, b); err != nil {
		return nil, err
	}
	plan := ""
	switch {
	case deleted || !paying[o.Status]:
		plan = plans.Free
	case len(o.Items.Data) > 0:
		if p, ok := s.deps.Plans.Catalog().ByStripePrice(o.Items.Data[0].Price.ID); ok {
			plan = p.Name
		}
	}
	if plan == "" {
		plan = o.Metadata["quire_plan"]
	}
	if plan == "" || plan == acc.Plan {
		return &WebhookResult{Received: true, Action: "subscription_updated"}, nil
	}
	if _, err := s.deps.Plans.SetPlan(ctx, acc.ID, plan); err != nil {
		return nil, err
	}
	return &WebhookResult{Received: true, Action: "plan_changed"}, nil
}

func (s *Service) billingRow(ctx context.Context, accountID string) (*store.AccountBilling, error) {
	b, err := s.deps.Store.AccountBilling(ctx, accountID)
	if errors.Is(err, store.ErrNotFound) {
		if _, err := s.deps.Store.Account(ctx, accountID); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return nil, errs.New(errs.InvalidInput, "the event names account %q, which does not exist", accountID)
			}
			return nil, err
		}
		return &store.AccountBilling{AccountID: accountID}, nil
	}
	return b, err
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func nowUTC() time.Time { return time.Now().UTC() }
