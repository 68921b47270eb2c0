package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/accounts"
	"github.com/quirehq/quire/internal/users"
)

type signupInput struct {
	Body struct {
		Email    string `json:"email" doc:"Your email; also the account's"`
		Password string `json:"password" doc:"At least 10 characters"`
		Name     string `json:"name,omitempty" doc:"Your name, also the account's display name"`
	}
}

type signedUp struct {
	User    *users.Person     `json:"user"`
	Account *accounts.Profile `json:"account"`
	users.TokenPair
}

type jwtCreateInput struct {
	Body struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
}

type refreshInput struct {
	Body struct {
		Refresh string `json:"refresh" minLength:"1" doc:"A refresh token from jwt/create or jwt/refresh"`
	}
}

type addUserInput struct {
	Body struct {
		Email    string `json:"email"`
		Password string `json:"password" doc:"At least 10 characters"`
		Name     string `json:"name,omitempty"`
		Role     string `json:"role,omitempty" enum:"admin,member" doc:"admin (may add people) or member; default member"`
	}
}

type userList struct {
	Data []users.Person `json:"data"`
}

func registerSession(api huma.API, svc *users.Service, accts *accounts.Service) {
	tags := []string{"People and sessions"}
	api.OpenAPI().Components.SecuritySchemes[bearerScheme] = &huma.SecurityScheme{
		Type: "http", Scheme: "bearer", BearerFormat: "JWT",
		Description: "A person's access token from POST /v1/auth/jwt/create (5 minutes); refresh it with POST /v1/auth/jwt/refresh",
	}
	register(api, public("creates an account and its owner: the caller has no credential yet"), huma.Operation{
		OperationID: "signup", Method: http.MethodPost, Path: "/v1/auth/signup", Tags: tags,
		Summary: "Create an account and its owner",
		Description: "Creates a company account (with its default project) and you as its owner, and signs you in. " +
			"403 FORBIDDEN when the server has sign-up turned off (QUIRE_SIGNUP=false); 409 EMAIL_TAKEN when the email is registered.",
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *signupInput) (*body[*signedUp], error) {
		p, err := svc.Signup(ctx, users.NewPerson{Email: in.Body.Email, Password: in.Body.Password, Name: in.Body.Name})
		if err != nil {
			return nil, fail(ctx, err)
		}
		acc, err := accts.Get(ctx, p.AccountID)
		if err != nil {
			return nil, fail(ctx, err)
		}
		pair, err := svc.Session(ctx, p)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &body[*signedUp]{Body: &signedUp{User: p, Account: acc, TokenPair: *pair}}, nil
	})

	create := func(ctx context.Context, in *jwtCreateInput) (*body[*users.TokenPair], error) {
		return reply(svc.Login(ctx, in.Body.Email, in.Body.Password))
	}
	refresh := func(ctx context.Context, in *refreshInput) (*body[*users.TokenPair], error) {
		return reply(svc.Refresh(ctx, in.Body.Refresh))
	}
	// The reference's refresh (Pdflet) does not rotate: its clients keep
	// one refresh token for the day.
	refreshKeep := func(ctx context.Context, in *refreshInput) (*body[*users.TokenPair], error) {
		return reply(svc.RefreshAccess(ctx, in.Body.Refresh))
	}
	const lifetimes = "The access token lasts 5 minutes and the refresh token 1 day (by default). "
	// The reference's paths (/api/v1/auth/jwt/…/, with or without the final
	// slash) answer the same, undocumented.
	for _, alias := range []struct{ prefix, suffix, id string }{{"/v1", "", ""}, {"/api/v1", "/", "-ref"}, {"/api/v1", "", "-ref-noslash"}} {
		refreshOp, refreshDoc := refresh, lifetimes+"A refresh token works once. Presenting a used one again is refused (401) and revokes every token of "+
			"its session, since only a leaked copy would be reused."
		if alias.id != "" {
			refreshOp, refreshDoc = refreshKeep, lifetimes+"As in the reference, the refresh token is not rotated: it keeps working until it expires or its session is signed out, and the answer carries it back."
		}
		register(api, public("signs in with an email and password"), huma.Operation{
			OperationID: "create-jwt" + alias.id, Method: http.MethodPost, Path: alias.prefix + "/auth/jwt/create" + alias.suffix, Tags: tags,
			Summary:     "Sign in: email and password for an access and a refresh token",
			Description: lifetimes + "Send the access token as `Authorization: Bearer <access>`.",
			Hidden:      alias.id != "",
		}, create)
		register(api, public("the refresh token in the body is the credential"), huma.Operation{
			OperationID: "refresh-jwt" + alias.id, Method: http.MethodPost, Path: alias.prefix + "/auth/jwt/refresh" + alias.suffix, Tags: tags,
			Summary:     "Trade a refresh token for a new pair",
			Description: refreshDoc,
			Hidden:      alias.id != "",
		}, refreshOp)
	}
	register(api, public("the refresh token in the body is the credential"), huma.Operation{
		OperationID: "logout", Method: http.MethodPost, Path: "/v1/auth/logout", Tags: tags,
		Summary: "Sign out: revoke a refresh token and its session",
		Description: "The refresh token (and every token refreshed from the same sign-in) stops working. " +
			"Access tokens already issued expire on their own within minutes.",
	}, func(ctx context.Context, in *refreshInput) (*body[message], error) {
		if err := svc.Logout(ctx, in.Body.Refresh); err != nil {
			return nil, fail(ctx, err)
		}
		return &body[message]{Body: message{Message: "logged out"}}, nil
	})

	register(api, personOnly, huma.Operation{
		OperationID: "add-user", Method: http.MethodPost, Path: "/v1/users", Tags: tags,
		Summary:       "Add a person to your account",
		Description:   "Owners and admins only (403 otherwise), with an access JWT. This is how people join when sign-up is off.",
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *addUserInput) (*body[*users.Person], error) {
		p := principal(ctx)
		b := in.Body
		return reply(svc.Add(ctx, &p, p.AccountID, users.NewPerson{Email: b.Email, Password: b.Password, Name: b.Name, Role: b.Role}))
	})
	register(api, personOnly, huma.Operation{
		OperationID: "list-users", Method: http.MethodGet, Path: "/v1/users", Tags: tags,
		Summary: "List the people of your account",
	}, func(ctx context.Context, _ *struct{}) (*body[userList], error) {
		list, err := svc.List(ctx, principal(ctx).AccountID)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &body[userList]{Body: userList{Data: list}}, nil
	})
}
