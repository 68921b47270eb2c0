package documents

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/errs"
)

// Data limits hold exactly: at the limit accepted, one past refused.
func TestDataLimitsBoundaries(t *testing.T) {
	nest := func(levels int) map[string]any {
		var v any = "leaf"
		for range levels - 1 {
			v = []any{v}
		}
		return map[string]any{"a": v}
	}
	l := DataLimits{MaxDepth: 4, MaxItems: 3}
	for _, c := range []struct {
		name string
		data map[string]any
		ok   bool
	}{
		{"depth at the limit", nest(4), true}, // the data object, then 3 arrays
		{"depth past the limit", nest(5), false},
		{"array at the limit", map[string]any{"a": []any{1, 2, 3}}, true},
		{"array past the limit", map[string]any{"a": map[string]any{"b": []any{1, 2, 3, 4}}}, false},
		{"scalars only", map[string]any{"a": 1, "b": "x"}, true},
	} {
		err := l.check(c.data)
		if c.ok != (err == nil) || (err != nil && errs.CodeOf(err) != errs.DataTooComplex) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	// 100,000 levels are walked without recursion.
	if err := (DataLimits{MaxDepth: 64}).check(nest(100000)); errs.CodeOf(err) != errs.DataTooComplex {
		t.Fatalf("deep data: %v", err)
	}
}

// The data size is that of the compact JSON a client without HTML escaping
// sends, whatever escaping the wire had: at the limit accepted, one byte
// past refused as too large, naming the setting.
func TestDataSizeIsDecodedJSON(t *testing.T) {
	var data map[string]any
	wire := `{"rows":[{"name":"\u003cb\u003eAda\u003c/b\u003e","qty":3,"price":12.5,"ok":true,"note":null}],"title":"R \u0026 D","n":-7}`
	if err := json.Unmarshal([]byte(wire), &data); err != nil {
		t.Fatal(err)
	}
	var plain bytes.Buffer
	enc := json.NewEncoder(&plain)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(data); err != nil {
		t.Fatal(err)
	}
	size := int64(plain.Len() - 1) // without the newline
	if err := (DataLimits{MaxBytes: size}).check(data); err != nil {
		t.Fatalf("data of %d bytes at a limit of %d: %v", size, size, err)
	}
	err := (DataLimits{MaxBytes: size - 1}).check(data)
	if errs.CodeOf(err) != errs.PayloadTooLarge || !strings.Contains(err.Error(), "QUIRE_MAX_DATA_BYTES") {
		t.Fatalf("data of %d bytes at a limit of %d: %v", size, size-1, err)
	}
}

// Raw html without Handlebars prints as it is, without the compiler (whose
// lexer takes seconds over a multi-megabyte table); with Handlebars it is
// compiled by the raw-html compiler.
func TestRawHTMLWithoutHandlebarsSkipsTheCompiler(t *testing.T) {
	compiled := 0
	s := New(Deps{CompileHTML: func(src string) (HTMLTemplate, error) {
		compiled++
		return literalHTML("compiled"), nil
	}})
	table := "<table>" + strings.Repeat("<tr><td>1</td><td>{ x }</td></tr>", 1000) + "</table>"
	tpl, err := s.compileRaw(table)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := tpl.Render(context.Background(), map[string]any{"x": 1}); err != nil || out != table || compiled != 0 {
		t.Fatalf("literal html: %d bytes, %v, compiled %d times", len(out), err, compiled)
	}
	if tpl, _ = s.compileRaw("<p>{{x}}</p>"); compiled != 1 {
		t.Fatalf("compiled %d times", compiled)
	}
	if out, _ := tpl.Render(context.Background(), nil); out != "compiled" {
		t.Fatalf("output %q", out)
	}
}
