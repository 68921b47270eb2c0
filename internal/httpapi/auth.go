package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
)

// securityScheme names the API-key requirement in the OpenAPI document.
const securityScheme = "apiKey"

// bearerScheme names a person's access JWT in the OpenAPI document.
const bearerScheme = "bearerJWT"

// secured operations take an API key or a person's access JWT.
var secured = []map[string][]string{{securityScheme: {}}, {bearerScheme: {}}}

// personSecured operations take a person's access JWT only (see personOnly).
var personSecured = []map[string][]string{{bearerScheme: {}}}

type principalKey struct{}

// principal returns the caller authenticated by the middleware.
func principal(ctx context.Context) auth.Principal {
	p, _ := ctx.Value(principalKey{}).(auth.Principal)
	return p
}

// credential finds the raw API key: X-API-Key, or Authorization with the
// Bearer, Api-Key or Token scheme (the reference services use all three).
func credential(header func(string) string) string {
	if k := strings.TrimSpace(header("X-API-Key")); k != "" {
		return k
	}
	authz := strings.TrimSpace(header("Authorization"))
	scheme, value, ok := strings.Cut(authz, " ")
	if !ok {
		return ""
	}
	switch strings.ToLower(scheme) {
	case "bearer", "api-key", "token":
		return strings.TrimSpace(value)
	}
	return ""
}

// authMiddleware authenticates the callers of every operation but public
// ones (with an API key or a person's access JWT), then checks they may run
// it as it declared (see access.go). An operation that declared nothing is
// refused: access is never inferred.
func authMiddleware(api huma.API, a *auth.Authenticator, g gate) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		op := ctx.Operation()
		decl, ok := accessOf(op)
		if !ok {
			writeEnvelope(api, ctx, fail(ctx.Context(), errs.New(errs.Forbidden, "%s %s declares no access rule", op.Method, op.Path)).(*apiError))
			return
		}
		if decl.level == levelPublic {
			next(ctx)
			return
		}
		p, err := a.Authenticate(ctx.Context(), credential(ctx.Header))
		if err == nil {
			err = g.allowed(ctx.Context(), op, decl, p)
		}
		if err != nil {
			e := fail(ctx.Context(), err).(*apiError)
			if e.status == http.StatusUnauthorized {
				ctx.SetHeader("WWW-Authenticate", `Bearer realm="quire"`)
			}
			writeEnvelope(api, ctx, e)
			return
		}
		next(huma.WithValue(ctx, principalKey{}, p))
	}
}

func writeEnvelope(api huma.API, ctx huma.Context, e *apiError) {
	ctx.SetHeader("Content-Type", "application/json")
	for k, vs := range e.GetHeaders() {
		for _, v := range vs {
			ctx.AppendHeader(k, v)
		}
	}
	ctx.SetStatus(e.status)
	_ = api.Marshal(ctx.BodyWriter(), "application/json", e)
}
