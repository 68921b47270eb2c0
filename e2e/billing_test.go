package e2e

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/quirehq/quire/internal/testenv"
)

// startStripeMock runs stripe-mock on a free port and returns its URL, or
// skips when scripts/setup has not installed it.
func startStripeMock(t *testing.T) string {
	t.Helper()
	bin := testenv.GoBin(t, "stripe-mock")
	addr := testenv.FreeAddr(t)
	cmd := exec.Command(bin, "-http-addr", addr)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	if testenv.AwaitTCP(addr) {
		return "http://" + addr
	}
	t.Fatal("stripe-mock did not start")
	return ""
}

const stripeWebhookSecret = "whsec_quire_e2e"

// stripeEvent posts a Stripe event signed with secret to the webhook route.
func stripeEvent(t *testing.T, s *server, secret, typ string, object map[string]any) response {
	t.Helper()
	payload, _ := json.Marshal(map[string]any{
		"id": fmt.Sprintf("evt_%d", time.Now().UnixNano()), "object": "event", "type": typ,
		"api_version": "2025-03-31.basil", "created": time.Now().Unix(), "data": map[string]any{"object": object},
	})
	signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret})
	return s.call(t, "POST", "/v1/billing/webhook", "", payload, "Stripe-Signature", signed.Header, "Content-Type", "application/json")
}

func TestBillingWithStripe(t *testing.T) {
	mock := startStripeMock(t)
	s := startServer(t, "QUIRE_STRIPE_KEY=sk_test_quire", "QUIRE_STRIPE_API_URL="+mock, "QUIRE_STRIPE_WEBHOOK_SECRET="+stripeWebhookSecret,
		`QUIRE_PLANS={"starter": {"stripe_price": "price_starter"}, "pro": {"stripe_price": "price_pro"}, "free": {"api_access": false}}`)
	const account = "billing@example.com"
	key := s.newKey(t, account, "live")
	jwt := s.personFor(t, account) // billing is for people, not API keys
	acc := s.call(t, "GET", "/v1/account", key, nil).json(t)["id"].(string)

	wantError(t, s.call(t, "POST", "/v1/billing/checkout", key, map[string]any{"plan": "pro"}), 403, "INSUFFICIENT_PERMISSIONS")
	wantError(t, s.as(t, "POST", "/v1/billing/portal", jwt, nil), 400, "NO_SUBSCRIPTION")
	wantError(t, s.as(t, "POST", "/v1/billing/checkout", jwt, map[string]any{"plan": "enterprise"}), 400, "VALIDATION_ERROR")
	r := s.as(t, "POST", "/v1/billing/checkout", jwt, map[string]any{"plan": "pro"})
	wantStatus(t, r, 200)
	if u := r.json(t)["url"].(string); !strings.HasPrefix(u, "https://") {
		t.Fatalf("checkout url: %s", r.Body)
	}
	// Checkout made the Stripe customer: the portal opens now.
	r = s.as(t, "POST", "/v1/billing/portal", jwt, nil)
	wantStatus(t, r, 200)
	if u := r.json(t)["url"].(string); !strings.HasPrefix(u, "https://") {
		t.Fatalf("portal url: %s", r.Body)
	}

	// Stripe's webhooks move the account between plans.
	object := map[string]any{"id": "cs_test_1", "object": "checkout.session", "client_reference_id": acc, "customer": "cus_quire_e2e",
		"subscription": "sub_quire_e2e", "metadata": map[string]any{"quire_plan": "pro", "quire_account": acc}}
	bad := stripeEvent(t, s, "whsec_wrong", "checkout.session.completed", object)
	wantError(t, bad, 400, "INVALID_INPUT")
	wantError(t, s.call(t, "POST", "/v1/billing/webhook", "", []byte(`{"type":"checkout.session.completed"}`)), 400, "INVALID_INPUT")
	if st := s.call(t, "GET", "/v1/billing/status", key, nil).json(t); st["plan"] != "enterprise" {
		t.Fatalf("a badly signed event changed the plan: %v", st)
	}
	r = stripeEvent(t, s, stripeWebhookSecret, "checkout.session.completed", object)
	wantStatus(t, r, 200)
	if r.json(t)["action"] != "plan_changed" {
		t.Fatalf("webhook: %s", r.Body)
	}
	st := s.call(t, "GET", "/v1/billing/status", key, nil).json(t)
	if st["plan"] != "pro" || st["limit"] != 2500.0 || st["subscriptionStatus"] != "active" {
		t.Fatalf("after checkout: %v", st)
	}

	periodEnd := time.Date(2026, 12, 22, 0, 0, 0, 0, time.UTC)
	r = stripeEvent(t, s, stripeWebhookSecret, "customer.subscription.updated", map[string]any{
		"id": "sub_quire_e2e", "object": "subscription", "customer": "cus_quire_e2e", "status": "active",
		"items": map[string]any{"object": "list", "data": []any{map[string]any{"current_period_end": periodEnd.Unix(), "price": map[string]any{"id": "price_starter"}}}},
	})
	wantStatus(t, r, 200)
	st = s.call(t, "GET", "/v1/billing/status", key, nil).json(t)
	if st["plan"] != "starter" || st["limit"] != 500.0 || st["planPeriodEnd"] != periodEnd.Format(refTime) {
		t.Fatalf("after the subscription update: %v", st)
	}
	wantStatus(t, stripeEvent(t, s, stripeWebhookSecret, "invoice.paid", map[string]any{"id": "in_1", "object": "invoice"}), 200)

	// Cancelled: back to free, which (here) has no API access: the key is
	// deactivated, as docs101 does on a downgrade.
	r = stripeEvent(t, s, stripeWebhookSecret, "customer.subscription.deleted", map[string]any{
		"id": "sub_quire_e2e", "object": "subscription", "customer": "cus_quire_e2e", "status": "canceled"})
	wantStatus(t, r, 200)
	wantError(t, s.call(t, "GET", "/v1/billing/status", key, nil), 401, "UNAUTHORIZED")
	if out, err := s.cli(t, "accounts", "set-plan", "--account", account, "--plan", "pro"); err != nil || !strings.Contains(out, "free → pro") {
		t.Fatalf("the subscription's end did not move the account to free: %q %v", out, err)
	}
}

func TestBillingDisabledWithoutStripeKey(t *testing.T) {
	key := shared.newKey(t, "nobilling@example.com", "live")
	jwt := shared.personFor(t, "nobilling@example.com")
	wantError(t, shared.as(t, "POST", "/v1/billing/checkout", jwt, map[string]any{"plan": "pro"}), 400, "BILLING_DISABLED")
	wantError(t, shared.as(t, "POST", "/v1/billing/portal", jwt, nil), 400, "BILLING_DISABLED")
	wantError(t, shared.call(t, "POST", "/v1/billing/webhook", "", []byte(`{}`), "Stripe-Signature", "t=1,v1=00"), 400, "BILLING_DISABLED")
	wantStatus(t, shared.call(t, "GET", "/v1/billing/status", key, nil), 200)
}
