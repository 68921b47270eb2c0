package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/apikeys"
)

type createKeyInput struct {
	Body struct {
		Name        string     `json:"name" minLength:"1" maxLength:"255" doc:"A label for the key"`
		Mode        string     `json:"mode,omitempty" enum:"live,test" doc:"live (production) or test (sandbox); default live"`
		Projects    []string   `json:"projects,omitempty" doc:"Ids of the account's projects the key may touch; leave out for all projects"`
		Permissions []string   `json:"permissions,omitempty" doc:"Any of templates:read, templates:write, documents:read, documents:write, webhooks:read, webhooks:write; leave out for all"`
		ExpiresAt   *time.Time `json:"expires_at,omitempty" doc:"When the key stops working (RFC 3339, in the future); leave out for never"`
	}
}

type keyIDInput struct {
	ID string `path:"id" doc:"API key id (ak_…)"`
}

func registerKeys(api huma.API, keys *apikeys.Service) {
	tags := []string{"API keys"}
	register(api, personOnly, huma.Operation{
		OperationID: "create-api-key", Method: http.MethodPost, Path: "/v1/api-keys", Tags: tags,
		Summary: "Create an API key",
		Description: "The raw key is in `key`, returned only here: store it, it cannot be shown again. " +
			"Needs a signed-in person (access JWT): API keys get 403 INSUFFICIENT_PERMISSIONS. An account has at most 10 active keys by default (409 KEY_LIMIT_REACHED past it). " +
			"A key limited to `projects` gets 403 FORBIDDEN on other projects' templates and documents; one limited in `permissions` gets 403 INSUFFICIENT_PERMISSIONS. " +
			"Test keys (mode test) see only test documents, cannot touch webhooks and change templates only when the account allows it (403 SANDBOX_KEY_FORBIDDEN).",
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *createKeyInput) (*body[*apikeys.Created], error) {
		b := in.Body
		return reply(keys.Create(ctx, principal(ctx).AccountID, apikeys.NewKey{
			Name: b.Name, Mode: b.Mode, Projects: b.Projects, Permissions: b.Permissions, ExpiresAt: b.ExpiresAt,
		}))
	})
	register(api, personOnly, huma.Operation{
		OperationID: "list-api-keys", Method: http.MethodGet, Path: "/v1/api-keys", Tags: tags,
		Summary: "List API keys", Description: "Active keys, newest first, with their projects (null: all), permissions and expiry. Raw keys are never returned, only their prefix.",
	}, func(ctx context.Context, _ *struct{}) (*body[[]apikeys.Key], error) {
		list, err := keys.List(ctx, principal(ctx).AccountID)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &body[[]apikeys.Key]{Body: list}, nil
	})
	register(api, personOnly, huma.Operation{
		OperationID: "revoke-api-key", Method: http.MethodDelete, Path: "/v1/api-keys/{id}", Tags: tags,
		Summary: "Revoke an API key", Description: "Requests with a revoked key get 401 at once.",
	}, func(ctx context.Context, in *keyIDInput) (*body[message], error) {
		if err := keys.Revoke(ctx, principal(ctx).AccountID, in.ID); err != nil {
			return nil, fail(ctx, err)
		}
		return &body[message]{Body: message{Message: "API key revoked"}}, nil
	})
}

// body is a JSON response body.
type body[T any] struct {
	Body T
}

type message struct {
	Message string `json:"message"`
}

type deleted struct {
	Deleted bool `json:"deleted"`
}

// reply wraps a service result as a response, or its error as the envelope.
func reply[T any](v T, err error) (*body[T], error) {
	if err != nil {
		return nil, fail(context.Background(), err)
	}
	return &body[T]{Body: v}, nil
}
