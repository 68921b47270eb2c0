package e2e

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"github.com/quirehq/quire/internal/store/pgtest"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

// hookServerEnv lets webhooks reach receivers on 127.0.0.1 over plain http
// and retries failed deliveries within a second.
var hookServerEnv = []string{"QUIRE_EGRESS_ALLOW=127.0.0.1", "QUIRE_WEBHOOK_RETRY_SCHEDULE=100ms,200ms,300ms"}

// hookReceiver is a real HTTP receiver on 127.0.0.1 that records every POST
// and answers each with the next of its replies (the last one repeats).
type hookReceiver struct {
	*httptest.Server
	mu      sync.Mutex
	got     []hookRequest
	replies []func(w http.ResponseWriter)
}

type hookRequest struct {
	header http.Header
	body   []byte
	at     time.Time
}

func newHookReceiver(t *testing.T, replies ...func(w http.ResponseWriter)) *hookReceiver {
	t.Helper()
	r := &hookReceiver{replies: replies}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		n := len(r.got)
		r.got = append(r.got, hookRequest{req.Header.Clone(), body, time.Now()})
		r.mu.Unlock()
		if len(r.replies) == 0 {
			w.WriteHeader(http.StatusOK)
			return
		}
		r.replies[min(n, len(r.replies)-1)](w)
	}))
	t.Cleanup(r.Close)
	return r
}

func answer(code int) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) { w.WriteHeader(code) }
}

// requests waits until the receiver has n requests and returns them.
func (r *hookReceiver) requests(t *testing.T, n int) []hookRequest {
	t.Helper()
	var out []hookRequest
	waitFor(t, 30, func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		out = append([]hookRequest(nil), r.got...)
		return len(out) >= n
	})
	if len(out) < n {
		t.Fatalf("receiver got %d requests, want %d", len(out), n)
	}
	return out
}

// verifyQuireSignature is a receiver's own check of X-Quire-Signature.
func verifyQuireSignature(secret string, header http.Header, body []byte) bool {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	want := "sha256=" + hex.EncodeToString(mac.Sum(nil))
	return hmac.Equal([]byte(header.Get("X-Quire-Signature")), []byte(want))
}

// verifyStandard checks the Standard Webhooks headers with the official library.
func verifyStandard(t *testing.T, secret string, header http.Header, body []byte) error {
	t.Helper()
	wh, err := standardwebhooks.NewWebhook(secret)
	if err != nil {
		t.Fatalf("the official library refuses the secret %q: %v", secret, err)
	}
	return wh.Verify(body, header)
}

func (s *server) createHook(t *testing.T, key, url string, events ...string) map[string]any {
	t.Helper()
	if len(events) == 0 {
		events = []string{"document.completed"}
	}
	r := s.call(t, "POST", "/v1/webhooks", key, map[string]any{"url": url, "events": events})
	wantStatus(t, r, 201)
	return r.json(t)
}

// hookAttempts reads an endpoint's delivery log, newest first.
func (s *server) hookAttempts(t *testing.T, key, id string) []map[string]any {
	t.Helper()
	r := s.call(t, "GET", "/v1/webhooks/"+id+"/deliveries", key, nil)
	wantStatus(t, r, 200)
	var out struct {
		Data []map[string]any `json:"data"`
	}
	mustUnmarshal(t, r.Body, &out)
	return out.Data
}

// waitAttempts waits until the log holds n attempts, the newest one finished
// as wanted (succeeded or not), and returns it.
func (s *server) waitAttempts(t *testing.T, key, id string, n int) []map[string]any {
	t.Helper()
	var log []map[string]any
	waitFor(t, 30, func() bool {
		log = s.hookAttempts(t, key, id)
		return len(log) >= n
	})
	if len(log) < n {
		t.Fatalf("delivery log has %d attempts, want %d: %v", len(log), n, log)
	}
	return log
}

func (s *server) generateHTML(t *testing.T, key string, options map[string]any) map[string]any {
	t.Helper()
	req := map[string]any{"html": "<p>{{who}}</p>", "data": map[string]any{"who": "hooks"}}
	if options != nil {
		req["options"] = options
	}
	r := s.call(t, "POST", "/v1/documents/generate", key, req)
	wantStatus(t, r, 201)
	return r.json(t)
}

func TestWebhooks(t *testing.T) {
	srv := startServer(t, hookServerEnv...)

	t.Run("EndpointCRUD", func(t *testing.T) {
		// A public IP literal: the URL check needs no DNS (this machine has
		// none), and nothing is ever sent to it (no document is made).
		key := srv.newKey(t, "crud@example.com", "live")
		created := srv.createHook(t, key, "https://93.184.215.14/quire", "document.completed", "document.failed")
		id, _ := created["id"].(string)
		secret, _ := created["secret"].(string)
		if !strings.HasPrefix(id, "wh_") || !strings.HasPrefix(secret, "whsec_") || created["active"] != true ||
			created["url"] != "https://93.184.215.14/quire" || created["created_at"] == nil || len(created["events"].([]any)) != 2 {
			t.Fatalf("created: %v", created)
		}
		// The secret is shown once.
		got := srv.call(t, "GET", "/v1/webhooks/"+id, key, nil)
		wantStatus(t, got, 200)
		if _, has := got.json(t)["secret"]; has {
			t.Fatalf("GET shows the secret: %s", got.Body)
		}
		list := srv.call(t, "GET", "/v1/webhooks", key, nil)
		wantStatus(t, list, 200)
		var endpoints []map[string]any
		mustUnmarshal(t, list.Body, &endpoints) // a top-level array
		if len(endpoints) != 1 || endpoints[0]["id"] != id || endpoints[0]["secret"] != nil {
			t.Fatalf("list: %s", list.Body)
		}

		patched := srv.call(t, "PATCH", "/v1/webhooks/"+id, key, map[string]any{
			"events": []string{"document.completed", "document.failed", "document.expired"}, "active": false})
		wantStatus(t, patched, 200)
		p := patched.json(t)
		if p["active"] != false || len(p["events"].([]any)) != 3 || p["url"] != "https://93.184.215.14/quire" || p["secret"] != nil {
			t.Fatalf("patched: %v", p)
		}
		wantError(t, srv.call(t, "PATCH", "/v1/webhooks/"+id, key, map[string]any{"url": "https://10.1.2.3/hook"}), 400, "VALIDATION_ERROR")
		wantError(t, srv.call(t, "PATCH", "/v1/webhooks/"+id, key, map[string]any{"events": []string{"document.created"}}), 400, "VALIDATION_ERROR")

		// Refused URLs and events, with messages that say why.
		for _, c := range []struct {
			url    string
			events []string
			says   string
		}{
			{"http://93.184.215.14/quire", []string{"document.completed"}, "https"},
			{"https://169.254.169.254/latest", []string{"document.completed"}, "169.254.169.254"},
			{"https://93.184.215.14/quire", []string{"document.created"}, "document.completed, document.failed, document.expired, document.deleted"},
			{"https://93.184.215.14/quire", []string{}, "at least one"},
		} {
			r := srv.call(t, "POST", "/v1/webhooks", key, map[string]any{"url": c.url, "events": c.events})
			wantError(t, r, 400, "VALIDATION_ERROR")
			if !strings.Contains(r.message(t), c.says) {
				t.Errorf("%s %v: message %q does not mention %q", c.url, c.events, r.message(t), c.says)
			}
		}

		// At most five endpoints per account.
		for range 4 {
			srv.createHook(t, key, "https://93.184.215.14/more")
		}
		sixth := srv.call(t, "POST", "/v1/webhooks", key, map[string]any{"url": "https://93.184.215.14/six", "events": []string{"document.completed"}})
		wantError(t, sixth, 400, "INVALID_INPUT")
		if !strings.Contains(sixth.message(t), "5") {
			t.Errorf("sixth endpoint message: %s", sixth.message(t))
		}

		del := srv.call(t, "DELETE", "/v1/webhooks/"+id, key, nil)
		wantStatus(t, del, 200)
		if del.json(t)["deleted"] != true {
			t.Fatalf("delete: %s", del.Body)
		}
		wantError(t, srv.call(t, "GET", "/v1/webhooks/"+id, key, nil), 404, "WEBHOOK_NOT_FOUND")
		wantError(t, srv.call(t, "DELETE", "/v1/webhooks/"+id, key, nil), 404, "WEBHOOK_NOT_FOUND")
		srv.createHook(t, key, "https://93.184.215.14/again") // room again
	})

	t.Run("PlainHTTPRefusedWithoutAllowList", func(t *testing.T) {
		// The shared server has no QUIRE_EGRESS_ALLOW: even 127.0.0.1 is refused.
		key := shared.newKey(t, "nohttp@example.com", "live")
		rcv := newHookReceiver(t)
		r := shared.call(t, "POST", "/v1/webhooks", key, map[string]any{"url": rcv.URL, "events": []string{"document.completed"}})
		wantError(t, r, 400, "VALIDATION_ERROR")
		r = shared.call(t, "POST", "/v1/documents/generate", key, map[string]any{"html": "<p>x</p>", "options": map[string]any{"webhook_url": rcv.URL}})
		wantError(t, r, 400, "VALIDATION_ERROR")
	})

	t.Run("SignedDeliveryRetriedUntilSuccess", func(t *testing.T) {
		key := srv.newKey(t, "retry@example.com", "live")
		rcv := newHookReceiver(t, answer(500), answer(503), answer(404), answer(200))
		hook := srv.createHook(t, key, rcv.URL)
		secret := hook["secret"].(string)
		doc := srv.generateHTML(t, key, nil)

		reqs := rcv.requests(t, 4)
		for i, r := range reqs {
			if err := verifyStandard(t, secret, r.header, r.body); err != nil {
				t.Errorf("request %d: Standard Webhooks signature: %v", i, err)
			}
			if !verifyQuireSignature(secret, r.header, r.body) {
				t.Errorf("request %d: X-Quire-Signature %q does not match", i, r.header.Get("X-Quire-Signature"))
			}
		}
		var event struct {
			ID        string         `json:"id"`
			Type      string         `json:"type"`
			CreatedAt time.Time      `json:"created_at"`
			Data      map[string]any `json:"data"`
		}
		mustUnmarshal(t, reqs[3].body, &event)
		if event.Type != "document.completed" || event.Data["id"] != doc["id"] || event.Data["status"] != "completed" ||
			event.ID != reqs[3].header.Get("webhook-id") || event.CreatedAt.IsZero() || event.Data["download_url"] == nil {
			t.Errorf("event: %s", reqs[3].body)
		}

		// A tampered body fails both verifications.
		tampered := []byte(strings.Replace(string(reqs[3].body), `"completed"`, `"failed"`, 1))
		if err := verifyStandard(t, secret, reqs[3].header, tampered); err == nil {
			t.Error("the Standard Webhooks library accepted a tampered body")
		}
		if verifyQuireSignature(secret, reqs[3].header, tampered) {
			t.Error("X-Quire-Signature matched a tampered body")
		}

		log := srv.waitAttempts(t, key, hook["id"].(string), 4)
		if len(log) != 4 {
			t.Fatalf("log: %v", log)
		}
		wantCodes := []float64{200, 404, 503, 500}
		successes := 0
		for i, a := range log {
			if a["attempt"].(float64) != float64(4-i) || a["status_code"] != wantCodes[i] || a["event"] != "document.completed" ||
				a["delivery_id"] != log[0]["delivery_id"] || a["created_at"] == nil || a["latency_ms"] == nil {
				t.Errorf("log[%d]: %v", i, a)
			}
			if a["succeeded"] == true {
				successes++
				if a["error"] != nil {
					t.Errorf("a success with an error: %v", a)
				}
			} else if a["error"] == nil {
				t.Errorf("a failure without an error: %v", a)
			}
		}
		if successes != 1 {
			t.Errorf("%d successful attempts, want exactly 1", successes)
		}
		// Nothing more comes: the delivery is done (the next document's
		// delivery is the only new request).
		srv.generateHTML(t, key, nil)
		more := rcv.requests(t, 5)
		var next struct {
			Data map[string]any `json:"data"`
		}
		mustUnmarshal(t, more[4].body, &next)
		if next.Data["id"] == doc["id"] {
			t.Error("the succeeded delivery was sent again")
		}

		// Redeliver: the same event again, as a new delivery.
		first := log[0]["delivery_id"].(string)
		red := srv.call(t, "POST", "/v1/webhooks/"+hook["id"].(string)+"/deliveries/"+first+"/redeliver", key, nil)
		wantStatus(t, red, 202)
		rd := red.json(t)
		if rd["id"] == first || rd["status"] != "pending" || rd["event"] != "document.completed" {
			t.Errorf("redeliver: %s", red.Body)
		}
		again := rcv.requests(t, 6)[5]
		if string(again.body) != string(reqs[3].body) || again.header.Get("webhook-id") != reqs[3].header.Get("webhook-id") {
			t.Errorf("redelivery body or webhook-id differ")
		}
		if err := verifyStandard(t, secret, again.header, again.body); err != nil || !verifyQuireSignature(secret, again.header, again.body) {
			t.Errorf("redelivery signatures: %v", err)
		}
		wantError(t, srv.call(t, "POST", "/v1/webhooks/"+hook["id"].(string)+"/deliveries/whd_nope/redeliver", key, nil), 404, "NOT_FOUND")
	})

	t.Run("GoneDisablesEndpoint", func(t *testing.T) {
		key := srv.newKey(t, "gone@example.com", "live")
		rcv := newHookReceiver(t, answer(http.StatusGone))
		hook := srv.createHook(t, key, rcv.URL)
		id := hook["id"].(string)
		srv.generateHTML(t, key, nil)
		log := srv.waitAttempts(t, key, id, 1)
		if log[0]["status_code"] != float64(410) {
			t.Fatalf("log: %v", log)
		}
		var ep map[string]any
		waitFor(t, 30, func() bool {
			ep = srv.call(t, "GET", "/v1/webhooks/"+id, key, nil).json(t)
			return ep["active"] == false
		})
		if ep["active"] != false || ep["disabled_reason"] != "gone" {
			t.Fatalf("after 410: %v", ep)
		}
		// A disabled endpoint gets nothing more, and cannot be redelivered to.
		srv.generateHTML(t, key, nil)
		wantError(t, srv.call(t, "POST", "/v1/webhooks/"+id+"/deliveries/"+log[0]["delivery_id"].(string)+"/redeliver", key, nil), 400, "INVALID_INPUT")
		if n := len(srv.hookAttempts(t, key, id)); n != 1 {
			t.Errorf("a disabled endpoint has %d attempts, want 1", n)
		}
		// Re-enabling clears the reason.
		on := srv.call(t, "PATCH", "/v1/webhooks/"+id, key, map[string]any{"active": true}).json(t)
		if on["active"] != true || on["disabled_reason"] != nil {
			t.Errorf("re-enabled: %v", on)
		}
	})

	t.Run("RetryAfterHonoured", func(t *testing.T) {
		key := srv.newKey(t, "later@example.com", "live")
		rcv := newHookReceiver(t, func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusTooManyRequests)
		}, answer(200))
		hook := srv.createHook(t, key, rcv.URL)
		srv.generateHTML(t, key, nil)
		log := srv.waitAttempts(t, key, hook["id"].(string), 2)
		var second, first time.Time
		mustUnmarshal(t, []byte(`"`+log[0]["created_at"].(string)+`"`), &second)
		mustUnmarshal(t, []byte(`"`+log[1]["created_at"].(string)+`"`), &first)
		// The schedule alone would retry after 100 ms; Retry-After asks for 2 s.
		if gap := second.Sub(first); gap < 2*time.Second {
			t.Errorf("second attempt %v after the first, want Retry-After's 2 s at least", gap)
		}
		if log[1]["status_code"] != float64(429) || log[0]["succeeded"] != true {
			t.Errorf("log: %v", log)
		}
	})

	t.Run("PerRequestWebhookURL", func(t *testing.T) {
		key := srv.newKey(t, "perrequest@example.com", "live")
		rcv := newHookReceiver(t)
		doc := srv.generateHTML(t, key, map[string]any{"webhook_url": rcv.URL})
		r := rcv.requests(t, 1)[0]
		for _, h := range []string{"X-Quire-Signature", "webhook-signature", "webhook-id"} {
			if r.header.Get(h) != "" {
				t.Errorf("the per-request webhook carries %s", h)
			}
		}
		var body map[string]any
		mustUnmarshal(t, r.body, &body)
		if body["id"] != doc["id"] || body["status"] != "completed" || body["download_url"] == nil || body["filename"] != doc["filename"] {
			t.Errorf("body: %s", r.body)
		}
		// A refused URL is a 400 at request time, before rendering.
		for _, bad := range []string{"https://127.0.0.2/x", "ftp://example.com/x", "https://[::1]/x", "not a url"} {
			wantError(t, srv.call(t, "POST", "/v1/documents/generate", key, map[string]any{"html": "<p>x</p>", "options": map[string]any{"webhook_url": bad}}), 400, "VALIDATION_ERROR")
		}
		// One POST only: a later document's webhook is the next request.
		srv.generateHTML(t, key, map[string]any{"webhook_url": rcv.URL})
		reqs := rcv.requests(t, 2)
		mustUnmarshal(t, reqs[1].body, &body)
		if body["id"] == doc["id"] {
			t.Error("the per-request webhook was sent twice")
		}
	})

	t.Run("AsyncDocumentAndDeletion", func(t *testing.T) {
		key := srv.newKey(t, "async-hooks@example.com", "live")
		endpoint, perRequest := newHookReceiver(t), newHookReceiver(t)
		hook := srv.createHook(t, key, endpoint.URL, "document.completed", "document.deleted")
		secret := hook["secret"].(string)
		r := srv.call(t, "POST", "/v1/documents/generate", key, map[string]any{
			"html": "<p>later</p>", "options": map[string]any{"async": true, "webhook_url": perRequest.URL}})
		wantStatus(t, r, 202)
		docID := r.json(t)["task_id"].(string)

		// The worker that finishes the document fires both kinds of webhook.
		var body map[string]any
		mustUnmarshal(t, perRequest.requests(t, 1)[0].body, &body)
		if body["id"] != docID || body["status"] != "completed" || body["download_url"] == nil {
			t.Errorf("per-request body: %v", body)
		}
		completed := endpoint.requests(t, 1)[0]
		var event struct {
			Type string         `json:"type"`
			Data map[string]any `json:"data"`
		}
		mustUnmarshal(t, completed.body, &event)
		if event.Type != "document.completed" || event.Data["id"] != docID {
			t.Errorf("endpoint event: %s", completed.body)
		}

		wantStatus(t, srv.call(t, "DELETE", "/v1/documents/"+docID, key, nil), 200)
		deleted := endpoint.requests(t, 2)[1]
		var gone struct {
			Type string         `json:"type"`
			Data map[string]any `json:"data"`
		}
		mustUnmarshal(t, deleted.body, &gone)
		if gone.Type != "document.deleted" || gone.Data["id"] != docID || gone.Data["download_url"] != nil {
			t.Errorf("deletion event: %s", deleted.body)
		}
		if err := verifyStandard(t, secret, deleted.header, deleted.body); err != nil || !verifyQuireSignature(secret, deleted.header, deleted.body) {
			t.Errorf("deletion event signatures: %v", err)
		}
		if len(perRequest.requests(t, 1)) != 1 {
			t.Error("the per-request webhook fired for the deletion")
		}
	})

	t.Run("SandboxKeysTriggerNoWebhooks", func(t *testing.T) {
		live := srv.newKey(t, "sandbox@example.com", "live")
		test := srv.newKey(t, "sandbox@example.com", "test")
		rcv := newHookReceiver(t)
		hook := srv.createHook(t, live, rcv.URL)
		// The sandbox key may not read the live account's endpoints, and its
		// documents trigger neither endpoint deliveries nor the per-request webhook.
		wantError(t, srv.call(t, "GET", "/v1/webhooks/"+hook["id"].(string), test, nil), 403, "SANDBOX_KEY_FORBIDDEN")
		sandboxDoc := srv.generateHTML(t, test, map[string]any{"webhook_url": rcv.URL})
		liveDoc := srv.generateHTML(t, live, nil)
		rcv.requests(t, 1)
		log := srv.waitAttempts(t, live, hook["id"].(string), 1)
		if len(log) != 1 {
			t.Errorf("log: %v", log)
		}
		rcv.mu.Lock()
		defer rcv.mu.Unlock()
		for _, r := range rcv.got {
			var e struct {
				Data map[string]any `json:"data"`
			}
			mustUnmarshal(t, r.body, &e)
			if e.Data["id"] != liveDoc["id"] {
				t.Errorf("a delivery about %v (sandbox document %v)", e.Data["id"], sandboxDoc["id"])
			}
		}
	})

	t.Run("OtherAccountsWebhooksAre404", func(t *testing.T) {
		alice := srv.newKey(t, "alice-hooks@example.com", "live")
		bob := srv.newKey(t, "bob-hooks@example.com", "live")
		rcv := newHookReceiver(t)
		hook := srv.createHook(t, alice, rcv.URL)
		id := hook["id"].(string)
		srv.generateHTML(t, alice, nil)
		delivery := srv.waitAttempts(t, alice, id, 1)[0]["delivery_id"].(string)
		for _, c := range []struct {
			method, path string
			body         any
		}{
			{"GET", "/v1/webhooks/" + id, nil},
			{"PATCH", "/v1/webhooks/" + id, map[string]any{"active": false}},
			{"DELETE", "/v1/webhooks/" + id, nil},
			{"GET", "/v1/webhooks/" + id + "/deliveries", nil},
			{"POST", "/v1/webhooks/" + id + "/deliveries/" + delivery + "/redeliver", nil},
		} {
			wantError(t, srv.call(t, c.method, c.path, bob, c.body), 404, "WEBHOOK_NOT_FOUND")
		}
		var list []any
		mustUnmarshal(t, srv.call(t, "GET", "/v1/webhooks", bob, nil).Body, &list)
		if len(list) != 0 {
			t.Errorf("bob lists %d endpoints", len(list))
		}
		// Bob's documents do not reach Alice's endpoint; Alice's endpoint is untouched.
		srv.generateHTML(t, bob, nil)
		got := srv.call(t, "GET", "/v1/webhooks/"+id, alice, nil).json(t)
		if got["active"] != true {
			t.Errorf("alice's endpoint after bob's attempts: %v", got)
		}
		if n := len(srv.hookAttempts(t, alice, id)); n != 1 {
			t.Errorf("alice's log has %d attempts after bob's document, want 1", n)
		}
	})

	t.Run("RoutesDocumented", func(t *testing.T) {
		paths := srv.call(t, "GET", "/openapi.json", "", nil).json(t)["paths"].(map[string]any)
		for path, methods := range map[string][]string{
			"/v1/webhooks":                 {"get", "post"},
			"/v1/webhooks/{id}":            {"get", "patch", "delete"},
			"/v1/webhooks/{id}/deliveries": {"get"},
			"/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver": {"post"},
		} {
			p, _ := paths[path].(map[string]any)
			for _, m := range methods {
				if p[m] == nil {
					t.Errorf("%s %s is not in the OpenAPI document", m, path)
				}
			}
		}
	})
}

// The same delivery machinery on PostgreSQL: River's PostgreSQL driver, the
// snoozed retries and the attempt log.
func TestWebhooksOnPostgreSQL(t *testing.T) {
	srv := startServer(t, append(hookServerEnv, "QUIRE_DATABASE_URL="+pgtest.SchemaURL(t))...)
	key := srv.newKey(t, "pg-hooks@example.com", "live")
	rcv := newHookReceiver(t, answer(500), answer(502), func(w http.ResponseWriter) {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusServiceUnavailable)
	}, answer(204))
	hook := srv.createHook(t, key, rcv.URL)
	secret := hook["secret"].(string)
	perRequest := newHookReceiver(t)
	doc := srv.generateHTML(t, key, map[string]any{"webhook_url": perRequest.URL})

	reqs := rcv.requests(t, 4)
	for i, r := range reqs {
		if err := verifyStandard(t, secret, r.header, r.body); err != nil || !verifyQuireSignature(secret, r.header, r.body) {
			t.Errorf("request %d signatures: %v", i, err)
		}
	}
	log := srv.waitAttempts(t, key, hook["id"].(string), 4)
	if len(log) != 4 || log[0]["succeeded"] != true || log[0]["status_code"] != float64(204) || log[3]["status_code"] != float64(500) {
		t.Fatalf("log: %v", log)
	}
	var body map[string]any
	mustUnmarshal(t, perRequest.requests(t, 1)[0].body, &body)
	if body["id"] != doc["id"] {
		t.Errorf("per-request body: %v", body)
	}
	other := srv.newKey(t, "pg-hooks-other@example.com", "live")
	wantError(t, srv.call(t, "GET", "/v1/webhooks/"+hook["id"].(string)+"/deliveries", other, nil), 404, "WEBHOOK_NOT_FOUND")
}

// The retention sweep's expiry reaches subscribed endpoints as document.expired.
func TestWebhookDocumentExpired(t *testing.T) {
	srv := startServer(t, append(hookServerEnv, "QUIRE_RETENTION=1s", "QUIRE_RETENTION_SWEEP=300ms")...)
	key := srv.newKey(t, "expiry-hooks@example.com", "live")
	rcv := newHookReceiver(t)
	hook := srv.createHook(t, key, rcv.URL, "document.expired")
	doc := srv.generateHTML(t, key, nil)
	r := rcv.requests(t, 1)[0]
	if err := verifyStandard(t, hook["secret"].(string), r.header, r.body); err != nil {
		t.Errorf("signature: %v", err)
	}
	var event struct {
		Type string         `json:"type"`
		Data map[string]any `json:"data"`
	}
	mustUnmarshal(t, r.body, &event)
	if event.Type != "document.expired" || event.Data["id"] != doc["id"] || event.Data["status"] != "expired" || event.Data["download_url"] != nil {
		t.Errorf("event: %s", r.body)
	}
}
