package e2e

import (
	"regexp"
	"strings"
	"testing"
)

var keyShape = regexp.MustCompile(`^qk_(live|test)_[0-9A-Za-z]{38}$`)

func TestCLIKeyIsTheOnlyLineOnStdout(t *testing.T) {
	out, err := shared.cli(t, "keys", "create", "--name", "cli", "--account", "cli@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(out, "\n") != 1 || !keyShape.MatchString(strings.TrimSpace(out)) {
		t.Fatalf("stdout %q: want exactly one qk_live_ key line", out)
	}
	test := shared.newKey(t, "cli@example.com", "test")
	if !strings.HasPrefix(test, "qk_test_") {
		t.Fatalf("test key %q", test)
	}
	// Both keys belong to one account: the list (read by a person of it) shows both.
	list := shared.as(t, "GET", "/v1/api-keys", shared.personFor(t, "cli@example.com"), nil)
	wantStatus(t, list, 200)
	if n := strings.Count(string(list.Body), `"id":"ak_`); n != 2 {
		t.Fatalf("want 2 keys for cli@example.com, got %d: %s", n, list.Body)
	}
}

func TestKeyHeadersAndBadKeys(t *testing.T) {
	key := shared.newKey(t, "headers@example.com", "live")
	for _, h := range [][2]string{
		{"X-API-Key", key},
		{"Authorization", "Bearer " + key},
		{"Authorization", "Api-Key " + key},
	} {
		r := shared.call(t, "GET", "/v1/templates", "", nil, h[0], h[1])
		wantStatus(t, r, 200)
	}
	bad := []string{
		"",
		"nonsense",
		"qk_live_",
		key[:len(key)-1],                         // truncated
		key[:len(key)-1] + flip(key[len(key)-1]), // checksum broken
		strings.Replace(key, "qk_live_", "qk_test_", 1), // mode changed: checksum fails
		strings.Replace(key, "qk_", "pk_", 1),           // other prefix
		"qk_live_" + strings.Repeat("A", 38),            // well-formed, wrong checksum
		key + "x",
	}
	for _, k := range bad {
		r := shared.call(t, "GET", "/v1/templates", "", nil, "X-API-Key", k)
		wantError(t, r, 401, "UNAUTHORIZED")
	}
	r := shared.call(t, "GET", "/v1/templates", "", nil, "Authorization", "Basic "+key)
	wantError(t, r, 401, "UNAUTHORIZED")
}

func flip(c byte) string {
	if c == 'a' {
		return "b"
	}
	return "a"
}

func TestAPIKeyLifecycle(t *testing.T) {
	admin := shared.personFor(t, "keys@example.com") // key routes take a person's access token
	r := shared.as(t, "POST", "/v1/api-keys", admin, map[string]any{"name": "CI/CD Pipeline", "mode": "test"})
	wantStatus(t, r, 201)
	created := r.json(t)
	raw, _ := created["key"].(string)
	if !keyShape.MatchString(raw) || !strings.HasPrefix(raw, "qk_test_") {
		t.Fatalf("created key %q", raw)
	}
	if p := created["prefix"].(string); !strings.HasPrefix(raw, p) || len(p) != len("qk_test_")+8 {
		t.Fatalf("prefix %q of %q", p, raw)
	}
	if created["name"] != "CI/CD Pipeline" || created["createdAt"] == nil || !strings.HasPrefix(created["id"].(string), "ak_") {
		t.Fatalf("created: %s", r.Body)
	}

	// The new key works, and using it sets lastUsed.
	wantStatus(t, shared.call(t, "GET", "/v1/documents", raw, nil), 200)
	list := shared.as(t, "GET", "/v1/api-keys", admin, nil)
	wantStatus(t, list, 200)
	if strings.Contains(string(list.Body), raw) {
		t.Fatal("the list shows a raw key")
	}
	var keys []map[string]any
	mustUnmarshal(t, list.Body, &keys)
	var found map[string]any
	for _, k := range keys {
		if k["id"] == created["id"] {
			found = k
		}
	}
	if found == nil || found["lastUsed"] == nil {
		t.Fatalf("new key missing or lastUsed unset: %s", list.Body)
	}

	// Revoke: 401 at once, then 404 on a second revoke.
	del := shared.as(t, "DELETE", "/v1/api-keys/"+created["id"].(string), admin, nil)
	wantStatus(t, del, 200)
	if del.json(t)["message"] != "API key revoked" {
		t.Fatalf("revoke answer %s", del.Body)
	}
	r = shared.call(t, "GET", "/v1/documents", raw, nil)
	wantError(t, r, 401, "UNAUTHORIZED")
	if !strings.Contains(r.message(t), "revoked") {
		t.Fatalf("message %q should say the key was revoked", r.message(t))
	}
	wantError(t, shared.as(t, "DELETE", "/v1/api-keys/"+created["id"].(string), admin, nil), 404, "API_KEY_NOT_FOUND")

	// Validation.
	wantError(t, shared.as(t, "POST", "/v1/api-keys", admin, map[string]any{"name": ""}), 400, "VALIDATION_ERROR")
	wantError(t, shared.as(t, "POST", "/v1/api-keys", admin, map[string]any{"name": "x", "mode": "prod"}), 400, "VALIDATION_ERROR")
	wantError(t, shared.as(t, "POST", "/v1/api-keys", admin, map[string]any{"name": strings.Repeat("n", 256)}), 400, "VALIDATION_ERROR")
}
