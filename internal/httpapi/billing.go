package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/billing"
)

func registerBilling(api huma.API, svc *billing.Service) {
	tags := []string{"Billing"}
	huma.Register(api, huma.Operation{
		OperationID: "get-billing-status", Method: http.MethodGet, Path: "/v1/billing/status", Tags: tags,
		Summary:     "Plan, limits and subscription",
		Description: "`limit` and `remaining` are null for unlimited plans (enterprise); `used` counts live documents this calendar month (UTC).",
		Security:    secured,
	}, func(ctx context.Context, _ *struct{}) (*body[*billing.BillingStatus], error) {
		return reply(svc.Status(ctx, principal(ctx).AccountID))
	})
}
