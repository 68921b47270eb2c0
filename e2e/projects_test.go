package e2e

import (
	"testing"
)

// projectsOf lists the projects a credential sees.
func projectsOf(t *testing.T, r response) []map[string]any {
	t.Helper()
	wantStatus(t, r, 200)
	var list struct{ Data []map[string]any }
	mustUnmarshal(t, r.Body, &list)
	return list.Data
}

func TestProjectsCRUD(t *testing.T) {
	jwt := shared.signup(t, uniqueEmail("projects"))["access"].(string)
	list := projectsOf(t, shared.as(t, "GET", "/v1/projects", jwt, nil))
	if len(list) != 1 || list[0]["is_default"] != true {
		t.Fatalf("a new account's projects: %v", list)
	}
	def := list[0]["id"].(string)

	r := shared.as(t, "POST", "/v1/projects", jwt, map[string]any{"name": "Invoices"})
	wantStatus(t, r, 201)
	inv := r.json(t)
	if inv["name"] != "Invoices" || inv["is_default"] != false || inv["created_at"] == nil {
		t.Fatalf("created %s", r.Body)
	}
	id := inv["id"].(string)
	r = shared.as(t, "PATCH", "/v1/projects/"+id, jwt, map[string]any{"name": "Billing"})
	wantStatus(t, r, 200)
	if shared.as(t, "GET", "/v1/projects/"+id, jwt, nil).json(t)["name"] != "Billing" {
		t.Fatal("rename did not stick")
	}
	wantError(t, shared.as(t, "POST", "/v1/projects", jwt, map[string]any{"name": ""}), 400, "VALIDATION_ERROR")
	if got := projectsOf(t, shared.as(t, "GET", "/v1/projects", jwt, nil)); len(got) != 2 || got[0]["id"] != def || got[1]["id"] != id {
		t.Fatalf("list %v: want the default project, then Billing", got)
	}

	// The default project stays; a project with a template stays until it is empty.
	r = shared.as(t, "DELETE", "/v1/projects/"+def, jwt, nil)
	wantError(t, r, 409, "DEFAULT_PROJECT")
	key := shared.createKey(t, jwt, map[string]any{})["key"].(string)
	r = shared.uploadTo(t, key, id, "a.html", []byte("<p>{{x}}</p>"))
	wantStatus(t, r, 201)
	tpl := r.json(t)
	if tpl["project_id"] != id {
		t.Fatalf("uploaded with project_id %s: %s", id, r.Body)
	}
	wantError(t, shared.as(t, "DELETE", "/v1/projects/"+id, jwt, nil), 409, "PROJECT_NOT_EMPTY")
	wantStatus(t, shared.call(t, "DELETE", "/v1/templates/"+tpl["id"].(string), key, nil), 200)
	wantStatus(t, shared.as(t, "DELETE", "/v1/projects/"+id, jwt, nil), 200)
	wantError(t, shared.as(t, "GET", "/v1/projects/"+id, jwt, nil), 404, "PROJECT_NOT_FOUND")

	// Keys read projects but do not manage them.
	wantStatus(t, shared.call(t, "GET", "/v1/projects", key, nil), 200)
	wantError(t, shared.call(t, "POST", "/v1/projects", key, map[string]any{"name": "x"}), 403, "INSUFFICIENT_PERMISSIONS")
	wantError(t, shared.call(t, "PATCH", "/v1/projects/"+def, key, map[string]any{"name": "x"}), 403, "INSUFFICIENT_PERMISSIONS")
	wantError(t, shared.call(t, "DELETE", "/v1/projects/"+def, key, nil), 403, "INSUFFICIENT_PERMISSIONS")
}

func TestProjectsOfAnotherAccountAreNotFound(t *testing.T) {
	alice := shared.signup(t, uniqueEmail("alice-prj"))["access"].(string)
	bob := shared.signup(t, uniqueEmail("bob-prj"))["access"].(string)
	r := shared.as(t, "POST", "/v1/projects", alice, map[string]any{"name": "Secret"})
	wantStatus(t, r, 201)
	id := r.json(t)["id"].(string)
	wantError(t, shared.as(t, "GET", "/v1/projects/"+id, bob, nil), 404, "PROJECT_NOT_FOUND")
	wantError(t, shared.as(t, "PATCH", "/v1/projects/"+id, bob, map[string]any{"name": "mine"}), 404, "PROJECT_NOT_FOUND")
	wantError(t, shared.as(t, "DELETE", "/v1/projects/"+id, bob, nil), 404, "PROJECT_NOT_FOUND")
	wantError(t, shared.as(t, "POST", "/v1/api-keys", bob, map[string]any{"name": "x", "projects": []string{id}}), 404, "PROJECT_NOT_FOUND")
	if got := projectsOf(t, shared.as(t, "GET", "/v1/projects", bob, nil)); len(got) != 1 {
		t.Fatalf("bob sees %v", got)
	}
	bobKey := shared.createKey(t, bob, map[string]any{})["key"].(string)
	wantError(t, shared.uploadTo(t, bobKey, id, "b.html", []byte("<p>x</p>")), 404, "PROJECT_NOT_FOUND")
	wantError(t, shared.call(t, "POST", "/v1/documents/generate", bobKey, map[string]any{"html": "<p>x</p>", "project_id": id}), 404, "PROJECT_NOT_FOUND")
}

func TestProjectScopedKeys(t *testing.T) {
	jwt := shared.signup(t, uniqueEmail("scoped"))["access"].(string)
	def := projectsOf(t, shared.as(t, "GET", "/v1/projects", jwt, nil))[0]["id"].(string)
	r := shared.as(t, "POST", "/v1/projects", jwt, map[string]any{"name": "Invoices"})
	wantStatus(t, r, 201)
	inv := r.json(t)["id"].(string)

	all := shared.createKey(t, jwt, map[string]any{"name": "all"})["key"].(string)
	scopedKey := shared.createKey(t, jwt, map[string]any{"name": "invoices only", "projects": []string{inv, inv}})
	if got := mustJSON(scopedKey["projects"]); got != `["`+inv+`"]` {
		t.Fatalf("scoped key projects %s", got)
	}
	scoped := scopedKey["key"].(string)
	wantError(t, shared.as(t, "POST", "/v1/api-keys", jwt, map[string]any{"name": "none", "projects": []string{}}), 400, "VALIDATION_ERROR")

	// Uploads without project_id go to the key's only project, or the default one.
	r = shared.upload(t, scoped, "inv.html", []byte("<p>Invoice {{n}}</p>"), "invoice")
	wantStatus(t, r, 201)
	invTpl := r.json(t)
	r = shared.upload(t, all, "def.html", []byte("<p>Default {{n}}</p>"), "default")
	wantStatus(t, r, 201)
	defTpl := r.json(t)
	if invTpl["project_id"] != inv || defTpl["project_id"] != def {
		t.Fatalf("projects of uploads: %v and %v, want %s and %s", invTpl["project_id"], defTpl["project_id"], inv, def)
	}
	invDoc, _ := generate(t, scoped, map[string]any{"template_id": invTpl["id"], "data": map[string]any{"n": 1}})
	defDoc, _ := generate(t, all, map[string]any{"template_id": defTpl["id"], "data": map[string]any{"n": 2}})
	rawDoc, _ := generate(t, scoped, map[string]any{"html": "<p>raw</p>"})

	// The scoped key cannot touch the default project's template or document.
	defTplID, defDocID := defTpl["id"].(string), defDoc["id"].(string)
	for _, c := range []struct{ method, path string }{
		{"GET", "/v1/templates/" + defTplID},
		{"GET", "/v1/templates/" + defTplID + "/fields"},
		{"GET", "/v1/templates/" + defTplID + "/content"},
		{"DELETE", "/v1/templates/" + defTplID},
		{"GET", "/v1/documents/" + defDocID},
		{"GET", "/v1/documents/" + defDocID + "/download"},
		{"DELETE", "/v1/documents/" + defDocID},
		{"GET", "/v1/projects/" + def},
	} {
		wantError(t, shared.call(t, c.method, c.path, scoped, nil), 403, "FORBIDDEN")
	}
	wantError(t, shared.call(t, "PUT", "/v1/templates/"+defTplID, scoped, map[string]any{"name": "mine"}), 403, "FORBIDDEN")
	wantError(t, shared.call(t, "POST", "/v1/documents/generate", scoped, map[string]any{"template_id": defTplID}), 403, "FORBIDDEN")
	wantError(t, shared.call(t, "POST", "/v1/documents/generate", scoped, map[string]any{"html": "<p>x</p>", "project_id": def}), 403, "FORBIDDEN")
	wantError(t, shared.uploadTo(t, scoped, def, "x.html", []byte("<p>x</p>")), 403, "FORBIDDEN")

	// Lists show the scoped key its project only; the full key sees everything.
	var tpls struct{ Data []map[string]any }
	mustUnmarshal(t, shared.call(t, "GET", "/v1/templates", scoped, nil).Body, &tpls)
	if len(tpls.Data) != 1 || tpls.Data[0]["id"] != invTpl["id"] {
		t.Fatalf("scoped key lists templates %v", tpls.Data)
	}
	docs := shared.call(t, "GET", "/v1/documents", scoped, nil).json(t)
	if docs["total"].(float64) != 2 {
		t.Fatalf("scoped key lists %v documents, want its 2", docs["total"])
	}
	for _, d := range docs["data"].([]any) {
		if d.(map[string]any)["project_id"] != inv {
			t.Fatalf("scoped key lists a document of another project: %v", d)
		}
	}
	if got := projectsOf(t, shared.call(t, "GET", "/v1/projects", scoped, nil)); len(got) != 1 || got[0]["id"] != inv {
		t.Fatalf("scoped key lists projects %v", got)
	}
	if n := shared.call(t, "GET", "/v1/documents", all, nil).json(t)["total"].(float64); n != 3 {
		t.Fatalf("full key lists %v documents, want 3", n)
	}
	for _, id := range []any{invDoc["id"], rawDoc["id"]} {
		d := shared.call(t, "GET", "/v1/documents/"+id.(string), all, nil)
		wantStatus(t, d, 200)
		if d.json(t)["project_id"] != inv {
			t.Fatalf("document %v is not in the scoped key's project: %s", id, d.Body)
		}
	}
	// Account-wide routes are off limits to a project-limited key: a webhook
	// would hear of every project's documents.
	for _, c := range []struct{ method, path string }{{"POST", "/v1/webhooks"}, {"GET", "/v1/webhooks"}, {"GET", "/v1/billing/status"}} {
		r := shared.call(t, c.method, c.path, scoped, map[string]any{"url": "https://example.com/hook", "events": []string{"document.completed"}})
		wantError(t, r, 403, "FORBIDDEN")
	}
	wantStatus(t, shared.call(t, "GET", "/v1/account", scoped, nil), 200)

	// Lists narrow down to one project on request, within what the caller may see.
	if n := shared.call(t, "GET", "/v1/documents?project_id="+inv, all, nil).json(t)["total"].(float64); n != 2 {
		t.Fatalf("full key lists %v documents of the invoices project, want 2", n)
	}
	mustUnmarshal(t, shared.call(t, "GET", "/v1/templates?project_id="+def, all, nil).Body, &tpls)
	if len(tpls.Data) != 1 || tpls.Data[0]["id"] != defTplID {
		t.Fatalf("templates of the default project: %v", tpls.Data)
	}
	wantError(t, shared.call(t, "GET", "/v1/documents?project_id="+def, scoped, nil), 403, "FORBIDDEN")
	wantError(t, shared.call(t, "GET", "/v1/templates?project_id="+def, scoped, nil), 403, "FORBIDDEN")

	// Async documents land in the same project as sync ones.
	r = shared.call(t, "POST", "/v1/documents/generate", scoped, map[string]any{"html": "<p>later</p>", "options": map[string]any{"async": true}})
	wantStatus(t, r, 202)
	task := awaitTask(t, shared, scoped, r.json(t)["check_status_url"].(string), 60)
	asyncID := task["document"].(map[string]any)["id"].(string)
	if got := shared.call(t, "GET", "/v1/documents/"+asyncID, all, nil).json(t)["project_id"]; got != inv {
		t.Fatalf("async document in project %v, want %s", got, inv)
	}
	wantError(t, shared.call(t, "GET", "/v1/tasks/"+defDocID, scoped, nil), 403, "FORBIDDEN")

	// A document from a template goes to the template's project.
	wantError(t, shared.call(t, "POST", "/v1/documents/generate", all, map[string]any{"template_id": invTpl["id"], "project_id": def}), 400, "VALIDATION_ERROR")
}

// uploadTo uploads an HTML template into a project.
func (s *server) uploadTo(t testing.TB, key, projectID, filename string, content []byte) response {
	t.Helper()
	return s.uploadForm(t, key, filename, content, map[string]string{"project_id": projectID})
}
