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
)

// AllPermissions lists every permission, in a stable order.
var AllPermissions = []string{PermTemplatesRead, PermTemplatesWrite, PermDocumentsRead, PermDocumentsWrite}

// IsPermission reports whether s names a permission.
func IsPermission(s string) bool { return slices.Contains(AllPermissions, s) }

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
