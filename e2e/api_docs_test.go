package e2e

import (
	"strings"
	"testing"
)

func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	r := shared.call(t, "GET", "/openapi.json", "", nil)
	wantStatus(t, r, 200)
	spec := r.json(t)
	if v, _ := spec["openapi"].(string); !strings.HasPrefix(v, "3.1") {
		t.Fatalf("openapi version %v", spec["openapi"])
	}
	paths := spec["paths"].(map[string]any)
	for path, methods := range map[string][]string{
		"/v1/api-keys":                      {"get", "post"},
		"/v1/api-keys/{id}":                 {"delete"},
		"/v1/templates":                     {"get", "post"},
		"/v1/templates/{id}":                {"get", "put", "delete"},
		"/v1/templates/{id}/fields":         {"get", "put"},
		"/v1/templates/{id}/content":        {"get"},
		"/v1/documents":                     {"get"},
		"/v1/documents/generate":            {"post"},
		"/v1/documents/{id}":                {"get", "delete"},
		"/v1/documents/{id}/download":       {"get"},
		"/files/documents/{account}/{file}": {"get"},
		"/healthz":                          {"get"},
		"/readyz":                           {"get"},
	} {
		p, ok := paths[path].(map[string]any)
		if !ok {
			t.Errorf("path %s missing", path)
			continue
		}
		for _, m := range methods {
			if p[m] == nil {
				t.Errorf("%s %s missing", m, path)
			}
		}
	}
}

func TestSwaggerAndRedocWorkOffline(t *testing.T) {
	for _, c := range []struct{ page, asset, marker string }{
		{"/swagger/", "/swagger/assets/swagger-ui-bundle.js", "SwaggerUIBundle"},
		{"/redoc/", "/redoc/assets/redoc.standalone.js", "spec-url"},
	} {
		page := shared.call(t, "GET", c.page, "", nil)
		wantStatus(t, page, 200)
		body := string(page.Body)
		if !strings.Contains(body, c.marker) || !strings.Contains(body, "/openapi.json") || strings.Contains(body, "https://") {
			t.Errorf("%s: unexpected page (must load only local assets):\n%s", c.page, body)
		}
		asset := shared.call(t, "GET", c.asset, "", nil)
		wantStatus(t, asset, 200)
		if len(asset.Body) < 100_000 {
			t.Errorf("%s: only %d bytes", c.asset, len(asset.Body))
		}
	}
}

func TestHealthAndUnknownRoutes(t *testing.T) {
	wantStatus(t, shared.call(t, "GET", "/healthz", "", nil), 200)
	ready := shared.call(t, "GET", "/readyz", "", nil)
	wantStatus(t, ready, 200)
	versions, _ := ready.json(t)["versions"].(map[string]any)
	if v, _ := versions["browser"].(string); !strings.Contains(v, "Chrome/") {
		t.Errorf("/readyz names no browser version: %s", ready.Body)
	}
	checks := ready.json(t)["checks"].(map[string]any)
	for _, name := range []string{"database", "blobs", "browser"} {
		if checks[name] != "ok" {
			t.Errorf("check %s: %v", name, checks[name])
		}
	}
	wantError(t, shared.call(t, "GET", "/v1/nope", "", nil), 404, "NOT_FOUND")
	wantError(t, shared.call(t, "GET", "/v1/templates", "", nil), 401, "UNAUTHORIZED")
}
