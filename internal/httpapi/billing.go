package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/billing"
)

type checkoutInput struct {
	Body struct {
		Plan string `json:"plan" minLength:"1" doc:"Target plan, e.g. starter, pro or business (plans with a stripe_price)"`
	}
}

type stripeWebhookInput struct {
	Signature string `header:"Stripe-Signature" doc:"Stripe's signature of the payload"`
	RawBody   []byte
}

func registerBilling(api huma.API, svc *billing.Service) {
	tags := []string{"Billing"}
	register(api, anyCaller.accountWide().notSandbox(), huma.Operation{
		OperationID: "get-billing-status", Method: http.MethodGet, Path: "/v1/billing/status", Tags: tags,
		Summary:     "Plan, limits and subscription",
		Description: "`limit` and `remaining` are null for unlimited plans (enterprise); `used` counts live documents this calendar month (UTC).",
	}, func(ctx context.Context, _ *struct{}) (*body[*billing.BillingStatus], error) {
		return reply(svc.Status(ctx, principal(ctx).AccountID))
	})
	register(api, personOnly, huma.Operation{
		OperationID: "create-checkout-session", Method: http.MethodPost, Path: "/v1/billing/checkout", Tags: tags,
		Summary:     "Subscribe to a plan with Stripe Checkout",
		Description: "Answers the URL of Stripe's hosted payment page. Needs a signed-in person (access JWT). 400 BILLING_DISABLED when the server has no Stripe key.",
	}, func(ctx context.Context, in *checkoutInput) (*body[*billing.URL], error) {
		return reply(svc.Checkout(ctx, principal(ctx).AccountID, in.Body.Plan))
	})
	register(api, personOnly, huma.Operation{
		OperationID: "create-portal-session", Method: http.MethodPost, Path: "/v1/billing/portal", Tags: tags,
		Summary:     "Open the Stripe customer portal",
		Description: "Manage the subscription, invoices and payment methods. Needs a signed-in person (access JWT). 400 NO_SUBSCRIPTION without a Stripe customer; 400 BILLING_DISABLED without a Stripe key.",
	}, func(ctx context.Context, _ *struct{}) (*body[*billing.URL], error) {
		return reply(svc.Portal(ctx, principal(ctx).AccountID))
	})
	register(api, public("Stripe calls it: the Stripe-Signature header is checked instead"), huma.Operation{
		OperationID: "stripe-webhook", Method: http.MethodPost, Path: "/v1/billing/webhook", Tags: tags,
		Summary: "Stripe webhook endpoint",
		Description: "For Stripe, not for API clients: no API key, the Stripe-Signature is checked with QUIRE_STRIPE_WEBHOOK_SECRET (400 when it does not match). " +
			"checkout.session.completed and customer.subscription.updated move the account to the plan it pays for; customer.subscription.deleted to free.",
	}, func(ctx context.Context, in *stripeWebhookInput) (*body[*billing.WebhookResult], error) {
		return reply(svc.HandleWebhook(ctx, in.RawBody, in.Signature))
	})
}
