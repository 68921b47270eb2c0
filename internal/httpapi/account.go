package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/accounts"
)

type patchAccountInput struct {
	Body struct {
		Name string `json:"name" doc:"New display name (1-255 characters)"`
	}
}

func registerAccount(api huma.API, svc *accounts.Service) {
	tags := []string{"Account"}
	huma.Register(api, huma.Operation{
		OperationID: "get-account", Method: http.MethodGet, Path: "/v1/account", Tags: tags,
		Summary: "Get your account", Security: secured,
	}, func(ctx context.Context, _ *struct{}) (*body[*accounts.Profile], error) {
		return reply(svc.Get(ctx, principal(ctx).AccountID))
	})
	huma.Register(api, huma.Operation{
		OperationID: "update-account", Method: http.MethodPatch, Path: "/v1/account", Tags: tags,
		Summary: "Rename your account", Security: secured,
	}, func(ctx context.Context, in *patchAccountInput) (*body[*accounts.Profile], error) {
		return reply(svc.Rename(ctx, principal(ctx).AccountID, in.Body.Name))
	})
}
