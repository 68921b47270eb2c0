package e2e

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// formSession is a dashboard session driven over plain HTTP, keeping its
// cookies by hand (so Secure cookies work over the test's http too).
type formSession struct {
	s       *server
	cookies map[string]string
	csrf    string // of the last page read
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// get reads a dashboard page (without following redirects) and keeps its
// CSRF token.
func (f *formSession) get(t *testing.T, path string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", f.s.URL+path, nil)
	resp, body := f.send(t, req)
	if m := csrfInput.FindStringSubmatch(body); m != nil {
		f.csrf = m[1]
	}
	return resp
}

// post sends a form; headers are name, value pairs.
func (f *formSession) post(t *testing.T, path string, form url.Values, headers ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", f.s.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return f.send(t, req)
}

func (f *formSession) send(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	for k, v := range f.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	for _, ck := range resp.Cookies() {
		if ck.MaxAge < 0 {
			delete(f.cookies, ck.Name)
		} else {
			f.cookies[ck.Name] = ck.Value
		}
	}
	return resp, string(body)
}

// signUpForm creates an account through the sign-up form.
func signUpForm(t *testing.T, s *server, email string) (*formSession, *http.Response) {
	t.Helper()
	f := &formSession{s: s, cookies: map[string]string{}}
	f.get(t, "/dashboard/signup")
	resp, body := f.post(t, "/dashboard/signup", url.Values{"csrf": {f.csrf}, "email": {email}, "password": {"correct horse battery"}})
	if resp.StatusCode != http.StatusSeeOther || f.cookies["quire_session"] == "" {
		t.Fatalf("sign-up: %d %s", resp.StatusCode, body)
	}
	return f, resp
}

func sessionCookie(resp *http.Response) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == "quire_session" {
			return c
		}
	}
	return nil
}

// TestDashboardSessionCookie: behind HTTPS the cookie is Secure (and
// always HttpOnly, SameSite=Lax); the session ends with the refresh
// token's lifetime.
func TestDashboardSessionCookie(t *testing.T) {
	s := startServer(t, "QUIRE_PUBLIC_URL=https://quire.example", "QUIRE_JWT_REFRESH_TTL=3s")
	f, resp := signUpForm(t, s, "secure@example.com")
	c := sessionCookie(resp)
	if c == nil || !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.MaxAge < 1 || c.MaxAge > 3 {
		t.Fatalf("session cookie %+v: want Secure, HttpOnly, SameSite=Lax, Max-Age of the refresh lifetime", c)
	}
	if r := f.get(t, "/dashboard/"); r.StatusCode != 200 {
		t.Fatalf("overview with a fresh session: %d", r.StatusCode)
	}
	time.Sleep(3500 * time.Millisecond)
	r := f.get(t, "/dashboard/")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/dashboard/signin") {
		t.Fatalf("after the refresh lifetime: %d %s, want a redirect to sign in", r.StatusCode, r.Header.Get("Location"))
	}
}

// TestDashboardSecurity: CSRF and cross-site posts are refused, the key
// API takes the session (with CSRF), another account's template is a 404
// page, and a session whose token is used elsewhere is revoked.
func TestDashboardSecurity(t *testing.T) {
	s := shared
	f, _ := signUpForm(t, s, "dash-owner@example.com")
	f.get(t, "/dashboard/keys")
	token := f.csrf

	// Forms without the token, or from another origin, are refused.
	resp, body := f.post(t, "/dashboard/keys", url.Values{"name": {"no token"}})
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "another site") {
		t.Fatalf("form without a CSRF token: %d", resp.StatusCode)
	}
	resp, _ = f.post(t, "/dashboard/keys", url.Values{"name": {"cross origin"}, "csrf": {token}}, "Origin", "http://evil.example")
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("form from another origin: %d", resp.StatusCode)
	}
	resp, body = f.post(t, "/dashboard/keys", url.Values{"name": {"with token"}, "csrf": {token}}, "Origin", s.URL)
	if resp.StatusCode != http.StatusCreated || !strings.Contains(body, "qk_live_") {
		t.Fatalf("form with its token: %d", resp.StatusCode)
	}

	// /v1/api-keys takes the session cookie; writes need the CSRF header.
	apiKeys := func(method string, body string, headers ...string) response {
		req, _ := http.NewRequest(method, s.URL+"/v1/api-keys", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		req.AddCookie(&http.Cookie{Name: "quire_session", Value: f.cookies["quire_session"]})
		return do(t, req)
	}
	list := apiKeys("GET", "")
	wantStatus(t, list, 200)
	if !strings.Contains(string(list.Body), `"with token"`) || strings.Contains(string(list.Body), "no token") || strings.Contains(string(list.Body), "cross origin") {
		t.Fatalf("keys after the refused forms: %s", list.Body)
	}
	wantError(t, apiKeys("POST", `{"name":"no header"}`), 403, "FORBIDDEN")
	wantStatus(t, apiKeys("POST", `{"name":"via session"}`, "X-CSRF-Token", token), 201)

	// In Chromium: a page on another origin posting to the dashboard.
	b := newBrowser(t, 2*time.Minute)
	b.open(s.URL + "/dashboard/signin")
	b.fill("#email", "dash-owner@example.com")
	b.fill("#password", "correct horse battery")
	b.submit("#signin-submit")
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!doctype html><form id="f" method="post" action="%s/dashboard/keys"><input name="name" value="evil"></form><script>document.getElementById('f').submit()</script>`, s.URL)
	}))
	defer evil.Close()
	b.do(chromedp.Navigate(evil.URL))
	b.waitFor(`location.href.includes('/dashboard/keys') && document.readyState === 'complete'`, 30*time.Second)
	if msg := b.text("#error-message"); !strings.Contains(msg, "another site") {
		t.Fatalf("cross-site form answered %q", msg)
	}
	if body := apiKeys("GET", "").Body; strings.Contains(string(body), `"evil"`) {
		t.Fatalf("a cross-site form made a key: %s", body)
	}

	// Another account's template is a plain 404 page.
	other := s.call(t, "POST", "/v1/auth/signup", "", map[string]string{"email": "dash-other@example.com", "password": "another password"})
	wantStatus(t, other, 201)
	otherTpl := s.upload(t, other.json(t)["access"].(string), "theirs.html", []byte("<p>{{secret}}</p>"), "")
	wantStatus(t, otherTpl, 201)
	id := otherTpl.json(t)["id"].(string)
	for _, path := range []string{"/dashboard/templates/" + id, "/dashboard/templates/" + id + "/file"} {
		res, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(s.URL+path))
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != 404 || !strings.Contains(b.text("h1"), "Not found") {
			t.Fatalf("%s of another account: %d %q", path, res.Status, b.text("h1"))
		}
	}
	if r := f.get(t, "/dashboard/templates/"+id); r.StatusCode != 404 {
		t.Fatalf("another account's template: %d", r.StatusCode)
	}

	// The session's refresh token used through the API (a leaked copy):
	// the whole session is revoked.
	leaked := b.cookie("quire_session").Value
	wantStatus(t, s.call(t, "POST", "/v1/auth/jwt/refresh", "", map[string]string{"refresh": leaked}), 200)
	b.open(s.URL + "/dashboard/")
	if loc := b.location(); !strings.Contains(loc, "/dashboard/signin") {
		t.Fatalf("a session whose token was reused still opens %s", loc)
	}
}
