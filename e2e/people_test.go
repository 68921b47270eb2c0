package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const testPassword = "correct horse battery staple"

var personSeq atomic.Int64

// uniqueEmail returns a fresh email, so tests sharing a server never collide.
func uniqueEmail(tag string) string {
	return fmt.Sprintf("%s-%d-%d@example.com", tag, time.Now().UnixNano(), personSeq.Add(1))
}

// bearer is the header pair of an access token.
func bearer(jwt string) []string { return []string{"Authorization", "Bearer " + jwt} }

// as calls with a person's access token.
func (s *server) as(t testing.TB, method, path, jwt string, body any) response {
	t.Helper()
	return s.call(t, method, path, "", body, bearer(jwt)...)
}

// signup creates an account and its owner over HTTP and returns the answer.
func (s *server) signup(t testing.TB, email string) map[string]any {
	t.Helper()
	r := s.call(t, "POST", "/v1/auth/signup", "", map[string]any{"email": email, "password": testPassword, "name": "Jane Smith"})
	wantStatus(t, r, 201)
	return r.json(t)
}

// login signs in and returns the access and refresh tokens.
func (s *server) login(t testing.TB, email, password string) (access, refresh string) {
	t.Helper()
	r := s.call(t, "POST", "/v1/auth/jwt/create", "", map[string]any{"email": email, "password": password})
	wantStatus(t, r, 200)
	m := r.json(t)
	return m["access"].(string), m["refresh"].(string)
}

// personFor adds a person to the account with `quire users create` (the
// account is created on first use, as `keys create` does) and signs them in.
func (s *server) personFor(t testing.TB, account string) string {
	t.Helper()
	email := uniqueEmail("person")
	if _, err := s.cli(t, "users", "create", "--email", email, "--password", testPassword, "--account", account); err != nil {
		t.Fatal(err)
	}
	access, _ := s.login(t, email, testPassword)
	return access
}

// createKey creates an API key over HTTP as a person; the body adds to the name.
func (s *server) createKey(t testing.TB, jwt string, body map[string]any) map[string]any {
	t.Helper()
	if body["name"] == nil {
		body["name"] = "e2e"
	}
	r := s.as(t, "POST", "/v1/api-keys", jwt, body)
	wantStatus(t, r, 201)
	return r.json(t)
}

func TestSignupJWTKeyAndUse(t *testing.T) {
	email := uniqueEmail("Signup")
	up := shared.signup(t, email)
	user, account := up["user"].(map[string]any), up["account"].(map[string]any)
	lower := strings.ToLower(email)
	if user["email"] != lower || user["role"] != "owner" || account["email"] != lower || account["name"] != "Jane Smith" ||
		account["plan"] == nil || up["access"] == nil || up["refresh"] == nil {
		t.Fatalf("signup answer: %s", mustJSON(up))
	}
	if strings.Contains(mustJSON(up), "argon2") || strings.Contains(mustJSON(up), testPassword) {
		t.Fatal("signup leaks the password or its hash")
	}

	// Sign in (both paths), make a key with the access token, use the key.
	access, _ := shared.login(t, email, testPassword)
	for _, path := range []string{"/api/v1/auth/jwt/create/", "/api/v1/auth/jwt/create"} {
		r := shared.call(t, "POST", path, "", map[string]any{"email": email, "password": testPassword})
		wantStatus(t, r, 200)
	}
	key := shared.createKey(t, access, map[string]any{"name": "Production"})["key"].(string)
	wantStatus(t, shared.call(t, "GET", "/v1/templates", key, nil), 200)
	// The access token itself works on the API too, as a person.
	wantStatus(t, shared.as(t, "GET", "/v1/templates", access, nil), 200)

	// GET and PATCH /v1/account, with the token or the key.
	acc := shared.call(t, "GET", "/v1/account", key, nil)
	wantStatus(t, acc, 200)
	if got := acc.json(t); got["id"] != account["id"] || got["email"] != lower || got["createdAt"] == nil {
		t.Fatalf("GET /v1/account: %s", acc.Body)
	}
	p := shared.as(t, "PATCH", "/v1/account", access, map[string]any{"name": "Jane Smith-Williams"})
	wantStatus(t, p, 200)
	if p.json(t)["name"] != "Jane Smith-Williams" {
		t.Fatalf("PATCH /v1/account: %s", p.Body)
	}
	if shared.call(t, "GET", "/v1/account", key, nil).json(t)["name"] != "Jane Smith-Williams" {
		t.Fatal("the new name did not stick")
	}
	wantError(t, shared.as(t, "PATCH", "/v1/account", access, map[string]any{"name": "  "}), 400, "VALIDATION_ERROR")
	wantError(t, shared.as(t, "PATCH", "/v1/account", access, map[string]any{"name": strings.Repeat("n", 256)}), 400, "VALIDATION_ERROR")

	// Wrong passwords, unknown people, taken emails, weak passwords.
	for _, creds := range []map[string]any{
		{"email": email, "password": testPassword + "!"},
		{"email": uniqueEmail("nobody"), "password": testPassword},
	} {
		r := shared.call(t, "POST", "/v1/auth/jwt/create", "", creds)
		wantError(t, r, 401, "UNAUTHORIZED")
		if r.message(t) != "invalid email or password" {
			t.Fatalf("sign-in failure says %q: it must not tell which part is wrong", r.message(t))
		}
	}
	wantError(t, shared.call(t, "POST", "/v1/auth/signup", "", map[string]any{"email": email, "password": testPassword}), 409, "EMAIL_TAKEN")
	wantError(t, shared.call(t, "POST", "/v1/auth/signup", "", map[string]any{"email": uniqueEmail("weak"), "password": "short"}), 400, "VALIDATION_ERROR")
	wantError(t, shared.call(t, "POST", "/v1/auth/signup", "", map[string]any{"email": "not-an-email", "password": testPassword}), 400, "VALIDATION_ERROR")
}

func TestAPIKeysCannotManageKeys(t *testing.T) {
	up := shared.signup(t, uniqueEmail("keyroutes"))
	key := shared.createKey(t, up["access"].(string), map[string]any{})
	for _, c := range []struct{ method, path string }{
		{"GET", "/v1/api-keys"}, {"POST", "/v1/api-keys"}, {"DELETE", "/v1/api-keys/" + key["id"].(string)}, {"GET", "/v1/users"},
	} {
		r := shared.call(t, c.method, c.path, key["key"].(string), map[string]any{"name": "x"})
		wantError(t, r, 403, "INSUFFICIENT_PERMISSIONS")
		if !strings.Contains(r.message(t), "API keys cannot") {
			t.Fatalf("%s %s: message %q should say API keys cannot do this", c.method, c.path, r.message(t))
		}
	}
	// Nothing changed: the key still works and is the only one.
	wantStatus(t, shared.call(t, "GET", "/v1/templates", key["key"].(string), nil), 200)
	var list []map[string]any
	mustUnmarshal(t, shared.as(t, "GET", "/v1/api-keys", up["access"].(string), nil).Body, &list)
	if len(list) != 1 {
		t.Fatalf("want 1 key, got %d", len(list))
	}
}

func TestRefreshRotationAndLogout(t *testing.T) {
	email := uniqueEmail("rotate")
	shared.signup(t, email)
	_, refresh := shared.login(t, email, testPassword)

	r := shared.call(t, "POST", "/v1/auth/jwt/refresh", "", map[string]any{"refresh": refresh})
	wantStatus(t, r, 200)
	next := r.json(t)
	if next["access"] == nil || next["refresh"] == nil || next["refresh"] == refresh {
		t.Fatalf("refresh answer %s", r.Body)
	}
	wantStatus(t, shared.as(t, "GET", "/v1/account", next["access"].(string), nil), 200)

	// Reusing the first refresh token is refused and ends its session: the
	// token it was traded for stops working too.
	r = shared.call(t, "POST", "/v1/auth/jwt/refresh", "", map[string]any{"refresh": refresh})
	wantError(t, r, 401, "UNAUTHORIZED")
	if !strings.Contains(r.message(t), "already used") {
		t.Fatalf("reuse message %q", r.message(t))
	}
	wantError(t, shared.call(t, "POST", "/api/v1/auth/jwt/refresh/", "", map[string]any{"refresh": next["refresh"]}), 401, "UNAUTHORIZED")

	// Another session is untouched by that; logging out ends it.
	_, other := shared.login(t, email, testPassword)
	r = shared.call(t, "POST", "/api/v1/auth/jwt/refresh/", "", map[string]any{"refresh": other})
	wantStatus(t, r, 200)
	other = r.json(t)["refresh"].(string)
	wantStatus(t, shared.call(t, "POST", "/v1/auth/logout", "", map[string]any{"refresh": other}), 200)
	r = shared.call(t, "POST", "/v1/auth/jwt/refresh", "", map[string]any{"refresh": other})
	wantError(t, r, 401, "UNAUTHORIZED")
	if !strings.Contains(r.message(t), "revoked") {
		t.Fatalf("refresh after logout says %q", r.message(t))
	}

	// An access token is not a refresh token, and garbage is neither.
	access, _ := shared.login(t, email, testPassword)
	wantError(t, shared.call(t, "POST", "/v1/auth/jwt/refresh", "", map[string]any{"refresh": access}), 401, "UNAUTHORIZED")
	wantError(t, shared.call(t, "POST", "/v1/auth/jwt/refresh", "", map[string]any{"refresh": "eyJ.x.y"}), 401, "UNAUTHORIZED")
	wantError(t, shared.as(t, "GET", "/v1/account", access+"x", nil), 401, "UNAUTHORIZED")
}

func TestAccessTokenExpires(t *testing.T) {
	s := startServer(t, "QUIRE_JWT_ACCESS_TTL=2s")
	email := uniqueEmail("expiry")
	up := s.signup(t, email)
	access := up["access"].(string)
	wantStatus(t, s.as(t, "GET", "/v1/account", access, nil), 200)
	time.Sleep(3 * time.Second)
	r := s.as(t, "GET", "/v1/account", access, nil)
	wantError(t, r, 401, "UNAUTHORIZED")
	if !strings.Contains(r.message(t), "expired") {
		t.Fatalf("message %q should say the token expired", r.message(t))
	}
	// The refresh token still gets a fresh access token.
	r = s.call(t, "POST", "/v1/auth/jwt/refresh", "", map[string]any{"refresh": up["refresh"]})
	wantStatus(t, r, 200)
	wantStatus(t, s.as(t, "GET", "/v1/account", r.json(t)["access"].(string), nil), 200)
}

func TestSignupOffAndAddingPeople(t *testing.T) {
	s := startServer(t, "QUIRE_SIGNUP=false")
	r := s.call(t, "POST", "/v1/auth/signup", "", map[string]any{"email": uniqueEmail("closed"), "password": testPassword})
	wantError(t, r, 403, "FORBIDDEN")
	if !strings.Contains(r.message(t), "sign-up is disabled") {
		t.Fatalf("message %q", r.message(t))
	}

	// The operator bootstraps an owner; the owner adds an admin and a member.
	owner := uniqueEmail("owner")
	if _, err := s.cli(t, "users", "create", "--email", owner, "--password", testPassword); err != nil {
		t.Fatal(err)
	}
	ownerJWT, _ := s.login(t, owner, testPassword)
	member := uniqueEmail("member")
	r = s.as(t, "POST", "/v1/users", ownerJWT, map[string]any{"email": member, "password": testPassword, "name": "Mo"})
	wantStatus(t, r, 201)
	if m := r.json(t); m["role"] != "member" || m["email"] != member {
		t.Fatalf("added %s", r.Body)
	}
	wantError(t, s.as(t, "POST", "/v1/users", ownerJWT, map[string]any{"email": member, "password": testPassword}), 409, "EMAIL_TAKEN")
	wantError(t, s.as(t, "POST", "/v1/users", ownerJWT, map[string]any{"email": uniqueEmail("x"), "password": testPassword, "role": "owner"}), 400, "VALIDATION_ERROR")

	// The member works in the same account but may not add people.
	memberJWT, _ := s.login(t, member, testPassword)
	if s.as(t, "GET", "/v1/account", memberJWT, nil).json(t)["email"] != owner {
		t.Fatal("the member is not in the owner's account")
	}
	wantError(t, s.as(t, "POST", "/v1/users", memberJWT, map[string]any{"email": uniqueEmail("y"), "password": testPassword}), 403, "FORBIDDEN")
	var people struct{ Data []map[string]any }
	mustUnmarshal(t, s.as(t, "GET", "/v1/users", memberJWT, nil).Body, &people)
	if len(people.Data) != 2 {
		t.Fatalf("want 2 people, got %v", people)
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestKeyPermissionsExpiryAndRevocation(t *testing.T) {
	up := shared.signup(t, uniqueEmail("perms"))
	jwt := up["access"].(string)
	reader := shared.createKey(t, jwt, map[string]any{"name": "reader", "permissions": []string{"templates:read", "documents:read"}})
	if got := mustJSON(reader["permissions"]); got != `["templates:read","documents:read"]` {
		t.Fatalf("permissions %s", got)
	}
	raw := reader["key"].(string)
	wantStatus(t, shared.call(t, "GET", "/v1/templates", raw, nil), 200)
	wantStatus(t, shared.call(t, "GET", "/v1/documents", raw, nil), 200)
	for _, c := range []struct{ method, path, perm string }{
		{"POST", "/v1/documents/generate", "documents:write"},
		{"POST", "/v1/documents/fill", "documents:write"},
		{"DELETE", "/v1/templates/tpl_x", "templates:write"},
		{"PUT", "/v1/templates/tpl_x", "templates:write"},
	} {
		r := shared.call(t, c.method, c.path, raw, map[string]any{"html": "<p>x</p>", "template_id": "tpl_x", "name": "x"})
		wantError(t, r, 403, "INSUFFICIENT_PERMISSIONS")
		if !strings.Contains(r.message(t), c.perm) {
			t.Fatalf("%s %s: message %q should name %s", c.method, c.path, r.message(t), c.perm)
		}
	}
	r := shared.upload(t, raw, "a.html", []byte("<p>{{x}}</p>"), "")
	wantError(t, r, 403, "INSUFFICIENT_PERMISSIONS")
	writer := shared.createKey(t, jwt, map[string]any{"name": "writer", "permissions": []string{"documents:write"}})
	wantError(t, shared.call(t, "GET", "/v1/documents", writer["key"].(string), nil), 403, "INSUFFICIENT_PERMISSIONS")
	wantError(t, shared.as(t, "POST", "/v1/api-keys", jwt, map[string]any{"name": "bad", "permissions": []string{"documents:admin"}}), 400, "VALIDATION_ERROR")
	wantError(t, shared.as(t, "POST", "/v1/api-keys", jwt, map[string]any{"name": "past", "expires_at": time.Now().Add(-time.Hour).Format(time.RFC3339)}), 400, "VALIDATION_ERROR")

	// An expiring key works until expires_at, then answers 401 saying so.
	at := time.Now().Add(2 * time.Second).UTC().Truncate(time.Second).Add(time.Second)
	expiring := shared.createKey(t, jwt, map[string]any{"name": "temp", "expires_at": at.Format(time.RFC3339)})
	var list []map[string]any
	mustUnmarshal(t, shared.as(t, "GET", "/v1/api-keys", jwt, nil).Body, &list)
	for _, k := range list {
		if k["id"] == expiring["id"] && (k["expiresAt"] == nil || k["projects"] != nil || len(k["permissions"].([]any)) != 6) {
			t.Fatalf("listed key %v: want expiresAt, projects null (all) and all 6 permissions", k)
		}
	}
	wantStatus(t, shared.call(t, "GET", "/v1/templates", expiring["key"].(string), nil), 200)
	time.Sleep(time.Until(at) + 500*time.Millisecond)
	r = shared.call(t, "GET", "/v1/templates", expiring["key"].(string), nil)
	wantError(t, r, 401, "UNAUTHORIZED")
	if !strings.Contains(r.message(t), "expired") {
		t.Fatalf("message %q should say the key expired", r.message(t))
	}

	// A revoked key answers 401 saying so.
	wantStatus(t, shared.as(t, "DELETE", "/v1/api-keys/"+reader["id"].(string), jwt, nil), 200)
	r = shared.call(t, "GET", "/v1/templates", raw, nil)
	wantError(t, r, 401, "UNAUTHORIZED")
	if !strings.Contains(r.message(t), "revoked") {
		t.Fatalf("message %q should say the key was revoked", r.message(t))
	}
}

func TestKeyLimit(t *testing.T) {
	jwt := shared.signup(t, uniqueEmail("limit"))["access"].(string)
	var first map[string]any
	for i := range 10 {
		k := shared.createKey(t, jwt, map[string]any{"name": fmt.Sprintf("key %d", i+1)})
		if first == nil {
			first = k
		}
	}
	r := shared.as(t, "POST", "/v1/api-keys", jwt, map[string]any{"name": "eleventh"})
	wantError(t, r, 409, "KEY_LIMIT_REACHED")
	if !strings.Contains(r.message(t), "at most 10") {
		t.Fatalf("message %q should give the limit", r.message(t))
	}
	// Revoking one makes room again.
	wantStatus(t, shared.as(t, "DELETE", "/v1/api-keys/"+first["id"].(string), jwt, nil), 200)
	shared.createKey(t, jwt, map[string]any{"name": "eleventh"})
	wantError(t, shared.as(t, "POST", "/v1/api-keys", jwt, map[string]any{"name": "twelfth"}), 409, "KEY_LIMIT_REACHED")
}

func TestFailedSignInsAreLimited(t *testing.T) {
	email := uniqueEmail("guess")
	shared.signup(t, email)
	for range 10 {
		wantError(t, shared.call(t, "POST", "/v1/auth/jwt/create", "", map[string]any{"email": email, "password": "a wrong guess"}), 401, "UNAUTHORIZED")
	}
	r := shared.call(t, "POST", "/v1/auth/jwt/create", "", map[string]any{"email": email, "password": testPassword})
	wantError(t, r, 429, "RATE_LIMITED")
	if !strings.Contains(r.message(t), "too many failed sign-ins") {
		t.Fatalf("message %q", r.message(t))
	}
}

func TestSignupPlanIsConfigurable(t *testing.T) {
	s := startServer(t, "QUIRE_SIGNUP_PLAN=pro")
	out := s.signup(t, uniqueEmail("plan"))
	access := out["access"].(string)
	acc := s.as(t, "GET", "/v1/account", access, nil)
	wantStatus(t, acc, 200)
	if acc.json(t)["plan"] != "pro" {
		t.Fatalf("account: %s", acc.Body)
	}
	if shared.as(t, "GET", "/v1/account", shared.signup(t, uniqueEmail("plan-default"))["access"].(string), nil).json(t)["plan"] != "free" {
		t.Fatal("sign-up accounts are on the free plan by default")
	}
}
