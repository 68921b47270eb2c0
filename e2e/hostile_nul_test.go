package e2e

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// nulCase is one request with a NUL in one of its texts, and where the
// 400 must say it is.
type nulCase struct {
	method, path string // path already escaped
	body         []byte
	contentType  string
	where        string
}

// openAPI is the part of the server's OpenAPI document the NUL walk reads.
type openAPI struct {
	Paths      map[string]map[string]apiOperation `json:"paths"`
	Components struct {
		Schemas map[string]*apiSchema `json:"schemas"`
	} `json:"components"`
}

type apiOperation struct {
	Parameters []struct {
		In, Name string
		Schema   apiSchema
	} `json:"parameters"`
	RequestBody struct {
		Content map[string]struct {
			Schema apiSchema `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
}

type apiSchema struct {
	Ref                  string                `json:"$ref"`
	Type                 any                   `json:"type"` // "string" or ["string", "null"]
	Format               string                `json:"format"`
	ReadOnly             bool                  `json:"readOnly"`
	Properties           map[string]*apiSchema `json:"properties"`
	Items                *apiSchema            `json:"items"`
	AdditionalProperties any                   `json:"additionalProperties"`
}

func (s *apiSchema) is(typ string) bool {
	switch t := s.Type.(type) {
	case string:
		return t == typ
	case []any:
		for _, x := range t {
			if x == typ {
				return true
			}
		}
	}
	return false
}

// step is a key (string) or an index (int) in a JSON document.
type step any

// stringLeaves lists the paths of every string a schema takes; a free-form
// object (such as data) takes any key, here "x".
func (doc *openAPI) stringLeaves(s *apiSchema, at []step, depth int) [][]step {
	if ref, ok := strings.CutPrefix(s.Ref, "#/components/schemas/"); ok {
		s = doc.Components.Schemas[ref]
	}
	if s == nil || s.ReadOnly || depth > 6 {
		return nil
	}
	var out [][]step
	switch {
	case s.is("string") && s.Format != "binary":
		out = append(out, at)
	case s.is("array") && s.Items != nil:
		out = append(out, doc.stringLeaves(s.Items, append(at[:len(at):len(at)], 0), depth+1)...)
	case s.is("object") && len(s.Properties) == 0 && s.AdditionalProperties != false:
		out = append(out, append(at[:len(at):len(at)], "x"))
	}
	names := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		out = append(out, doc.stringLeaves(s.Properties[name], append(at[:len(at):len(at)], name), depth+1)...)
	}
	return out
}

// nulAt builds a JSON value holding "a\u0000b" at path.
func nulAt(path []step) any {
	if len(path) == 0 {
		return "a\x00b"
	}
	if _, ok := path[0].(int); ok {
		return []any{nulAt(path[1:])}
	}
	return map[string]any{path[0].(string): nulAt(path[1:])}
}

// pathText writes a path the way the server names fields: data.items[0].name.
func pathText(path []step) string {
	var b strings.Builder
	for _, s := range path {
		if i, ok := s.(int); ok {
			b.WriteString("[" + strconv.Itoa(i) + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteString(".")
		}
		b.WriteString(s.(string))
	}
	return b.String()
}

// nulCases reads the server's OpenAPI document and returns, for every
// documented route, one request per text it takes (path parameter, query
// parameter, JSON string at any depth, multipart field or file name) with
// a NUL in that text alone.
func nulCases(t *testing.T, s *server) []nulCase {
	t.Helper()
	var doc openAPI
	r := s.call(t, "GET", "/openapi.json", "", nil)
	wantStatus(t, r, 200)
	mustUnmarshal(t, r.Body, &doc)
	var cases []nulCase
	for path, ops := range doc.Paths {
		for method, op := range ops {
			method = strings.ToUpper(method)
			var pathParams []string
			for _, p := range op.Parameters {
				switch {
				case p.In == "path":
					pathParams = append(pathParams, p.Name)
				case p.In == "query" && p.Schema.is("string"):
					cases = append(cases, nulCase{method: method, path: routeWith(path, "") + "?" + p.Name + "=a%00b",
						where: `query parameter "` + p.Name + `"`})
				}
			}
			for _, name := range pathParams {
				cases = append(cases, nulCase{method: method, path: routeWith(path, name), where: "the URL path"})
			}
			for media, content := range op.RequestBody.Content {
				schema := content.Schema
				for _, leaf := range doc.stringLeaves(&schema, nil, 0) {
					c := nulCase{method: method, path: routeWith(path, ""), where: pathText(leaf)}
					switch media {
					case "application/json":
						c.body, _ = json.Marshal(nulAt(leaf))
						c.contentType = media
					case "multipart/form-data":
						c.body, c.contentType = uploadWithNUL(t, leaf[0].(string), "t.html")
						c.where = `form field "` + c.where + `"`
					default:
						continue
					}
					cases = append(cases, c)
				}
				if media == "multipart/form-data" {
					// Go's multipart reader refuses a header line with a NUL.
					c := nulCase{method: method, path: routeWith(path, ""), where: "the request body could not be read"}
					c.body, c.contentType = uploadWithNUL(t, "", "t\x00.html")
					cases = append(cases, c)
				}
			}
		}
	}
	return cases
}

// routeWith puts "x" in the path parameters of a route, and "a%00b" in nul's.
func routeWith(route, nul string) string {
	parts := strings.Split(route, "/")
	for i, p := range parts {
		if name, ok := strings.CutPrefix(p, "{"); ok {
			parts[i] = "x"
			if strings.TrimSuffix(name, "}") == nul {
				parts[i] = "a%00b"
			}
		}
	}
	return strings.Join(parts, "/")
}

// uploadWithNUL is a template upload whose field (if any) holds a NUL.
func uploadWithNUL(t *testing.T, field, filename string) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if field != "" {
		_ = w.WriteField(field, "a\x00b")
	}
	fw, err := w.CreateFormFile("file", filename)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte("<p>{{x}}</p>"))
	w.Close()
	return buf.Bytes(), w.FormDataContentType()
}

func (s *server) send(t *testing.T, jwt string, c nulCase) response {
	t.Helper()
	req, err := http.NewRequest(c.method, s.URL+c.path, bytes.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	if c.contentType != "" {
		req.Header.Set("Content-Type", c.contentType)
	}
	req.Header.Set("Authorization", "Bearer "+jwt)
	return do(t, req)
}

// TestNULRefusedOnEveryRoute sends, on SQLite and on PostgreSQL (whose
// text and jsonb cannot hold a NUL), every documented route a NUL in each
// text it takes, as a signed-in person: each answers 400 INVALID_INPUT
// naming the field, none a 5xx, and the server stays healthy.
func TestNULRefusedOnEveryRoute(t *testing.T) {
	onBothDatabases(t, func(t *testing.T, s *server, backend string) {
		account := "nul-" + backend + "@example.com"
		key := s.newKey(t, account, "live")
		person := s.personFor(t, account) // people may call every route, keys not all
		cases := nulCases(t, s)
		if len(cases) < 60 {
			t.Fatalf("only %d NUL cases from the OpenAPI document: the walk is broken", len(cases))
		}
		routes := map[string]bool{}
		for _, c := range cases {
			r := s.send(t, person, c)
			routes[c.method+" "+c.path[:strings.IndexAny(c.path+"?", "?")]] = true
			if r.Status >= 500 {
				t.Errorf("%s %s with a NUL in %s: %d %s", c.method, c.path, c.where, r.Status, r.Body)
				continue
			}
			if r.Status != 400 || r.errorCode(t) != "INVALID_INPUT" || !strings.HasPrefix(r.message(t), c.where+": ") {
				t.Errorf("%s %s with a NUL in %s: want 400 INVALID_INPUT naming it, got %d %s", c.method, c.path, c.where, r.Status, r.Body)
			}
		}
		t.Logf("%d requests with a NUL over %d routes", len(cases), len(routes))
		nulInRealRequests(t, s, key, backend)
		s.assertHealthy(t, key, healthyBudgetMiB)
	})
}

// nulInRealRequests sends complete, otherwise valid requests (sign-up,
// sign-in, a render with data, an upload) with one NUL: refused naming the
// field, while the same request without it works.
func nulInRealRequests(t *testing.T, s *server, key, backend string) {
	email := "nul-real-" + backend + "@example.com"
	signup := map[string]any{"email": email, "password": testPassword, "name": "Jane\x00Smith"}
	wantNUL(t, s.call(t, "POST", "/v1/auth/signup", "", signup), "name")
	signup["name"] = "Jane Smith"
	wantStatus(t, s.call(t, "POST", "/v1/auth/signup", "", signup), 201)
	wantNUL(t, s.call(t, "POST", "/v1/auth/jwt/create", "", map[string]any{"email": email + "\x00", "password": testPassword}), "email")
	wantStatus(t, s.call(t, "POST", "/v1/auth/jwt/create", "", map[string]any{"email": email, "password": testPassword}), 200)

	up := s.upload(t, key, "card.html", []byte("<p>{{customer.name}}</p>"), "Card")
	wantStatus(t, up, 201)
	tpl := up.json(t)["id"].(string)
	data := map[string]any{"customer": map[string]any{"name": "Ada\x00"}, "lines": []any{"one"}}
	wantNUL(t, s.call(t, "POST", "/v1/documents/generate", key, map[string]any{"template_id": tpl, "data": data}), "data.customer.name")
	wantNUL(t, s.call(t, "POST", "/v1/documents/generate", key, map[string]any{"template_id": tpl, "data": data, "options": map[string]any{"async": true}}), "data.customer.name")
	wantNUL(t, s.call(t, "POST", "/v1/generate", key, map[string]any{"template_id": tpl, "data": map[string]any{"lines": []any{"ok", "b\x00"}}}), "data.lines[1]")
	wantNUL(t, s.upload(t, key, "card.html", []byte("<p>{{x}}</p>"), "Card\x00"), `form field "name"`)
	wantNUL(t, s.call(t, "GET", "/v1/documents?template_id="+url.QueryEscape(tpl+"\x00"), key, nil), `query parameter "template_id"`)
	wantNUL(t, s.call(t, "GET", "/v1/templates/"+tpl+"%00", key, nil), "the URL path")
	r := s.call(t, "POST", "/v1/documents/generate", key, map[string]any{"template_id": tpl, "data": map[string]any{"customer": map[string]any{"name": "Ada"}}})
	wantStatus(t, r, 201)

	// A NUL inside an uploaded file is the file's business, but not in the
	// names of the fields found in it: those are stored.
	for name, file := range map[string][]byte{
		"tag.html":  []byte("<p>{{na\x00me}}</p><p>{{ok}}</p>"),
		"path.html": []byte("<p>{{a.b\x00c}}</p>"),
	} {
		wantError(t, s.upload(t, key, name, file, ""), 400, "INVALID_TEMPLATE")
	}

	// Bytes that are not UTF-8 in a URL cannot be stored either.
	wantNUL(t, s.call(t, "GET", "/v1/templates/"+tpl+"%FF", key, nil), "the URL path")
	// A raw NUL byte is not JSON at all: refused, never a 5xx.
	raw := s.call(t, "POST", "/v1/documents/generate", key, []byte("{\"html\":\"a\x00b\"}"))
	wantStatus(t, raw, 400)
}

func wantNUL(t *testing.T, r response, where string) {
	t.Helper()
	wantError(t, r, 400, "INVALID_INPUT")
	if msg := r.message(t); !strings.HasPrefix(msg, where+": ") {
		t.Errorf("message %q does not name %s", msg, where)
	}
}

// TestLongRenderAfterTheTextCheck: the check reads the body before huma
// would; a render that outlasts huma's 5 s body-read deadline must still
// finish (a deadline left on the connection cancelled it).
func TestLongRenderAfterTheTextCheck(t *testing.T) {
	s := startServer(t, "QUIRE_RENDER_TIMEOUT=40s")
	key := s.newKey(t, "", "live")
	slow := `<p>done</p><script>const t0 = Date.now(); while (Date.now() - t0 < 7000) {}</script>`
	r := s.call(t, "POST", "/v1/documents/generate", key, map[string]any{"html": slow})
	wantStatus(t, r, 201)
	r = s.call(t, "POST", "/v1/documents/generate", key, map[string]any{"html": slow}, "Idempotency-Key", "slow-1")
	wantStatus(t, r, 201)
}
