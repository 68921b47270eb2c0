package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/webhooks"
)

type createWebhookInput struct {
	Body struct {
		URL    string   `json:"url" doc:"HTTPS URL to receive webhook deliveries"`
		Events []string `json:"events" doc:"Event types to subscribe to: document.completed, document.failed, document.expired, document.deleted"`
	}
}

type webhookIDInput struct {
	ID string `path:"id" doc:"Webhook endpoint id (wh_…)"`
}

type updateWebhookInput struct {
	ID   string `path:"id" doc:"Webhook endpoint id (wh_…)"`
	Body struct {
		URL    *string  `json:"url,omitempty" doc:"New HTTPS URL"`
		Events []string `json:"events,omitempty" doc:"New event subscriptions"`
		Active *bool    `json:"active,omitempty" doc:"Enable or disable the endpoint"`
	}
}

type webhookDeliveriesInput struct {
	ID    string `path:"id" doc:"Webhook endpoint id (wh_…)"`
	Limit int    `query:"limit" default:"100" minimum:"1" maximum:"1000" doc:"Maximum number of attempts"`
}

type redeliverInput struct {
	ID         string `path:"id" doc:"Webhook endpoint id (wh_…)"`
	DeliveryID string `path:"delivery_id" doc:"Delivery id (whd_…) from the delivery log"`
}

type attemptList struct {
	Data []webhooks.Attempt `json:"data"`
}

const signingDoc = "Every delivery is a JSON POST `{id, type, created_at, data}` signed twice with the endpoint secret: " +
	"`X-Quire-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with the whole secret string>` and the " +
	"Standard Webhooks headers `webhook-id`, `webhook-timestamp`, `webhook-signature` (verify with any Standard Webhooks library). " +
	"Failed deliveries (no answer, timeout, non-2xx, redirects) are retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h by default, " +
	"or later if the answer carries Retry-After. An endpoint answering 410 Gone is disabled at once; one whose attempts all fail for 5 days is disabled. " +
	"Documents made with sandbox (test) keys trigger no webhooks."

func registerWebhooks(api huma.API, svc *webhooks.Service) {
	tags := []string{"Webhooks"}
	register(api, needs(auth.PermWebhooksWrite).accountWide(), huma.Operation{
		OperationID: "create-webhook", Method: http.MethodPost, Path: "/v1/webhooks", Tags: tags,
		Summary:       "Register a webhook endpoint",
		Description:   "The secret is only returned at creation time. URL must use HTTPS (unless the operator allows the destination). Maximum 5 endpoints per account. " + signingDoc,
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *createWebhookInput) (*body[*webhooks.Endpoint], error) {
		return reply(svc.Create(ctx, principal(ctx).AccountID, in.Body.URL, in.Body.Events))
	})
	register(api, needs(auth.PermWebhooksRead).accountWide(), huma.Operation{
		OperationID: "list-webhooks", Method: http.MethodGet, Path: "/v1/webhooks", Tags: tags,
		Summary: "List webhook endpoints", Description: "Oldest first, without secrets.",
	}, func(ctx context.Context, _ *struct{}) (*body[[]webhooks.Endpoint], error) {
		return reply(svc.List(ctx, principal(ctx).AccountID))
	})
	register(api, needs(auth.PermWebhooksRead).accountWide(), huma.Operation{
		OperationID: "get-webhook", Method: http.MethodGet, Path: "/v1/webhooks/{id}", Tags: tags,
		Summary: "Get a webhook endpoint",
	}, func(ctx context.Context, in *webhookIDInput) (*body[*webhooks.Endpoint], error) {
		return reply(svc.Get(ctx, principal(ctx).AccountID, in.ID))
	})
	register(api, needs(auth.PermWebhooksWrite).accountWide(), huma.Operation{
		OperationID: "update-webhook", Method: http.MethodPatch, Path: "/v1/webhooks/{id}", Tags: tags,
		Summary:     "Update a webhook endpoint's URL, events or active status",
		Description: "Re-enabling an endpoint that Quire disabled clears the reason. Disabling one cancels its pending deliveries.",
	}, func(ctx context.Context, in *updateWebhookInput) (*body[*webhooks.Endpoint], error) {
		return reply(svc.Update(ctx, principal(ctx).AccountID, in.ID, webhooks.Patch{URL: in.Body.URL, Events: in.Body.Events, Active: in.Body.Active}))
	})
	register(api, needs(auth.PermWebhooksWrite).accountWide(), huma.Operation{
		OperationID: "delete-webhook", Method: http.MethodDelete, Path: "/v1/webhooks/{id}", Tags: tags,
		Summary: "Delete a webhook endpoint", Description: "Pending deliveries are cancelled.",
	}, func(ctx context.Context, in *webhookIDInput) (*body[deleted], error) {
		if err := svc.Delete(ctx, principal(ctx).AccountID, in.ID); err != nil {
			return nil, fail(ctx, err)
		}
		return &body[deleted]{Body: deleted{Deleted: true}}, nil
	})
	register(api, needs(auth.PermWebhooksRead).accountWide(), huma.Operation{
		OperationID: "list-webhook-deliveries", Method: http.MethodGet, Path: "/v1/webhooks/{id}/deliveries", Tags: tags,
		Summary:     "An endpoint's delivery log",
		Description: "Every attempt, newest first: delivery id, event, attempt number, status code (null without a response), latency, error and time.",
	}, func(ctx context.Context, in *webhookDeliveriesInput) (*body[attemptList], error) {
		list, err := svc.Attempts(ctx, principal(ctx).AccountID, in.ID, in.Limit)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &body[attemptList]{Body: attemptList{Data: list}}, nil
	})
	register(api, needs(auth.PermWebhooksWrite).accountWide(), huma.Operation{
		OperationID: "redeliver-webhook", Method: http.MethodPost, Path: "/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver", Tags: tags,
		Summary:       "Send a delivery again",
		Description:   "Queues a new delivery of the same event (same body and webhook-id) with a fresh retry schedule. The endpoint must be active.",
		DefaultStatus: http.StatusAccepted,
	}, func(ctx context.Context, in *redeliverInput) (*body[*webhooks.Delivery], error) {
		return reply(svc.Redeliver(ctx, principal(ctx).AccountID, in.ID, in.DeliveryID))
	})
}

// withRequestHook checks a request's options.webhook_url (400 when refused)
// and records it on ctx, where the webhooks service finds it when the
// document completes or fails.
func withRequestHook(ctx context.Context, hooks *webhooks.Service, url string) (context.Context, error) {
	if url == "" {
		return ctx, nil
	}
	if hooks == nil {
		return ctx, fail(ctx, errs.New(errs.Unavailable, "this server does not send webhooks"))
	}
	if err := hooks.CheckPlan(ctx, principal(ctx).AccountID); err != nil {
		return ctx, fail(ctx, err)
	}
	u, err := hooks.CheckURL(ctx, url)
	if err != nil {
		return ctx, fail(ctx, err)
	}
	return webhooks.WithRequestURL(ctx, u), nil
}
