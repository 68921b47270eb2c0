// Package metrics holds Quire's Prometheus metrics, one registry per
// process. Every method is safe on a nil *Metrics (recording nothing), so
// services built without metrics (tests, CLI commands) need no setup.
// docs/metrics.md lists each metric.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/quirehq/quire/internal/errs"
)

// Metrics is the process's registry and its metrics.
type Metrics struct {
	reg *prometheus.Registry

	httpRequests  *prometheus.CounterVec
	httpDuration  *prometheus.HistogramVec
	errors        *prometheus.CounterVec
	renders       *prometheus.CounterVec
	renderSeconds *prometheus.HistogramVec
	rendersActive *prometheus.GaugeVec
	jobs          *prometheus.CounterVec
	jobWait       *prometheus.HistogramVec
	jobSeconds    *prometheus.HistogramVec
	webhooks      *prometheus.CounterVec
}

// New registers Quire's metrics and the Go and process collectors.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	seconds := prometheus.ExponentialBuckets(0.005, 2.5, 10) // 5 ms … 19 s
	m := &Metrics{
		reg: reg,
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "quire_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status."}, []string{"route", "method", "status"}),
		httpDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "quire_http_request_duration_seconds",
			Help: "Time to answer an HTTP request, by route pattern and method.", Buckets: seconds}, []string{"route", "method"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "quire_errors_total",
			Help: "Error answers by code (USAGE_LIMIT_EXCEEDED, RATE_LIMITED, RENDER_TIMEOUT…)."}, []string{"code"}),
		renders: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "quire_renders_total",
			Help: "Renders by engine (chromium, libreoffice) and outcome (ok or the error code)."}, []string{"engine", "outcome"}),
		renderSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "quire_render_duration_seconds",
			Help: "Time of one render, by engine.", Buckets: seconds}, []string{"engine"}),
		rendersActive: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "quire_renders_in_flight",
			Help: "Renders running now, by engine (for chromium: browser tabs in use)."}, []string{"engine"}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "quire_jobs_total",
			Help: "Background jobs worked, by kind and outcome (ok, error)."}, []string{"kind", "outcome"}),
		jobWait: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "quire_job_wait_seconds",
			Help: "Time from a job's scheduled time to the start of its work, by kind.", Buckets: seconds}, []string{"kind"}),
		jobSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "quire_job_duration_seconds",
			Help: "Time to work one job, by kind.", Buckets: seconds}, []string{"kind"}),
		webhooks: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "quire_webhook_deliveries_total",
			Help: "Webhook delivery attempts by outcome (delivered, failed)."}, []string{"outcome"}),
	}
	reg.MustRegister(m.httpRequests, m.httpDuration, m.errors, m.renders, m.renderSeconds, m.rendersActive,
		m.jobs, m.jobWait, m.jobSeconds, m.webhooks)
	return m
}

// Gauge registers a gauge read at each scrape (e.g. the job queue's depth).
func (m *Metrics) Gauge(name, help string, read func() float64) {
	if m == nil {
		return
	}
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, read))
}

// Counter registers a counter read at each scrape (e.g. browser restarts).
func (m *Metrics) Counter(name, help string, read func() float64) {
	if m == nil {
		return
	}
	m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, read))
}

// Request records one answered HTTP request; route is the mux pattern
// ("" for none: "unmatched", so junk paths do not make new series).
func (m *Metrics) Request(route, method string, status int, took time.Duration) {
	if m == nil {
		return
	}
	if route == "" || route == "/" {
		route = "unmatched"
	}
	m.httpRequests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.httpDuration.WithLabelValues(route, method).Observe(took.Seconds())
}

// Error records an error answer's code.
func (m *Metrics) Error(code string) {
	if m == nil {
		return
	}
	m.errors.WithLabelValues(code).Inc()
}

// Render starts timing a render of engine; call the result with the
// render's error when it ends (its outcome is "ok" or the error's code).
func (m *Metrics) Render(engine string) func(err error) {
	if m == nil {
		return func(error) {}
	}
	start := time.Now()
	active := m.rendersActive.WithLabelValues(engine)
	active.Inc()
	return func(err error) {
		active.Dec()
		outcome := "ok"
		if err != nil {
			outcome = errs.CodeOf(err)
		}
		m.renders.WithLabelValues(engine, outcome).Inc()
		m.renderSeconds.WithLabelValues(engine).Observe(time.Since(start).Seconds())
	}
}

// Job records one worked job.
func (m *Metrics) Job(kind string, waited, took time.Duration, err error) {
	if m == nil {
		return
	}
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.jobs.WithLabelValues(kind, outcome).Inc()
	m.jobWait.WithLabelValues(kind).Observe(max(waited, 0).Seconds())
	m.jobSeconds.WithLabelValues(kind).Observe(took.Seconds())
}

// WebhookDelivery records one delivery attempt.
func (m *Metrics) WebhookDelivery(delivered bool) {
	if m == nil {
		return
	}
	outcome := "delivered"
	if !delivered {
		outcome = "failed"
	}
	m.webhooks.WithLabelValues(outcome).Inc()
}

// Handler serves the metrics in the Prometheus text format. A non-empty
// token is required as "Authorization: Bearer <token>".
func (m *Metrics) Handler(token string) http.Handler {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	if token == "" {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !bearer(r, token) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":{"code":"UNAUTHORIZED","message":"/metrics needs Authorization: Bearer <QUIRE_METRICS_TOKEN>"}}`))
			return
		}
		h.ServeHTTP(w, r)
	})
}
