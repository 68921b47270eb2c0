package dashboard

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/users"
)

// Cookie names. The session cookie holds the refresh token of one sign-in:
// the session is that refresh-token family, so signing out (or a reuse of
// the token elsewhere) revokes it, and it ends with the token's lifetime.
const (
	sessionCookie = "quire_session"
	nonceCookie   = "quire_csrf" // anonymous forms' CSRF nonce
	flashCookie   = "quire_flash"
	csrfField     = "csrf"
	csrfHeader    = "X-CSRF-Token"
)

// visit is one request's person (nil on anonymous pages) and CSRF token.
type visit struct {
	*users.Browsing
	CSRF  string
	Flash string
	Path  string
}

type handler func(w http.ResponseWriter, r *http.Request, v *visit) error

// person serves pages for a signed-in person: without a valid session it
// redirects to sign in; state-changing requests must carry the CSRF token.
func (ds *Dashboard) person(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := ds.resume(r)
		if err != nil {
			ds.clearCookie(w, r, sessionCookie)
			if r.Method != http.MethodGet {
				ds.fail(w, r, nil, errs.New(errs.Unauthorized, "your session has ended: sign in again"))
				return
			}
			http.Redirect(w, r, Prefix+"/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		v := &visit{Browsing: b, CSRF: ds.token("session:" + b.FamilyID), Path: r.URL.Path}
		ds.serve(w, r, v, h)
	}
}

// anon serves the sign-in and sign-up pages, whose forms carry a CSRF
// token bound to a nonce cookie (so a third site cannot sign you in).
func (ds *Dashboard) anon(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		nonce := ""
		if c, err := r.Cookie(nonceCookie); err == nil && len(c.Value) >= 16 {
			nonce = c.Value
		} else {
			nonce = randomToken()
			ds.setCookie(w, r, nonceCookie, nonce, 0)
		}
		ds.serve(w, r, &visit{CSRF: ds.token("anon:" + nonce), Path: r.URL.Path}, h)
	}
}

func (ds *Dashboard) serve(w http.ResponseWriter, r *http.Request, v *visit, h handler) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		if err := ds.checkCSRF(r, v.CSRF); err != nil {
			ds.fail(w, r, v, err)
			return
		}
	}
	if r.Method == http.MethodGet {
		v.Flash = ds.takeFlash(w, r)
	}
	if err := h(w, r, v); err != nil {
		ds.fail(w, r, v, err)
	}
}

// resume finds the session of the request's cookie.
func (ds *Dashboard) resume(r *http.Request) (*users.Browsing, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, errs.New(errs.Unauthorized, "not signed in")
	}
	return ds.d.Users.Resume(r.Context(), c.Value)
}

var errCSRF = errs.New(errs.Forbidden, "this form has expired or came from another site: reload the page and try again")

// checkCSRF refuses cross-site requests: the Origin (when sent) must be
// this server, and the token must match the session's.
func (ds *Dashboard) checkCSRF(r *http.Request, want string) error {
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return errCSRF
		}
	}
	got := r.Header.Get(csrfHeader)
	if got == "" {
		got = r.PostFormValue(csrfField)
	}
	if !hmac.Equal([]byte(got), []byte(want)) {
		return errCSRF
	}
	return nil
}

// token derives a CSRF token from what it is bound to.
func (ds *Dashboard) token(bound string) string {
	m := hmac.New(sha256.New, ds.csrf)
	m.Write([]byte(bound))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func randomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// startSession sets the session cookie for a fresh sign-in.
func (ds *Dashboard) startSession(w http.ResponseWriter, r *http.Request, pair *users.TokenPair) error {
	b, err := ds.d.Users.Resume(r.Context(), pair.Refresh)
	if err != nil {
		return err
	}
	ds.setCookie(w, r, sessionCookie, pair.Refresh, time.Until(b.ExpiresAt))
	return nil
}

// setCookie sets an HttpOnly, SameSite=Lax cookie for the whole server
// (the session also authenticates /v1/api-keys); maxAge 0 = browser session.
func (ds *Dashboard) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge time.Duration) {
	c := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: ds.d.SecureCookies || r.TLS != nil}
	if maxAge > 0 {
		c.MaxAge = int(maxAge.Seconds())
	}
	http.SetCookie(w, c)
}

func (ds *Dashboard) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: ds.d.SecureCookies || r.TLS != nil})
}

// redirect answers a form with a message shown once on the next page.
func (ds *Dashboard) redirect(w http.ResponseWriter, r *http.Request, to, flash string) error {
	if flash != "" {
		ds.setCookie(w, r, flashCookie, base64.RawURLEncoding.EncodeToString([]byte(flash)), time.Minute)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func (ds *Dashboard) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	ds.clearCookie(w, r, flashCookie)
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil {
		return ""
	}
	return string(b)
}

func isCode(err error, code string) bool {
	var e *errs.Error
	return errors.As(err, &e) && e.Code == code
}
