package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// createKeyInBrowser creates a key of that mode on the keys page, as a
// person does, and returns the raw key shown once.
func createKeyInBrowser(t *testing.T, b *browser, base, name, mode string) string {
	t.Helper()
	b.open(base + "/keys")
	if !eval[bool](b, `document.querySelector('#create-key').closest('details').open`) {
		b.do(chromedp.Click(chromedp.CSS(`summary`)))
	}
	b.fill("#key-name", name)
	b.do(chromedp.Click(chromedp.CSS(`input[name=mode][value=` + mode + `]`)))
	b.submit("#create-key-submit")
	raw := eval[string](b, `document.getElementById('raw-key').value`)
	if !strings.HasPrefix(raw, "qk_"+mode+"_") {
		t.Fatalf("raw key %q is not a %s key", raw, mode)
	}
	return raw
}

// uploadInBrowser uploads a template file of that name and content with the
// file picker and lands on its page.
func uploadInBrowser(t *testing.T, b *browser, base, name, content string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	b.open(base + "/templates")
	b.do(chromedp.SetUploadFiles(chromedp.CSS("#upload-file"), []string{path}))
	b.submit("#upload-submit")
}

// signUpInBrowser signs a new person up through the form.
func signUpInBrowser(t *testing.T, b *browser, base, email string) {
	t.Helper()
	b.open(base + "/signup")
	b.fill("#email", email)
	b.fill("#password", "correct horse battery")
	b.submit("#signup-submit")
	if got := b.text("#me"); got != email {
		t.Fatalf("signed in as %q, want %q", got, email)
	}
}

// TestDashboardOverview: the overview shows the plan, this month's
// documents against the limit (a bar), the last 30 days (a chart with
// today's documents), today's sandbox documents and the credits left, as
// the API counts them.
func TestDashboardOverview(t *testing.T) {
	s := shared
	b := newBrowser(t, 2*time.Minute)
	base := s.URL + "/dashboard"
	signUpInBrowser(t, b, base, "dash-overview@example.com")

	// Nothing made yet.
	if got := b.text("#used"); !strings.HasPrefix(got, "0 /") {
		t.Fatalf("a new account shows %q documents this month", got)
	}
	live := createKeyInBrowser(t, b, base, "Live", "live")
	test := createKeyInBrowser(t, b, base, "Sandbox", "test")
	for range 2 {
		wantStatus(t, makeDoc(t, s, live), 201)
	}
	wantStatus(t, makeDoc(t, s, test), 201)

	st := s.call(t, "GET", "/v1/billing/status", live, nil).json(t)
	limit, remaining := int(st["limit"].(float64)), int(st["remaining"].(float64))
	sandboxLeft := int(s.call(t, "GET", "/v1/credits", test, nil).json(t)["credits_left"].(float64))

	b.open(base + "/")
	if got := b.text("#plan"); got != st["plan"] {
		t.Fatalf("plan %q, the API says %v", got, st["plan"])
	}
	if got, want := b.text("#used"), fmt.Sprintf("2 / %d", limit); got != want {
		t.Fatalf("documents this month %q, want %q", got, want)
	}
	bar := eval[[]string](b, `(() => { const p = document.querySelector('progress[aria-label="Documents used this month"]'); return [p.value + '', p.max + ''] })()`)
	if bar[0] != "2" || bar[1] != fmt.Sprint(limit) {
		t.Fatalf("the month's bar is %v, want 2 of %d", bar, limit)
	}
	if got := b.text("#credits"); got != fmt.Sprint(remaining) {
		t.Fatalf("credits left %q, the API says %d", got, remaining)
	}
	if got, want := b.text("#sandbox"), fmt.Sprintf("1 / %d", 1+sandboxLeft); got != want {
		t.Fatalf("sandbox today %q, want %q", got, want)
	}
	// The chart: 30 days, today (the last bar) drawn with 2 documents, the
	// sandbox one not among them, every other day empty.
	counts := eval[[]string](b, `[...document.querySelectorAll('.chart .bar')].map((e) => e.dataset.count)`)
	if len(counts) != 30 || counts[29] != "2" || strings.Join(counts[:29], "") != strings.Repeat("0", 29) {
		t.Fatalf("chart bars %v: want 30 days, 2 today", counts)
	}
	if h := eval[float64](b, `document.querySelector('.chart .bar:last-child .fill').getBoundingClientRect().height`); h <= 0 {
		t.Fatal("today's bar is not drawn")
	}
	if got := eval[string](b, `document.querySelector('.chart .bar:last-child').title`); !strings.HasSuffix(got, ": 2") {
		t.Fatalf("today's bar says %q", got)
	}
	b.screenshot("overview-figures")
}
