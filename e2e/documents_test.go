package e2e

import (
	"net/url"
	"strings"
	"testing"
)

func TestDocumentLifecycle(t *testing.T) {
	key := shared.newKey(t, "docs@example.com", "live")
	up := shared.upload(t, key, "hello.html", []byte("<h1>Hello {{name}}</h1>"), "Hello")
	wantStatus(t, up, 201)
	tplID := up.json(t)["id"].(string)

	var ids []string
	for _, name := range []string{"Ada", "Grace", "Linus"} {
		doc, _ := generate(t, key, map[string]any{"template_id": tplID, "data": map[string]any{"name": name}})
		ids = append(ids, doc["id"].(string))
	}
	raw, _ := generate(t, key, map[string]any{"html": "<p>raw</p>", "options": map[string]any{"filename": "../../etc/raw"}})
	if raw["filename"] != "etcraw.pdf" {
		t.Fatalf("filename not cleaned: %v", raw["filename"])
	}

	// List: newest first, totals, pagination, filters.
	all := shared.call(t, "GET", "/v1/documents", key, nil).json(t)
	if all["total"].(float64) != 4 || all["limit"].(float64) != 50 || all["offset"].(float64) != 0 || len(all["data"].([]any)) != 4 {
		t.Fatalf("list: %v", all)
	}
	first := all["data"].([]any)[0].(map[string]any)
	if first["id"] != raw["id"] || first["template_id"] != nil {
		t.Fatalf("newest first, raw html has no template: %v", first)
	}
	page := shared.call(t, "GET", "/v1/documents?limit=2&offset=1", key, nil).json(t)
	pd := page["data"].([]any)
	if page["total"].(float64) != 4 || len(pd) != 2 || pd[0].(map[string]any)["id"] != ids[2] || pd[1].(map[string]any)["id"] != ids[1] {
		t.Fatalf("page: %v", page)
	}
	byTpl := shared.call(t, "GET", "/v1/documents?template_id="+tplID+"&status=completed", key, nil).json(t)
	if byTpl["total"].(float64) != 3 {
		t.Fatalf("by template: %v", byTpl)
	}
	row := byTpl["data"].([]any)[0].(map[string]any)
	if row["template_name"] != "Hello" || row["status"] != "completed" || row["created_at"] == nil || !present(row, "expires_at") {
		t.Fatalf("row: %v", row)
	}
	failed := shared.call(t, "GET", "/v1/documents?status=failed", key, nil).json(t)
	if failed["total"].(float64) != 0 {
		t.Fatalf("failed: %v", failed)
	}
	wantError(t, shared.call(t, "GET", "/v1/documents?status=bogus", key, nil), 400, "VALIDATION_ERROR")
	wantError(t, shared.call(t, "GET", "/v1/documents?limit=0", key, nil), 400, "VALIDATION_ERROR")

	// Get and a fresh download link.
	get := shared.call(t, "GET", "/v1/documents/"+ids[0], key, nil)
	wantStatus(t, get, 200)
	if get.json(t)["template_id"] != tplID {
		t.Fatalf("get: %s", get.Body)
	}
	dl := shared.call(t, "GET", "/v1/documents/"+ids[0]+"/download", key, nil)
	wantStatus(t, dl, 200)
	link := dl.json(t)
	if link["expires_in"].(float64) != 86400 {
		t.Fatalf("download: %v", link)
	}
	file := fetch(t, link["download_url"].(string))
	wantStatus(t, file, 200)
	if !strings.Contains(pdfText(t, file.Body)[0], "Hello Ada") {
		t.Fatal("downloaded the wrong document")
	}
	if cd := file.Header.Get("Content-Disposition"); !strings.Contains(cd, ids[0]+".pdf") {
		t.Fatalf("Content-Disposition %q", cd)
	}

	// Tampered links are refused.
	u, _ := url.Parse(link["download_url"].(string))
	q := u.Query()
	for _, tamper := range []func(url.Values){
		func(v url.Values) { v.Set("signature", "AAAA"+v.Get("signature")[4:]) },
		func(v url.Values) { v.Set("expires", v.Get("expires")+"0") },
		func(v url.Values) { v.Set("filename", "other.pdf") },
		func(v url.Values) { v.Del("signature") },
	} {
		v := url.Values{}
		for k, vals := range q {
			v[k] = append([]string(nil), vals...)
		}
		tamper(v)
		bad := *u
		bad.RawQuery = v.Encode()
		wantError(t, fetch(t, bad.String()), 403, "FORBIDDEN")
	}
	other := *u
	other.Path = strings.Replace(u.Path, ids[0], ids[1], 1)
	wantError(t, fetch(t, other.String()), 403, "FORBIDDEN")

	// Delete: the row and the file are gone.
	del := shared.call(t, "DELETE", "/v1/documents/"+ids[0], key, nil)
	wantStatus(t, del, 200)
	wantError(t, shared.call(t, "GET", "/v1/documents/"+ids[0], key, nil), 404, "DOCUMENT_NOT_FOUND")
	wantError(t, shared.call(t, "GET", "/v1/documents/"+ids[0]+"/download", key, nil), 404, "DOCUMENT_NOT_FOUND")
	wantError(t, fetch(t, link["download_url"].(string)), 404, "DOCUMENT_NOT_FOUND")
	if n := shared.call(t, "GET", "/v1/documents", key, nil).json(t)["total"].(float64); n != 3 {
		t.Fatalf("total after delete %v", n)
	}
}

func TestExpiredDocumentsAndLinks(t *testing.T) {
	s := startServer(t, "QUIRE_RETENTION=2s", "QUIRE_DOWNLOAD_TTL=1s")
	key := s.newKey(t, "", "live")
	r := s.call(t, "POST", "/v1/documents/generate", key, map[string]any{"html": "<p>short-lived</p>"})
	wantStatus(t, r, 201)
	doc := r.json(t)
	waitFor(t, 3, func() bool { return fetch(t, doc["download_url"].(string)).Status == 403 })
	wantError(t, fetch(t, doc["download_url"].(string)), 403, "FORBIDDEN")
	waitFor(t, 4, func() bool {
		return s.call(t, "GET", "/v1/documents/"+doc["id"].(string)+"/download", key, nil).Status == 410
	})
	wantError(t, s.call(t, "GET", "/v1/documents/"+doc["id"].(string)+"/download", key, nil), 410, "DOCUMENT_EXPIRED")
}
