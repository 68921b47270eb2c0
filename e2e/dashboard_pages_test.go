package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/quirehq/quire/internal/testenv"
)

// cspWatch records Content-Security-Policy violations of every page the
// browser opens (installed before the page's own scripts run).
const cspWatch = `window.__csp = []; window.addEventListener('unhandledrejection', (e) => { window.__err = String(e.reason) + (e.reason && e.reason.stack) }); document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`

// unlabeled lists form controls no label names.
const unlabeled = `[...document.querySelectorAll('input:not([type=hidden]), select, textarea:not([hidden]), button')].filter((el) =>
  !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && !(el.tagName === 'BUTTON' && el.textContent.trim())
).map((el) => el.outerHTML.slice(0, 80))`

// checkPage asserts the open page broke no CSP rule and labels every control.
func checkPage(t *testing.T, b *browser) {
	t.Helper()
	if v := eval[[]string](b, `window.__csp || []`); len(v) > 0 {
		t.Fatalf("%s: CSP violations %v", b.location(), v)
	}
	if v := eval[[]string](b, unlabeled); len(v) > 0 {
		t.Fatalf("%s: controls without a label: %v", b.location(), v)
	}
}

// TestDashboardPages: PDF forms (pages with their fields outlined, a fill
// form of the right controls, a filled flattened PDF), DOCX (tags, test
// fill), field types, webhooks with their delivery log, settings, and on
// every page: no CSP violation and a label on every control.
func TestDashboardPages(t *testing.T) {
	var hooks atomic.Int32
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hooks.Add(1) }))
	defer receiver.Close()
	s := startServer(t, "QUIRE_EGRESS_ALLOW=127.0.0.1")
	base := s.URL + "/dashboard"
	b := newBrowser(t, 4*time.Minute)
	if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch}); err != nil {
		t.Fatal(err)
	}
	b.open(base + "/signup")
	checkPage(t, b)
	b.fill("#email", "pages@example.com")
	b.fill("#password", "correct horse battery")
	b.submit("#signup-submit")
	checkPage(t, b)
	// Sign-up gives the free plan, which has no webhooks (as the
	// reference: Pro and above); this account uses them below.
	s.setPlan(t, "pages@example.com", "pro")
	f := &formSession{s: s, cookies: map[string]string{"quire_session": b.cookie("quire_session").Value}}
	upload := func(path string) string {
		b.open(base + "/templates")
		checkPage(t, b)
		b.do(chromedp.SetUploadFiles(chromedp.CSS("#upload-file"), []string{path}))
		b.submit("#upload-submit")
		return strings.TrimPrefix(b.location(), base+"/templates/")
	}
	fill := func(id string, form url.Values) []byte {
		f.get(t, "/dashboard/templates/"+id)
		form.Set("csrf", f.csrf)
		resp, body := f.post(t, "/dashboard/templates/"+id+"/fill", form)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("fill: %d %s", resp.StatusCode, body)
		}
		req, _ := http.NewRequest("GET", s.URL+resp.Header.Get("Location"), nil)
		dl, out := f.send(t, req)
		if dl.StatusCode != 200 || !strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("download: %d %s", dl.StatusCode, dl.Header)
		}
		return []byte(out)
	}

	// A webhook endpoint first, so the documents below are delivered to it.
	b.open(base + "/webhooks")
	checkPage(t, b)
	b.fill("#wh-url", receiver.URL+"/hook")
	b.submit(`form[action$="/webhooks"] button[type=submit]`)
	b.waitFor(`document.getElementById('wh-secret') !== null || document.getElementById('flash') !== null`, 10*time.Second)
	if secret := eval[string](b, `document.getElementById('wh-secret')?.value || document.getElementById('flash').textContent`); !strings.HasPrefix(secret, "whsec_") {
		t.Fatalf("webhook secret %q", secret)
	}

	// PDF form: pages drawn with each field outlined and named.
	abs, _ := filepath.Abs("testdata/form_two_pages.pdf")
	form := upload(abs)
	b.waitFor(`document.querySelectorAll('#form-pages .field-box').length === 4`, 60*time.Second)
	names := eval[[]string](b, `[...document.querySelectorAll('#form-pages .field-box')].map((e) => e.textContent).sort()`)
	if strings.Join(names, ",") != "Text1,Text2,Text3,Text4" {
		t.Fatalf("outlined fields %v", names)
	}
	if n := eval[int](b, `document.querySelectorAll('#form-pages canvas').length`); n != 2 {
		t.Fatalf("%d pages drawn, want 2", n)
	}
	checkPage(t, b)
	pdf := fill(form, url.Values{"field-Text1": {"Filled from the dashboard"}, "field-Text4": {"42"}, "flatten": {"on"}})
	text := strings.Join(pdfText(t, pdf), "\n")
	if !strings.Contains(text, "Filled from the dashboard") || !strings.Contains(text, "42") || bytes.Contains(pdf, []byte("/AcroForm")) {
		t.Fatalf("filled flattened PDF: %q (AcroForm left: %v)", text, bytes.Contains(pdf, []byte("/AcroForm")))
	}

	// Checkboxes, radio groups and choices get their own controls.
	abs, _ = filepath.Abs("testdata/annotation-button-widget.pdf")
	upload(abs)
	fields := eval[[][]string](b, `[...document.querySelectorAll('select[id^="type-"]')].map((s) => [s.id.slice(5), s.value])`)
	seen := map[string]int{}
	for _, fl := range fields {
		want := map[string]string{"checkbox": "checkbox", "radio": "radio"}[fl[1]]
		if want == "" {
			continue
		}
		seen[want]++
		n := eval[int](b, fmt.Sprintf(`document.querySelectorAll('#fill-form input[type=%s][name=%q]').length`, want, "field-"+fl[0]))
		if n == 0 {
			t.Fatalf("field %s (%s) has no %s in the fill form", fl[0], fl[1], want)
		}
	}
	if seen["checkbox"] == 0 || seen["radio"] == 0 {
		t.Fatalf("the button form's fields %v: want checkboxes and radio groups", fields)
	}
	checkPage(t, b)

	// DOCX: the tags, a test fill, and field types that can be changed.
	dir := t.TempDir()
	docxPath := filepath.Join(dir, "letter.docx")
	if err := os.WriteFile(docxPath, buildDOCX(t, p+`Hello {{name}}, total {{total}}`+endP, p+`Letter`+endP), 0o644); err != nil {
		t.Fatal(err)
	}
	docx := upload(docxPath)
	if tags := b.text(`section[aria-label="Detected tags"]`); !strings.Contains(tags, "{{name}}") || !strings.Contains(tags, "{{total}}") {
		t.Fatalf("detected tags: %q", tags)
	}
	checkPage(t, b)
	out := fill(docx, url.Values{"data": {`{"name":"Dashboard","total":12}`}, "output": {"docx"}})
	if got := docxText(docxPart(t, out, "word/document.xml")); !strings.Contains(got, "Hello Dashboard, total 12") {
		t.Fatalf("filled DOCX says %q", got)
	}
	// And as a PDF through LibreOffice (installed by scripts/setup): the
	// page offers it, and the download is the filled letter.
	testenv.Command(t, "soffice", "libreoffice-writer-nogui")
	b.open(base + "/templates/" + docx)
	if eval[bool](b, `document.querySelector('input[name=output][value=pdf]').disabled`) {
		t.Fatal("the DOCX page offers no PDF output although LibreOffice is installed")
	}
	docxPDF := fill(docx, url.Values{"data": {`{"name":"Dashboard","total":12}`}, "output": {"pdf"}})
	if text := strings.Join(pdfText(t, docxPDF), " "); !strings.HasPrefix(string(docxPDF), "%PDF-") || !strings.Contains(text, "Hello Dashboard, total 12") {
		t.Fatalf("DOCX test fill as PDF says %q", text)
	}
	b.do(chromedp.Click(chromedp.CSS("details.card summary")))
	b.do(chromedp.SetValue(chromedp.CSS("#type-name"), "email"))
	b.submit(`form[action$="/fields"] button[type=submit]`)
	if got := eval[string](b, `document.getElementById('type-name').value`); got != "email" {
		t.Fatalf("field type after saving: %q", got)
	}

	// Documents list with a filter; the webhook heard of both fills.
	b.open(base + "/documents?template=" + form)
	checkPage(t, b)
	if n := eval[int](b, `document.querySelectorAll('#documents-table tr[data-document]').length`); n != 1 {
		t.Fatalf("%d documents of the form template, want 1", n)
	}
	today := time.Now().UTC()
	for _, c := range []struct {
		from, to time.Time
		want     int
	}{{today, today, 3}, {today.AddDate(0, 0, -2), today.AddDate(0, 0, -1), 0}} {
		b.open(base + "/documents?from=" + c.from.Format("2006-01-02") + "&to=" + c.to.Format("2006-01-02"))
		if n := eval[int](b, `document.querySelectorAll('#documents-table tr[data-document]').length`); n != c.want {
			t.Fatalf("%d documents from %s to %s, want %d", n, c.from.Format("Jan 2"), c.to.Format("Jan 2"), c.want)
		}
	}
	b.open(base + "/webhooks")
	b.do(chromedp.Click(chromedp.CSS(`a[href*="/dashboard/webhooks/"]`)))
	b.do(chromedp.WaitReady(chromedp.CSS("#attempts")))
	deadline := time.Now().Add(30 * time.Second)
	for eval[int](b, `document.querySelectorAll('#attempts form').length`) < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("delivery log: %s", b.text("#attempts"))
		}
		time.Sleep(time.Second)
		b.do(chromedp.Reload(), chromedp.WaitReady(chromedp.CSS("#attempts")))
	}
	if log := b.text("#attempts"); !strings.Contains(log, "document.completed") || !strings.Contains(log, "200") {
		t.Fatalf("delivery log: %s", log)
	}
	checkPage(t, b)
	before := hooks.Load()
	b.submit(`#send-test button`)
	if got := b.text("#flash"); !strings.Contains(got, "test event") {
		t.Fatalf("flash after sending a test event: %q", got)
	}
	deadline = time.Now().Add(30 * time.Second)
	for !strings.Contains(b.text("#attempts"), "webhook.test") {
		if time.Now().After(deadline) {
			t.Fatalf("the test event is not in the log: %s", b.text("#attempts"))
		}
		time.Sleep(time.Second)
		b.do(chromedp.Reload(), chromedp.WaitReady(chromedp.CSS("#attempts")))
	}
	if hooks.Load() == before {
		t.Fatal("the test event never reached the receiver")
	}
	before = hooks.Load()
	b.submit(`#attempts form button`)
	b.waitFor(`document.getElementById('flash') !== null`, 10*time.Second)
	deadline = time.Now().Add(30 * time.Second)
	for hooks.Load() == before {
		if time.Now().After(deadline) {
			t.Fatal("redelivery never arrived")
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Disable it.
	b.do(chromedp.Click(chromedp.CSS(`input[name=active]`)))
	b.submit(`#webhook-form button[type=submit]`)
	if eval[bool](b, `document.querySelector('input[name=active]').checked`) {
		t.Fatal("the webhook is still active after unchecking Active")
	}

	// Settings: a project, a person, the account's name.
	b.open(base + "/settings")
	checkPage(t, b)
	b.fill("#new-project", "Invoices")
	b.submit(`form[action$="/settings/projects"] button`)
	b.do(chromedp.Click(chromedp.CSS("#h-team ~ details summary")))
	b.fill("#pp-email", "colleague@example.com")
	b.fill("#pp-password", "another fine password")
	b.submit(`form[action$="/settings/people"] button`)
	b.fill("#acc-name", "Pages Inc")
	b.submit(`form[action$="/settings/account"] button`)
	settings := b.text("main")
	for _, want := range []string{"Invoices", "colleague@example.com", "member"} {
		if !strings.Contains(settings, want) {
			t.Fatalf("settings page lacks %q", want)
		}
	}
	if got := eval[string](b, `document.getElementById('acc-name').value`); got != "Pages Inc" {
		t.Fatalf("account name %q", got)
	}
	for _, path := range []string{"/", "/keys", "/documents"} {
		b.open(base + path)
		checkPage(t, b)
	}
}
