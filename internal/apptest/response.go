package apptest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// Response is a finished HTTP exchange.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body as one JSON object.
func (r Response) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("status %d, body is not a JSON object: %v: %s", r.Status, err, r.Body)
	}
	return m
}

// WantStatus fails the test unless the answer has status.
func (r Response) WantStatus(t testing.TB, status int) Response {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	return r
}

// WantError fails the test unless the answer is the error envelope
// {"error":{"code","message"}} with status and code, and a message holding
// every one of parts. It returns the message.
func (r Response) WantError(t testing.TB, status int, code string, parts ...string) string {
	t.Helper()
	r.WantStatus(t, status)
	var env struct {
		Error *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.Body, &env); err != nil || env.Error == nil {
		t.Fatalf("not the error envelope (%v): %s", err, r.Body)
	}
	if env.Error.Code != code {
		t.Fatalf("code %s, want %s: %s", env.Error.Code, code, env.Error.Message)
	}
	if env.Error.Message == "" {
		t.Fatalf("%s has an empty message", code)
	}
	for _, p := range parts {
		if !strings.Contains(env.Error.Message, p) {
			t.Errorf("%s message %q does not hold %q", code, env.Error.Message, p)
		}
	}
	return env.Error.Message
}
