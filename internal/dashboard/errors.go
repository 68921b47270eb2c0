package dashboard

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/httpapi"
)

var errNotFound = errs.New(errs.NotFound, "there is nothing here")

// fail answers a failed request: scripts get the API's JSON envelope,
// forms go back to their page with the message, and pages show an error
// page with the API's status (another account's id is a plain 404).
func (ds *Dashboard) fail(w http.ResponseWriter, r *http.Request, v *visit, err error) {
	status := ds.status(r, err)
	if wantsJSON(r) {
		httpapi.WriteError(w, r, err)
		return
	}
	msg := publicMessage(err)
	if r.Method == http.MethodPost && status != http.StatusForbidden && status != http.StatusNotFound && v != nil {
		if back := sameSiteReferer(r); back != "" {
			_ = ds.redirect(w, r, back, "Error: "+msg)
			return
		}
	}
	if status == http.StatusNotFound {
		msg = "This page does not exist, or it belongs to another account."
	}
	if v == nil {
		v = &visit{Path: r.URL.Path}
	}
	ds.views.render(w, status, "error", v, map[string]any{"Status": status, "Message": msg})
}

func (ds *Dashboard) status(r *http.Request, err error) int { return httpapi.StatusOf(r, err) }

func wantsJSON(r *http.Request) bool {
	return r.Header.Get(csrfHeader) != "" || strings.Contains(r.Header.Get("Accept"), "application/json")
}

func publicMessage(err error) string {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "something went wrong; try again"
}

// sameSiteReferer is the path of the page that sent a form, if it is one
// of the dashboard's.
func sameSiteReferer(r *http.Request) string {
	u, err := url.Parse(r.Referer())
	if err != nil || u.Host != r.Host || !strings.HasPrefix(u.Path, Prefix) {
		return ""
	}
	return u.RequestURI()
}
