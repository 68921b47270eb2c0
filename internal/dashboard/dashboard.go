// Package dashboard is Quire's web dashboard: server-rendered pages where a
// person signs up, manages API keys, designs templates with a live preview
// and watches documents. It is a thin layer like internal/httpapi: every
// rule (tenancy, permissions, quotas) lives in the domain services it calls.
package dashboard

import (
	"crypto/hmac"
	"crypto/sha256"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/quirehq/quire/internal/accounts"
	"github.com/quirehq/quire/internal/apikeys"
	"github.com/quirehq/quire/internal/billing"
	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/httpapi"
	"github.com/quirehq/quire/internal/projects"
	"github.com/quirehq/quire/internal/ratelimit"
	"github.com/quirehq/quire/internal/templates"
	"github.com/quirehq/quire/internal/usage"
	"github.com/quirehq/quire/internal/users"
	"github.com/quirehq/quire/internal/webhooks"
)

// Prefix is where the dashboard is served.
const Prefix = "/dashboard"

// DefaultPreviewsPerMinute bounds one person's live previews.
const DefaultPreviewsPerMinute = 120 // as QUIRE_PREVIEW_RATE_LIMIT

//go:embed assets
var assetFS embed.FS

//go:embed views/*.html
var viewFS embed.FS

// Deps are the domain services the dashboard drives.
type Deps struct {
	Users     *users.Service
	Accounts  *accounts.Service
	Keys      *apikeys.Service
	Projects  *projects.Service
	Templates *templates.Service
	Documents *documents.Service
	Webhooks  *webhooks.Service // nil: no webhooks page
	Usage     *usage.Service    // nil: no usage figures
	Billing   *billing.Service  // nil: no billing buttons
	// Secret keys the CSRF tokens (the JWT signing key does).
	Secret []byte
	// SecureCookies marks cookies Secure even on plain HTTP requests (the
	// server sits behind an HTTPS proxy); requests over TLS always are.
	SecureCookies bool
	// Previews limits live previews per person; nil = in memory.
	Previews          ratelimit.Limiter
	PreviewsPerMinute int // 0 = DefaultPreviewsPerMinute
	MaxUploadBytes    int64
	MaxBodyBytes      int64
	Logger            *slog.Logger // nil logs nothing
}

// Dashboard serves the pages.
type Dashboard struct {
	d     Deps
	views *views
	csrf  []byte
}

// New builds the dashboard's handler, to be mounted at Prefix.
func New(d Deps) *Dashboard {
	if d.Previews == nil {
		d.Previews = ratelimit.NewMemory()
	}
	if d.PreviewsPerMinute <= 0 {
		d.PreviewsPerMinute = DefaultPreviewsPerMinute
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	m := hmac.New(sha256.New, d.Secret)
	m.Write([]byte("quire dashboard csrf"))
	return &Dashboard{d: d, views: parseViews(), csrf: m.Sum(nil)}
}

// Handler routes the dashboard's pages and assets.
func (ds *Dashboard) Handler() http.Handler {
	mux := http.NewServeMux()
	assets, _ := fs.Sub(assetFS, "assets")
	mux.Handle("GET "+Prefix+"/assets/", http.StripPrefix(Prefix+"/assets/", cacheAssets(http.FileServerFS(assets))))

	mux.HandleFunc("GET "+Prefix+"/signin", ds.anon(ds.signinPage))
	mux.HandleFunc("POST "+Prefix+"/signin", ds.anon(ds.signin))
	mux.HandleFunc("GET "+Prefix+"/signup", ds.anon(ds.signupPage))
	mux.HandleFunc("POST "+Prefix+"/signup", ds.anon(ds.signup))
	mux.HandleFunc("POST "+Prefix+"/signout", ds.person(ds.signout))

	mux.HandleFunc("GET "+Prefix+"/{$}", ds.person(ds.overview))
	mux.HandleFunc("GET "+Prefix+"/keys", ds.person(ds.keysPage))
	mux.HandleFunc("POST "+Prefix+"/keys", ds.person(ds.createKey))
	mux.HandleFunc("POST "+Prefix+"/keys/{id}/revoke", ds.person(ds.revokeKey))

	mux.HandleFunc("GET "+Prefix+"/templates", ds.person(ds.templatesPage))
	mux.HandleFunc("POST "+Prefix+"/templates", ds.person(ds.uploadTemplate))
	mux.HandleFunc("GET "+Prefix+"/templates/{id}", ds.person(ds.templatePage))
	mux.HandleFunc("POST "+Prefix+"/templates/{id}/rename", ds.person(ds.renameTemplate))
	mux.HandleFunc("POST "+Prefix+"/templates/{id}/delete", ds.person(ds.deleteTemplate))
	mux.HandleFunc("POST "+Prefix+"/templates/{id}/fields", ds.person(ds.setFieldTypes))
	mux.HandleFunc("POST "+Prefix+"/templates/{id}/save", ds.person(ds.saveTemplate))
	mux.HandleFunc("POST "+Prefix+"/templates/{id}/preview", ds.person(ds.preview))
	mux.HandleFunc("POST "+Prefix+"/templates/{id}/generate", ds.person(ds.generate))
	mux.HandleFunc("POST "+Prefix+"/templates/{id}/fill", ds.person(ds.fill))
	mux.HandleFunc("GET "+Prefix+"/templates/{id}/file", ds.person(ds.templateFile))

	mux.HandleFunc("GET "+Prefix+"/documents", ds.person(ds.documentsPage))
	mux.HandleFunc("GET "+Prefix+"/documents/{id}/download", ds.person(ds.download))
	mux.HandleFunc("POST "+Prefix+"/documents/{id}/delete", ds.person(ds.deleteDocument))

	ds.routeSettings(mux)
	mux.HandleFunc(Prefix+"/", ds.person(func(w http.ResponseWriter, r *http.Request, _ *visit) error {
		return errNotFound
	}))
	return httpapi.WithLogger(secureHeaders(ds.limitBodies(mux)), ds.d.Logger)
}

func cacheAssets(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}
