package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/store/pgtest"
	"github.com/quirehq/quire/internal/testenv"
)

func header(t *testing.T, r response, name string) int {
	t.Helper()
	v, err := strconv.Atoi(r.Header.Get(name))
	if err != nil {
		t.Fatalf("%s: %q (%d %s)", name, r.Header.Get(name), r.Status, r.Body)
	}
	return v
}

// exhaust sends requests (through the servers in turn) until one is
// refused; it returns how many passed and the refusal.
func exhaust(t *testing.T, key string, servers ...*server) (int, response) {
	t.Helper()
	for i := range 200 {
		r := servers[i%len(servers)].call(t, "GET", "/v1/usage", key, nil)
		if r.Status == 429 {
			return i, r
		}
		wantStatus(t, r, 200)
	}
	t.Fatal("200 requests passed a limit of 60 per minute")
	return 0, response{}
}

func wantRateLimited(t *testing.T, r response, limit int) {
	t.Helper()
	wantError(t, r, 429, "RATE_LIMITED")
	if retry := header(t, r, "Retry-After"); retry < 1 || retry > 60 {
		t.Fatalf("Retry-After %d", retry)
	}
	if header(t, r, "X-RateLimit-Limit") != limit || header(t, r, "X-RateLimit-Remaining") != 0 || header(t, r, "X-RateLimit-Reset") < 1 {
		t.Fatalf("headers of the 429: %v", r.Header)
	}
}

func TestRateLimitHeadersAndRetryAfter(t *testing.T) {
	const account = "ratelimit@example.com"
	test := shared.newKey(t, account, "test")
	first := shared.call(t, "GET", "/v1/usage", test, nil)
	wantStatus(t, first, 200)
	if header(t, first, "X-RateLimit-Limit") != 60 || header(t, first, "X-RateLimit-Remaining") != 59 || header(t, first, "X-RateLimit-Reset") < 1 {
		t.Fatalf("headers: %v", first.Header)
	}
	// Errors carry the headers too.
	if r := shared.call(t, "GET", "/v1/documents/doc_nope", test, nil); r.Status != 404 || r.Header.Get("X-RateLimit-Limit") != "60" {
		t.Fatalf("404 without rate-limit headers: %v", r.Header)
	}
	passed, refused := exhaust(t, test, shared)
	// 60 is the burst; requests slower than one a second would add more.
	if passed < 58 || passed > 80 {
		t.Fatalf("%d requests passed before the first 429", passed)
	}
	wantRateLimited(t, refused, 60)

	// The limit is per key; live keys follow their plan.
	other := shared.newKey(t, account, "test")
	wantStatus(t, shared.call(t, "GET", "/v1/usage", other, nil), 200)
	live := shared.newKey(t, account, "live")
	if r := shared.call(t, "GET", "/v1/usage", live, nil); header(t, r, "X-RateLimit-Limit") != 6000 {
		t.Fatalf("enterprise limit: %v", r.Header)
	}
	shared.setPlan(t, account, "pro")
	if r := shared.call(t, "GET", "/v1/usage", live, nil); header(t, r, "X-RateLimit-Limit") != 300 || header(t, r, "X-RateLimit-Remaining") > 299 {
		t.Fatalf("pro limit: %v", r.Header)
	}
	// Unauthenticated requests are not counted.
	if r := shared.call(t, "GET", "/v1/usage", "", nil); r.Status != 401 || r.Header.Get("X-RateLimit-Limit") != "" {
		t.Fatalf("401: %d %v", r.Status, r.Header)
	}
}

func TestRateLimitSharedThroughRedis(t *testing.T) {
	testenv.TCP(t, "Redis", testenv.RedisAddr)
	// Two processes on one database and one Redis: one API behind a
	// load balancer.
	env := []string{"QUIRE_DATABASE_URL=" + pgtest.SchemaURL(t), "QUIRE_REDIS_URL=redis://127.0.0.1:6379/7", "QUIRE_WORKERS=0"}
	a := startServer(t, env...)
	b := startServer(t, env...)
	key := a.newKey(t, fmt.Sprintf("redis-%d@example.com", time.Now().UnixNano()), "test")
	ra := a.call(t, "GET", "/v1/usage", key, nil)
	rb := b.call(t, "GET", "/v1/usage", key, nil)
	if header(t, ra, "X-RateLimit-Remaining") != 59 || header(t, rb, "X-RateLimit-Remaining") != 58 {
		t.Fatalf("the second process does not see the first one's request: %v / %v", ra.Header, rb.Header)
	}
	passed, refused := exhaust(t, key, a, b)
	// Separate limits would let about 120 through.
	if passed+2 < 58 || passed+2 > 80 {
		t.Fatalf("%d requests passed two processes sharing a limit of 60", passed+2)
	}
	wantRateLimited(t, refused, 60)
	wantRateLimited(t, b.call(t, "GET", "/v1/usage", key, nil), 60)
}

func TestPlanWithoutAPIAccessDeactivatesKeys(t *testing.T) {
	s := startServer(t, `QUIRE_PLANS={"free": {"api_access": false}}`)
	const account = "downgrade@example.com"
	live := s.newKey(t, account, "live")
	test := s.newKey(t, account, "test")
	bystander := s.newKey(t, "bystander@example.com", "live")
	wantStatus(t, s.call(t, "GET", "/v1/usage", live, nil), 200)

	out, err := s.cli(t, "accounts", "set-plan", "--account", account, "--plan", "free")
	if err != nil || out != "downgrade@example.com: plan enterprise → free (2 API keys deactivated: the plan has no API access)\n" {
		t.Fatalf("set-plan: %q %v", out, err)
	}
	for _, k := range []string{live, test} {
		r := s.call(t, "GET", "/v1/usage", k, nil)
		wantError(t, r, 401, "UNAUTHORIZED")
		if msg := r.message(t); !contains(msg, "deactivated", "free plan", "no API access", "create a new one") {
			t.Fatalf("401 message: %s", msg)
		}
	}
	wantStatus(t, s.call(t, "GET", "/v1/usage", bystander, nil), 200)
	// A key made while the plan has no API access is refused too.
	during := s.newKey(t, account, "live")
	wantError(t, s.call(t, "GET", "/v1/usage", during, nil), 403, "FORBIDDEN")

	// Upgrading back does not reactivate the old keys; new keys work.
	s.setPlan(t, account, "pro")
	for _, k := range []string{live, test} {
		wantError(t, s.call(t, "GET", "/v1/usage", k, nil), 401, "UNAUTHORIZED")
	}
	wantStatus(t, s.call(t, "GET", "/v1/usage", during, nil), 200)
	wantStatus(t, makeDoc(t, s, s.newKey(t, account, "live")), 201)
}

func contains(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
