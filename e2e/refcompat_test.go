package e2e

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"mime/multipart"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// These tests are a client written from the reference documents
// (../shared/reference) alone: PDFForge's paths, bodies and
// `Authorization: Bearer <key>`; only the host and the key are Quire's.

// refTime is the reference's timestamp layout: ISO 8601 UTC, milliseconds.
const refTime = "2006-01-02T15:04:05.000Z"

var refTimeRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

// present says whether m has key k, null or not.
func present(m map[string]any, k string) bool {
	_, ok := m[k]
	return ok
}

// ref sends a request as the reference documents it: the key as a Bearer token.
func (s *server) ref(t testing.TB, method, path, key string, body any, headers ...string) response {
	t.Helper()
	return s.call(t, method, path, "", body, append([]string{"Authorization", "Bearer " + key}, headers...)...)
}

// refUpload uploads a template as the reference's POST /v1/templates:
// multipart with file and name.
func (s *server) refUpload(t testing.TB, path, key, filename string, content []byte, name string) response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	mw.WriteField("name", name)
	mw.Close()
	return s.ref(t, "POST", path, key, buf.Bytes(), "Content-Type", mw.FormDataContentType())
}

// checkRefJSON fails on a "$schema" member anywhere in body, and on a
// timestamp (a member named *_at, *At, lastUsed, start or end) not in the
// reference's layout.
func checkRefJSON(t *testing.T, what string, body []byte) {
	t.Helper()
	var v any
	mustUnmarshal(t, body, &v)
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if k == "$schema" {
					t.Errorf("%s: %s has a $schema member: %s", what, path, body)
				}
				isTime := strings.HasSuffix(k, "_at") || strings.HasSuffix(k, "At") || k == "lastUsed" || k == "start" || k == "end" || k == "planPeriodEnd"
				if s, ok := e.(string); ok && isTime && !refTimeRE.MatchString(s) {
					t.Errorf("%s: %s.%s = %q, want ISO 8601 UTC with milliseconds", what, path, k, s)
				}
				walk(path+"."+k, e)
			}
		case []any:
			for _, e := range x {
				walk(path+"[]", e)
			}
		}
	}
	walk("$", v)
}

// Items 1 and 2: no "$schema" member in any body (errors included), a Link
// header instead; every timestamp in the reference's layout.
func TestRefCompatBodiesAndTimestamps(t *testing.T) {
	const account = "refcompat-bodies@example.com"
	key := shared.newKey(t, account, "live")
	up := shared.refUpload(t, "/v1/templates", key, "invoice.html", []byte(`<p>{{company}} {{amount}}</p>`), "Invoice Template")
	wantStatus(t, up, 201)
	tpl := up.json(t)
	id := tpl["id"].(string)
	if link := up.Header.Get("Link"); !strings.Contains(link, `rel="describedBy"`) {
		t.Errorf("no describedBy Link header: %q", link)
	}
	gen := shared.ref(t, "POST", "/v1/documents/generate", key, map[string]any{"template_id": id, "data": map[string]any{"company": "Acme", "amount": 3}})
	wantStatus(t, gen, 201)
	doc := gen.json(t)
	if _, err := time.Parse(refTime, tpl["created_at"].(string)); err != nil {
		t.Errorf("created_at %v: %v", tpl["created_at"], err)
	}
	bodies := map[string]response{"upload": up, "generate": gen}
	for _, path := range []string{"/v1/templates", "/v1/templates/" + id, "/v1/templates/" + id + "/fields",
		"/v1/documents", "/v1/documents/" + doc["id"].(string), "/v1/usage", "/v1/account", "/v1/templates/tpl_nope"} {
		r := shared.ref(t, "GET", path, key, nil)
		bodies["GET "+path] = r
	}
	wantError(t, bodies["GET /v1/templates/tpl_nope"], 404, "TEMPLATE_NOT_FOUND")
	bodies["unauthorized"] = shared.ref(t, "GET", "/v1/templates", "pk_live_nope", nil)
	bodies["no route"] = shared.ref(t, "GET", "/v1/nothing-here", key, nil)
	for what, r := range bodies {
		if r.Status >= 500 {
			t.Fatalf("%s: %d %s", what, r.Status, r.Body)
		}
		checkRefJSON(t, what, r.Body)
	}
	usage := bodies["GET /v1/usage"].json(t)["period"].(map[string]any)
	if !refTimeRE.MatchString(usage["start"].(string)) || !strings.HasSuffix(usage["end"].(string), ":59.000Z") {
		t.Errorf("usage period %v", usage)
	}
	acc := bodies["GET /v1/account"].json(t)
	if !refTimeRE.MatchString(acc["createdAt"].(string)) {
		t.Errorf("account createdAt %v", acc["createdAt"])
	}
	// Webhook endpoints and payloads too, on a server that may reach
	// 127.0.0.1.
	srv := startServer(t, hookServerEnv...)
	hooks := newHookReceiver(t)
	hkey := srv.newKey(t, account, "live")
	hook := srv.createHook(t, hkey, hooks.URL)
	checkRefJSON(t, "webhook", mustMarshal(t, hook))
	srv.generateHTML(t, hkey, nil)
	for _, req := range hooks.requests(t, 1) {
		checkRefJSON(t, "webhook payload", req.body)
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	return []byte(mustJSON(v))
}

// Item 3: the reference's paths with a final slash, PUT or PATCH for its
// updates (it names no method), and 405 with Allow for a wrong method.
func TestRefCompatRoutes(t *testing.T) {
	key := shared.newKey(t, "refcompat-routes@example.com", "live")
	up := shared.refUpload(t, "/v1/templates/", key, "t.html", []byte(`<p>{{company}}</p>`), "Slash")
	wantStatus(t, up, 201)
	id := up.json(t)["id"].(string)
	for _, path := range []string{"/v1/templates/", "/v1/templates/" + id + "/", "/v1/documents/", "/v1/usage/", "/v1/account/"} {
		wantStatus(t, shared.ref(t, "GET", path, key, nil), 200)
	}
	for _, method := range []string{"PUT", "PATCH"} {
		name := "Renamed by " + method
		r := shared.ref(t, method, "/v1/templates/"+id, key, map[string]any{"name": name})
		wantStatus(t, r, 200)
		if r.json(t)["name"] != name {
			t.Fatalf("%s /v1/templates/{id}: %s", method, r.Body)
		}
		wantStatus(t, shared.ref(t, method, "/v1/templates/"+id+"/fields/", key, map[string]any{"fields": []any{map[string]any{"name": "company", "type": "text"}}}), 200)
		r = shared.ref(t, method, "/v1/account", key, map[string]any{"name": "Jane " + method})
		if r.Status != 200 && r.Status != 403 { // a key may not rename the account, but the route is there
			t.Fatalf("%s /v1/account: %d %s", method, r.Status, r.Body)
		}
	}
	r := shared.ref(t, "DELETE", "/v1/templates", key, nil)
	wantError(t, r, 405, "METHOD_NOT_ALLOWED")
	allow := strings.Split(r.Header.Get("Allow"), ", ")
	if !slices.Contains(allow, "GET") || !slices.Contains(allow, "POST") || slices.Contains(allow, "DELETE") {
		t.Fatalf("Allow %q", r.Header.Get("Allow"))
	}
	r = shared.ref(t, "POST", "/v1/templates/"+id+"/", key, map[string]any{})
	wantError(t, r, 405, "METHOD_NOT_ALLOWED")
	if allow := r.Header.Get("Allow"); !strings.Contains(allow, "DELETE") || !strings.Contains(allow, "PATCH") {
		t.Fatalf("Allow %q", allow)
	}
	wantError(t, shared.ref(t, "GET", "/v1/no-such-thing/", key, nil), 404, "NOT_FOUND")
	wantStatus(t, shared.ref(t, "DELETE", "/v1/templates/"+id+"/", key, nil), 200)
}

// Item 4: a Pdflet client stores its refresh token once and refreshes with
// it again and again; each new access token works.
func TestRefCompatPdfletRefresh(t *testing.T) {
	email := uniqueEmail("pdflet-refresh")
	shared.signup(t, email)
	r := shared.call(t, "POST", "/api/v1/auth/jwt/create/", "", map[string]any{"email": email, "password": testPassword})
	wantStatus(t, r, 200)
	refresh := r.json(t)["refresh"].(string)
	var access string
	for i := range 5 {
		r := shared.call(t, "POST", "/api/v1/auth/jwt/refresh/", "", map[string]any{"refresh": refresh})
		wantStatus(t, r, 200)
		a, _ := r.json(t)["access"].(string)
		if a == "" {
			t.Fatalf("refresh %d: %s", i+1, r.Body)
		}
		access = a
		wantStatus(t, shared.as(t, "GET", "/v1/account", access, nil), 200)
	}
	pdf := shared.as(t, "POST", "/api/v1/pdf/", access, map[string]any{"html": "<h1>Hello</h1>"})
	wantStatus(t, pdf, 201)
	// Signing out still ends it.
	wantStatus(t, shared.call(t, "POST", "/v1/auth/logout", "", map[string]any{"refresh": refresh}), 200)
	wantError(t, shared.call(t, "POST", "/api/v1/auth/jwt/refresh/", "", map[string]any{"refresh": refresh}), 401, "UNAUTHORIZED")
}

// Items 5 and 6: a receiver written for the reference checks its own
// signature header; webhooks are a plan property (Pro and above), refused
// with a 403 naming the plan.
func TestRefCompatWebhooks(t *testing.T) {
	srv := startServer(t, append(hookServerEnv, "QUIRE_WEBHOOK_SIGNATURE_HEADER=X-PDFForge-Signature",
		`QUIRE_PLANS={"starter": {"webhooks": true}}`)...)
	hooks := newHookReceiver(t)
	const account = "refcompat-hooks@example.com"
	key := srv.newKey(t, account, "live")
	for _, plan := range []string{"free", "starter", "pro"} {
		if _, err := srv.cli(t, "accounts", "set-plan", "--account", account, "--plan", plan); err != nil {
			t.Fatal(err)
		}
		r := srv.ref(t, "POST", "/v1/webhooks", key, map[string]any{"url": hooks.URL, "events": []string{"document.completed"}})
		gen := srv.ref(t, "POST", "/v1/documents/generate", key, map[string]any{"html": "<p>x</p>", "options": map[string]any{"webhook_url": hooks.URL}})
		if plan == "free" {
			wantError(t, r, 403, "FORBIDDEN")
			wantError(t, gen, 403, "FORBIDDEN")
			if msg := r.message(t); !strings.Contains(msg, "free") {
				t.Fatalf("403 does not name the plan: %q", msg)
			}
			continue
		}
		wantStatus(t, r, 201)
		wantStatus(t, gen, 201)
		if plan == "pro" {
			hook := r.json(t)
			srv.ref(t, "DELETE", "/v1/webhooks/"+hook["id"].(string), key, nil)
		}
	}
	// The starter endpoint hears the documents after it; the signed
	// deliveries carry X-PDFForge-Signature, checked as the reference says.
	var signed int
	waitFor(t, 30, func() bool {
		hooks.mu.Lock()
		defer hooks.mu.Unlock()
		signed = 0
		for _, req := range hooks.got {
			if req.header.Get("webhook-id") != "" {
				signed++
			}
		}
		return signed >= 2
	})
	hooks.mu.Lock()
	got := append([]hookRequest(nil), hooks.got...)
	hooks.mu.Unlock()
	list := srv.ref(t, "GET", "/v1/webhooks", key, nil)
	var endpoints []map[string]any
	mustUnmarshal(t, list.Body, &endpoints)
	if signed < 2 || len(endpoints) != 1 {
		t.Fatalf("%d signed deliveries, endpoints %v", signed, endpoints)
	}
	// The secret is shown only at creation: make a third endpoint to learn one.
	if _, err := srv.cli(t, "accounts", "set-plan", "--account", account, "--plan", "business"); err != nil {
		t.Fatal(err)
	}
	fresh := newHookReceiver(t)
	hook := srv.createHook(t, key, fresh.URL)
	srv.generateHTML(t, key, nil)
	req := fresh.requests(t, 1)[0]
	mac := hmac.New(sha256.New, []byte(hook["secret"].(string)))
	mac.Write(req.body)
	if want := "sha256=" + hex.EncodeToString(mac.Sum(nil)); req.header.Get("X-PDFForge-Signature") != want || req.header.Get("X-Quire-Signature") != "" {
		t.Fatalf("signature headers %v", req.header)
	}
	for _, r := range got {
		if r.header.Get("webhook-id") != "" && r.header.Get("X-PDFForge-Signature") == "" {
			t.Fatalf("a signed delivery without X-PDFForge-Signature: %v", r.header)
		}
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil || !bytes.Contains(readme, []byte("QUIRE_WEBHOOK_SIGNATURE_HEADER")) {
		t.Fatal("README does not document QUIRE_WEBHOOK_SIGNATURE_HEADER")
	}
}

// Item 7: credits_left is null on unlimited plans, and the OpenAPI schema
// and README say so.
func TestRefCompatCreditsLeftDocumented(t *testing.T) {
	key := shared.newKey(t, "refcompat-credits@example.com", "live") // enterprise: unlimited
	r := shared.call(t, "GET", "/v1/credits", key, nil)
	wantStatus(t, r, 200)
	if m := r.json(t); !present(m, "credits_left") || m["credits_left"] != nil {
		t.Fatalf("credits on an unlimited plan: %s", r.Body)
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Type        any    `json:"type"`
					Description string `json:"description"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	mustUnmarshal(t, shared.call(t, "GET", "/openapi.json", "", nil).Body, &doc)
	found := 0
	for name, s := range doc.Components.Schemas {
		p, ok := s.Properties["credits_left"]
		if !ok {
			continue
		}
		found++
		if !strings.Contains(mustJSON(p.Type), "null") || !strings.Contains(p.Description, "unlimited") {
			t.Errorf("%s.credits_left: type %v, description %q: want nullable, saying null when unlimited", name, p.Type, p.Description)
		}
	}
	if found == 0 {
		t.Fatal("no schema has credits_left")
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil || !regexp.MustCompile("`credits_left`[^.]*is `null`").Match(readme) {
		t.Fatal("README does not say credits_left is null on unlimited plans")
	}
}

// Item 8: Enterprise keeps documents forever by default, as the reference;
// QUIRE_RETENTION, when an operator sets it, caps every plan.
func TestRefCompatRetention(t *testing.T) {
	key := shared.newKey(t, "refcompat-retention@example.com", "live") // enterprise
	if doc := makeDoc(t, shared, key).json(t); !present(doc, "expires_at") || doc["expires_at"] != nil {
		t.Fatalf("an enterprise document expires by default: %v", doc)
	}
	s := startServer(t, "QUIRE_RETENTION=1h")
	const account = "refcompat-cap@example.com"
	capped := s.newKey(t, account, "live")
	for _, plan := range []string{"enterprise", "free"} {
		if _, err := s.cli(t, "accounts", "set-plan", "--account", account, "--plan", plan); err != nil {
			t.Fatal(err)
		}
		doc := makeDoc(t, s, capped).json(t)
		exp, err := time.Parse(refTime, doc["expires_at"].(string))
		if left := time.Until(exp); err != nil || left > time.Hour || left < 50*time.Minute {
			t.Fatalf("%s under QUIRE_RETENTION=1h: expires_at %v (%v)", plan, doc["expires_at"], err)
		}
	}
}
