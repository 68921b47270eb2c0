package httpapi

import (
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
)

// Operation metadata keys read by the auth middleware.
const (
	// metaPermission names the permission an operation needs (auth.Perm…).
	metaPermission = "permission"
	// metaPersonOnly marks operations only a signed-in person may call
	// (managing keys, people and the account), never an API key.
	metaPersonOnly = "personOnly"
)

// needs declares the permission an operation requires.
func needs(perm string) map[string]any { return map[string]any{metaPermission: perm} }

// personOnly declares an operation that takes a person's JWT.
var personOnly = map[string]any{metaPersonOnly: true}

// permissionByPath gives the permission of operations that declare none,
// by resource: reads need <resource>:read, anything else <resource>:write.
// Routes of other resources (webhooks, usage…) need no permission.
var permissionByPath = []struct{ prefix, resource string }{
	{"/v1/templates", "templates"},
	{"/v1/documents", "documents"},
	{"/v1/tasks", "documents"},
	{"/v1/generate", "documents"},
	{"/api/v1/pdf", "documents"},
	// Webhooks carry document events (with download links).
	{"/v1/webhooks", "documents"},
}

// accountWide lists routes that act on the whole account: a key limited
// to some projects may not call them (a webhook, say, would hear of every
// project's documents). Reading the account stays open to any key.
var accountWide = []string{"/v1/webhooks", "/v1/billing"}

// isAccountWide reports whether op acts on the whole account.
func isAccountWide(op *huma.Operation) bool {
	if op.Path == "/v1/account" {
		return op.Method != "GET"
	}
	for _, prefix := range accountWide {
		if op.Path == prefix || strings.HasPrefix(op.Path, prefix+"/") {
			return true
		}
	}
	return false
}

// requiredPermission is the permission op needs, "" for none.
func requiredPermission(op *huma.Operation) string {
	if p, ok := op.Metadata[metaPermission].(string); ok {
		return p
	}
	for _, r := range permissionByPath {
		if op.Path == r.prefix || strings.HasPrefix(op.Path, r.prefix+"/") {
			if op.Method == "GET" || op.Method == "HEAD" {
				return r.resource + ":read"
			}
			return r.resource + ":write"
		}
	}
	return ""
}

// allowed checks the caller may run op: people-only operations refuse
// API keys, project-limited keys stay off account-wide operations, and API
// keys need the operation's permission.
func allowed(op *huma.Operation, p auth.Principal) error {
	if only, _ := op.Metadata[metaPersonOnly].(bool); only && !p.IsPerson() {
		return errs.New(errs.Forbidden, "API keys cannot call %s %s: sign in and send your access token (Authorization: Bearer <jwt> from POST /v1/auth/jwt/create)", op.Method, op.Path)
	}
	if p.Projects != nil && isAccountWide(op) {
		return errs.New(errs.Forbidden, "this API key is limited to some projects; %s %s acts on the whole account: use an unrestricted key or sign in", op.Method, op.Path)
	}
	if perm := requiredPermission(op); perm != "" && !p.Can(perm) {
		return errs.New(errs.InsufficientPermissions, "this API key lacks the %s permission needed for %s %s", perm, op.Method, op.Path)
	}
	return nil
}

// Statuses of the people, key and project error codes, added to statusOf.
func init() {
	for code, status := range map[string]int{
		errs.InsufficientPermissions: 403,
		errs.EmailTaken:              409,
		errs.KeyLimitReached:         409,
		errs.ProjectNotFound:         404,
		errs.ProjectNotEmpty:         409,
		errs.DefaultProject:          409,
	} {
		statusOf[code] = status
	}
}
