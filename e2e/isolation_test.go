package e2e

import (
	"testing"
)

// Another account's ids are a 404 on every route, as if they did not exist.
func TestTenantIsolation(t *testing.T) {
	alice := shared.newKey(t, "alice@example.com", "live")
	bob := shared.newKey(t, "bob@example.com", "live")

	up := shared.upload(t, alice, "a.html", []byte("<p>{{secret}}</p>"), "Alice's")
	wantStatus(t, up, 201)
	tpl := up.json(t)["id"].(string)
	doc, _ := generate(t, alice, map[string]any{"template_id": tpl, "data": map[string]any{"secret": "alice-only"}})
	docID := doc["id"].(string)
	keys := shared.as(t, "GET", "/v1/api-keys", shared.personFor(t, "alice@example.com"), nil)
	var list []map[string]any
	mustUnmarshal(t, keys.Body, &list)
	aliceKeyID := list[0]["id"].(string)

	for _, c := range []struct{ method, path, code string }{
		{"GET", "/v1/templates/" + tpl, "TEMPLATE_NOT_FOUND"},
		{"GET", "/v1/templates/" + tpl + "/fields", "TEMPLATE_NOT_FOUND"},
		{"GET", "/v1/templates/" + tpl + "/content", "TEMPLATE_NOT_FOUND"},
		{"DELETE", "/v1/templates/" + tpl, "TEMPLATE_NOT_FOUND"},
		{"GET", "/v1/documents/" + docID, "DOCUMENT_NOT_FOUND"},
		{"GET", "/v1/documents/" + docID + "/download", "DOCUMENT_NOT_FOUND"},
		{"DELETE", "/v1/documents/" + docID, "DOCUMENT_NOT_FOUND"},
	} {
		wantError(t, shared.call(t, c.method, c.path, bob, nil), 404, c.code)
	}
	wantError(t, shared.as(t, "DELETE", "/v1/api-keys/"+aliceKeyID, shared.personFor(t, "bob@example.com"), nil), 404, "API_KEY_NOT_FOUND")
	wantError(t, shared.call(t, "PUT", "/v1/templates/"+tpl, bob, map[string]any{"name": "mine"}), 404, "TEMPLATE_NOT_FOUND")
	wantError(t, shared.call(t, "PUT", "/v1/templates/"+tpl+"/fields", bob, map[string]any{"fields": []map[string]string{{"name": "secret", "type": "text"}}}), 404, "TEMPLATE_NOT_FOUND")
	wantError(t, shared.call(t, "POST", "/v1/documents/generate", bob, map[string]any{"template_id": tpl}), 404, "TEMPLATE_NOT_FOUND")

	// Lists show nothing of Alice's; Alice still has everything.
	if n := len(shared.call(t, "GET", "/v1/templates", bob, nil).json(t)["data"].([]any)); n != 0 {
		t.Fatalf("bob sees %d templates", n)
	}
	if n := shared.call(t, "GET", "/v1/documents?template_id="+tpl, bob, nil).json(t)["total"].(float64); n != 0 {
		t.Fatalf("bob sees %v documents", n)
	}
	wantStatus(t, shared.call(t, "GET", "/v1/templates/"+tpl, alice, nil), 200)
	wantStatus(t, shared.call(t, "GET", "/v1/documents/"+docID, alice, nil), 200)
	wantStatus(t, shared.call(t, "GET", "/v1/documents", alice, nil), 200)
}
