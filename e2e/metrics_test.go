package e2e

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/testenv"
)

// TestMetrics scrapes /metrics after real traffic: requests by route and
// status, error codes, renders, jobs, webhook deliveries and the browser's
// tabs, behind a bearer token.
func TestMetrics(t *testing.T) {
	token := "metrics-token-for-the-e2e-test"
	s := startServer(t, append(hookServerEnv, "QUIRE_METRICS_TOKEN="+token)...)
	account := "metrics@example.com"
	key := s.newKey(t, account, "live")
	s.setPlan(t, account, "pro")
	rcv := newHookReceiver(t)
	s.createHook(t, key, rcv.URL+"/hook")

	wantError(t, s.call(t, "GET", "/metrics", "", nil), 401, "UNAUTHORIZED")
	wantError(t, s.call(t, "GET", "/metrics", "", nil, "Authorization", "Bearer wrong"), 401, "UNAUTHORIZED")

	wantStatus(t, s.call(t, "POST", "/v1/documents/generate", key, map[string]any{"html": "<p>one</p>"}), 201)
	task := accept(t, s, key, "/v1/documents/generate", map[string]any{"html": "<p>two</p>", "options": map[string]any{"async": true}})
	awaitTask(t, s, key, task["check_status_url"].(string), 30)
	rcv.requests(t, 2) // both documents' completed events
	wantStatus(t, s.call(t, "GET", "/no/such/path/x1", key, nil), 404)
	wantStatus(t, s.call(t, "GET", "/v1/templates/tpl_0000000000000000", key, nil), 404)

	var text string
	waitFor(t, 15, func() bool { // the webhook job records its attempt after the POST
		text = scrape(t, s.URL+"/metrics", token)
		return sample(text, "quire_webhook_deliveries_total", `outcome="delivered"`) >= 2
	})
	checks := []struct {
		name   string
		labels []string
		min    float64
	}{
		{"quire_http_requests_total", []string{`route="POST /v1/documents/generate"`, `status="201"`}, 1},
		{"quire_http_requests_total", []string{`route="POST /v1/documents/generate"`, `status="202"`}, 1},
		{"quire_http_requests_total", []string{`route="GET /v1/templates/{id}"`, `status="404"`}, 1},
		{"quire_http_requests_total", []string{`route="unmatched"`, `status="404"`}, 1},
		{"quire_http_request_duration_seconds_count", []string{`route="POST /v1/documents/generate"`}, 2},
		{"quire_errors_total", []string{`code="NOT_FOUND"`}, 1},
		{"quire_errors_total", []string{`code="TEMPLATE_NOT_FOUND"`}, 1},
		{"quire_renders_total", []string{`engine="chromium"`, `outcome="ok"`}, 2},
		{"quire_render_duration_seconds_count", []string{`engine="chromium"`}, 2},
		{"quire_jobs_total", []string{`outcome="ok"`}, 3},
		{"quire_job_wait_seconds_count", nil, 3},
		{"quire_webhook_deliveries_total", []string{`outcome="delivered"`}, 2},
		{"quire_browser_tabs", nil, 1},
		{"quire_browser_up", nil, 1},
		{"quire_browser_restarts_total", nil, 0},
		{"quire_jobs_ready", nil, 0},
		{"process_resident_memory_bytes", nil, 1},
	}
	for _, c := range checks {
		if v := sample(text, c.name, c.labels...); v < c.min {
			t.Errorf("%s%v = %v, want ≥ %v; scraped:\n%s", c.name, c.labels, v, c.min, grepLines(text, c.name))
		}
	}
	if strings.Contains(text, "/no/such/path") || strings.Contains(text, "tpl_0000000000000000") {
		t.Error("raw paths or ids in the metrics: series must be per route pattern")
	}
}

// TestMetricsOnTheirOwnAddress: QUIRE_METRICS_ADDR serves /metrics there
// (no token needed) and not on the API address.
func TestMetricsOnTheirOwnAddress(t *testing.T) {
	addr := testenv.FreeAddr(t)
	s := startServer(t, "QUIRE_METRICS_ADDR="+addr)
	wantStatus(t, s.call(t, "GET", "/metrics", "", nil), 404)
	if text := scrape(t, "http://"+addr+"/metrics", ""); sample(text, "quire_browser_tabs") < 1 {
		t.Fatalf("metrics address serves no browser gauge:\n%.500s", text)
	}
}

func scrape(t *testing.T, url, token string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	r := do(t, req)
	wantStatus(t, r, 200)
	return string(r.Body)
}

// sample sums the samples of metric name whose labels contain every one
// given (k="v"); -1 when there is none.
func sample(text, name string, labels ...string) float64 {
	sum, found := 0.0, false
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ') // label values may hold spaces
		if i < 0 {
			continue
		}
		series, value := line[:i], line[i+1:]
		metric, lbls, _ := strings.Cut(series, "{")
		if metric != name {
			continue
		}
		match := true
		for _, l := range labels {
			match = match && strings.Contains(lbls, l)
		}
		if v, err := strconv.ParseFloat(strings.TrimSpace(value), 64); match && err == nil {
			sum, found = sum+v, true
		}
	}
	if !found {
		return -1
	}
	return sum
}

// grepLines is the lines of text that mention name.
func grepLines(text, name string) string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, name) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
