package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// limitsEnv: a body limit far below the HTML limit, so only what the
// caller sends (the decoded html and data) decides, not how its JSON
// encoder escaped it.
var limitsEnv = []string{
	"QUIRE_RENDER_TIMEOUT=30s",
	"QUIRE_MAX_BODY_BYTES=1048576",
	"QUIRE_MAX_HTML_BYTES=6000000",
	"QUIRE_MAX_DATA_BYTES=1048576",
	"QUIRE_MAX_UPLOAD_BYTES=1048576",
}

// hiddenTable is a page that shows one line, followed by a hidden table of
// about size bytes dense in tags (Go's JSON writes each < and > as six
// bytes, so its body is about three times as large).
func hiddenTable(size int) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><p>one visible line</p><table style="display:none">`)
	for i := 0; b.Len() < size-len("</table>"); i++ {
		fmt.Fprintf(&b, "<tr><td><b>%d</b></td><td><i>x</i></td></tr>", i%10)
	}
	b.WriteString("</table>")
	return b.String()
}

// Issue 16: the limits are on what the caller sends, and a 413 names the
// limit that was hit and its setting.
func TestLimitsAreOnWhatCallersSend(t *testing.T) {
	s := startServer(t, limitsEnv...)
	key := s.newKey(t, "limits@example.com", "live")
	post := func(t *testing.T, path string, body []byte) response {
		t.Helper()
		return s.call(t, "POST", path, key, body)
	}
	goJSON := func(t *testing.T, v any) []byte { // encoding/json escapes <, > and &
		t.Helper()
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	t.Run("a 5.5 MB table from a Go client renders", func(t *testing.T) {
		html := hiddenTable(5_500_000)
		body := goJSON(t, map[string]any{"html": html})
		if len(body) < 10<<20 {
			t.Fatalf("the escaped body is %d bytes, meant to be over 10 MiB", len(body))
		}
		r := post(t, "/v1/documents/generate", body)
		wantStatus(t, r, 201)
		dl := fetch(t, r.json(t)["download_url"].(string))
		wantStatus(t, dl, 200)
		if pages := pdfText(t, dl.Body); len(pages) != 1 || !strings.Contains(pages[0], "one visible line") {
			t.Fatalf("pages: %q", pages)
		}
		// The same through Pdflet's route.
		wantStatus(t, post(t, "/api/v1/pdf/", body), 201)
	})

	t.Run("html past QUIRE_MAX_HTML_BYTES", func(t *testing.T) {
		html := hiddenTable(6_000_001)
		for _, async := range []bool{false, true} {
			r := post(t, "/v1/documents/generate", goJSON(t, map[string]any{"html": html, "options": map[string]any{"async": async}}))
			wantError(t, r, 413, "PAYLOAD_TOO_LARGE")
			wantMessage(t, r, "html", strconv.Itoa(len(html)), "6000000", "QUIRE_MAX_HTML_BYTES")
		}
	})

	t.Run("data escaped past the body limit renders", func(t *testing.T) {
		data := map[string]any{"blob": strings.Repeat("<>", 300_000)} // 600 KB, 3.6 MB escaped
		body := goJSON(t, map[string]any{"html": "<p>data received</p>{{#if blob}}<p>with its blob</p>{{/if}}", "data": data})
		if len(body) < 3<<20 {
			t.Fatalf("the escaped body is %d bytes", len(body))
		}
		r := post(t, "/v1/documents/generate", body)
		wantStatus(t, r, 201)
		dl := fetch(t, r.json(t)["download_url"].(string))
		if text := pdfText(t, dl.Body)[0]; !strings.Contains(text, "with its blob") {
			t.Fatalf("text %q", text)
		}
	})

	t.Run("data past QUIRE_MAX_DATA_BYTES", func(t *testing.T) {
		data := map[string]any{"blob": strings.Repeat("x", 1<<20)}
		for _, async := range []bool{false, true} {
			r := post(t, "/v1/documents/generate", goJSON(t, map[string]any{"html": "<p>{{blob}}</p>", "data": data, "options": map[string]any{"async": async}}))
			wantError(t, r, 413, "PAYLOAD_TOO_LARGE")
			wantMessage(t, r, "data", "1048576", "QUIRE_MAX_DATA_BYTES")
		}
	})

	t.Run("a body past its wire limit names the setting", func(t *testing.T) {
		// Document routes: room for the HTML limit fully escaped (6 × 6000000 + 64 KiB).
		pad := bytes.Repeat([]byte(" "), 6*6000000+64<<10)
		r := post(t, "/v1/documents/generate", append(append([]byte(`{"html":"<p>x</p>"`), pad...), '}'))
		wantError(t, r, 413, "PAYLOAD_TOO_LARGE")
		wantMessage(t, r, "QUIRE_MAX_BODY_BYTES", "QUIRE_MAX_HTML_BYTES")
		// Other routes: QUIRE_MAX_BODY_BYTES, also when the size is not
		// known in advance (a chunked body, read until the limit).
		big := append(append([]byte(`{"url":"https://example.com/hook"`), bytes.Repeat([]byte(" "), 2<<20)...), '}')
		req, err := http.NewRequest("POST", s.URL+"/v1/webhooks", io.MultiReader(bytes.NewReader(big)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-API-Key", key)
		r = do(t, req)
		wantError(t, r, 413, "PAYLOAD_TOO_LARGE")
		wantMessage(t, r, "QUIRE_MAX_BODY_BYTES", "1048576")
	})

	t.Run("uploads name QUIRE_MAX_UPLOAD_BYTES", func(t *testing.T) {
		// Past the upload limit, within the room for the form around it.
		r := s.upload(t, key, "big.html", bytes.Repeat([]byte("<p>x</p>"), 150_000), "")
		wantError(t, r, 413, "PAYLOAD_TOO_LARGE")
		wantMessage(t, r, "QUIRE_MAX_UPLOAD_BYTES")
		// Past the room too: refused before it is read.
		r = s.upload(t, key, "big.html", bytes.Repeat([]byte("<p>x</p>"), 300_000), "")
		wantError(t, r, 413, "PAYLOAD_TOO_LARGE")
		wantMessage(t, r, "QUIRE_MAX_UPLOAD_BYTES")
	})
}
