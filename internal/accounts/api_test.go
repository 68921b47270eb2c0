package accounts_test

import (
	"testing"

	"github.com/quirehq/quire/internal/apptest"
	"github.com/quirehq/quire/internal/errs"
)

func TestAccountAPI(t *testing.T) {
	s := apptest.New(t, nil)
	a, b := s.NewAccount(t, "a@example.com"), s.NewAccount(t, "b@example.com")

	got := s.Call(t, "GET", "/v1/account", a.Key, nil).WantStatus(t, 200).JSON(t)
	if got["id"] != a.ID {
		t.Fatalf("account id %v, want %s", got["id"], a.ID)
	}
	s.Call(t, "PATCH", "/v1/account", a.Person, map[string]any{"name": ""}).WantError(t, 400, errs.Validation, "name")
	renamed := s.Call(t, "PATCH", "/v1/account", a.Person, map[string]any{"name": "Acme Ltd"}).WantStatus(t, 200).JSON(t)
	if renamed["name"] != "Acme Ltd" {
		t.Fatalf("renamed account: %v", renamed)
	}
	// Each account sees only itself.
	if other := s.Call(t, "GET", "/v1/account", b.Key, nil).WantStatus(t, 200).JSON(t); other["id"] != b.ID || other["name"] == "Acme Ltd" {
		t.Fatalf("account b reads %v", other)
	}
	s.Call(t, "GET", "/v1/account", "", nil).WantError(t, 401, errs.Unauthorized)
}
