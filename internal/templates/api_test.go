package templates_test

import (
	"testing"

	"github.com/quirehq/quire/internal/apikeys"
	"github.com/quirehq/quire/internal/apptest"
	"github.com/quirehq/quire/internal/errs"
)

func TestTemplatesAPI(t *testing.T) {
	s := apptest.New(t, nil)
	a, b := s.NewAccount(t, "a@example.com"), s.NewAccount(t, "b@example.com")

	tpl := s.Upload(t, "/v1/templates", a.Key, "invoice.html", []byte("<h1>{{customer.name}}</h1>{{#each items}}{{qty}}{{/each}}"), map[string]string{"name": "Invoice"}).WantStatus(t, 201).JSON(t)
	id, _ := tpl["id"].(string)
	if id == "" || tpl["name"] != "Invoice" {
		t.Fatalf("uploaded template: %v", tpl)
	}
	got := s.Call(t, "GET", "/v1/templates/"+id, a.Key, nil).WantStatus(t, 200).JSON(t)
	if got["type"] != "html" {
		t.Fatalf("template type %v, want html: %v", got["type"], got)
	}
	if content := s.Call(t, "GET", "/v1/templates/"+id+"/content", a.Key, nil).WantStatus(t, 200).JSON(t)["content"]; content != "<h1>{{customer.name}}</h1>{{#each items}}{{qty}}{{/each}}" {
		t.Fatalf("content %v", content)
	}

	// Refusals name what is wrong.
	s.Upload(t, "/v1/templates", a.Key, "notes.txt", []byte("hello"), nil).WantError(t, 400, errs.InvalidTemplateType)
	s.Upload(t, "/v1/templates", a.Key, "bad.html", []byte("{{#each items}}no end"), nil).WantError(t, 400, errs.InvalidTemplate)
	s.Call(t, "PUT", "/v1/templates/"+id, a.Key, map[string]any{"content": "{{#if x}}"}).WantError(t, 400, errs.InvalidTemplate)
	s.Call(t, "GET", "/v1/templates", "", nil).WantError(t, 401, errs.Unauthorized)

	// Another account's key cannot see, change or delete it.
	s.Call(t, "GET", "/v1/templates/"+id, b.Key, nil).WantError(t, 404, errs.TemplateNotFound)
	s.Call(t, "GET", "/v1/templates/"+id+"/content", b.Key, nil).WantError(t, 404, errs.TemplateNotFound)
	s.Call(t, "PUT", "/v1/templates/"+id, b.Key, map[string]any{"name": "mine"}).WantError(t, 404, errs.TemplateNotFound)
	s.Call(t, "DELETE", "/v1/templates/"+id, b.Key, nil).WantError(t, 404, errs.TemplateNotFound)
	if list := s.Call(t, "GET", "/v1/templates", b.Key, nil).WantStatus(t, 200).JSON(t)["data"].([]any); len(list) != 0 {
		t.Fatalf("account b lists %d templates, want 0", len(list))
	}

	// A key that may only read templates cannot write them.
	reader := s.NewKey(t, a.ID, apikeys.NewKey{Name: "reader", Permissions: []string{"templates:read"}})
	s.Call(t, "GET", "/v1/templates/"+id, reader, nil).WantStatus(t, 200)
	s.Call(t, "DELETE", "/v1/templates/"+id, reader, nil).WantError(t, 403, errs.InsufficientPermissions, "templates:write")

	renamed := s.Call(t, "PUT", "/v1/templates/"+id, a.Key, map[string]any{"name": "Receipt"}).WantStatus(t, 200).JSON(t)
	if renamed["name"] != "Receipt" {
		t.Fatalf("renamed template: %v", renamed)
	}
	s.Call(t, "DELETE", "/v1/templates/"+id, a.Key, nil).WantStatus(t, 200)
	s.Call(t, "GET", "/v1/templates/"+id, a.Key, nil).WantError(t, 404, errs.TemplateNotFound)
}
