package app

import (
	"net/http"
	"strings"

	"github.com/quirehq/quire/internal/dashboard"
)

// withDashboard serves the web dashboard next to the API: its pages under
// /dashboard/, its session cookie on the API's key routes, and browsers
// that open the server's root go to it.
func (a *App) withDashboard(api http.Handler) http.Handler {
	secret, _ := a.Config.JWTKey() // checked by openPeople already
	ds := dashboard.New(dashboard.Deps{
		Users: a.Users, Accounts: a.Accounts, Keys: a.Keys, Projects: a.Projects,
		Templates: a.Templates, Documents: a.Documents, Webhooks: a.Webhooks,
		Usage: a.Usage, Billing: a.Billing, Secret: secret,
		SecureCookies:     strings.HasPrefix(a.Config.BaseURL(), "https://"),
		PreviewsPerMinute: a.Config.PreviewRateLimit,
		MaxUploadBytes:    a.Config.MaxUploadBytes, MaxBodyBytes: a.Config.MaxBodyBytes, Logger: a.Logger,
	})
	mux := http.NewServeMux()
	pages := ds.Handler()
	mux.Handle(dashboard.Prefix+"/", pages)
	mux.Handle(dashboard.Prefix, http.RedirectHandler(dashboard.Prefix+"/", http.StatusMovedPermanently))
	bridged := ds.Bridge(api)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" && r.Method == http.MethodGet && strings.Contains(r.Header.Get("Accept"), "text/html") {
			http.Redirect(w, r, dashboard.Prefix+"/", http.StatusSeeOther)
			return
		}
		bridged.ServeHTTP(w, r)
	})
	return mux
}
