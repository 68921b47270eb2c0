package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/usage"
)

type usageInput struct {
	Mode string `query:"mode" enum:"live,test,all" doc:"Count documents of live keys, test (sandbox) keys, or all (default all; test keys may ask for test only, their default)"`
}

// credits is DokJet's GET /v1/credits.
type credits struct {
	CreditsLeft *int `json:"credits_left" nullable:"true" doc:"Documents left: this month's for a live key, today's sandbox ones for a test key; null when unlimited"`
}

func registerUsage(api huma.API, svc *usage.Service) {
	register(api, anyCaller, huma.Operation{
		OperationID: "get-usage", Method: http.MethodGet, Path: "/v1/usage", Tags: []string{"Usage"},
		Summary: "Documents made this month",
		Description: "Fill and generate counts for the current calendar month (UTC). Sandbox documents are counted under mode `test` and never against the monthly quota. " +
			"Test keys see sandbox usage only: another mode is 403 SANDBOX_KEY_FORBIDDEN.",
	}, func(ctx context.Context, in *usageInput) (*body[*usage.Report], error) {
		return reply(svc.Report(ctx, principal(ctx), in.Mode))
	})
	register(api, anyCaller, huma.Operation{
		OperationID: "get-credits", Method: http.MethodGet, Path: "/v1/credits", Tags: []string{"Compatibility"},
		Summary:     "Credits left (DokJet-compatible)",
		Description: "The documents this key may still make: the plan's monthly documents left for a live key, the sandbox daily documents left for a test key; null when unlimited.",
	}, func(ctx context.Context, _ *struct{}) (*body[credits], error) {
		left, err := svc.Credits(ctx, principal(ctx))
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &body[credits]{Body: credits{CreditsLeft: left}}, nil
	})
}
