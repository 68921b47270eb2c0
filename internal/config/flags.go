package config

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// Bind registers every setting on fs as a flag whose default is the value of
// its QUIRE_* environment variable when set, so flags and environment are one
// mechanism. The returned check reports malformed environment values and
// invalid settings; call it after parsing flags.
func (c *Config) Bind(fs *pflag.FlagSet) (check func() error) {
	var bad []string
	str := func(s string) (string, error) { return s, nil }
	i64 := func(s string) (int64, error) { return strconv.ParseInt(s, 10, 64) }

	bind(fs, &bad, &c.Addr, "addr", "address to listen on", str, fs.StringVar)
	bind(fs, &bad, &c.PublicURL, "public-url", "base URL clients use to reach this server (default http://<addr>)", str, fs.StringVar)
	bind(fs, &bad, &c.DataDir, "data-dir", "directory for the embedded database, blobs and generated secrets", str, fs.StringVar)
	bind(fs, &bad, &c.DatabaseURL, "database-url", "postgres://… to use PostgreSQL; empty for SQLite in the data dir", str, fs.StringVar)
	bind(fs, &bad, &c.BlobURL, "blob-url", "blob bucket URL (file:///dir or s3://bucket?…); empty for <data-dir>/blobs", str, fs.StringVar)
	bind(fs, &bad, &c.SigningKey, "signing-key", "HMAC key for download URLs; empty to generate one in the data dir", str, fs.StringVar)
	bind(fs, &bad, &c.ChromiumPath, "chromium-path", "Chromium binary; empty to search PATH", str, fs.StringVar)
	bind(fs, &bad, &c.ChromiumURL, "chromium-url", "a Chromium running elsewhere to render on: its DevTools websocket (ws://host:port/devtools/browser/…) or HTTP endpoint (http://host:port); empty to start one here", str, fs.StringVar)
	bind(fs, &bad, &c.ChromiumTabs, "chromium-tabs", "warm Chromium tabs, i.e. concurrent HTML renders", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.ChromiumRecycleAfter, "chromium-recycle-after", "replace a Chromium tab (its renderer process) after at most this many renders, one tab at a time", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.ChromiumRestartAfter, "chromium-restart-after", "restart the whole browser after this many renders (0 = 20 × recycle-after, negative = never)", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.ChromiumFreshPages, "chromium-fresh-tab-pages", "replace the tab after a document of this many pages, freeing what it grew (0 = never)", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.ChromiumFreshBytes, "chromium-fresh-tab-bytes", "replace the tab after a PDF of this many bytes (0 = never)", i64, fs.Int64Var)
	bind(fs, &bad, &c.MetricsToken, "metrics-token", "serve /metrics on the API address to callers with this bearer token (empty = not there)", str, fs.StringVar)
	bind(fs, &bad, &c.MetricsAddr, "metrics-addr", "serve /metrics on this address (e.g. a private interface) instead of the API address", str, fs.StringVar)
	bind(fs, &bad, &c.LogFormat, "log-format", "log lines as text or json", str, fs.StringVar)
	bind(fs, &bad, &c.RenderTimeout, "render-timeout", "time limit of one render", time.ParseDuration, fs.DurationVar)
	bind(fs, &bad, &c.DrainDelay, "drain-delay", "on SIGTERM, keep serving this long with /readyz at 503 so load balancers stop sending new requests", time.ParseDuration, fs.DurationVar)
	bind(fs, &bad, &c.DrainTimeout, "drain-timeout", "on SIGTERM, wait at most this long for running requests and jobs (0 = render timeout + 5s)", time.ParseDuration, fs.DurationVar)
	bind(fs, &bad, &c.SofficePath, "soffice-path", "LibreOffice binary for DOCX → PDF; empty to search PATH", str, fs.StringVar)
	bind(fs, &bad, &c.OfficeTimeout, "office-timeout", "time limit of one DOCX → PDF conversion", time.ParseDuration, fs.DurationVar)
	bind(fs, &bad, &c.KeyPrefix, "key-prefix", "prefix of API keys (<prefix>_live_…)", str, fs.StringVar)
	bind(fs, &bad, &c.MaxAPIKeys, "max-api-keys", "most active API keys per account (0 = no limit)", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.Signup, "signup", "let anyone create an account with POST /v1/auth/signup", strconv.ParseBool, fs.BoolVar)
	bind(fs, &bad, &c.JWTSecret, "jwt-secret", "HS256 key of people's JWTs (32+ characters); empty to generate one in the data dir", str, fs.StringVar)
	bind(fs, &bad, &c.JWTAccessTTL, "jwt-access-ttl", "lifetime of JWT access tokens", time.ParseDuration, fs.DurationVar)
	bind(fs, &bad, &c.JWTRefreshTTL, "jwt-refresh-ttl", "lifetime of JWT refresh tokens", time.ParseDuration, fs.DurationVar)
	bind(fs, &bad, &c.MaxBodyBytes, "max-body-bytes", "largest JSON request body, in bytes (document routes take room for the HTML and data limits JSON-escaped)", i64, fs.Int64Var)
	bind(fs, &bad, &c.MaxUploadBytes, "max-upload-bytes", "largest template upload, in bytes", i64, fs.Int64Var)
	bind(fs, &bad, &c.MaxPages, "max-pages", "most pages of one generated document (Chromium stops printing past it)", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.MaxPDFBytes, "max-pdf-bytes", "largest PDF that Chromium may print, in bytes", i64, fs.Int64Var)
	bind(fs, &bad, &c.MaxTemplateBytes, "max-template-bytes", "largest HTML/Handlebars template (upload, update or raw html), in bytes", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.MaxTemplateDepth, "max-template-depth", "most blocks, {{else if}} links and subexpressions nested in a template", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.MaxTemplatePath, "max-template-path", "most segments of one template path (a.b.c, ../../x)", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.MaxTemplateFields, "max-template-fields", "most distinct fields of one template", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.MaxHTMLBytes, "max-html-bytes", "largest raw html a request may send, and largest HTML one render may produce, in bytes", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.MaxDataBytes, "max-data-bytes", "largest request data, in bytes as decoded (JSON escaping does not count)", i64, fs.Int64Var)
	bind(fs, &bad, &c.MaxDataDepth, "max-data-depth", "most nested objects and arrays in request data", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.MaxDataItems, "max-data-items", "most elements of one array in request data", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.MaxBatchItems, "max-batch-items", "most items of one batch (POST /v1/batches)", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.MaxBatchBytes, "max-batch-bytes", "largest request body of POST /v1/batches (JSON items or an items file), in bytes", i64, fs.Int64Var)
	bind(fs, &bad, &c.BatchChunk, "batch-chunk", "items of a batch one job renders (a retried job skips the items it already made)", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.FromPDFIdle, "frompdf-idle", "close PDFium (from-pdf) after this long unused, freeing its memory; 0 = keep it", time.ParseDuration, fs.DurationVar)
	bind(fs, &bad, &c.AIURL, "ai-url", "OpenAI-compatible chat completions URL that may improve from-pdf's field names, type and summary; empty = off (offline)", str, fs.StringVar)
	bind(fs, &bad, &c.AIModel, "ai-model", "model name sent to the AI URL", str, fs.StringVar)
	bind(fs, &bad, &c.AIKey, "ai-key", "bearer token for the AI URL", str, fs.StringVar)
	bind(fs, &bad, &c.DownloadTTL, "download-ttl", "lifetime of signed download URLs", time.ParseDuration, fs.DurationVar)
	bind(fs, &bad, &c.Retention, "retention", "cap on how long any document is kept, whatever its plan (0 = no cap: plans decide, enterprise keeps forever)", time.ParseDuration, fs.DurationVar)
	bind(fs, &bad, &c.EgressAllow, "egress-allow", "host names, IPs and CIDRs (comma-separated) webhooks may reach although not public, over http too", str, fs.StringVar)
	bind(fs, &bad, &c.WebhookRetrySchedule, "webhook-retry-schedule", "waits before each retry of a failed webhook delivery (comma-separated durations)", durations, fs.DurationSliceVar)
	bind(fs, &bad, &c.WebhookDisableAfter, "webhook-disable-after", "disable a webhook endpoint all of whose attempts failed for this long", time.ParseDuration, fs.DurationVar)
	bind(fs, &bad, &c.WebhookTimeout, "webhook-timeout", "time limit of one webhook delivery POST", time.ParseDuration, fs.DurationVar)
	bind(fs, &bad, &c.WebhookSignatureHeader, "webhook-signature-header", "header of the sha256=<hex> signature of webhook deliveries (e.g. X-PDFForge-Signature for receivers written for the reference)", str, fs.StringVar)
	bind(fs, &bad, &c.Workers, "workers", "background jobs (async renders, webhooks) worked at once by `serve`; 0 = none (run `quire worker`)", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.RetentionSweep, "retention-sweep", "how often expired documents are removed", time.ParseDuration, fs.DurationVar)
	bind(fs, &bad, &c.AsyncAttempts, "async-attempts", "runs of an async render before it is marked failed", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.JobRetryBase, "job-retry-base", "wait before a failed job's first retry (doubles each retry)", time.ParseDuration, fs.DurationVar)
	bind(fs, &bad, &c.JobRescueAfter, "job-rescue-after", "run a job again when it has been running this long (its process died); 0 = 2 × render timeout + office timeout + 70s", time.ParseDuration, fs.DurationVar)
	bind(fs, &bad, &c.Plans, "plans", "plan overrides: JSON {\"free\": {\"monthly_documents\": 100, \"retention_days\": 7, \"rate_limit\": 60, \"api_access\": true, \"stripe_price\": \"price_…\"}} or @file.json", str, fs.StringVar)
	bind(fs, &bad, &c.DefaultPlan, "default-plan", "plan of accounts created by the CLI", str, fs.StringVar)
	bind(fs, &bad, &c.SignupPlan, "signup-plan", "plan of accounts created by sign-up", str, fs.StringVar)
	bind(fs, &bad, &c.SandboxDailyLimit, "sandbox-daily-limit", "documents per account per UTC day with test keys", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.SandboxRateLimit, "sandbox-rate-limit", "requests per minute per test key", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.RedisURL, "redis-url", "redis://… to share rate limits between processes; empty keeps them in memory", str, fs.StringVar)
	bind(fs, &bad, &c.StripeKey, "stripe-key", "Stripe secret key; empty turns billing off", str, fs.StringVar)
	bind(fs, &bad, &c.StripeWebhookKey, "stripe-webhook-secret", "signing secret (whsec_…) of Stripe's webhooks", str, fs.StringVar)
	bind(fs, &bad, &c.StripeAPIURL, "stripe-api-url", "Stripe API base URL (e.g. a stripe-mock); empty for Stripe's", str, fs.StringVar)
	bind(fs, &bad, &c.PreviewRateLimit, "preview-rate-limit", "live template previews per minute per person in the dashboard", strconv.Atoi, fs.IntVar)
	bind(fs, &bad, &c.BillingReturnURL, "billing-return-url", "where Stripe Checkout and the portal send users back; empty for the public URL", str, fs.StringVar)

	return func() error {
		if len(bad) > 0 {
			return fmt.Errorf("config: malformed environment values: %s", strings.Join(bad, ", "))
		}
		return c.Validate()
	}
}

// bind takes p's default from the environment when set, then registers the flag.
func bind[T any](fs *pflag.FlagSet, bad *[]string, p *T, flag, usage string,
	parse func(string) (T, error), register func(*T, string, T, string)) {
	name := EnvName(flag)
	if raw, ok := os.LookupEnv(name); ok {
		if v, err := parse(raw); err != nil {
			*bad = append(*bad, name)
		} else {
			*p = v
		}
	}
	register(p, flag, *p, usage+" (env "+name+")")
}

// EnvName is the environment variable of a flag: "render-timeout" → QUIRE_RENDER_TIMEOUT.
func EnvName(flag string) string {
	return "QUIRE_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// durations parses a comma-separated list of durations ("5s,5m"); an empty
// string is an empty list.
func durations(s string) ([]time.Duration, error) {
	out := []time.Duration{}
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		d, err := time.ParseDuration(part)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}
