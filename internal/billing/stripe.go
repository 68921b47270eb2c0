package billing

import (
	"context"
	"errors"
	"strings"

	"github.com/stripe/stripe-go/v82"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/store"
)

// Stripe is the Stripe side of billing: a client for the API and the
// secret that signs Stripe's webhooks.
type Stripe struct {
	client        *stripe.Client
	webhookSecret string
	returnURL     string // where Checkout and the portal send users back
}

// StripeConfig configures NewStripe.
type StripeConfig struct {
	Key           string // secret key, sk_…
	WebhookSecret string // whsec_…; "" refuses webhooks
	APIURL        string // API base, e.g. a stripe-mock; "" = Stripe's
	ReturnURL     string
}

// NewStripe returns a Stripe client; nothing is sent before the first call.
func NewStripe(c StripeConfig) *Stripe {
	conf := &stripe.BackendConfig{
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
		MaxNetworkRetries: stripe.Int64(1),
	}
	if c.APIURL != "" {
		conf.URL = stripe.String(strings.TrimRight(c.APIURL, "/"))
	}
	return &Stripe{
		client:        stripe.NewClient(c.Key, stripe.WithBackends(stripe.NewBackendsWithConfig(conf))),
		webhookSecret: c.WebhookSecret,
		returnURL:     strings.TrimRight(c.ReturnURL, "/"),
	}
}

// URL is the answer of checkout and portal: where to send the user.
type URL struct {
	URL string `json:"url"`
}

var errDisabled = errs.New(errs.BillingDisabled, "billing is not enabled on this server (set QUIRE_STRIPE_KEY)")

// Checkout opens a Stripe Checkout session subscribing the account to plan.
// The account's Stripe customer is created on first use.
func (s *Service) Checkout(ctx context.Context, accountID, plan string) (*URL, error) {
	if s.deps.Stripe == nil {
		return nil, errDisabled
	}
	p, ok := s.deps.Plans.Catalog().Get(plan)
	if !ok || p.StripePrice == "" {
		var sold []string
		for _, n := range s.deps.Plans.Catalog().Names() {
			if q, _ := s.deps.Plans.Catalog().Get(n); q.StripePrice != "" {
				sold = append(sold, n)
			}
		}
		return nil, errs.New(errs.Validation, "plan %q cannot be bought here; plans for sale: %s", plan, strings.Join(sold, ", "))
	}
	customer, err := s.customer(ctx, accountID)
	if err != nil {
		return nil, err
	}
	meta := map[string]string{"quire_account": accountID, "quire_plan": p.Name}
	sess, err := s.deps.Stripe.client.V1CheckoutSessions.Create(ctx, &stripe.CheckoutSessionCreateParams{
		Mode:              stripe.String(string(stripe.CheckoutSessionModeSubscription)),
		Customer:          stripe.String(customer),
		ClientReferenceID: stripe.String(accountID),
		LineItems:         []*stripe.CheckoutSessionCreateLineItemParams{{Price: stripe.String(p.StripePrice), Quantity: stripe.Int64(1)}},
		SuccessURL:        stripe.String(s.deps.Stripe.returnURL + "/?billing=success"),
		CancelURL:         stripe.String(s.deps.Stripe.returnURL + "/?billing=cancelled"),
		Metadata:          meta,
		SubscriptionData:  &stripe.CheckoutSessionCreateSubscriptionDataParams{Metadata: meta},
	})
	if err != nil {
		return nil, stripeError(err)
	}
	return &URL{URL: sess.URL}, nil
}

// Portal opens the Stripe customer portal of the account; NO_SUBSCRIPTION
// when it has no Stripe customer yet.
func (s *Service) Portal(ctx context.Context, accountID string) (*URL, error) {
	if s.deps.Stripe == nil {
		return nil, errDisabled
	}
	b, err := s.deps.Store.AccountBilling(ctx, accountID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && b.StripeCustomerID == "") {
		return nil, errs.New(errs.NoSubscription, "the account has no Stripe subscription: subscribe with POST /v1/billing/checkout first")
	}
	if err != nil {
		return nil, err
	}
	sess, err := s.deps.Stripe.client.V1BillingPortalSessions.Create(ctx, &stripe.BillingPortalSessionCreateParams{
		Customer:  stripe.String(b.StripeCustomerID),
		ReturnURL: stripe.String(s.deps.Stripe.returnURL + "/"),
	})
	if err != nil {
		return nil, stripeError(err)
	}
	return &URL{URL: sess.URL}, nil
}

// customer returns the account's Stripe customer id, creating the customer
// (and the billing row) when there is none.
func (s *Service) customer(ctx context.Context, accountID string) (string, error) {
	b, err := s.deps.Store.AccountBilling(ctx, accountID)
	if err == nil && b.StripeCustomerID != "" {
		return b.StripeCustomerID, nil
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", err
	}
	acc, err := s.deps.Store.Account(ctx, accountID)
	if err != nil {
		return "", err
	}
	c, err := s.deps.Stripe.client.V1Customers.Create(ctx, &stripe.CustomerCreateParams{
		Email:    stripe.String(acc.Email),
		Name:     stripe.String(acc.Name),
		Metadata: map[string]string{"quire_account": accountID},
	})
	if err != nil {
		return "", stripeError(err)
	}
	if b == nil {
		b = &store.AccountBilling{AccountID: accountID}
	}
	b.StripeCustomerID = c.ID
	b.UpdatedAt = nowUTC()
	if err := s.deps.Store.SaveAccountBilling(ctx, b); err != nil {
		return "", err
	}
	return c.ID, nil
}

// stripeError hides Stripe's details from the client, keeping them as the
// cause for the log.
func stripeError(err error) error {
	var se *stripe.Error
	if errors.As(err, &se) && se.HTTPStatusCode >= 400 && se.HTTPStatusCode < 500 && se.HTTPStatusCode != 401 {
		return errs.Wrap(err, errs.Validation, "Stripe refused the request: %s", se.Msg)
	}
	return errs.Wrap(err, errs.Unavailable, "Stripe cannot be reached right now")
}
