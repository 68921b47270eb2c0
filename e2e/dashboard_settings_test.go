package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// personWithKey signs a new person up in a browser and creates a live
// key on the keys page.
func personWithKey(t *testing.T, s *server, email string) (b *browser, base, key string) {
	t.Helper()
	b = newBrowser(t, 2*time.Minute)
	base = s.URL + "/dashboard"
	signUpInBrowser(t, b, base, email)
	return b, base, createKeyInBrowser(t, b, base, "API", "live")
}

// TestDashboardWebhookEditDelete: a webhook endpoint's URL and events are
// changed on its page and it is deleted (after a confirmation); the API
// sees each change.
func TestDashboardWebhookEditDelete(t *testing.T) {
	s := startServer(t, "QUIRE_EGRESS_ALLOW=127.0.0.1")
	b, base, key := personWithKey(t, s, "dash-hooks@example.com")
	// Sign-up gives the free plan; webhooks come with pro.
	s.setPlan(t, "dash-hooks@example.com", "pro")

	b.open(base + "/webhooks")
	b.fill("#wh-url", "http://127.0.0.1:9/first")
	b.submit(`form[action$="/webhooks"] button[type=submit]`)
	b.do(chromedp.Click(chromedp.CSS(`a[href*="/dashboard/webhooks/"]`)))
	b.do(chromedp.WaitReady(chromedp.CSS("#webhook-form")))
	id := strings.TrimPrefix(b.location(), base+"/webhooks/")

	// Edit: a new URL and one event only.
	event := eval[string](b, `document.querySelector('#webhook-form input[name=events]').value`)
	b.fill("#wh-url", "http://127.0.0.1:9/second")
	// Click the boxes so that only the first event stays checked.
	for _, box := range eval[[]string](b, `[...document.querySelectorAll('#webhook-form input[name=events]')].filter((c, i) => c.checked !== (i === 0)).map((c) => c.value)`) {
		b.do(chromedp.Click(chromedp.CSS(`#webhook-form input[name=events][value="` + box + `"]`)))
	}
	b.submit(`#webhook-form button[type=submit]`)
	if got := b.text("#flash"); !strings.Contains(got, "saved") {
		t.Fatalf("flash after saving: %q", got)
	}
	if got := eval[string](b, `document.getElementById('wh-url').value`); got != "http://127.0.0.1:9/second" {
		t.Fatalf("the page shows URL %q after saving", got)
	}
	hook := s.call(t, "GET", "/v1/webhooks/"+id, key, nil)
	wantStatus(t, hook, 200)
	m := hook.json(t)
	if m["url"] != "http://127.0.0.1:9/second" || fmt.Sprint(m["events"]) != "["+event+"]" || m["active"] != true {
		t.Fatalf("the API's endpoint after editing: %s", hook.Body)
	}
	b.open(base + "/webhooks")
	if row := b.text("main table tbody"); !strings.Contains(row, "/second") || !strings.Contains(row, event) {
		t.Fatalf("webhooks list after editing: %q", row)
	}

	// Delete it.
	b.do(chromedp.Click(chromedp.CSS(`a[href*="/dashboard/webhooks/"]`)))
	b.do(chromedp.WaitReady(chromedp.CSS("#webhook-form")))
	b.submit(`form[action$="/delete"] button[type=submit]`)
	if !b.sawDialog(page.DialogTypeConfirm) {
		t.Fatal("deleting the endpoint asked for no confirmation")
	}
	if got := b.text("#flash"); !strings.Contains(got, "deleted") {
		t.Fatalf("flash after deleting: %q", got)
	}
	if got := b.text("main table tbody"); !strings.Contains(got, "No endpoints yet") {
		t.Fatalf("webhooks list after deleting: %q", got)
	}
	wantStatus(t, s.call(t, "GET", "/v1/webhooks/"+id, key, nil), 404)
}

// TestDashboardProjects: a project is created, renamed and deleted on the
// settings page; the API sees each change.
func TestDashboardProjects(t *testing.T) {
	s := shared
	b, base, key := personWithKey(t, s, "dash-projects@example.com")

	b.open(base + "/settings")
	b.fill("#new-project", "Invoices")
	b.submit(`form[action$="/settings/projects"] button`)
	input := eval[string](b, `[...document.querySelectorAll('input[id^="p-"]')].find((i) => i.value === 'Invoices').id`)
	id := strings.TrimPrefix(input, "p-")
	if got := s.call(t, "GET", "/v1/projects/"+id, key, nil).json(t)["name"]; got != "Invoices" {
		t.Fatalf("the API names the new project %v", got)
	}

	// Rename it in its row.
	b.fill("#"+input, "Receipts")
	b.submit(fmt.Sprintf(`form[action$="/projects/%s/rename"] button`, id))
	if got := b.text("#flash"); !strings.Contains(got, "renamed") {
		t.Fatalf("flash after renaming: %q", got)
	}
	if got := eval[string](b, `document.getElementById('`+input+`').value`); got != "Receipts" {
		t.Fatalf("the row shows %q after renaming", got)
	}
	if got := s.call(t, "GET", "/v1/projects/"+id, key, nil).json(t)["name"]; got != "Receipts" {
		t.Fatalf("the API names the project %v after renaming", got)
	}
	b.screenshot("settings")

	// Delete it (the default project has no delete button).
	if n := eval[int](b, `document.querySelectorAll('form[action$="/delete"][action*="/projects/"]').length`); n != 1 {
		t.Fatalf("%d project delete buttons, want 1 (not the default project's)", n)
	}
	b.submit(fmt.Sprintf(`form[action$="/projects/%s/delete"] button`, id))
	if !b.sawDialog(page.DialogTypeConfirm) {
		t.Fatal("deleting the project asked for no confirmation")
	}
	if got := b.text("#flash"); !strings.Contains(got, "deleted") {
		t.Fatalf("flash after deleting: %q", got)
	}
	if eval[int](b, `document.querySelectorAll('input[id="`+input+`"]').length`) != 0 {
		t.Fatal("the deleted project is still listed")
	}
	wantStatus(t, s.call(t, "GET", "/v1/projects/"+id, key, nil), 404)
}
