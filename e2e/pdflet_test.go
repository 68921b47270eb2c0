package e2e

import (
	"strings"
	"testing"
)

// Pdflet's documented requests: POST /api/v1/pdf/ with {"html": …}, with an
// API key in X-API-Key or a person's JWT as Bearer.
func TestPdfletCompatibleRoute(t *testing.T) {
	key := shared.newKey(t, "pdflet@example.com", "live")
	for _, path := range []string{"/api/v1/pdf/", "/api/v1/pdf"} {
		r := shared.call(t, "POST", path, key, map[string]any{"html": "<h1>Hello</h1>"})
		wantStatus(t, r, 201)
		file := fetch(t, r.json(t)["download_url"].(string))
		wantStatus(t, file, 200)
		if text := pdfText(t, file.Body)[0]; !strings.Contains(text, "Hello") {
			t.Fatalf("%s: text %q", path, text)
		}
	}
	access := shared.signup(t, uniqueEmail("pdflet"))["access"].(string)
	r := shared.as(t, "POST", "/api/v1/pdf/", access, map[string]any{"html": "<h1>Hello JWT</h1>"})
	wantStatus(t, r, 201)
	wantError(t, shared.call(t, "POST", "/api/v1/pdf/", "", map[string]any{"html": "<h1>x</h1>"}), 401, "UNAUTHORIZED")
}
