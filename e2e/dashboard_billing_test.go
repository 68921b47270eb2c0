package e2e

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestDashboardBilling: with Stripe configured (stripe-mock), the settings
// page's Checkout button sends the person to Stripe Checkout and, once a
// customer exists, the portal button to the billing portal; the browser
// never leaves 127.0.0.1 (Stripe's pages are blocked, their addresses
// recorded). Without billing the buttons are not shown.
func TestDashboardBilling(t *testing.T) {
	b := newBrowser(t, 2*time.Minute)
	signUpInBrowser(t, b, shared.URL+"/dashboard", "dash-nobilling@example.com")
	b.open(shared.URL + "/dashboard/settings")
	if n := eval[int](b, `document.querySelectorAll('form[action*="/billing/"]').length`); n != 0 {
		t.Fatalf("%d billing buttons without billing configured", n)
	}

	mock := startStripeMock(t)
	s := startServer(t, "QUIRE_STRIPE_KEY=sk_test_quire", "QUIRE_STRIPE_API_URL="+mock, "QUIRE_STRIPE_WEBHOOK_SECRET="+stripeWebhookSecret,
		`QUIRE_PLANS={"starter": {"stripe_price": "price_starter"}, "pro": {"stripe_price": "price_pro"}}`)
	b, base, key := personWithKey(t, s, "dash-billing@example.com")
	var mu sync.Mutex
	var visited []string
	requests := chromedp.Events(b.ctx, network.RequestWillBeSent)
	go func() {
		for ev, err := range requests {
			if err != nil {
				return
			}
			mu.Lock()
			visited = append(visited, ev.Request.URL)
			mu.Unlock()
		}
	}()
	if _, err := chromedp.Call(b.ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: []*network.BlockPattern{{URLPattern: "https://*:*/*", Block: true}}}); err != nil {
		t.Fatal(err)
	}
	wentTo := func(prefix string) string {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			mu.Lock()
			for _, u := range visited {
				if strings.HasPrefix(u, prefix) {
					mu.Unlock()
					return u
				}
			}
			mu.Unlock()
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("the browser never went to %s (went to %v)", prefix, visited)
		return ""
	}

	b.open(base + "/settings")
	b.do(chromedp.SendKeys(chromedp.CSS("#plan"), "pro"))
	b.do(chromedp.Click(chromedp.CSS(`form[action$="/billing/checkout"] button`)))
	checkout := wentTo("https://")
	mu.Lock()
	visited = nil
	mu.Unlock()

	// Checkout made the Stripe customer: the portal button opens the portal.
	b.open(base + "/settings")
	b.do(chromedp.Click(chromedp.CSS(`form[action$="/billing/portal"] button`)))
	portal := wentTo("https://")
	t.Logf("checkout %s, portal %s", checkout, portal)
	if !strings.HasPrefix(checkout, "https://checkout.stripe.com/") || checkout == portal {
		t.Fatalf("checkout and portal sent the person to the same %s", portal)
	}
	// Nothing changes before Stripe says the payment went through.
	if st := s.call(t, "GET", "/v1/billing/status", key, nil).json(t); st["plan"] != "free" {
		t.Fatalf("plan %v after opening checkout", st["plan"])
	}
}
