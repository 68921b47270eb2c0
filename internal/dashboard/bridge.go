package dashboard

import (
	"net/http"
	"strings"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/httpapi"
)

// SessionRoutes are API routes that also take the dashboard's session
// cookie, as the reference's key routes "require session authentication
// (dashboard cookie)". A JWT or key in the request still wins.
var SessionRoutes = []string{"/v1/api-keys"}

// Bridge lets the dashboard session call SessionRoutes of the API: a
// request with the session cookie and no credential gets a short-lived
// access token of the session's person, after the same CSRF check as the
// dashboard's own forms for anything but reads.
func (ds *Dashboard) Bridge(api http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !sessionRoute(r.URL.Path) || r.Header.Get("Authorization") != "" || r.Header.Get("X-API-Key") != "" {
			api.ServeHTTP(w, r)
			return
		}
		if _, err := r.Cookie(sessionCookie); err != nil {
			api.ServeHTTP(w, r)
			return
		}
		b, err := ds.resume(r)
		if err != nil {
			httpapi.WriteError(w, r, err)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if err := ds.checkCSRF(r, ds.token("session:"+b.FamilyID)); err != nil {
				httpapi.WriteError(w, r, err)
				return
			}
		}
		access, err := ds.d.Users.AccessToken(b.Person)
		if err != nil {
			httpapi.WriteError(w, r, errs.Wrap(err, errs.Internal, "internal error"))
			return
		}
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", "Bearer "+access.Token)
		api.ServeHTTP(w, r)
	})
}

func sessionRoute(path string) bool {
	for _, p := range SessionRoutes {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}
