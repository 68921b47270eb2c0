package httpapi

import (
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
)

func TestRequiredPermission(t *testing.T) {
	for _, c := range []struct {
		method, path string
		meta         map[string]any
		want         string
	}{
		{"GET", "/v1/templates", nil, auth.PermTemplatesRead},
		{"GET", "/v1/templates/{id}/content", nil, auth.PermTemplatesRead},
		{"POST", "/v1/templates", nil, auth.PermTemplatesWrite},
		{"PUT", "/v1/templates/{id}/fields", nil, auth.PermTemplatesWrite},
		{"POST", "/v1/documents/generate", nil, auth.PermDocumentsWrite},
		{"GET", "/v1/documents/{id}/download", nil, auth.PermDocumentsRead},
		{"GET", "/v1/tasks/{id}", nil, auth.PermDocumentsRead},
		{"POST", "/v1/generate", nil, auth.PermDocumentsWrite},
		{"GET", "/v1/templatesx", nil, ""}, // a prefix match needs a path boundary
		{"GET", "/v1/usage", nil, ""},
		{"POST", "/v1/documents/search", needs(auth.PermDocumentsRead), auth.PermDocumentsRead},
	} {
		op := &huma.Operation{Method: c.method, Path: c.path, Metadata: c.meta}
		if got := requiredPermission(op); got != c.want {
			t.Errorf("%s %s needs %q, want %q", c.method, c.path, got, c.want)
		}
	}
}

func TestAllowed(t *testing.T) {
	person := auth.Principal{AccountID: "acc_1", Kind: auth.KindUser, UserID: "usr_1"}
	reader := auth.Principal{AccountID: "acc_1", Kind: auth.KindAPIKey, KeyID: "ak_1", Permissions: []string{auth.PermDocumentsRead}}
	scoped := auth.Principal{AccountID: "acc_1", Kind: auth.KindAPIKey, KeyID: "ak_2", Projects: []string{"prj_1"}}
	keys := &huma.Operation{Method: "POST", Path: "/v1/api-keys", Metadata: personOnly}
	generate := &huma.Operation{Method: "POST", Path: "/v1/documents/generate"}
	list := &huma.Operation{Method: "GET", Path: "/v1/documents"}
	hooks := &huma.Operation{Method: "POST", Path: "/v1/webhooks"}
	for _, c := range []struct {
		name string
		op   *huma.Operation
		p    auth.Principal
		want string // error code, "" when allowed
	}{
		{"person on key routes", keys, person, ""},
		{"key on key routes", keys, scoped, errs.Forbidden},
		{"reader lists", list, reader, ""},
		{"reader generates", generate, reader, errs.InsufficientPermissions},
		{"person generates", generate, person, ""},
		{"scoped key adds a webhook", hooks, scoped, errs.Forbidden},
		{"unscoped key adds a webhook", hooks, auth.Principal{AccountID: "acc_1", Kind: auth.KindAPIKey}, ""},
	} {
		err := allowed(c.op, c.p)
		got := ""
		if err != nil {
			got = errs.CodeOf(err)
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q (%v)", c.name, got, c.want, err)
		}
	}
}
