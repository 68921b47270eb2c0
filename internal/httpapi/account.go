package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/accounts"
)

type patchAccountInput struct {
	Body struct {
		Name                    *string `json:"name,omitempty" doc:"New display name (1-255 characters)"`
		SandboxCanEditTemplates *bool   `json:"sandbox_can_edit_templates,omitempty" doc:"Let test (sandbox) keys create, change and delete templates, which live keys share"`
	}
}

func registerAccount(api huma.API, svc *accounts.Service) {
	tags := []string{"Account"}
	register(api, anyCaller, huma.Operation{
		OperationID: "get-account", Method: http.MethodGet, Path: "/v1/account", Tags: tags,
		Summary: "Get your account",
	}, func(ctx context.Context, _ *struct{}) (*body[*accounts.Profile], error) {
		return reply(svc.Get(ctx, principal(ctx).AccountID))
	})
	register(api, personOnly, huma.Operation{
		OperationID: "update-account", Method: http.MethodPatch, Path: "/v1/account", Tags: tags,
		Summary:     "Rename your account or change its settings",
		Description: "Needs a signed-in person (access JWT): API keys get 403 INSUFFICIENT_PERMISSIONS.",
	}, func(ctx context.Context, in *patchAccountInput) (*body[*accounts.Profile], error) {
		return reply(svc.Update(ctx, principal(ctx).AccountID, accounts.Patch{Name: in.Body.Name, SandboxCanEditTemplates: in.Body.SandboxCanEditTemplates}))
	})
}
