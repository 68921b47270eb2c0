package e2e

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
)

func invoiceData(t testing.TB) map[string]any {
	t.Helper()
	raw, err := os.ReadFile("../examples/invoice/data.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	mustUnmarshal(t, raw, &m)
	return m
}

// generate posts to /v1/documents/generate and downloads the PDF.
func generate(t testing.TB, key string, req map[string]any) (map[string]any, []byte) {
	t.Helper()
	r := shared.call(t, "POST", "/v1/documents/generate", key, req)
	wantStatus(t, r, 201)
	doc := r.json(t)
	dl := fetch(t, doc["download_url"].(string))
	wantStatus(t, dl, 200)
	if ct := dl.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Fatalf("download Content-Type %q", ct)
	}
	return doc, dl.Body
}

func TestGenerateInvoiceFromTemplate(t *testing.T) {
	key := shared.newKey(t, "invoice@example.com", "live")
	up := shared.upload(t, key, "invoice.html", invoiceTemplate(t), "Invoice")
	wantStatus(t, up, 201)
	tplID := up.json(t)["id"].(string)

	doc, pdf := generate(t, key, map[string]any{
		"template_id": tplID,
		"data":        invoiceData(t),
		"options":     map[string]any{"format": "A4", "margin": map[string]string{"top": "20mm", "bottom": "20mm"}, "filename": "invoice-acme.pdf"},
	})
	if !strings.HasPrefix(doc["id"].(string), "doc_") || doc["status"] != "completed" || doc["filename"] != "invoice-acme.pdf" ||
		doc["pages"].(float64) != 1 || int(doc["size_bytes"].(float64)) != len(pdf) || !present(doc, "expires_at") {
		t.Fatalf("response: %v", doc)
	}
	text := strings.Join(pdfText(t, pdf), "\n")
	for _, want := range []string{"INVOICE", "INV-2026-0042", "Jane Smith", "Acme Corp", "November 2, 2026",
		"Custom template design", "$310.25", "$620.50", "$1,468.00", "$293.60", "$1,761.60"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
	if s := pageSizes(t, pdf); len(s) != 1 || !approx(s[0][0], 595.3) || !approx(s[0][1], 841.9) {
		t.Fatalf("A4 page size, got %v", s)
	}

	// The same template in German: locale-aware numbers and dates.
	data := invoiceData(t)
	data["locale"], data["currency"] = "de-DE", "EUR"
	_, pdf = generate(t, key, map[string]any{"template_id": tplID, "data": data})
	text = strings.Join(pdfText(t, pdf), "\n")
	for _, want := range []string{"1.761,60 €", "620,50 €", "2. Dezember"} {
		if !strings.Contains(text, want) {
			t.Errorf("German PDF lacks %q:\n%s", want, text)
		}
	}
}

func TestGeneratePageFormats(t *testing.T) {
	key := shared.newKey(t, "formats@example.com", "live")
	cases := []struct {
		format    string
		landscape bool
		w, h      float64
	}{
		{"A4", false, 595.3, 841.9},
		{"Letter", false, 612, 792},
		{"letter", true, 792, 612},
		{"Legal", false, 612, 1008},
		{"A3", true, 1190.6, 841.9},
	}
	for _, c := range cases {
		_, pdf := generate(t, key, map[string]any{
			"html":    "<h1>{{title}}</h1>",
			"data":    map[string]any{"title": "Size " + c.format},
			"options": map[string]any{"format": c.format, "landscape": c.landscape},
		})
		s := pageSizes(t, pdf)
		if len(s) != 1 || !approx(s[0][0], c.w) || !approx(s[0][1], c.h) {
			t.Errorf("%s landscape=%v: page %v, want %vx%v", c.format, c.landscape, s, c.w, c.h)
		}
		if text := pdfText(t, pdf)[0]; !strings.Contains(text, "Size "+c.format) {
			t.Errorf("%s: text %q", c.format, text)
		}
	}
}

func TestGenerateHeaderFooterPageNumbers(t *testing.T) {
	key := shared.newKey(t, "footer@example.com", "live")
	var rows strings.Builder
	rows.WriteString("{{#each rows}}<p style=\"height:40mm\">Row {{this}}</p>{{/each}}")
	list := make([]int, 16)
	for i := range list {
		list[i] = i + 1
	}
	doc, pdf := generate(t, key, map[string]any{
		"html": rows.String(),
		"data": map[string]any{"rows": list},
		"options": map[string]any{
			"format": "A4",
			"margin": map[string]string{"top": "25mm", "bottom": "25mm", "left": "15mm", "right": "15mm"},
			"header": `<div style="width:100%;text-align:center">ACME quarterly report</div>`,
			"footer": `<div style="width:100%;text-align:center">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
		},
	})
	pages := pdfText(t, pdf)
	n := int(doc["pages"].(float64))
	if n < 3 || len(pages) != n {
		t.Fatalf("pages: response %d, pdftotext %d", n, len(pages))
	}
	for i, p := range pages {
		want := "Page " + itoa(i+1) + " of " + itoa(n)
		if !strings.Contains(p, want) || !strings.Contains(p, "ACME quarterly report") {
			t.Errorf("page %d lacks %q or the header:\n%s", i+1, want, p)
		}
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestGenerateLoadsNothingFromTheNetwork(t *testing.T) {
	var hits atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "image/png")
	}))
	defer ts.Close()
	key := shared.newKey(t, "ssrf@example.com", "live")
	html := `<img src="` + ts.URL + `/img.png"><link rel="stylesheet" href="` + ts.URL + `/s.css">
<div style="background:url(` + ts.URL + `/bg.png)">x</div><iframe src="file:///etc/passwd"></iframe>
<script>fetch("` + ts.URL + `/fetch")</script><p>done</p>`
	_, pdf := generate(t, key, map[string]any{"html": html})
	if hits.Load() != 0 {
		t.Fatalf("the template reached a local server %d times", hits.Load())
	}
	if text := strings.Join(pdfText(t, pdf), ""); strings.Contains(text, "root:") || !strings.Contains(text, "done") {
		t.Fatalf("unexpected text: %q", text)
	}
}

func TestGenerateErrors(t *testing.T) {
	key := shared.newKey(t, "gen-errors@example.com", "live")
	up := shared.upload(t, key, "t.html", []byte("<p>{{divide a b}}</p>"), "Division")
	wantStatus(t, up, 201)
	tplID := up.json(t)["id"].(string)
	cases := []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"neither template nor html", map[string]any{"data": map[string]any{}}, 400, "VALIDATION_ERROR"},
		{"both template and html", map[string]any{"template_id": tplID, "html": "<p>x</p>"}, 400, "VALIDATION_ERROR"},
		{"unknown template", map[string]any{"template_id": "tpl_doesnotexist0000"}, 404, "TEMPLATE_NOT_FOUND"},
		{"data not an object", map[string]any{"html": "<p>x</p>", "data": []int{1, 2}}, 400, "VALIDATION_ERROR"},
		{"unknown format", map[string]any{"html": "<p>x</p>", "options": map[string]any{"format": "B5"}}, 400, "VALIDATION_ERROR"},
		{"bad margin", map[string]any{"html": "<p>x</p>", "options": map[string]any{"margin": map[string]string{"top": "2 parsecs"}}}, 400, "VALIDATION_ERROR"},
		{"syntax error in raw html", map[string]any{"html": "{{#each items}}"}, 400, "INVALID_TEMPLATE"},
		{"division by zero", map[string]any{"template_id": tplID, "data": map[string]any{"a": 1, "b": 0}}, 400, "INVALID_INPUT"},
		{"malformed JSON", []byte(`{"html": "<p>`), 400, "INVALID_INPUT"},
		{"html over QUIRE_MAX_HTML_BYTES", map[string]any{"html": strings.Repeat("x", 8<<20+1)}, 413, "PAYLOAD_TOO_LARGE"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := shared.call(t, "POST", "/v1/documents/generate", key, c.body)
			if r.Status != c.status {
				t.Fatalf("status %d, want %d: %s", r.Status, c.status, r.Body)
			}
			if code := r.errorCode(t); code != c.code {
				t.Fatalf("code %s, want %s: %s", code, c.code, r.Body)
			}
		})
	}
}

func TestGenerateInfiniteLoopTimesOut(t *testing.T) {
	key := shared.newKey(t, "timeout@example.com", "live")
	r := shared.call(t, "POST", "/v1/documents/generate", key, map[string]any{"html": "<p>x</p><script>while(true){}</script>"})
	wantError(t, r, 422, "RENDER_TIMEOUT")
	// The renderer recovers: the next document renders.
	_, pdf := generate(t, key, map[string]any{"html": "<p>after the loop</p>"})
	if !strings.Contains(pdfText(t, pdf)[0], "after the loop") {
		t.Fatal("no text after recovery")
	}
}
