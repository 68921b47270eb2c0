package httpapi

import (
	"context"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
)

// access is what an operation needs, declared when it is registered (see
// register): nothing, any caller of the account, one permission, or a
// signed-in person. The auth middleware enforces it; an operation without
// a declaration is refused (and fails TestEveryOperationDeclaresAccess).
type access struct {
	level accessLevel
	perm  string // the permission of levelPermission (auth.Perm…)
	why   string // why a public operation takes no credential
	// wholeAccount operations act on the whole account: keys limited to
	// some projects may not call them (a webhook would hear of every
	// project's documents).
	wholeAccount bool
	// liveOnly operations show the live account: test keys may not call
	// them. Test keys' other limits follow from the permission (auth.SandboxRuleOf).
	liveOnly bool
}

type accessLevel int

const (
	levelPublic     accessLevel = iota + 1 // no credential
	levelCaller                            // any API key or person of the account
	levelPermission                        // a person, or an API key holding perm
	levelPerson                            // a signed-in person (access JWT) only
)

// public declares an operation anyone may call, saying why.
func public(why string) access { return access{level: levelPublic, why: why} }

// anyCaller declares an operation any API key or person of the account may call.
var anyCaller = access{level: levelCaller}

// personOnly declares an operation only a signed-in person may call:
// managing keys, people, projects, billing and the account.
var personOnly = access{level: levelPerson}

// needs declares the permission an operation requires of API keys.
func needs(perm string) access { return access{level: levelPermission, perm: perm} }

// accountWide marks an operation acting on the whole account.
func (a access) accountWide() access { a.wholeAccount = true; return a }

// notSandbox marks an operation test keys may not call.
func (a access) notSandbox() access { a.liveOnly = true; return a }

// metaAccess is the operation metadata key holding its access.
const metaAccess = "access"

// security is the OpenAPI security requirement of a.
func (a access) security() []map[string][]string {
	switch a.level {
	case levelPublic:
		return nil
	case levelPerson:
		return personSecured
	}
	return secured
}

// describe says in words who may call an operation, for its OpenAPI description.
func (a access) describe() string {
	var s string
	switch a.level {
	case levelPublic:
		return "Access: public, " + a.why + "."
	case levelCaller:
		s = "Access: any API key or person of the account."
	case levelPerson:
		return "Access: people only (access JWT); API keys get 403 INSUFFICIENT_PERMISSIONS."
	case levelPermission:
		s = "Access: API keys need `" + a.perm + "`."
		switch auth.SandboxRuleOf(a.perm) {
		case auth.SandboxIfAccountAllows:
			s += " Test keys only when the account sets `sandbox_can_edit_templates`."
		case auth.SandboxRefused:
			s += " Not test keys."
		}
	}
	if a.liveOnly {
		s += " Not test keys."
	}
	if a.wholeAccount {
		s += " Not keys limited to projects."
	}
	return s
}

// register adds an operation with its access declaration. Every operation
// is added through it, so none can forget what it needs.
func register[I, O any](api huma.API, a access, op huma.Operation, h func(context.Context, *I) (*O, error)) {
	meta := map[string]any{metaAccess: a}
	for k, v := range op.Metadata {
		meta[k] = v
	}
	op.Metadata = meta
	op.Security = a.security()
	op.Description = strings.TrimSpace(op.Description + "\n\n" + a.describe())
	huma.Register(api, op, h)
}

// accessOf returns the access op declared.
func accessOf(op *huma.Operation) (access, bool) {
	a, ok := op.Metadata[metaAccess].(access)
	return a, ok && a.level != 0
}

// gate decides whether an authenticated caller may run an operation.
type gate struct {
	// sandboxEditsTemplates reports whether the account lets its test keys
	// change templates (sandbox_can_edit_templates); nil: never.
	sandboxEditsTemplates func(ctx context.Context, accountID string) (bool, error)
}

// allowed checks p may run op, declared with a: people-only operations
// refuse API keys, API keys need the permission, test keys stay in the
// sandbox, and project-limited keys stay off account-wide operations.
func (g gate) allowed(ctx context.Context, op *huma.Operation, a access, p auth.Principal) error {
	switch {
	case a.level == levelPerson && !p.IsPerson():
		return errs.New(errs.InsufficientPermissions, "API keys cannot call %s %s, it is for people only: sign in and send your access token (Authorization: Bearer <jwt> from POST /v1/auth/jwt/create)", op.Method, op.Path)
	case a.level == levelPermission && !p.Can(a.perm):
		return errs.New(errs.InsufficientPermissions, "this API key lacks the %s permission needed for %s %s", a.perm, op.Method, op.Path)
	}
	if p.Sandbox() {
		if err := g.sandboxAllows(ctx, op, a, p); err != nil {
			return err
		}
	}
	if p.Projects != nil && a.wholeAccount {
		return errs.New(errs.Forbidden, "this API key is limited to some projects; %s %s acts on the whole account: use an unrestricted key or sign in", op.Method, op.Path)
	}
	return nil
}

// sandboxAllows applies the rules of test keys (auth.SandboxRuleOf).
func (g gate) sandboxAllows(ctx context.Context, op *huma.Operation, a access, p auth.Principal) error {
	refuse := func(why string) error {
		return errs.New(errs.SandboxKeyForbidden, "test (sandbox) keys cannot call %s %s: %s. Use a live key", op.Method, op.Path, why)
	}
	if a.liveOnly {
		return refuse("it shows the live account")
	}
	if a.level != levelPermission {
		return nil
	}
	switch auth.SandboxRuleOf(a.perm) {
	case auth.SandboxAllowed:
		return nil
	case auth.SandboxIfAccountAllows:
		ok := false
		if g.sandboxEditsTemplates != nil {
			var err error
			if ok, err = g.sandboxEditsTemplates(ctx, p.AccountID); err != nil {
				return err
			}
		}
		if !ok {
			return refuse("templates are shared with live keys and this account does not let sandbox keys change them (a person may allow it: PATCH /v1/account {\"sandbox_can_edit_templates\": true})")
		}
		return nil
	}
	return refuse("it manages the live account (" + a.perm + ")")
}

// publicRoutes are served outside register, to anyone, each with why:
// huma's own description of the API and the documentation pages.
var publicRoutes = map[string]string{
	"GET /openapi.json":     "the API's OpenAPI description",
	"GET /openapi-3.0.json": "the API's OpenAPI description",
	"GET /openapi.yaml":     "the API's OpenAPI description",
	"GET /openapi-3.0.yaml": "the API's OpenAPI description",
	"GET /schemas/{schema}": "JSON schemas of the OpenAPI description",
	"GET /swagger/{$}":      "documentation page (Swagger UI)",
	"GET /redoc/{$}":        "documentation page (ReDoc)",
	"GET /swagger/assets/":  "documentation page assets",
	"GET /redoc/assets/":    "documentation page assets",
	"GET /swagger":          "redirects to /swagger/",
	"GET /redoc":            "redirects to /redoc/",
	"/":                     "answers 404 NOT_FOUND for unknown routes",
}
