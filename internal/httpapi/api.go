// Package httpapi is Quire's thin HTTP layer: huma operations that decode a
// request, call a domain service and encode its answer or error. No domain
// logic lives here.
package httpapi

import (
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/quirehq/quire/internal/accounts"
	"github.com/quirehq/quire/internal/apikeys"
	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/batches"
	"github.com/quirehq/quire/internal/billing"
	"github.com/quirehq/quire/internal/blob"
	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/httpapi/docsui"
	"github.com/quirehq/quire/internal/idempotency"
	"github.com/quirehq/quire/internal/invoices"
	"github.com/quirehq/quire/internal/metrics"
	"github.com/quirehq/quire/internal/projects"
	"github.com/quirehq/quire/internal/ratelimit"
	"github.com/quirehq/quire/internal/templates"
	"github.com/quirehq/quire/internal/usage"
	"github.com/quirehq/quire/internal/users"
	"github.com/quirehq/quire/internal/webhooks"
	"github.com/quirehq/quire/internal/wire"
)

// Deps are the services the API exposes.
type Deps struct {
	Version        string
	Metrics        *metrics.Metrics // nil: none recorded
	Auth           *auth.Authenticator
	Keys           *apikeys.Service
	Accounts       *accounts.Service
	Users          *users.Service
	Projects       *projects.Service
	Templates      *templates.Service
	Documents      *documents.Service
	Webhooks       *webhooks.Service    // nil: no webhook routes, per-request webhooks refused
	Invoices       *invoices.Service    // nil: no invoicing routes
	Batches        *batches.Service     // nil: no batch routes
	Idempotency    *idempotency.Service // nil: Idempotency-Key is ignored
	Blobs          *blob.Store
	Signer         *blob.Signer
	Usage          *usage.Service    // nil: no usage routes
	Billing        *billing.Service  // nil: no billing routes
	RateLimits     *ratelimit.Policy // nil: no rate limits
	Checks         []Check
	MaxBodyBytes   int64
	MaxUploadBytes int64
	// MaxTemplateBytes bounds HTML templates (checked by the template
	// service); PUT /v1/templates/{id} takes a body large enough for it.
	MaxTemplateBytes int64
	// MaxHTMLBytes and MaxDataBytes bound the raw html and the data of a
	// document request (checked by the documents service); document routes
	// take a body large enough for either even JSON-escaped.
	MaxHTMLBytes int64
	MaxDataBytes int64
	// MaxBatchBytes bounds the body of POST /v1/batches (QUIRE_MAX_BATCH_BYTES).
	MaxBatchBytes int64
	Logger        *slog.Logger // requests, failures and checks; nil logs nothing
}

// updateBodyLimit is the body limit of PUT /v1/templates/{id}: content of
// MaxTemplateBytes even if JSON-escaped (Go escapes <, > and & as \u003c,
// six bytes each), so the template limit is the one users meet, as with
// uploads.
func (d Deps) updateBodyLimit() int64 {
	return max(d.MaxBodyBytes, jsonEscaped(d.MaxTemplateBytes))
}

// documentBodyLimit is the body limit of the routes that make documents:
// the HTML or data limit of content even if JSON-escaped, so that those
// limits, on what the caller sent, are the ones users meet, whatever their
// JSON encoder does.
func (d Deps) documentBodyLimit() int64 {
	return max(d.MaxBodyBytes, jsonEscaped(max(d.MaxHTMLBytes, d.MaxDataBytes)))
}

// documentRoutes take documentBodyLimit.
var documentRoutes = map[string]bool{
	"/v1/documents/generate": true, "/v1/documents/fill": true, "/api/v1/pdf": true, "/v1/generate": true,
}

// bodyLimit is the body limit of r's route and the setting behind it.
func (d Deps) bodyLimit(r *http.Request) BodyLimit {
	path := strings.TrimSuffix(r.URL.Path, "/")
	switch {
	case r.Method == http.MethodPost && path == "/v1/templates":
		// Uploads may be larger than JSON bodies; the multipart overhead is small.
		return BodyLimit{d.MaxUploadBytes + 1<<20, "QUIRE_MAX_UPLOAD_BYTES"}
	case r.Method == http.MethodPost && path == fromPDFPath:
		return BodyLimit{fromPDFBodyLimit(d.MaxUploadBytes) + 1<<20, "QUIRE_MAX_UPLOAD_BYTES"}
	case r.Method == http.MethodPut && strings.HasPrefix(path, "/v1/templates/"):
		return BodyLimit{d.updateBodyLimit(), "room for QUIRE_MAX_TEMPLATE_BYTES of content JSON-escaped, or QUIRE_MAX_BODY_BYTES"}
	case r.Method == http.MethodPost && path == batchesPath && d.Batches != nil:
		return BodyLimit{d.MaxBatchBytes, "QUIRE_MAX_BATCH_BYTES"}
	case r.Method == http.MethodPost && documentRoutes[path]:
		return BodyLimit{d.documentBodyLimit(), "room for QUIRE_MAX_HTML_BYTES of html or QUIRE_MAX_DATA_BYTES of data JSON-escaped, or QUIRE_MAX_BODY_BYTES"}
	}
	return BodyLimit{d.MaxBodyBytes, "QUIRE_MAX_BODY_BYTES"}
}

// New returns the HTTP handler of the whole API.
func New(d Deps) http.Handler { return build(d).handler }

// server is the built API with what it serves: every operation huma handed
// to the mux, and the patterns added to the mux outside huma.
type server struct {
	handler http.Handler
	ops     []*huma.Operation
	raw     []string
}

// The huma operations of document routes are given their limit plus one
// byte: huma refuses a body of exactly its limit, and limitBodies, which
// names the setting, is the one that answers.
func build(d Deps) *server {
	mux := http.NewServeMux()
	srv := &server{}
	api := huma.NewAPI(config(d.Version), recordingAdapter{Adapter: humago.NewAdapter(mux, ""), ops: &srv.ops})
	g := gate{}
	if d.Accounts != nil {
		g.sandboxEditsTemplates = d.Accounts.SandboxEditsTemplates
	}
	api.UseMiddleware(authMiddleware(api, d.Auth, g))
	api.UseMiddleware(rateLimitMiddleware(api, d.RateLimits))    // after auth: limits are per key
	api.UseMiddleware(refuseBadText(api))                        // after auth: no body is read for strangers
	api.UseMiddleware(idempotencyMiddleware(api, d.Idempotency)) // after auth: keys are per account

	registerKeys(api, d.Keys)
	registerSession(api, d.Users, d.Accounts)
	registerAccount(api, d.Accounts)
	registerProjects(api, d.Projects)
	registerTemplates(api, d.Templates, d.MaxUploadBytes, d.updateBodyLimit())
	if d.Usage != nil {
		registerUsage(api, d.Usage)
	}
	if d.Billing != nil {
		registerBilling(api, d.Billing)
	}
	baseURL := "" // of links to this server, such as check_status_url
	if d.Signer != nil {
		baseURL = d.Signer.BaseURL
	}
	registerDocuments(api, d.Documents, d.documentBodyLimit()+1, d.Webhooks, baseURL)
	registerTasks(api, d.Documents, baseURL)
	registerCompat(api, d.Documents, d.Usage, d.documentBodyLimit()+1, baseURL)
	if d.Webhooks != nil {
		registerWebhooks(api, d.Webhooks)
	}
	if d.Invoices != nil {
		registerInvoices(api, d.Invoices)
	}
	if d.Batches != nil {
		registerBatches(api, d.Batches, d.MaxBatchBytes+1, d.Webhooks)
	}
	registerFiles(api, d.Blobs, d.Signer)
	registerHealth(api, d.Checks)
	raw := &rawMux{ServeMux: mux, patterns: &srv.raw}
	docsui.Mount(raw, "Quire API", "/openapi.json")
	raw.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if allow := allowedMethods(mux, r); len(allow) > 0 {
			writeJSONError(w, &apiError{status: http.StatusMethodNotAllowed, headers: http.Header{"Allow": {strings.Join(allow, ", ")}},
				Body: errorBody{Code: errs.MethodNotAllowed, Message: r.Method + " is not allowed on " + r.URL.Path + ": use " + strings.Join(allow, ", ")}})
			return
		}
		writeJSONError(w, &apiError{status: http.StatusNotFound, Body: errorBody{Code: errs.NotFound, Message: "no route " + r.Method + " " + r.URL.Path}})
	})

	logger := d.Logger
	if logger == nil {
		logger = discard
	}
	srv.handler = WithLogger(recoverPanics(logger, logRequests(logger, d.Metrics, aliasRoutes(mux, limitBodies(d.bodyLimit, mux)))), logger)
	return srv
}

// recordingAdapter remembers every operation huma serves, its own routes
// (the OpenAPI description) included.
type recordingAdapter struct {
	huma.Adapter
	ops *[]*huma.Operation
}

func (r recordingAdapter) Handle(op *huma.Operation, h func(huma.Context)) {
	*r.ops = append(*r.ops, op)
	r.Adapter.Handle(op, h)
}

// rawMux remembers the patterns added to the mux outside huma.
type rawMux struct {
	*http.ServeMux
	patterns *[]string
}

func (m *rawMux) Handle(pattern string, h http.Handler) {
	*m.patterns = append(*m.patterns, pattern)
	m.ServeMux.Handle(pattern, h)
}

func (m *rawMux) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	m.Handle(pattern, http.HandlerFunc(h))
}

func config(version string) huma.Config {
	c := huma.DefaultConfig("Quire API", version)
	c.Info.Description = "Self-hosted document generation: HTML/Handlebars, PDF form and DOCX templates + JSON → PDF. " +
		"Authenticate with an API key in `X-API-Key`, `Authorization: Bearer …` or `Authorization: Api-Key …`."
	c.OpenAPIPath = "/openapi"
	c.DocsPath = ""
	c.SchemasPath = "/schemas"
	// Timestamps are strings in wire.TimeLayout, described as date-time.
	c.Components.Schemas.RegisterTypeAlias(reflect.TypeFor[wire.Time](), reflect.TypeFor[time.Time]())
	registerDecimals(c.Components.Schemas)
	c.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		securityScheme: {Type: "apiKey", In: "header", Name: "X-API-Key", Description: "qk_live_… or qk_test_…; Bearer and Api-Key Authorization headers work too"},
	}
	// Error responses are the {"error":{code,message}} envelope, not problem+json.
	c.Transformers = nil
	// Bodies are the reference's, with no "$schema" member: huma's default
	// create hook (the schema link transformer) is left out, and a Link
	// header (rel="describedBy") names each answer's schema instead.
	c.CreateHooks = nil
	c.Transformers = []huma.Transformer{describedBy}
	return c
}
