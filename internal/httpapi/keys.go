package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/apikeys"
)

type createKeyInput struct {
	Body struct {
		Name string `json:"name" minLength:"1" maxLength:"255" doc:"A label for the key"`
		Mode string `json:"mode,omitempty" enum:"live,test" doc:"live (production) or test (sandbox); default live"`
	}
}

type keyIDInput struct {
	ID string `path:"id" doc:"API key id (ak_…)"`
}

func registerKeys(api huma.API, keys *apikeys.Service) {
	tags := []string{"API keys"}
	huma.Register(api, huma.Operation{
		OperationID: "create-api-key", Method: http.MethodPost, Path: "/v1/api-keys", Tags: tags,
		Summary:     "Create an API key",
		Description: "The raw key is in `key`, returned only here: store it, it cannot be shown again.",
		Security:    secured, DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *createKeyInput) (*body[*apikeys.Created], error) {
		return reply(keys.Create(ctx, principal(ctx).AccountID, in.Body.Name, in.Body.Mode))
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-api-keys", Method: http.MethodGet, Path: "/v1/api-keys", Tags: tags,
		Summary: "List API keys", Description: "Active keys, newest first. Raw keys are never returned, only their prefix.",
		Security: secured,
	}, func(ctx context.Context, _ *struct{}) (*body[[]apikeys.Key], error) {
		list, err := keys.List(ctx, principal(ctx).AccountID)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &body[[]apikeys.Key]{Body: list}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "revoke-api-key", Method: http.MethodDelete, Path: "/v1/api-keys/{id}", Tags: tags,
		Summary: "Revoke an API key", Description: "Requests with a revoked key get 401 at once.",
		Security: secured,
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
