package projects_test

import (
	"testing"

	"github.com/quirehq/quire/internal/apptest"
	"github.com/quirehq/quire/internal/errs"
)

func TestProjectsAPI(t *testing.T) {
	s := apptest.New(t, nil)
	a, b := s.NewAccount(t, "a@example.com"), s.NewAccount(t, "b@example.com")

	s.Call(t, "POST", "/v1/projects", a.Key, map[string]any{"name": "x"}).WantError(t, 403, errs.InsufficientPermissions, "people only")
	s.Call(t, "POST", "/v1/projects", a.Person, map[string]any{"name": ""}).WantError(t, 400, errs.Validation, "name")
	p := s.Call(t, "POST", "/v1/projects", a.Person, map[string]any{"name": "Invoices"}).WantStatus(t, 201).JSON(t)
	id, _ := p["id"].(string)
	if id == "" || p["name"] != "Invoices" {
		t.Fatalf("created project: %v", p)
	}
	if got := s.Call(t, "GET", "/v1/projects/"+id, a.Person, nil).WantStatus(t, 200).JSON(t); got["name"] != "Invoices" {
		t.Fatalf("project: %v", got)
	}
	renamed := s.Call(t, "PATCH", "/v1/projects/"+id, a.Person, map[string]any{"name": "Bills"}).WantStatus(t, 200).JSON(t)
	if renamed["name"] != "Bills" {
		t.Fatalf("renamed project: %v", renamed)
	}

	// Another account sees nothing of it, and cannot change it.
	s.Call(t, "GET", "/v1/projects/"+id, b.Person, nil).WantError(t, 404, errs.ProjectNotFound)
	s.Call(t, "PATCH", "/v1/projects/"+id, b.Person, map[string]any{"name": "x"}).WantError(t, 404, errs.ProjectNotFound)
	s.Call(t, "DELETE", "/v1/projects/"+id, b.Person, nil).WantError(t, 404, errs.ProjectNotFound)
	for _, p := range s.Call(t, "GET", "/v1/projects", b.Person, nil).WantStatus(t, 200).JSON(t)["data"].([]any) {
		if p.(map[string]any)["id"] == id {
			t.Fatal("account b lists account a's project")
		}
	}

	// The default project stays; an emptied one goes.
	var def string
	for _, p := range s.Call(t, "GET", "/v1/projects", a.Person, nil).WantStatus(t, 200).JSON(t)["data"].([]any) {
		if m := p.(map[string]any); m["id"] != id {
			def, _ = m["id"].(string)
		}
	}
	if def == "" {
		t.Fatal("account a has no default project")
	}
	s.Call(t, "DELETE", "/v1/projects/"+def, a.Person, nil).WantError(t, 409, errs.DefaultProject)
	s.Call(t, "DELETE", "/v1/projects/"+id, a.Person, nil).WantStatus(t, 200)
	s.Call(t, "GET", "/v1/projects/"+id, a.Person, nil).WantError(t, 404, errs.ProjectNotFound)
}
