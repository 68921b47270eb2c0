package auth

import "slices"

// Principal kinds.
const (
	KindAPIKey = "api_key"
	KindUser   = "user"
)

// Permissions an API key may be limited to. People have them all.
const (
	PermTemplatesRead  = "templates:read"
	PermTemplatesWrite = "templates:write"
	PermDocumentsRead  = "documents:read"
	PermDocumentsWrite = "documents:write"
	PermWebhooksRead   = "webhooks:read"
	PermWebhooksWrite  = "webhooks:write"
)

// AllPermissions lists every permission, in a stable order.
var AllPermissions = []string{
	PermTemplatesRead, PermTemplatesWrite, PermDocumentsRead, PermDocumentsWrite, PermWebhooksRead, PermWebhooksWrite,
}

// IsPermission reports whether s names a permission.
func IsPermission(s string) bool { return slices.Contains(AllPermissions, s) }

// SandboxRule is what test (sandbox) keys may do with a permission. They
// follow the Stripe model: they work on test-mode documents only, share the
// account's templates, and manage nothing of the live account.
type SandboxRule int

const (
	// SandboxAllowed: test keys may, on test-mode documents only.
	SandboxAllowed SandboxRule = iota
	// SandboxIfAccountAllows: test keys may when the account turned on
	// sandbox_can_edit_templates (templates are shared with live keys).
	SandboxIfAccountAllows
	// SandboxRefused: test keys may not (webhooks carry live events).
	SandboxRefused
)

// SandboxRuleOf returns the rule of perm; unknown permissions are refused.
func SandboxRuleOf(perm string) SandboxRule {
	switch perm {
	case PermTemplatesRead, PermDocumentsRead, PermDocumentsWrite:
		return SandboxAllowed
	case PermTemplatesWrite:
		return SandboxIfAccountAllows
	}
	return SandboxRefused
}

// IsPerson reports whether a signed-in person (not an API key) is calling.
func (p Principal) IsPerson() bool { return p.Kind == KindUser }

// Can reports whether the principal holds perm; nil Permissions means all.
func (p Principal) Can(perm string) bool {
	return p.Permissions == nil || slices.Contains(p.Permissions, perm)
}

// InProject reports whether the principal may touch project id; nil
// Projects means every project of the account.
func (p Principal) InProject(id string) bool {
	return p.Projects == nil || slices.Contains(p.Projects, id)
}

// SeesMode reports whether the principal may see documents (and tasks) of
// mode: API keys see only their own mode's, both ways; people see both.
func (p Principal) SeesMode(mode string) bool {
	return p.IsPerson() || p.Mode == mode
}
