// Package config holds every setting of Quire. Each setting is a command-line
// flag and a QUIRE_* environment variable of the same name; every default
// serves one machine with nothing installed but Chromium.
package config

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/http/httpguts"
)

// Config is the whole configuration of a Quire process.
type Config struct {
	Addr        string // QUIRE_ADDR
	PublicURL   string // QUIRE_PUBLIC_URL: base of links handed to clients; "" = http://Addr
	DataDir     string // QUIRE_DATA_DIR
	DatabaseURL string // QUIRE_DATABASE_URL: "" = SQLite in DataDir, or postgres://…
	BlobURL     string // QUIRE_BLOB_URL: "" = file://DataDir/blobs, or s3://bucket?…
	SigningKey  string // QUIRE_SIGNING_KEY: HMAC key of download URLs; "" = generated once into DataDir

	ChromiumPath         string        // QUIRE_CHROMIUM_PATH: "" = found on PATH
	ChromiumURL          string        // QUIRE_CHROMIUM_URL: a Chromium running elsewhere (ws://host:port/devtools/browser/… or http://host:port); "" = start one here
	ChromiumTabs         int           // QUIRE_CHROMIUM_TABS: concurrent HTML renders
	ChromiumRecycleAfter int           // QUIRE_CHROMIUM_RECYCLE_AFTER: a tab (its renderer process) is replaced after at most this many renders, one tab at a time
	ChromiumRestartAfter int           // QUIRE_CHROMIUM_RESTART_AFTER: the whole browser restarts after this many renders; 0 = 20 × recycle-after, negative = never
	ChromiumFreshPages   int           // QUIRE_CHROMIUM_FRESH_TAB_PAGES: a tab is replaced after a document of this many pages; 0 = never
	ChromiumFreshBytes   int64         // QUIRE_CHROMIUM_FRESH_TAB_BYTES: … or of a PDF this large; 0 = never
	RenderTimeout        time.Duration // QUIRE_RENDER_TIMEOUT
	LogFormat            string        // QUIRE_LOG_FORMAT: text or json
	MetricsToken         string        // QUIRE_METRICS_TOKEN: /metrics on the API address needs "Authorization: Bearer <token>"; "" = not served there
	MetricsAddr          string        // QUIRE_METRICS_ADDR: serve /metrics on this address instead (for a private network), token checked when set
	DrainDelay           time.Duration // QUIRE_DRAIN_DELAY: on SIGTERM, keep serving this long with /readyz at 503, so load balancers stop sending new requests
	DrainTimeout         time.Duration // QUIRE_DRAIN_TIMEOUT: then wait at most this long for running requests and jobs; 0 = render timeout + 5 s

	SofficePath   string        // QUIRE_SOFFICE_PATH: LibreOffice for DOCX → PDF; "" = found on PATH
	OfficeTimeout time.Duration // QUIRE_OFFICE_TIMEOUT: limit of one DOCX → PDF conversion

	Signup        bool          // QUIRE_SIGNUP: anyone may create an account with POST /v1/auth/signup
	JWTSecret     string        // QUIRE_JWT_SECRET: HS256 key of people's JWTs; "" = generated once into DataDir
	JWTAccessTTL  time.Duration // QUIRE_JWT_ACCESS_TTL: lifetime of access tokens
	JWTRefreshTTL time.Duration // QUIRE_JWT_REFRESH_TTL: lifetime of refresh tokens
	MaxAPIKeys    int           // QUIRE_MAX_API_KEYS: active API keys per account; 0 = no limit

	KeyPrefix      string        // QUIRE_KEY_PREFIX: "qk" gives qk_live_… and qk_test_…
	MaxBodyBytes   int64         // QUIRE_MAX_BODY_BYTES: JSON request bodies (document routes take room for the HTML and data limits JSON-escaped)
	MaxUploadBytes int64         // QUIRE_MAX_UPLOAD_BYTES: template uploads
	MaxPages       int           // QUIRE_MAX_PAGES: pages of one generated document
	MaxPDFBytes    int64         // QUIRE_MAX_PDF_BYTES: size of one PDF that Chromium prints
	AIURL          string        // QUIRE_AI_URL: OpenAI-compatible chat endpoint that may improve from-pdf's names; "" = off
	AIModel        string        // QUIRE_AI_MODEL: model name sent to QUIRE_AI_URL
	AIKey          string        // QUIRE_AI_KEY: bearer token for QUIRE_AI_URL
	FromPDFIdle    time.Duration // QUIRE_FROMPDF_IDLE: PDFium is closed (its memory freed) after this long unused; 0 = kept

	// Bounds of HTML templates and their data, checked before any deep work
	// (see docs/security.md).
	MaxTemplateBytes  int           // QUIRE_MAX_TEMPLATE_BYTES: HTML/Handlebars source (upload, PUT, raw html)
	MaxTemplateDepth  int           // QUIRE_MAX_TEMPLATE_DEPTH: blocks, {{else if}} links and subexpressions nested
	MaxTemplatePath   int           // QUIRE_MAX_TEMPLATE_PATH: segments of one path (a.b.c, ../../x)
	MaxTemplateFields int           // QUIRE_MAX_TEMPLATE_FIELDS: distinct fields of one template
	MaxHTMLBytes      int           // QUIRE_MAX_HTML_BYTES: raw html a request sends, and HTML one render may produce
	MaxDataBytes      int64         // QUIRE_MAX_DATA_BYTES: request data, as decoded (JSON escaping does not count)
	MaxDataDepth      int           // QUIRE_MAX_DATA_DEPTH: nesting of objects and arrays in request data
	MaxDataItems      int           // QUIRE_MAX_DATA_ITEMS: elements of one array in request data
	MaxBatchItems     int           // QUIRE_MAX_BATCH_ITEMS: items of one batch
	MaxBatchBytes     int64         // QUIRE_MAX_BATCH_BYTES: request body of POST /v1/batches (JSON or an items file)
	BatchChunk        int           // QUIRE_BATCH_CHUNK: items of one batch job
	DownloadTTL       time.Duration // QUIRE_DOWNLOAD_TTL: lifetime of signed download URLs
	Retention         time.Duration // QUIRE_RETENTION: operator's cap on every document's lifetime; 0 (default) = plans decide (enterprise keeps forever)

	Workers        int           // QUIRE_WORKERS: background jobs (async renders, webhooks) this process works at once; 0 = none
	RetentionSweep time.Duration // QUIRE_RETENTION_SWEEP: how often expired documents are removed
	AsyncAttempts  int           // QUIRE_ASYNC_ATTEMPTS: runs of an async render before it is failed
	JobRetryBase   time.Duration // QUIRE_JOB_RETRY_BASE: wait before a failed job's first retry; doubles each time
	JobRescueAfter time.Duration // QUIRE_JOB_RESCUE_AFTER: a job running this long is taken as abandoned (its process died) and run again; 0 = job timeout + 1 min

	// QUIRE_EGRESS_ALLOW: host names, IPs and CIDRs (comma-separated) that
	// webhooks may reach although they are not public, over http too.
	EgressAllow string
	// QUIRE_WEBHOOK_RETRY_SCHEDULE: waits before each retry of a failed
	// delivery, e.g. "5s,5m,30m"; after the last one the delivery fails.
	WebhookRetrySchedule []time.Duration
	WebhookDisableAfter  time.Duration // QUIRE_WEBHOOK_DISABLE_AFTER: an endpoint all of whose attempts failed this long is disabled
	WebhookTimeout       time.Duration // QUIRE_WEBHOOK_TIMEOUT: limit of one delivery POST
	// QUIRE_WEBHOOK_SIGNATURE_HEADER: name of the sha256=<hex> signature
	// header of deliveries (a receiver written for the reference checks its own)
	WebhookSignatureHeader string

	// QUIRE_PLANS: plan overrides and additions, a JSON object of plan name
	// → {monthly_documents, retention_days, rate_limit, api_access,
	// stripe_price}, inline or "@/path/file.json" (see internal/plans).
	Plans             string
	DefaultPlan       string // QUIRE_DEFAULT_PLAN: plan of accounts created by the CLI
	SignupPlan        string // QUIRE_SIGNUP_PLAN: plan of accounts created by sign-up
	SandboxDailyLimit int    // QUIRE_SANDBOX_DAILY_LIMIT: documents per account per UTC day with test keys
	SandboxRateLimit  int    // QUIRE_SANDBOX_RATE_LIMIT: requests per minute per test key
	RedisURL          string // QUIRE_REDIS_URL: redis://… to share rate limits between processes; "" = in memory
	StripeKey         string // QUIRE_STRIPE_KEY: Stripe secret key; "" = billing off
	StripeWebhookKey  string // QUIRE_STRIPE_WEBHOOK_SECRET: whsec_… that signs Stripe's webhooks
	StripeAPIURL      string // QUIRE_STRIPE_API_URL: Stripe API base, e.g. a stripe-mock; "" = Stripe's
	BillingReturnURL  string // QUIRE_BILLING_RETURN_URL: where Stripe sends users back; "" = the public URL
	// QUIRE_PREVIEW_RATE_LIMIT: live previews per minute per person in the
	// dashboard's template editor (previews render but are not documents).
	PreviewRateLimit int
}

// Defaults returns the embedded defaults.
func Defaults() Config {
	return Config{
		Addr:                 "127.0.0.1:8080",
		DataDir:              "./data",
		ChromiumTabs:         2,
		ChromiumRecycleAfter: 500,
		ChromiumFreshPages:   50,
		ChromiumFreshBytes:   8 << 20,
		RenderTimeout:        30 * time.Second,
		LogFormat:            "text",
		FromPDFIdle:          5 * time.Minute,
		OfficeTimeout:        60 * time.Second,
		KeyPrefix:            "qk",
		MaxAPIKeys:           10,
		Signup:               true,
		JWTAccessTTL:         5 * time.Minute,
		JWTRefreshTTL:        24 * time.Hour,
		MaxBodyBytes:         10 << 20,
		MaxUploadBytes:       40 << 20, // above the 32 MB PDF limit, so PDF_TOO_LARGE can answer
		MaxPages:             1000,
		MaxTemplateBytes:     2 << 20,
		MaxTemplateDepth:     100,
		MaxTemplatePath:      32,
		MaxTemplateFields:    2000,
		MaxHTMLBytes:         8 << 20,
		MaxDataBytes:         10 << 20,
		MaxDataDepth:         64,
		MaxDataItems:         100000,
		MaxBatchItems:        10000,
		MaxBatchBytes:        64 << 20,
		BatchChunk:           128,
		MaxPDFBytes:          100 << 20,
		DownloadTTL:          24 * time.Hour,
		Workers:              2,
		RetentionSweep:       time.Minute,
		AsyncAttempts:        5,
		JobRetryBase:         time.Second,
		WebhookRetrySchedule: []time.Duration{
			5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour,
		},
		WebhookDisableAfter:    5 * 24 * time.Hour,
		WebhookTimeout:         10 * time.Second,
		WebhookSignatureHeader: "X-Quire-Signature",
		// Self-hosted: the accounts an operator makes are not limited
		// unless they choose a plan (or set QUIRE_DEFAULT_PLAN=free).
		DefaultPlan:       "enterprise",
		SignupPlan:        "free",
		SandboxDailyLimit: 60,
		SandboxRateLimit:  60,
		PreviewRateLimit:  120,
	}
}

// SpoolDir is where printed PDFs and batch results are written on their
// way to storage: on disk in the data dir (the system's /tmp may be memory).
func (c Config) SpoolDir() string { return filepath.Join(c.DataDir, "spool") }

// BaseURL is the URL clients reach this server at, without a trailing slash.
func (c Config) BaseURL() string {
	if c.PublicURL != "" {
		return strings.TrimRight(c.PublicURL, "/")
	}
	return "http://" + c.Addr
}

// DrainGrace is how long a stopping process waits for running requests
// and jobs.
func (c Config) DrainGrace() time.Duration {
	if c.DrainTimeout > 0 {
		return c.DrainTimeout
	}
	return c.RenderTimeout + 5*time.Second
}

// BlobLocation returns the blob bucket URL, defaulting to a folder in DataDir.
func (c Config) BlobLocation() (string, error) {
	if c.BlobURL != "" {
		return c.BlobURL, nil
	}
	dir, err := filepath.Abs(filepath.Join(c.DataDir, "blobs"))
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("config: create blob dir: %w", err)
	}
	return "file://" + filepath.ToSlash(dir) + "?no_tmp_dir=true&metadata=skip", nil
}

// Validate reports settings that cannot work.
func (c Config) Validate() error {
	switch {
	case c.Addr == "":
		return fmt.Errorf("config: addr is empty")
	case c.ChromiumTabs < 1:
		return fmt.Errorf("config: chromium-tabs must be at least 1")
	case c.ChromiumURL != "" && !validBrowserURL(c.ChromiumURL):
		return fmt.Errorf("config: QUIRE_CHROMIUM_URL must be ws://host:port/devtools/browser/… or http://host:port")
	case c.ChromiumRecycleAfter < 1:
		return fmt.Errorf("config: chromium-recycle-after must be at least 1")
	case c.ChromiumFreshPages < 0 || c.ChromiumFreshBytes < 0:
		return fmt.Errorf("config: chromium-fresh-tab-pages and chromium-fresh-tab-bytes must not be negative")
	case c.LogFormat != "text" && c.LogFormat != "json":
		return fmt.Errorf("config: QUIRE_LOG_FORMAT must be text or json, not %q", c.LogFormat)
	case c.RenderTimeout <= 0:
		return fmt.Errorf("config: render-timeout must be positive")
	case c.MaxBodyBytes < 1024 || c.MaxUploadBytes < 1024:
		return fmt.Errorf("config: body and upload limits must be at least 1 KiB")
	case c.Workers < 0 || c.AsyncAttempts < 1:
		return fmt.Errorf("config: workers must not be negative and async-attempts must be at least 1")
	case c.RetentionSweep <= 0 || c.JobRetryBase <= 0 || c.JobRescueAfter < 0:
		return fmt.Errorf("config: retention-sweep and job-retry-base must be positive, job-rescue-after not negative")
	case c.MaxPages < 1:
		return fmt.Errorf("config: max-pages must be at least 1")
	case c.MaxTemplateBytes < 1024 || c.MaxHTMLBytes < 1024 || c.MaxDataBytes < 1024:
		return fmt.Errorf("config: max-template-bytes, max-html-bytes and max-data-bytes must be at least 1 KiB")
	case c.MaxTemplateDepth < 1 || c.MaxTemplatePath < 1 || c.MaxTemplateFields < 1 || c.MaxDataDepth < 1 || c.MaxDataItems < 1:
		return fmt.Errorf("config: max-template-depth, -path, -fields, max-data-depth and max-data-items must be at least 1")
	case c.MaxBatchItems < 1 || c.BatchChunk < 1 || c.MaxBatchBytes < 1024:
		return fmt.Errorf("config: max-batch-items and batch-chunk must be at least 1, max-batch-bytes at least 1 KiB")
	case c.MaxPDFBytes < 1024:
		return fmt.Errorf("config: max-pdf-bytes must be at least 1 KiB")
	case c.WebhookDisableAfter <= 0 || c.WebhookTimeout <= 0:
		return fmt.Errorf("config: webhook-disable-after and webhook-timeout must be positive")
	case !httpguts.ValidHeaderFieldName(c.WebhookSignatureHeader):
		return fmt.Errorf("config: webhook-signature-header %q is not a valid header name", c.WebhookSignatureHeader)
	case slices.ContainsFunc(c.WebhookRetrySchedule, func(d time.Duration) bool { return d <= 0 }):
		return fmt.Errorf("config: every wait of webhook-retry-schedule must be positive")
	case c.MaxAPIKeys < 0:
		return fmt.Errorf("config: max-api-keys must not be negative")
	case c.JWTAccessTTL <= 0 || c.JWTRefreshTTL <= 0:
		return fmt.Errorf("config: jwt-access-ttl and jwt-refresh-ttl must be positive")
	case c.JWTSecret != "" && len(c.JWTSecret) < 32:
		return fmt.Errorf("config: jwt-secret must be at least 32 characters")
	case c.SandboxDailyLimit < 1 || c.SandboxRateLimit < 1:
		return fmt.Errorf("config: sandbox-daily-limit and sandbox-rate-limit must be at least 1")
	case c.PreviewRateLimit < 1:
		return fmt.Errorf("config: preview-rate-limit must be at least 1")
	case c.Retention < 0:
		return fmt.Errorf("config: retention must not be negative")
	case c.KeyPrefix == "" || strings.ContainsAny(c.KeyPrefix, "_ "):
		return fmt.Errorf("config: key-prefix must be non-empty and contain no '_' or space")
	}
	return nil
}

// validBrowserURL accepts a DevTools websocket or HTTP endpoint with a host.
func validBrowserURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "ws", "wss", "http", "https":
		return true
	}
	return false
}
