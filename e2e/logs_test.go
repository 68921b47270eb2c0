package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestRequestIDsAndNoSecretsInLogs: with JSON logs, every request line
// carries a request id (the caller's X-Request-Id when valid, else a new
// one, answered in the same header); the id follows an async render into
// its job and the webhook it sends; and no secret a client sent or got
// (password, API key, JWTs, refresh token, webhook secret, signing keys)
// appears in any log line.
func TestRequestIDsAndNoSecretsInLogs(t *testing.T) {
	jwtSecret := "jwt-secret-of-the-log-test-0123456789abcdef"
	s := startServer(t, append(hookServerEnv, "QUIRE_LOG_FORMAT=json", "QUIRE_JWT_SECRET="+jwtSecret)...)
	account := "logs@example.com"
	key := s.newKey(t, account, "live")
	s.setPlan(t, account, "pro")
	email := uniqueEmail("logs")
	s.signup(t, email)
	access, refresh := s.login(t, email, testPassword)
	next := s.call(t, "POST", "/v1/auth/jwt/refresh", "", map[string]any{"refresh": refresh})
	wantStatus(t, next, 200)
	person := s.personFor(t, account)
	created := s.createKey(t, person, map[string]any{"name": "for the logs"})

	rcv := newHookReceiver(t)
	hook := s.createHook(t, key, rcv.URL+"/hook")

	r := s.call(t, "POST", "/v1/documents/generate", key, map[string]any{"html": "<p>traced</p>", "options": map[string]any{"async": true}},
		"X-Request-Id", "trace-2026.12:abc_123")
	wantStatus(t, r, 202)
	if got := r.Header.Get("X-Request-Id"); got != "trace-2026.12:abc_123" {
		t.Fatalf("X-Request-Id answered %q, want the caller's", got)
	}
	got := rcv.requests(t, 1)[0]
	if id := got.header.Get("X-Request-Id"); id != "trace-2026.12:abc_123" {
		t.Errorf("the webhook caused by the request carries X-Request-Id %q", id)
	}
	bad := s.call(t, "GET", "/v1/templates", key, nil, "X-Request-Id", "spaces and\ttabs")
	if id := bad.Header.Get("X-Request-Id"); !strings.HasPrefix(id, "req_") {
		t.Errorf("an invalid X-Request-Id was answered as %q, want a new req_ id", id)
	}

	s.stop() // the logs are complete and no longer written
	logs := s.logs.String()
	secrets := map[string]string{
		"password": testPassword, "API key": key, "created API key": created["key"].(string),
		"access JWT": access, "refresh token": refresh, "rotated refresh token": next.json(t)["refresh"].(string),
		"webhook secret": hook["secret"].(string), "JWT signing secret": jwtSecret,
	}
	for what, secret := range secrets {
		if secret != "" && strings.Contains(logs, secret) {
			t.Errorf("the %s is in the logs", what)
		}
	}
	requests, traced := 0, 0
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		if !strings.HasPrefix(line, "{") {
			continue // a child process's own output
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("a log line is not JSON: %v\n%s", err, line)
		}
		if rec["msg"] != "request" {
			continue
		}
		requests++
		if id, _ := rec["request_id"].(string); id == "" {
			t.Errorf("request line without request_id: %s", line)
		} else if id == "trace-2026.12:abc_123" {
			traced++
		}
	}
	if requests < 8 || traced != 1 {
		t.Errorf("%d request lines, %d with the caller's id; want ≥ 8 and 1", requests, traced)
	}
}
