package e2e

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
)

func invoiceTemplate(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("../examples/invoice/template.html")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fieldNames(t testing.TB, fields any) map[string]string {
	t.Helper()
	list, ok := fields.([]any)
	if !ok {
		t.Fatalf("fields is %T", fields)
	}
	out := map[string]string{}
	for _, f := range list {
		m := f.(map[string]any)
		out[m["name"].(string)] = m["type"].(string)
	}
	return out
}

func TestTemplateLifecycle(t *testing.T) {
	key := shared.newKey(t, "templates@example.com", "live")
	r := shared.upload(t, key, "invoice.html", invoiceTemplate(t), "Invoice Template")
	wantStatus(t, r, 201)
	tpl := r.json(t)
	id := tpl["id"].(string)
	if !strings.HasPrefix(id, "tpl_") || tpl["name"] != "Invoice Template" || tpl["type"] != "html" || tpl["created_at"] == nil {
		t.Fatalf("created: %s", r.Body)
	}
	fields := fieldNames(t, tpl["fields"])
	for name, typ := range map[string]string{"items": "array", "items[].qty": "number", "items[].price": "number", "items[].description": "string", "customer.name": "string", "invoice.number": "string"} {
		if fields[name] != typ {
			t.Errorf("field %s: type %q, want %q (fields %v)", name, fields[name], typ, fields)
		}
	}
	if _, ok := fields["locale"]; !ok {
		t.Errorf("hash argument path locale missing from fields %v", fields)
	}

	// List and get.
	list := shared.call(t, "GET", "/v1/templates", key, nil)
	wantStatus(t, list, 200)
	data := list.json(t)["data"].([]any)
	if len(data) != 1 || data[0].(map[string]any)["id"] != id || data[0].(map[string]any)["fields_count"].(float64) != float64(len(fields)) {
		t.Fatalf("list: %s", list.Body)
	}
	get := shared.call(t, "GET", "/v1/templates/"+id, key, nil)
	wantStatus(t, get, 200)
	if len(fieldNames(t, get.json(t)["fields"])) != len(fields) {
		t.Fatalf("get: %s", get.Body)
	}

	// Content round-trips byte for byte.
	c := shared.call(t, "GET", "/v1/templates/"+id+"/content", key, nil)
	wantStatus(t, c, 200)
	if c.json(t)["content"] != string(invoiceTemplate(t)) {
		t.Fatal("content differs from the upload")
	}

	// Field types can change; names cannot.
	put := shared.call(t, "PUT", "/v1/templates/"+id+"/fields", key, map[string]any{"fields": []map[string]string{{"name": "customer.name", "type": "text"}}})
	wantStatus(t, put, 200)
	if fieldNames(t, put.json(t)["fields"])["customer.name"] != "text" {
		t.Fatalf("type not changed: %s", put.Body)
	}
	r = shared.call(t, "PUT", "/v1/templates/"+id+"/fields", key, map[string]any{"fields": []map[string]string{{"name": "no_such_field", "type": "text"}}})
	wantError(t, r, 400, "VALIDATION_ERROR")
	if !strings.Contains(r.message(t), "no_such_field") {
		t.Fatalf("message should name the field: %s", r.Body)
	}

	// Update name and content: fields are extracted again, user types kept.
	upd := shared.call(t, "PUT", "/v1/templates/"+id, key, map[string]any{"name": "Invoice v2", "content": "<p>{{customer.name}} owes {{formatCurrency total \"EUR\"}}</p>"})
	wantStatus(t, upd, 200)
	u := upd.json(t)
	uf := fieldNames(t, u["fields"])
	if u["name"] != "Invoice v2" || len(uf) != 2 || uf["customer.name"] != "text" || uf["total"] != "number" {
		t.Fatalf("update: %s", upd.Body)
	}
	wantError(t, shared.call(t, "PUT", "/v1/templates/"+id, key, map[string]any{}), 400, "VALIDATION_ERROR")
	wantError(t, shared.call(t, "PUT", "/v1/templates/"+id, key, map[string]any{"content": "{{#if x}}open"}), 400, "INVALID_TEMPLATE")

	// Delete: gone afterwards.
	del := shared.call(t, "DELETE", "/v1/templates/"+id, key, nil)
	wantStatus(t, del, 200)
	if del.json(t)["deleted"] != true {
		t.Fatalf("delete: %s", del.Body)
	}
	for _, p := range []string{"", "/fields", "/content"} {
		wantError(t, shared.call(t, "GET", "/v1/templates/"+id+p, key, nil), 404, "TEMPLATE_NOT_FOUND")
	}
	wantError(t, shared.call(t, "DELETE", "/v1/templates/"+id, key, nil), 404, "TEMPLATE_NOT_FOUND")
}

func TestTemplateUploadErrors(t *testing.T) {
	key := shared.newKey(t, "upload-errors@example.com", "live")
	cases := []struct {
		name, filename, content string
		status                  int
		code, mention           string
	}{
		{"unsupported type", "notes.txt", "hello", 400, "INVALID_TEMPLATE_TYPE", ".html"},
		{"empty file", "empty.html", "", 400, "INVALID_INPUT", "empty"},
		{"unknown helper", "x.html", "<p>\n  {{formatMony total}}</p>", 400, "INVALID_TEMPLATE", "line 2"},
		{"unclosed block", "x.html", "<ul>{{#each items}}<li>{{name}}</li>\n</ul>", 400, "INVALID_TEMPLATE", "line"},
		{"bad mustache", "x.hbs", "<p>{{name</p>", 400, "INVALID_TEMPLATE", "line 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := shared.upload(t, key, c.filename, []byte(c.content), "")
			wantError(t, r, c.status, c.code)
			if !strings.Contains(r.message(t), c.mention) {
				t.Fatalf("message %q should mention %q", r.message(t), c.mention)
			}
		})
	}
	t.Run("unknown helper column", func(t *testing.T) {
		r := shared.upload(t, key, "x.html", []byte("<p>\n  {{formatMony total}}</p>"), "")
		if msg := r.message(t); !strings.Contains(msg, "column 3") || !strings.Contains(msg, "formatMony") {
			t.Fatalf("message %q should give column 3 and the helper name", msg)
		}
	})
	t.Run("too large", func(t *testing.T) {
		big := bytes.Repeat([]byte("<p>x</p>"), 400_000) // 3.2 MB > 2 MiB limit
		r := shared.upload(t, key, "big.html", big, "")
		wantError(t, r, 413, "PAYLOAD_TOO_LARGE")
	})
	t.Run("no file", func(t *testing.T) {
		r := shared.call(t, "POST", "/v1/templates", key, map[string]any{"name": "x"})
		if r.Status != 400 && r.Status != 415 {
			t.Fatalf("status %d: %s", r.Status, r.Body)
		}
		r.errorCode(t)
	})
	// Nothing was stored by the failed uploads.
	list := shared.call(t, "GET", "/v1/templates", key, nil)
	if n := len(list.json(t)["data"].([]any)); n != 0 {
		t.Fatalf("%d templates stored by failed uploads", n)
	}
}

// A render after an update uses the new content, never a cached compilation.
func TestRenderAfterUpdateUsesNewContent(t *testing.T) {
	key := shared.newKey(t, "recompile@example.com", "live")
	id := uploadTemplate(t, key, "v.html", []byte("<p>version one {{x}}</p>"))
	_, pdf := generate(t, key, map[string]any{"template_id": id, "data": map[string]any{"x": "A"}})
	if text := pdfText(t, pdf)[0]; !strings.Contains(text, "version one A") {
		t.Fatalf("first render: %q", text)
	}
	wantStatus(t, shared.call(t, "PUT", "/v1/templates/"+id, key, map[string]any{"content": "<p>version two {{x}}</p>"}), 200)
	_, pdf = generate(t, key, map[string]any{"template_id": id, "data": map[string]any{"x": "B"}})
	if text := pdfText(t, pdf)[0]; !strings.Contains(text, "version two B") || strings.Contains(text, "version one") {
		t.Fatalf("render after update: %q", text)
	}
}

// TestTemplateSampleData: example data saved with PUT comes back with the
// template (not in lists), survives a content change, is bounded, is
// removed with {} and stays the owner's.
func TestTemplateSampleData(t *testing.T) {
	key := shared.newKey(t, "sample-data@example.com", "live")
	other := shared.newKey(t, "sample-data-other@example.com", "live")
	id := uploadTemplate(t, key, "hello.html", []byte("<p>Hello {{name}}, {{#each items}}{{qty}}{{/each}}</p>"))
	if got := shared.call(t, "GET", "/v1/templates/"+id, key, nil).json(t); got["sample_data"] != nil {
		t.Fatalf("a new upload has sample data: %v", got["sample_data"])
	}
	sample := map[string]any{"name": "Ada", "items": []any{map[string]any{"qty": 3.0}}}
	put := shared.call(t, "PUT", "/v1/templates/"+id, key, map[string]any{"sample_data": sample})
	wantStatus(t, put, 200)
	if got := put.json(t)["sample_data"]; !reflect.DeepEqual(got, sample) {
		t.Fatalf("PUT answers sample_data %v", got)
	}
	wantStatus(t, shared.call(t, "PUT", "/v1/templates/"+id, key, map[string]any{"content": "<p>Hi {{name}}</p>"}), 200)
	if got := shared.call(t, "GET", "/v1/templates/"+id, key, nil).json(t)["sample_data"]; !reflect.DeepEqual(got, sample) {
		t.Fatalf("after a content change sample_data is %v", got)
	}
	if list := shared.call(t, "GET", "/v1/templates", key, nil); strings.Contains(string(list.Body), "Ada") {
		t.Errorf("the list carries sample data: %s", list.Body)
	}
	wantError(t, shared.call(t, "PUT", "/v1/templates/"+id, other, map[string]any{"sample_data": map[string]any{"name": "Eve"}}), 404, "TEMPLATE_NOT_FOUND")
	wantError(t, shared.call(t, "PUT", "/v1/templates/"+id, key, map[string]any{"sample_data": map[string]any{"big": strings.Repeat("x", 300<<10)}}), 400, "VALIDATION_ERROR")
	wantError(t, shared.call(t, "PUT", "/v1/templates/"+id, key, map[string]any{"sample_data": []any{1, 2}}), 400, "VALIDATION_ERROR")
	wantStatus(t, shared.call(t, "PUT", "/v1/templates/"+id, key, map[string]any{"sample_data": map[string]any{}}), 200)
	if got := shared.call(t, "GET", "/v1/templates/"+id, key, nil).json(t); got["sample_data"] != nil {
		t.Fatalf("{} left sample_data %v", got["sample_data"])
	}
}
