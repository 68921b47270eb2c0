package apikeys_test

import (
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/apptest"
	"github.com/quirehq/quire/internal/errs"
)

func TestAPIKeysAPI(t *testing.T) {
	s := apptest.New(t, nil)
	a, b := s.NewAccount(t, "a@example.com"), s.NewAccount(t, "b@example.com")

	s.Call(t, "POST", "/v1/api-keys", a.Person, map[string]any{"name": ""}).WantError(t, 400, errs.Validation, "name")
	s.Call(t, "POST", "/v1/api-keys", a.Person, map[string]any{"name": "x", "permissions": []string{"everything"}}).WantError(t, 400, errs.Validation, "everything")
	created := s.Call(t, "POST", "/v1/api-keys", a.Person, map[string]any{"name": "ci", "permissions": []string{"documents:read"}}).WantStatus(t, 201).JSON(t)
	raw, _ := created["key"].(string)
	id, _ := created["id"].(string)
	if raw == "" || id == "" || !strings.HasPrefix(raw, created["prefix"].(string)) {
		t.Fatalf("created key: %v", created)
	}

	// The raw key is shown once: listings hold only its prefix.
	list := s.Call(t, "GET", "/v1/api-keys", a.Person, nil).WantStatus(t, 200)
	if strings.Contains(string(list.Body), raw) {
		t.Fatal("the key listing shows a raw key")
	}

	// It works, within its permission only.
	s.Call(t, "GET", "/v1/documents", raw, nil).WantStatus(t, 200)
	s.Call(t, "GET", "/v1/templates", raw, nil).WantError(t, 403, errs.InsufficientPermissions, "templates:read")
	s.Call(t, "PATCH", "/v1/account", raw, map[string]any{"name": "taken over"}).WantError(t, 403, errs.InsufficientPermissions)

	// Another account cannot revoke it; its owner can, and it stops working.
	s.Call(t, "DELETE", "/v1/api-keys/"+id, b.Person, nil).WantError(t, 404, errs.APIKeyNotFound)
	s.Call(t, "GET", "/v1/documents", raw, nil).WantStatus(t, 200)
	s.Call(t, "DELETE", "/v1/api-keys/"+id, a.Person, nil).WantStatus(t, 200)
	s.Call(t, "GET", "/v1/documents", raw, nil).WantError(t, 401, errs.Unauthorized)
}
