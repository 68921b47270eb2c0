package handlebars

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/mailgun/raymond/v2/parser"
)

// fuzzData has one value of every JSON shape, under names templates tend to use.
var fuzzData = func() map[string]any {
	var data map[string]any
	err := json.Unmarshal([]byte(`{
		"a": 1, "b": 2.5, "n": -3, "s": "x<y", "t": true, "f": false, "z": 0, "e": "", "null": null,
		"d": "2024-03-05T10:00:00Z", "items": [{"qty": 2, "price": 1.5, "name": "A", "tags": [{"label": "t"}]}, {"qty": "1", "price": 3}],
		"customer": {"name": "Acme", "address": {"city": "Berlin"}}, "list": [1, 2, "3"], "obj": {"k": "v"}
	}`), &data)
	if err != nil {
		panic(err)
	}
	return data
}()

// FuzzCompile checks that Compile, Fields, Missing and Render never panic,
// that every refusal is a positioned *SyntaxError, and that whatever our
// grammar check accepts raymond's parser accepts too (otherwise Compile
// would leak the parser's lexer goroutine).
func FuzzCompile(f *testing.F) {
	for _, seed := range []string{
		invoiceTemplate,
		`{{#each items as |it i|}}{{i}}{{it.name}}{{else}}none{{/each}}`,
		`{{#if (and (gt a 1) (not b))}}{{formatNumber a 2 locale="de"}}{{else if t}}{{/if}}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if _, err := validateSyntax(src, src); err == nil {
			if _, err := parser.Parse(src); err != nil {
				t.Fatalf("validateSyntax accepted %q but raymond's parser refused it: %v", src, err)
			}
		}
		tpl, err := Compile(src, Limits{})
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Line < 1 || se.Column < 1 || strings.HasPrefix(se.Message, parserDisagreement) {
				t.Fatalf("Compile(%q, Limits{}) = %v, want a positioned *SyntaxError", src, err)
			}
			return
		}
		tpl.Fields()
		tpl.Missing(fuzzData)
		tpl.Missing(nil)
		if _, err := tpl.Render(context.Background(), fuzzData); err != nil {
			var re *RenderError
			if !errors.As(err, &re) {
				t.Fatalf("Render error %T is not a *RenderError: %v", err, err)
			}
		}
		tpl.Render(context.Background(), nil)
	})
}
