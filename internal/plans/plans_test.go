package plans_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/plans"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/store/sqlite"
)

func TestDefaultsFollowTheReference(t *testing.T) {
	c := plans.Defaults()
	for name, days := range map[string]int{"free": 7, "starter": 30, "pro": 90, "business": 365, "enterprise": 0} {
		p, ok := c.Get(name)
		if !ok || p.RetentionDays != days || !p.APIAccess || p.Name != name || p.RateLimit <= 0 {
			t.Errorf("%s: %+v", name, p)
		}
	}
	if pro, _ := c.Get("PRO"); pro.MonthlyDocuments != 2500 {
		t.Errorf("pro: %+v", pro)
	}
	if ent, _ := c.Get("enterprise"); !ent.Unlimited() || ent.Retention() != 0 {
		t.Errorf("enterprise: %+v", ent)
	}
}

// Webhooks are offered on Pro plans and above, as the reference, and a plan
// override can change that.
func TestWebhooksArePerPlan(t *testing.T) {
	c := plans.Defaults()
	for name, want := range map[string]bool{"free": false, "starter": false, "pro": true, "business": true, "enterprise": true} {
		if p, _ := c.Get(name); p.Webhooks != want {
			t.Errorf("%s: webhooks %v, want %v", name, p.Webhooks, want)
		}
	}
	c, err := plans.Parse(`{"starter": {"webhooks": true}, "pro": {"webhooks": false}}`)
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := c.Get("starter"); !s.Webhooks || s.MonthlyDocuments != 500 {
		t.Errorf("starter: %+v", s)
	}
	if p, _ := c.Get("pro"); p.Webhooks {
		t.Errorf("pro: %+v", p)
	}
}

func TestParseOverridesAndAdds(t *testing.T) {
	c, err := plans.Parse(`{"free": {"monthly_documents": 3, "api_access": false}, "Team": {"monthly_documents": 5000, "stripe_price": "price_team"}}`)
	if err != nil {
		t.Fatal(err)
	}
	free, _ := c.Get("free")
	if free.MonthlyDocuments != 3 || free.APIAccess || free.RetentionDays != 7 || free.RateLimit != 60 {
		t.Fatalf("free keeps the fields it does not override: %+v", free)
	}
	team, ok := c.Get("team")
	if !ok || team.MonthlyDocuments != 5000 || !team.APIAccess || team.Name != "team" {
		t.Fatalf("team: %+v", team)
	}
	if p, ok := c.ByStripePrice("price_team"); !ok || p.Name != "team" {
		t.Fatalf("by price: %+v", p)
	}
	path := filepath.Join(t.TempDir(), "plans.json")
	os.WriteFile(path, []byte(`{"pro": {"rate_limit": 1000}}`), 0o600)
	if c, err := plans.Parse("@" + path); err != nil {
		t.Fatal(err)
	} else if pro, _ := c.Get("pro"); pro.RateLimit != 1000 {
		t.Fatalf("from a file: %+v", pro)
	}
	for _, bad := range []string{`[1]`, `{"free": {"monthly_docs": 3}}`, `{"free": {"rate_limit": -1}}`, `{"": {}}`, "@/nonexistent/plans.json"} {
		if _, err := plans.Parse(bad); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

func TestSetPlanDeactivatesKeysOnAPlanWithoutAPIAccess(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	catalog, _ := plans.Parse(`{"free": {"api_access": false}}`)
	svc := plans.New(st, catalog)
	acc := &store.Account{Email: "a@example.com", Plan: "pro"}
	if err := st.CreateAccount(ctx, acc); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateAPIKey(ctx, &store.APIKey{AccountID: acc.ID, Mode: "live", Hash: "h1", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetPlan(ctx, acc.ID, "platinum"); errs.CodeOf(err) != errs.Validation {
		t.Fatalf("unknown plan: %v", err)
	}
	ch, err := svc.SetPlan(ctx, acc.ID, "free")
	if err != nil || ch.From != "pro" || ch.To != "free" || ch.DeactivatedKeys != 1 {
		t.Fatalf("downgrade: %+v %v", ch, err)
	}
	k, _ := st.APIKeyByHash(ctx, "h1")
	why, _ := st.APIKeyDeactivation(ctx, k.ID)
	if k.RevokedAt == nil || !strings.Contains(why, "free plan") {
		t.Fatalf("key %+v, reason %q", k, why)
	}
	if ch, err := svc.SetPlan(ctx, acc.ID, "pro"); err != nil || ch.DeactivatedKeys != 0 {
		t.Fatalf("upgrade: %+v %v", ch, err)
	}
	if k, _ := st.APIKeyByHash(ctx, "h1"); k.RevokedAt == nil {
		t.Fatal("the upgrade reactivated the key")
	}
	if p, _ := svc.Of(ctx, acc.ID); p.Name != "pro" {
		t.Fatalf("plan %+v", p)
	}
	if _, err := svc.SetPlan(ctx, "acc_missing", "pro"); errs.CodeOf(err) != errs.NotFound {
		t.Fatalf("missing account: %v", err)
	}
}
