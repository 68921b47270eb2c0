package e2e

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// keyring is one account's callers: a person, a live key, a test key and a
// live key holding only documents:read.
type keyring struct {
	person, live, test, reader string
}

func newKeyring(t *testing.T, account string) keyring {
	t.Helper()
	jwt := shared.personFor(t, account)
	reader := shared.createKey(t, jwt, map[string]any{"name": "reader", "permissions": []string{"documents:read"}})
	return keyring{person: jwt, live: shared.newKey(t, account, "live"), test: shared.newKey(t, account, "test"), reader: reader["key"].(string)}
}

// TestSandboxKeysSeeOnlySandboxDocuments: as in Stripe, test keys and live
// keys each see, download and delete only their own mode's documents and
// tasks (the other's id is a 404, like another account's); people see both.
func TestSandboxKeysSeeOnlySandboxDocuments(t *testing.T) {
	k := newKeyring(t, uniqueEmail("modes"))
	liveDoc := makeDoc(t, shared, k.live)
	wantStatus(t, liveDoc, 201)
	testDoc := makeDoc(t, shared, k.test)
	wantStatus(t, testDoc, 201)
	liveID, testID := liveDoc.json(t)["id"].(string), testDoc.json(t)["id"].(string)

	for _, c := range []struct{ key, other string }{{k.test, liveID}, {k.live, testID}} {
		for _, r := range []struct{ method, path string }{
			{"GET", "/v1/documents/" + c.other},
			{"GET", "/v1/documents/" + c.other + "/download"},
			{"GET", "/v1/tasks/" + c.other},
			{"DELETE", "/v1/documents/" + c.other},
		} {
			wantError(t, shared.call(t, r.method, r.path, c.key, nil), 404, "DOCUMENT_NOT_FOUND")
		}
	}
	// Nothing was deleted, and each key still reaches its own document.
	wantStatus(t, shared.call(t, "GET", "/v1/documents/"+liveID+"/download", k.live, nil), 200)
	wantStatus(t, shared.call(t, "GET", "/v1/tasks/"+testID, k.test, nil), 200)
	for _, id := range []string{liveID, testID} {
		wantStatus(t, shared.as(t, "GET", "/v1/documents/"+id, k.person, nil), 200)
	}

	// Lists: each key its own mode only, both ways; people both, or one on request.
	for _, c := range []struct {
		name, key, query string
		person           bool
		want             []string
	}{
		{"test key", k.test, "", false, []string{testID}},
		{"test key asking for live", k.test, "?mode=live", false, nil},
		{"live key", k.live, "", false, []string{liveID}},
		{"reader", k.reader, "", false, []string{liveID}},
		{"person", k.person, "", true, []string{testID, liveID}},
		{"person, test only", k.person, "?mode=test", true, []string{testID}},
	} {
		r := shared.call(t, "GET", "/v1/documents"+c.query, c.key, nil)
		if c.person {
			r = shared.as(t, "GET", "/v1/documents"+c.query, c.key, nil)
		}
		wantStatus(t, r, 200)
		var page struct {
			Data  []map[string]any `json:"data"`
			Total int              `json:"total"`
		}
		mustUnmarshal(t, r.Body, &page)
		var got []string
		for _, d := range page.Data {
			got = append(got, d["id"].(string))
		}
		if !slices.Equal(got, c.want) || page.Total != len(c.want) {
			t.Errorf("%s lists %v (total %d), want %v", c.name, got, page.Total, c.want)
		}
	}

	// The test key deletes its own document.
	wantStatus(t, shared.call(t, "DELETE", "/v1/documents/"+testID, k.test, nil), 200)
	wantError(t, shared.as(t, "GET", "/v1/documents/"+testID, k.person, nil), 404, "DOCUMENT_NOT_FOUND")
}

// TestSandboxKeysUseButDoNotChangeTemplates: templates are shared; test keys
// read and render them but change them only once a person allows it.
func TestSandboxKeysUseButDoNotChangeTemplates(t *testing.T) {
	k := newKeyring(t, uniqueEmail("sandbox-templates"))
	tpl := uploadTemplate(t, k.live, "hello.html", []byte(tinyHTML))

	wantStatus(t, shared.call(t, "GET", "/v1/templates/"+tpl, k.test, nil), 200)
	wantStatus(t, shared.call(t, "POST", "/v1/documents/generate", k.test, map[string]any{"template_id": tpl, "data": map[string]any{"name": "Ada"}}), 201)

	rename := map[string]any{"name": "renamed by the sandbox"}
	refused := []response{
		shared.call(t, "PUT", "/v1/templates/"+tpl, k.test, rename),
		shared.call(t, "PUT", "/v1/templates/"+tpl+"/fields", k.test, map[string]any{"fields": []map[string]any{{"name": "name", "type": "text"}}}),
		shared.call(t, "DELETE", "/v1/templates/"+tpl, k.test, nil),
		shared.upload(t, k.test, "mine.html", []byte("<p>x</p>"), ""),
	}
	for _, r := range refused {
		wantError(t, r, 403, "SANDBOX_KEY_FORBIDDEN")
		if !strings.Contains(r.message(t), "sandbox_can_edit_templates") {
			t.Errorf("message %q should say how to allow it", r.message(t))
		}
	}
	if got := shared.call(t, "GET", "/v1/templates/"+tpl, k.live, nil).json(t)["name"]; got == "renamed by the sandbox" {
		t.Fatal("the refused rename changed the template")
	}

	// A person allows it: the test key may change templates, until it is turned off again.
	acc := shared.as(t, "PATCH", "/v1/account", k.person, map[string]any{"sandbox_can_edit_templates": true})
	wantStatus(t, acc, 200)
	if acc.json(t)["sandbox_can_edit_templates"] != true {
		t.Fatalf("PATCH /v1/account: %s", acc.Body)
	}
	wantStatus(t, shared.call(t, "PUT", "/v1/templates/"+tpl, k.test, rename), 200)
	if got := shared.call(t, "GET", "/v1/templates/"+tpl, k.live, nil).json(t)["name"]; got != "renamed by the sandbox" {
		t.Fatalf("name after the allowed rename: %v", got)
	}
	wantStatus(t, shared.as(t, "PATCH", "/v1/account", k.person, map[string]any{"sandbox_can_edit_templates": false}), 200)
	wantError(t, shared.call(t, "DELETE", "/v1/templates/"+tpl, k.test, nil), 403, "SANDBOX_KEY_FORBIDDEN")
	wantStatus(t, shared.call(t, "GET", "/v1/templates/"+tpl, k.live, nil), 200)
}

// TestKeysCannotManageTheAccount: no API key renames the account, opens
// billing or (test and read-only keys) touches webhooks.
func TestKeysCannotManageTheAccount(t *testing.T) {
	k := newKeyring(t, uniqueEmail("manage"))
	before := shared.call(t, "GET", "/v1/account", k.live, nil).json(t)["name"]
	for _, c := range []struct {
		name, key, method, path, code string
	}{
		{"reader renames the account", k.reader, "PATCH", "/v1/account", "INSUFFICIENT_PERMISSIONS"},
		{"test key renames the account", k.test, "PATCH", "/v1/account", "INSUFFICIENT_PERMISSIONS"},
		{"live key renames the account", k.live, "PATCH", "/v1/account", "INSUFFICIENT_PERMISSIONS"},
		{"reader opens the billing portal", k.reader, "POST", "/v1/billing/portal", "INSUFFICIENT_PERMISSIONS"},
		{"reader checks out", k.reader, "POST", "/v1/billing/checkout", "INSUFFICIENT_PERMISSIONS"},
		{"test key checks out", k.test, "POST", "/v1/billing/checkout", "INSUFFICIENT_PERMISSIONS"},
		{"test key reads billing", k.test, "GET", "/v1/billing/status", "SANDBOX_KEY_FORBIDDEN"},
		{"reader adds a webhook", k.reader, "POST", "/v1/webhooks", "INSUFFICIENT_PERMISSIONS"},
		{"reader lists webhooks", k.reader, "GET", "/v1/webhooks", "INSUFFICIENT_PERMISSIONS"},
		{"test key adds a webhook", k.test, "POST", "/v1/webhooks", "SANDBOX_KEY_FORBIDDEN"},
		{"test key lists webhooks", k.test, "GET", "/v1/webhooks", "SANDBOX_KEY_FORBIDDEN"},
		{"test key creates a key", k.test, "POST", "/v1/api-keys", "INSUFFICIENT_PERMISSIONS"},
		{"test key adds a person", k.test, "POST", "/v1/users", "INSUFFICIENT_PERMISSIONS"},
		{"test key creates a project", k.test, "POST", "/v1/projects", "INSUFFICIENT_PERMISSIONS"},
	} {
		body := map[string]any{"name": "Hijacked Inc.", "plan": "pro", "url": "https://example.com/hook", "events": []string{"document.completed"},
			"email": uniqueEmail("intruder"), "password": testPassword}
		r := shared.call(t, c.method, c.path, c.key, body)
		if r.Status != 403 || r.errorCode(t) != c.code {
			t.Errorf("%s: %d %s, want 403 %s", c.name, r.Status, r.Body, c.code)
		}
	}
	if after := shared.call(t, "GET", "/v1/account", k.live, nil).json(t)["name"]; after != before {
		t.Fatalf("the account was renamed to %v", after)
	}
	// A person still may.
	wantStatus(t, shared.as(t, "PATCH", "/v1/account", k.person, map[string]any{"name": "Renamed by a person"}), 200)
	if r := shared.as(t, "PATCH", "/v1/account", k.person, map[string]any{}); r.Status != 400 {
		t.Errorf("an empty PATCH /v1/account: %d %s", r.Status, r.Body)
	}
}

// declaredAccess is what every operation of the API needs, by operation id,
// written down independently of the code's declarations: "public",
// "caller" (any key or person), "live caller" (no test keys), "person", or
// a permission ("live " before it: and no test keys).
var declaredAccess = map[string]string{
	"healthz": "public", "readyz": "public", "signup": "public", "create-jwt": "public", "refresh-jwt": "public", "logout": "public",
	"stripe-webhook": "public", "download-file": "public",
	"get-account": "caller", "list-projects": "caller", "get-project": "caller", "get-usage": "caller", "get-credits": "caller",
	"get-billing-status": "live caller",
	"update-account":     "person", "create-api-key": "person", "list-api-keys": "person", "revoke-api-key": "person",
	"add-user": "person", "list-users": "person", "create-project": "person", "update-project": "person", "delete-project": "person",
	"create-checkout-session": "person", "create-portal-session": "person",
	"list-templates": "templates:read", "get-template": "templates:read", "get-template-fields": "templates:read", "get-template-content": "templates:read",
	"create-template": "templates:write", "create-template-from-pdf": "templates:write", "update-template": "templates:write", "set-template-fields": "templates:write", "delete-template": "templates:write",
	"list-documents": "documents:read", "get-document": "documents:read", "download-document": "documents:read", "get-task": "documents:read",
	"generate-document": "documents:write", "generate-pdf-pdflet": "documents:write", "fill-document": "documents:write",
	"create-batch": "documents:write", "cancel-batch": "documents:write",
	"list-batches": "documents:read", "get-batch": "documents:read", "list-batch-items": "documents:read",
	"delete-document": "documents:write", "dokjet-generate": "documents:write",
	"list-webhooks": "webhooks:read", "get-webhook": "webhooks:read", "list-webhook-deliveries": "webhooks:read",
	"create-webhook": "webhooks:write", "update-webhook": "webhooks:write", "delete-webhook": "webhooks:write", "redeliver-webhook": "webhooks:write",
	// Invoicing (docs101): live keys only, as the reference's ak_live_ keys.
	"get-invoicing-settings": "caller", "put-invoicing-settings": "person",
	"list-customers": "live documents:read", "get-customer": "live documents:read",
	"create-customer": "live documents:write", "replace-customer": "live documents:write", "update-customer": "live documents:write", "delete-customer": "live documents:write",
	"list-invoices": "live documents:read", "get-invoice": "live documents:read", "get-invoice-xml": "live documents:read",
	"get-invoice-pdf": "live documents:write", // it prints, stores and bills a document
	"create-invoice":  "live documents:write", "finalize-invoice": "live documents:write", "cancel-invoice": "live documents:write",
}

// refusal is the 403 code need gives caller ("" when allowed).
func refusal(need, caller string) string {
	switch need {
	case "public", "caller":
		return ""
	case "live caller":
		if caller == "test" {
			return "SANDBOX_KEY_FORBIDDEN"
		}
		return ""
	case "person":
		if caller != "person" {
			return "INSUFFICIENT_PERMISSIONS"
		}
		return ""
	}
	if perm, live := strings.CutPrefix(need, "live "); live {
		if caller == "test" {
			return "SANDBOX_KEY_FORBIDDEN"
		}
		need = perm
	}
	switch {
	case caller == "reader" && need != "documents:read":
		return "INSUFFICIENT_PERMISSIONS"
	case caller == "test" && (need == "templates:write" || strings.HasPrefix(need, "webhooks:")):
		return "SANDBOX_KEY_FORBIDDEN"
	}
	return ""
}

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// TestEveryOperationAnswersAsDeclared walks every operation of the served
// OpenAPI description with a person, a live key, a test key and a
// documents:read key: each is refused (403 with the declared code) or let
// through (never 401 or 403) as declaredAccess says. Ids in paths are
// made up, so allowed calls end in 404s and validation errors, changing
// nothing.
func TestEveryOperationAnswersAsDeclared(t *testing.T) {
	k := newKeyring(t, uniqueEmail("matrix"))
	var spec struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
		} `json:"paths"`
	}
	r := shared.call(t, "GET", "/openapi.json", "", nil)
	wantStatus(t, r, 200)
	mustUnmarshal(t, r.Body, &spec)
	walked := 0
	for path, ops := range spec.Paths {
		for method, op := range ops {
			method = strings.ToUpper(method)
			need, ok := declaredAccess[op.OperationID]
			if !ok {
				t.Errorf("%s %s (%s) is not in declaredAccess: say what it needs", method, path, op.OperationID)
				continue
			}
			walked++
			url := pathParam.ReplaceAllString(path, "nope_matrix")
			for _, caller := range []struct{ name, cred string }{{"person", k.person}, {"live", k.live}, {"test", k.test}, {"reader", k.reader}} {
				var res response
				if caller.name == "person" {
					res = shared.as(t, method, url, caller.cred, map[string]any{})
				} else {
					res = shared.call(t, method, url, caller.cred, map[string]any{})
				}
				checkAnswer(t, method+" "+path+" as "+caller.name, need, refusal(need, caller.name), res)
			}
		}
	}
	if walked != len(declaredAccess) {
		t.Errorf("walked %d operations, declaredAccess names %d: remove the ones the API lost", walked, len(declaredAccess))
	}
}

func checkAnswer(t *testing.T, what, need, refused string, r response) {
	t.Helper()
	code := ""
	if r.Status >= 400 {
		code = r.errorCode(t)
	}
	switch {
	case refused != "":
		if r.Status != 403 || code != refused {
			t.Errorf("%s: %d %s, want 403 %s", what, r.Status, r.Body, refused)
		}
	case need == "public":
		// Public routes answer for themselves (a wrong password is a 401, a
		// bad signed link a 403), never with an access refusal.
		if code == "INSUFFICIENT_PERMISSIONS" || code == "SANDBOX_KEY_FORBIDDEN" {
			t.Errorf("%s: %d %s, want no access refusal", what, r.Status, r.Body)
		}
	case r.Status == 401 || r.Status == 403:
		t.Errorf("%s: %d %s, want it let through", what, r.Status, r.Body)
	}
}
