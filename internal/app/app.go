// Package app wires Quire together from its configuration: store, blobs,
// engines, domain services and the HTTP API. Commands build an App and use
// the parts they need.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/quirehq/quire/internal/accounts"
	"github.com/quirehq/quire/internal/apikeys"
	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/batches"
	"github.com/quirehq/quire/internal/billing"
	"github.com/quirehq/quire/internal/blob"
	"github.com/quirehq/quire/internal/config"
	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/httpapi"
	"github.com/quirehq/quire/internal/idempotency"
	"github.com/quirehq/quire/internal/invoices"
	"github.com/quirehq/quire/internal/jobs"
	"github.com/quirehq/quire/internal/metrics"
	"github.com/quirehq/quire/internal/plans"
	"github.com/quirehq/quire/internal/projects"
	"github.com/quirehq/quire/internal/ratelimit"
	"github.com/quirehq/quire/internal/render"
	"github.com/quirehq/quire/internal/render/chromium"
	"github.com/quirehq/quire/internal/render/docx"
	"github.com/quirehq/quire/internal/render/frompdf"
	"github.com/quirehq/quire/internal/render/office"
	"github.com/quirehq/quire/internal/reqid"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/store/dbopen"
	"github.com/quirehq/quire/internal/templates"
	"github.com/quirehq/quire/internal/usage"
	"github.com/quirehq/quire/internal/users"
	"github.com/quirehq/quire/internal/webhooks"
)

// Version is set at build time with -ldflags "-X github.com/quirehq/quire/internal/app.Version=…".
var Version = "dev"

// App is a wired Quire instance.
type App struct {
	Config    config.Config
	Logger    *slog.Logger
	Metrics   *metrics.Metrics
	Store     store.Store
	Blobs     *blob.Store
	Signer    *blob.Signer
	Engine    *chromium.Engine // nil until StartRenderer
	Accounts  *accounts.Service
	Keys      *apikeys.Service
	Projects  *projects.Service
	Users     *users.Service
	Auth      *auth.Authenticator
	Templates *templates.Service
	Documents *documents.Service
	Invoices  *invoices.Service
	Batches   *batches.Service
	Jobs      *jobs.Queue
	// Idempotency replays answers to retried POSTs (Idempotency-Key).
	Idempotency *idempotency.Service
	Webhooks    *webhooks.Service

	Plans   *plans.Service
	Usage   *usage.Service
	Billing *billing.Service
	// RateLimits count requests per key, in memory or in Redis.
	RateLimits *ratelimit.Policy
	redis      *redis.Client // nil without QUIRE_REDIS_URL

	office  *office.Converter // nil without LibreOffice
	pdfium  *frompdf.Runtime  // PDF → template conversion (from-pdf)
	printer switchPrinter     // the documents' printer: Chromium once StartRenderer ran

	draining atomic.Bool // set by Drain: /readyz answers 503
}

// Drain marks the process as shutting down: /readyz answers 503 at once,
// so a load balancer stops sending new requests while running ones finish.
func (a *App) Drain() { a.draining.Store(true) }

// errDraining is /readyz's reason while the process shuts down.
var errDraining = errors.New("shutting down: finishing running requests")

// Open connects the store and blob storage and builds the services. It does
// not start a browser: commands that render call StartRenderer.
func Open(ctx context.Context, cfg config.Config, logger *slog.Logger) (*App, error) {
	return open(ctx, cfg, logger, nil)
}

// open builds the App; wrapEvents, when set, wraps the documents' event
// listener (a benchmark times completions with it).
func open(ctx context.Context, cfg config.Config, logger *slog.Logger, wrapEvents func(documents.Events) documents.Events) (*App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	st, err := dbopen.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Logger: logger, Store: st, Metrics: metrics.New()}
	if err := a.openServices(ctx, wrapEvents); err != nil {
		_ = a.Close()
		return nil, err
	}
	return a, nil
}

// openServices builds the services in dependency order, each complete from
// its constructor: people and plans first, then the job queue and the
// webhooks (which documents emit to), the engines, and documents last.
func (a *App) openServices(ctx context.Context, wrapEvents func(documents.Events) documents.Events) error {
	cfg, st := a.Config, a.Store
	if err := a.openBlobs(ctx); err != nil {
		return err
	}
	a.Accounts = accounts.New(st, cfg.DefaultPlan)
	if err := a.openPeople(); err != nil {
		return err
	}
	if err := a.openPlans(ctx); err != nil {
		return err
	}
	if err := a.openJobs(ctx); err != nil {
		return err
	}
	if err := a.openWebhooks(); err != nil {
		return err
	}
	html, word := newHTMLCompiler(cfg), newDOCXEngine(cfg)
	a.Templates = templates.New(templates.Deps{
		Store: st, Blobs: a.Blobs, Projects: a.Projects, ConvertPDF: a.openFromPDF(),
		Kinds: []templates.Kind{
			{Type: templates.TypeHTML, Extensions: []string{".html", ".hbs", ".handlebars", ".htm"}, ContentType: "text/html; charset=utf-8", Analyze: html.analyze},
			{Type: templates.TypePDFForm, Extensions: []string{".pdf"}, ContentType: "application/pdf", MaxBytes: maxPDFBytes, TooLargeCode: errs.PDFTooLarge, Analyze: analyzePDFForm},
			{Type: templates.TypeDOCX, Extensions: []string{".docx"}, ContentType: docxContentType, Analyze: word.analyze},
		},
	})
	var events documents.Events = a.Webhooks
	if wrapEvents != nil {
		events = wrapEvents(events)
	}
	a.Documents = documents.New(documents.Deps{
		Store: st, Blobs: a.Blobs, Signer: a.Signer, Templates: a.Templates, Projects: a.Projects,
		Compile: html.forDocuments, CompileHTML: html.forRawHTML(cfg).forDocuments, MaxHTMLBytes: cfg.MaxHTMLBytes,
		Printer: &a.printer, Pages: render.PageCount,
		FillForm: fillPDFForm, ParseDOCX: word.parse, DOCXToPDF: a.startOffice(), Watermark: watermarkDocument,
		AttachEInvoice: attachFacturX,
		Retention:      cfg.Retention, MaxPages: cfg.MaxPages, RenderTimeout: cfg.RenderTimeout,
		DataLimits: documents.DataLimits{MaxDepth: cfg.MaxDataDepth, MaxItems: cfg.MaxDataItems, MaxBytes: cfg.MaxDataBytes},
		Meter:      a.Usage, Events: events, WithWebhookURL: webhooks.WithRequestURL,
		Jobs: a.Jobs, AsyncAttempts: cfg.AsyncAttempts,
	})
	a.openInvoices()
	if err := a.Documents.RegisterJobs(cfg.RetentionSweep); err != nil {
		return err
	}
	if err := a.openBatches(); err != nil {
		return err
	}
	// Idempotency records live next to the jobs because their sweep is one.
	a.Idempotency = idempotency.New(st)
	return a.Idempotency.RegisterJobs(a.Jobs, time.Hour)
}

// officeLimits bound what the DOCX → PDF converter unpacks: a filled
// template, whose filled parts may reach docx.DefaultMaxOutputBytes on top
// of the template's own size.
var officeLimits = docx.Limits{
	MaxUnpackedBytes: docxPackageLimits.MaxUnpackedBytes + docx.DefaultMaxOutputBytes,
	MaxParts:         docxPackageLimits.MaxParts,
}

// The reference's limit for PDF uploads.
const maxPDFBytes = 32 << 20

const docxContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// startOffice enables DOCX → PDF when LibreOffice is installed; without it
// (nil converter) that option answers a clear error naming the package to
// install.
func (a *App) startOffice() documents.DOCXConverter {
	path := a.Config.SofficePath
	if path == "" {
		p, ok := office.Available()
		if !ok {
			a.Logger.Info("LibreOffice not found: DOCX → PDF conversion is off (apt-get install -y " + office.DebianPackage + ")")
			return nil
		}
		path = p
	}
	c, err := office.NewConverter(office.Options{SofficePath: path, Timeout: a.Config.OfficeTimeout, Limits: officeLimits})
	if err != nil {
		a.Logger.Warn("DOCX → PDF conversion is off", "err", err)
		return nil
	}
	if n := c.Network(); n == office.ProfileOnly {
		a.Logger.Warn("DOCX → PDF: LibreOffice cannot be given a network namespace here (run as root or allow unprivileged user namespaces); "+
			"external references are still stripped and LibreOffice's settings still refuse to fetch", "network", string(n))
	} else {
		a.Logger.Info("DOCX → PDF: LibreOffice runs with no network", "network", string(n))
	}
	a.office = c
	return func(ctx context.Context, docx []byte) ([]byte, error) {
		done := a.Metrics.Render("libreoffice")
		pdf, err := c.ToPDF(ctx, docx)
		done(err)
		if err != nil {
			return nil, officeError(err)
		}
		return pdf, nil
	}
}

func (a *App) openBlobs(ctx context.Context) error {
	loc, err := a.Config.BlobLocation()
	if err != nil {
		return err
	}
	if a.Blobs, err = blob.Open(ctx, loc); err != nil {
		return err
	}
	secret, err := a.Config.SigningSecret()
	if err != nil {
		return err
	}
	a.Signer = &blob.Signer{Key: secret, BaseURL: a.Config.BaseURL(), TTL: a.Config.DownloadTTL}
	return nil
}

// StartRenderer starts Chromium with warm tabs. Printed PDFs are spooled
// in the data dir, on disk (the system's /tmp may be memory).
func (a *App) StartRenderer(ctx context.Context) error {
	spool := a.Config.SpoolDir()
	if err := os.MkdirAll(spool, 0o700); err != nil {
		return fmt.Errorf("create the PDF spool dir: %w", err)
	}
	e, err := chromium.New(ctx, chromium.Options{
		ExecPath: a.Config.ChromiumPath, RemoteURL: a.Config.ChromiumURL, Tabs: a.Config.ChromiumTabs,
		RecycleAfter: a.Config.ChromiumRecycleAfter, RestartAfter: a.Config.ChromiumRestartAfter,
		FreshTabPages: a.Config.ChromiumFreshPages, FreshTabBytes: a.Config.ChromiumFreshBytes,
		RenderTimeout: a.Config.RenderTimeout,
		MaxPages:      a.Config.MaxPages, MaxPDFBytes: a.Config.MaxPDFBytes, SpoolDir: spool,
		Logger: a.Logger.With("component", "browser"),
		// The browser's protocol noise, at debug level on the one logger.
		Logf: func(format string, args ...any) { a.Logger.Debug(fmt.Sprintf(format, args...), "engine", "chromium") },
	})
	if err != nil && a.Config.ChromiumURL != "" {
		return fmt.Errorf("use the remote Chromium of QUIRE_CHROMIUM_URL (is it running, with --remote-debugging-port, and reachable from here?): %w", err)
	}
	if err != nil {
		return fmt.Errorf("start Chromium (install it with `apt-get install chromium` or set QUIRE_CHROMIUM_PATH): %w", err)
	}
	a.Engine = e
	a.UsePrinter(printer{engine: e, metrics: a.Metrics})
	a.Metrics.Gauge("quire_browser_tabs", "Browser tabs (renders at once) configured.", func() float64 { return float64(e.Stats().Tabs) })
	a.Metrics.Gauge("quire_browser_tabs_in_use", "Browser tabs rendering now.", func() float64 { return float64(e.Stats().TabsInUse) })
	a.Metrics.Gauge("quire_browser_up", "1 while a browser serves renders, 0 while it restarts (or a remote browser is being reconnected).", func() float64 {
		if e.Stats().Up {
			return 1
		}
		return 0
	})
	a.Metrics.Counter("quire_browser_restarts_total", "Browsers restarted after a crash (remote browser: connections lost and reconnected).", func() float64 { return float64(e.Stats().Restarts) })
	a.Metrics.Counter("quire_browser_recycles_total", "Browsers restarted after QUIRE_CHROMIUM_RESTART_AFTER renders (remote browser: connection and browser contexts renewed).", func() float64 { return float64(e.Stats().Recycles) })
	a.Metrics.Counter("quire_browser_tab_recycles_total", "Tabs replaced after QUIRE_CHROMIUM_RECYCLE_AFTER renders.", func() float64 { return float64(e.Stats().TabRecycles) })
	a.Metrics.Counter("quire_browser_fresh_tabs_total", "Tabs replaced after a document of QUIRE_CHROMIUM_FRESH_TAB_PAGES or _BYTES.", func() float64 { return float64(e.Stats().FreshTabs) })
	a.Logger.Info("browser ready", "version", e.Version(), "tabs", a.Config.ChromiumTabs, "remote", e.Stats().Remote)
	return nil
}

// blobProbeEvery spaces the write probes of /readyz: at most one small
// object written and deleted per interval, however often it is polled.
const blobProbeEvery = 5 * time.Second

// Handler returns the HTTP API and the web dashboard.
func (a *App) Handler() http.Handler {
	checks := []httpapi.Check{
		{Name: "shutdown", Run: func(context.Context) error {
			if a.draining.Load() {
				return errDraining
			}
			return nil
		}},
		{Name: "database", Run: a.Store.Ping},
		{Name: "blobs", Run: a.Blobs.Ping, Every: blobProbeEvery},
		{Name: "browser", Run: func(ctx context.Context) error {
			if a.Engine == nil {
				return errors.New("not started")
			}
			return a.Engine.Ready(ctx)
		}, Version: func() string {
			if a.Engine == nil {
				return ""
			}
			return a.Engine.Version()
		}},
	}
	return reqid.Middleware(a.withMetrics(a.withDashboard(httpapi.New(httpapi.Deps{
		Version: Version, Metrics: a.Metrics, Auth: a.Auth, Keys: a.Keys, Templates: a.Templates, Documents: a.Documents, Webhooks: a.Webhooks,
		Accounts: a.Accounts, Users: a.Users, Projects: a.Projects, Invoices: a.Invoices, Batches: a.Batches,
		MaxBatchBytes: a.Config.MaxBatchBytes,
		Idempotency:   a.Idempotency,
		Blobs:         a.Blobs, Signer: a.Signer, Checks: checks,
		MaxBodyBytes: a.Config.MaxBodyBytes, MaxUploadBytes: a.Config.MaxUploadBytes, MaxTemplateBytes: int64(a.Config.MaxTemplateBytes),
		MaxHTMLBytes: int64(a.Config.MaxHTMLBytes), MaxDataBytes: a.Config.MaxDataBytes, Logger: a.Logger,
		Usage: a.Usage, Billing: a.Billing, RateLimits: a.RateLimits,
	}))))
}

// withMetrics serves /metrics on the API address when a token is set and
// no separate metrics address is (see MetricsHandler).
func (a *App) withMetrics(next http.Handler) http.Handler {
	if a.Config.MetricsToken == "" || a.Config.MetricsAddr != "" {
		return next
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.Metrics.Handler(a.Config.MetricsToken))
	mux.Handle("/", next)
	return mux
}

// MetricsHandler serves /metrics alone, for QUIRE_METRICS_ADDR.
func (a *App) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.Metrics.Handler(a.Config.MetricsToken))
	return mux
}

// Close stops the browser and releases the store and blobs.
func (a *App) Close() error {
	var errList []error
	if a.Engine != nil {
		errList = append(errList, a.Engine.Close())
	}
	if a.office != nil {
		errList = append(errList, a.office.Close())
	}
	if a.pdfium != nil {
		errList = append(errList, a.pdfium.Close())
	}
	if a.Blobs != nil {
		errList = append(errList, a.Blobs.Close())
	}
	if a.redis != nil {
		errList = append(errList, a.redis.Close())
	}
	errList = append(errList, a.Store.Close())
	return errors.Join(errList...)
}
