package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/errs"
)

// refuseBadText answers 400 INVALID_INPUT, naming the field, for any request
// text that no database can store: a NUL character (PostgreSQL's text and
// jsonb refuse it, and a template's data ends up in both) anywhere in the
// URL path, a query parameter, a multipart text value or file name, or a
// JSON body string or key; and invalid UTF-8 in the path, the query or a
// multipart value (JSON decoding already replaces it). It is the one place
// these are checked: a huma middleware after authentication (no body is
// read for unauthenticated callers) and before idempotency records and
// every service.
func refuseBadText(api huma.API) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		// Bound reading the body as huma would, then lift the deadline: once
		// the body is read, the server's background read of the connection
		// must not time out (it would cancel the request mid-render).
		if t := ctx.Operation().BodyReadTimeout; t > 0 {
			_ = ctx.SetReadDeadline(time.Now().Add(t))
		}
		where, body, err := badText(ctx)
		_ = ctx.SetReadDeadline(time.Time{})
		switch {
		case err != nil:
			writeEnvelope(api, ctx, err)
		case where != "":
			writeEnvelope(api, ctx, &apiError{status: http.StatusBadRequest, Body: errorBody{
				Code: errs.InvalidInput, Message: where + ": text must be valid UTF-8 without NUL (\\u0000) characters",
			}})
		default:
			next(&readBody{innerContext: ctx, body: body})
		}
	}
}

// readBody hands the operation a body already read: its bytes (nil for a
// multipart form, which huma parsed and keeps), and no read deadline, which
// huma would set on the connection for a read that already happened.
type readBody struct {
	innerContext
	body []byte
}

func (r *readBody) BodyReader() io.Reader {
	if r.body == nil {
		return r.innerContext.BodyReader()
	}
	return bytes.NewReader(r.body)
}

func (r *readBody) SetReadDeadline(time.Time) error { return nil }

// badText returns where the request holds text that cannot be stored, or
// "", and the body it read (nil for multipart forms, which huma parses once
// and keeps).
func badText(ctx huma.Context) (string, []byte, *apiError) {
	u := ctx.URL()
	if !storable(u.Path) {
		return "the URL path", nil, nil
	}
	for name, values := range u.Query() {
		if !storable(name) || !all(values, storable) {
			return "query parameter " + strconv.Quote(name), nil, nil
		}
	}
	media, _, _ := mime.ParseMediaType(ctx.Header("Content-Type"))
	if media == "multipart/form-data" {
		where, err := badFormText(ctx)
		return where, nil, err
	}
	body, err := io.ReadAll(ctx.BodyReader())
	if err != nil {
		return "", nil, bodyReadError(err)
	}
	return nulInJSON(body), body, nil
}

// badFormText checks the text values and file names of a multipart form.
func badFormText(ctx huma.Context) (string, *apiError) {
	form, err := ctx.GetMultipartForm()
	if err != nil {
		return "", bodyReadError(err)
	}
	for name, values := range form.Value {
		if !storable(name) || !all(values, storable) {
			return "form field " + strconv.Quote(name), nil
		}
	}
	for name, files := range form.File {
		for _, f := range files {
			if !storable(name) || !storable(f.Filename) {
				return "the file name of form field " + strconv.Quote(name), nil
			}
		}
	}
	return "", nil
}

// bodyReadError is the answer to a body that could not be read.
func bodyReadError(err error) *apiError {
	if e := tooLargeIn(err); e != nil {
		return e.apiError()
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return &apiError{status: http.StatusRequestEntityTooLarge, Body: errorBody{Code: errs.PayloadTooLarge, Message: "the request body is too large"}}
	}
	return &apiError{status: http.StatusBadRequest, Body: errorBody{Code: errs.InvalidInput, Message: "the request body could not be read: " + err.Error()}}
}

func storable(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

func all(values []string, ok func(string) bool) bool {
	for _, v := range values {
		if !ok(v) {
			return false
		}
	}
	return true
}

// nulInJSON returns the path (e.g. data.items[2].name) of the first string
// or key of a JSON body that holds a NUL, or "" when there is none or the
// body is not JSON (its decoder then refuses it). A body without `\u0000`
// or a NUL byte is not walked at all.
func nulInJSON(body []byte) string {
	if !bytes.Contains(body, []byte(`\u0000`)) && bytes.IndexByte(body, 0) < 0 {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var stack []*jsonLevel
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		var top *jsonLevel
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				stack = append(stack, &jsonLevel{array: v == '[', path: top.childPath()})
				continue
			}
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				stack[len(stack)-1].next()
			}
			continue
		case string:
			if top != nil && !top.array && top.key == nil {
				if strings.ContainsRune(v, 0) {
					return top.path + fieldName(top.path, v)
				}
				top.key = &v
				continue
			}
			if strings.ContainsRune(v, 0) {
				if p := top.childPath(); p != "" {
					return p
				}
				return "the request body"
			}
		}
		top.next()
	}
}

// jsonLevel is an object or array being walked, at path.
type jsonLevel struct {
	path  string
	array bool
	index int
	key   *string // object: the key whose value comes next
}

// childPath is the path of the value that comes next in l ("" at the root).
func (l *jsonLevel) childPath() string {
	switch {
	case l == nil:
		return ""
	case l.array:
		return l.path + "[" + strconv.Itoa(l.index) + "]"
	default:
		return l.path + fieldName(l.path, *l.key)
	}
}

// next moves l past the value just read.
func (l *jsonLevel) next() {
	if l == nil {
		return
	}
	if l.array {
		l.index++
	} else {
		l.key = nil
	}
}

var plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// fieldName appends key to a path: .key, or ["key"] when it is not plain.
func fieldName(parent, key string) string {
	if !plainKey.MatchString(key) {
		return "[" + strconv.Quote(key) + "]"
	}
	if parent == "" {
		return key
	}
	return "." + key
}
