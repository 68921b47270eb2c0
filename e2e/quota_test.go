package e2e

import (
	"github.com/quirehq/quire/internal/store/pgtest"
	"strings"
	"sync"
	"testing"
	"time"
)

const tinyHTML = `<p>Hello {{name}}</p>`

func makeDoc(t *testing.T, s *server, key string) response {
	t.Helper()
	return s.call(t, "POST", "/v1/documents/generate", key, map[string]any{"html": tinyHTML, "data": map[string]any{"name": "Ada"}})
}

func TestUsageCountsModesSeparately(t *testing.T) {
	const account = "usage-modes@example.com"
	live := shared.newKey(t, account, "live")
	test := shared.newKey(t, account, "test")
	wantStatus(t, makeDoc(t, shared, live), 201)
	// Async documents are counted when the worker finishes them.
	task := accept(t, shared, live, "/v1/documents/generate", map[string]any{"html": tinyHTML, "options": map[string]any{"async": true}})
	if done := awaitTask(t, shared, live, task["check_status_url"].(string), 30); done["status"] != "completed" {
		t.Fatalf("async document: %v", done)
	}
	form := uploadTemplate(t, live, "form_two_pages.pdf", readTestdata(t, "form_two_pages.pdf"))
	wantStatus(t, shared.call(t, "POST", "/v1/documents/fill", live, map[string]any{"template_id": form, "data": map[string]any{"Text1": "x"}}), 201)
	wantStatus(t, makeDoc(t, shared, test), 201)
	// Refused requests count nothing.
	wantStatus(t, shared.call(t, "POST", "/v1/documents/generate", live, map[string]any{"template_id": "tpl_missing"}), 404)

	now := time.Now().UTC()
	start := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 1, 0).Add(-time.Second)
	for _, c := range []struct {
		key, query, mode      string
		fill, generate, total float64
	}{
		{live, "?mode=live", "live", 1, 2, 3},
		{live, "?mode=test", "test", 0, 1, 1},
		{live, "?mode=all", "all", 1, 3, 4},
		{live, "", "all", 1, 3, 4},
		// A test key sees the sandbox's usage only.
		{test, "?mode=test", "test", 0, 1, 1},
		{test, "", "test", 0, 1, 1},
	} {
		u := shared.call(t, "GET", "/v1/usage"+c.query, c.key, nil)
		wantStatus(t, u, 200)
		m := u.json(t)
		p := m["period"].(map[string]any)
		if m["mode"] != c.mode || m["fill"] != c.fill || m["generate"] != c.generate || m["total"] != c.total ||
			p["start"] != start.Format(refTime) || p["end"] != end.Format(refTime) {
			t.Fatalf("GET /v1/usage%s: %s", c.query, u.Body)
		}
	}
	wantError(t, shared.call(t, "GET", "/v1/usage?mode=prod", live, nil), 400, "VALIDATION_ERROR")
	for _, mode := range []string{"live", "all"} {
		wantError(t, shared.call(t, "GET", "/v1/usage?mode="+mode, test, nil), 403, "SANDBOX_KEY_FORBIDDEN")
	}

	// Self-hosted accounts are on the unlimited plan by default.
	st := shared.call(t, "GET", "/v1/billing/status", live, nil).json(t)
	if st["plan"] != "enterprise" || st["limit"] != nil || st["remaining"] != nil || st["used"] != 3.0 || st["subscriptionStatus"] != nil || st["planPeriodEnd"] != nil {
		t.Fatalf("billing status: %v", st)
	}
	if c := shared.call(t, "GET", "/v1/credits", live, nil).json(t); c["credits_left"] != nil {
		t.Fatalf("credits of an unlimited plan: %v", c)
	}
	if c := shared.call(t, "GET", "/v1/credits", test, nil).json(t); c["credits_left"] != 59.0 {
		t.Fatalf("sandbox credits after one document: %v", c)
	}
}

func TestSandboxDailyLimit(t *testing.T) {
	const account = "sandbox-cap@example.com"
	// Two test keys: the cap is per account, the rate limit per key.
	keys := []string{shared.newKey(t, account, "test"), shared.newKey(t, account, "test")}
	for i := range 60 {
		wantStatus(t, makeDoc(t, shared, keys[i%2]), 201)
	}
	r := makeDoc(t, shared, keys[0])
	wantError(t, r, 429, "SANDBOX_DAILY_LIMIT")
	if !strings.Contains(r.message(t), "60") || !strings.Contains(r.message(t), "midnight UTC") {
		t.Fatalf("message: %s", r.message(t))
	}
	// Async requests are held to it too; live keys are not.
	wantError(t, shared.call(t, "POST", "/v1/documents/generate", keys[1], map[string]any{"html": tinyHTML, "options": map[string]any{"async": true}}), 429, "SANDBOX_DAILY_LIMIT")
	wantStatus(t, makeDoc(t, shared, shared.newKey(t, account, "live")), 201)
	u := shared.call(t, "GET", "/v1/usage?mode=test", keys[0], nil).json(t)
	if u["total"] != 60.0 {
		t.Fatalf("sandbox usage: %v", u)
	}
	if c := shared.call(t, "GET", "/v1/credits", keys[0], nil).json(t); c["credits_left"] != 0.0 {
		t.Fatalf("credits: %v", c)
	}
}

func TestMonthlyQuota(t *testing.T) { testMonthlyQuota(t) }

func TestMonthlyQuotaOnPostgreSQL(t *testing.T) {
	testMonthlyQuota(t, "QUIRE_DATABASE_URL="+pgtest.SchemaURL(t))
}

func testMonthlyQuota(t *testing.T, env ...string) {
	s := startServer(t, append(env, `QUIRE_PLANS={"free": {"monthly_documents": 3}}`)...)
	const account = "quota@example.com"
	live := s.newKey(t, account, "live")
	test := s.newKey(t, account, "test")
	if out, err := s.cli(t, "accounts", "set-plan", "--account", account, "--plan", "free"); err != nil || !strings.Contains(out, "enterprise → free") {
		t.Fatalf("set-plan: %q %v", out, err)
	}
	st := s.call(t, "GET", "/v1/billing/status", live, nil).json(t)
	if st["plan"] != "free" || st["limit"] != 3.0 || st["used"] != 0.0 || st["remaining"] != 3.0 {
		t.Fatalf("status: %v", st)
	}

	// Six requests at once at a limit of three: exactly three pass.
	results := make([]response, 6)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() { results[i] = makeDoc(t, s, live) })
	}
	wg.Wait()
	made, refused := 0, 0
	for _, r := range results {
		switch r.Status {
		case 201:
			made++
		case 429:
			if r.errorCode(t) != "USAGE_LIMIT_EXCEEDED" {
				t.Fatalf("429 with %s", r.Body)
			}
			refused++
		default:
			t.Fatalf("unexpected %d: %s", r.Status, r.Body)
		}
	}
	if made != 3 || refused != 3 {
		t.Fatalf("%d made, %d refused; want 3 and 3", made, refused)
	}
	wantError(t, s.call(t, "POST", "/v1/documents/generate", live, map[string]any{"html": tinyHTML, "options": map[string]any{"async": true}}), 429, "USAGE_LIMIT_EXCEEDED")

	wantError(t, s.call(t, "POST", "/v1/generate", live, map[string]any{"template_id": "nope"}), 404, "TEMPLATE_NOT_FOUND")

	// Sandbox documents never count against the monthly quota.
	wantStatus(t, makeDoc(t, s, test), 201)
	st = s.call(t, "GET", "/v1/billing/status", live, nil).json(t)
	if st["used"] != 3.0 || st["remaining"] != 0.0 {
		t.Fatalf("status at the limit: %v", st)
	}
	if c := s.call(t, "GET", "/v1/credits", live, nil).json(t); c["credits_left"] != 0.0 {
		t.Fatalf("credits: %v", c)
	}

	// An upgrade lifts the limit at once; DokJet's credits_left follows.
	if _, err := s.cli(t, "accounts", "set-plan", "--account", account, "--plan", "starter"); err != nil {
		t.Fatal(err)
	}
	tpl := s.upload(t, live, "hello.html", []byte(tinyHTML), "hello")
	wantStatus(t, tpl, 201)
	r := s.call(t, "POST", "/v1/generate", live, map[string]any{"template_id": "hello", "data": map[string]any{"name": "x"}, "return_type": "url"})
	wantStatus(t, r, 200)
	if m := r.json(t); m["credits_left"] != 496.0 || m["url"] == nil {
		t.Fatalf("DokJet answer: %s", r.Body)
	}
	st = s.call(t, "GET", "/v1/billing/status", live, nil).json(t)
	if st["plan"] != "starter" || st["limit"] != 500.0 || st["used"] != 4.0 || st["remaining"] != 496.0 {
		t.Fatalf("status after the upgrade: %v", st)
	}
	if _, err := s.cli(t, "accounts", "set-plan", "--account", account, "--plan", "platinum"); err == nil {
		t.Fatal("an unknown plan was accepted")
	}
}

func TestPlanRetention(t *testing.T) {
	// Without QUIRE_RETENTION (or with 0) plans decide: enterprise keeps
	// documents forever, as the reference.
	s := startServer(t, "QUIRE_RETENTION=0")
	const account = "retention@example.com"
	key := s.newKey(t, account, "live")
	for plan, days := range map[string]float64{"free": 7, "pro": 90, "business": 365} {
		if _, err := s.cli(t, "accounts", "set-plan", "--account", account, "--plan", plan); err != nil {
			t.Fatal(err)
		}
		doc := makeDoc(t, s, key).json(t)
		exp, _ := time.Parse(time.RFC3339, doc["expires_at"].(string))
		if left := time.Until(exp).Hours() / 24; left < days-0.1 || left > days {
			t.Fatalf("%s: document expires in %.2f days, want %v", plan, left, days)
		}
	}
	if _, err := s.cli(t, "accounts", "set-plan", "--account", account, "--plan", "enterprise"); err != nil {
		t.Fatal(err)
	}
	if doc := makeDoc(t, s, key).json(t); doc["expires_at"] != nil {
		t.Fatalf("enterprise documents are kept forever: %v", doc)
	}
}
