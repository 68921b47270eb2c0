package dashboard

import (
	"net/http"
	"strings"

	"github.com/quirehq/quire/internal/httpapi"
)

// csp allows the dashboard's own scripts only (no inline script, no eval):
// previews are PDFs drawn by pdf.js, so template HTML never runs here.
const csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
	"font-src 'self' data:; worker-src 'self'; connect-src 'self'; object-src 'none'; frame-src 'self' blob:; " +
	"frame-ancestors 'none'; base-uri 'none'; form-action 'self' https:"

func secureHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", csp)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "DENY")
		if !strings.HasPrefix(r.URL.Path, Prefix+"/assets/") {
			hd.Set("Cache-Control", "no-store")
		}
		h.ServeHTTP(w, r)
	})
}

// limitBodies bounds request bodies (uploads by the upload limit, the rest
// by the API's body limit) and turns panics into a 500, as in the API.
func (ds *Dashboard) limitBodies(h http.Handler) http.Handler {
	return httpapi.Protect(ds.d.Logger, func(r *http.Request) httpapi.BodyLimit {
		if r.Method == http.MethodPost && r.URL.Path == Prefix+"/templates" {
			return httpapi.BodyLimit{Bytes: ds.d.MaxUploadBytes + 1<<20, Setting: "QUIRE_MAX_UPLOAD_BYTES"}
		}
		return httpapi.BodyLimit{Bytes: ds.d.MaxBodyBytes, Setting: "QUIRE_MAX_BODY_BYTES"}
	}, h)
}
