package handlebars

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mailgun/raymond/v2"
	"github.com/mailgun/raymond/v2/ast"
	"github.com/mailgun/raymond/v2/parser"
)

// fuzzLimits are small, so the fuzzer reaches them.
var fuzzLimits = Limits{MaxBytes: 1 << 16, MaxDepth: 6, MaxPathSegments: 5, MaxFields: 20, MaxOutputBytes: 1 << 16}

// FuzzAnalyze checks the linear prescan against what raymond builds: a
// template it lets through never nests deeper or has longer paths than the
// limits say, and every refusal is a *SyntaxError or a *LimitError.
func FuzzAnalyze(f *testing.F) {
	for _, seed := range []string{
		invoiceTemplate,
		nestedEach(7),
		"{{#if a}}{{else if b}}{{else if c}}{{else}}{{/if}}",
		"{{add 1 (add 1 (add 1 (add 1 (add 1 (add 1 1)))))}}",
		"{{a.b.c.d.e.f}}{{../../../../x}}{{@root.a.b.c.d.e}}",
		"{{!-- {{#each a}} --}}\\{{#each}}{{{{raw}}}}{{#x}}{{{{/raw}}}}",
		"{{#each a as |x i|}}{{i}}{{#x}}{{.}}{{/x}}{{/each}}",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		tpl, err := Compile(src, fuzzLimits)
		if err != nil {
			var se *SyntaxError
			var le *LimitError
			switch {
			case errors.As(err, &le):
				if le.Limit != LimitBytes && (le.Line < 1 || le.Column < 1) {
					t.Fatalf("unpositioned %v", le)
				}
			case !errors.As(err, &se) || se.Line < 1 || se.Column < 1 || strings.HasPrefix(se.Message, parserDisagreement):
				t.Fatalf("Compile(%q) = %v, want a positioned *SyntaxError or a *LimitError", src, err)
			}
			return
		}
		if n := len(tpl.Fields()); n > fuzzLimits.MaxFields {
			t.Fatalf("%d fields", n)
		}
		prog, err := parser.Parse(src)
		if err != nil {
			t.Fatalf("raymond refused what Compile accepted: %v", err)
		}
		m := &measure{}
		m.program(prog, 0)
		if m.depth > fuzzLimits.MaxDepth || m.path > fuzzLimits.MaxPathSegments {
			t.Fatalf("Compile accepted %q: depth %d, path %d", src, m.depth, m.path)
		}
	})
}

// measure finds the deepest nesting and longest path of a syntax tree.
type measure struct{ depth, path int }

func (m *measure) program(p *ast.Program, depth int) {
	if p == nil {
		return
	}
	for _, n := range p.Body {
		switch n := n.(type) {
		case *ast.MustacheStatement:
			m.expr(n.Expression, depth)
		case *ast.BlockStatement:
			m.depth = max(m.depth, depth+1)
			m.expr(n.Expression, depth+1)
			m.program(n.Program, depth+1)
			m.program(n.Inverse, depth+1)
		}
	}
}

func (m *measure) expr(e *ast.Expression, depth int) {
	nodes := append([]ast.Node{e.Path}, e.Params...)
	if e.Hash != nil {
		for _, p := range e.Hash.Pairs {
			nodes = append(nodes, p.Val)
		}
	}
	for _, n := range nodes {
		switch n := n.(type) {
		case *ast.PathExpression:
			m.path = max(m.path, len(n.Parts)+n.Depth)
		case *ast.SubExpression:
			m.depth = max(m.depth, depth+1)
			m.expr(n.Expression, depth+1)
		}
	}
}

// FuzzExecute renders fuzzed templates with fuzzed JSON data: Render never
// panics, stays within the output limit and the deadline, and where raymond
// itself renders deterministically (no map of several keys) and no helper
// of ours is called, the budget-aware loops and prints give raymond's
// output byte for byte.
func FuzzExecute(f *testing.F) {
	for _, seed := range [][2]string{
		{"{{#each x as |e i|}}{{i}}{{#each e.y}}[{{this}}{{@index}}{{@first}}{{@last}}]{{/each}}{{else}}none{{/each}}", `{"x":[{"y":[1,"two",true]},{"y":[]},{"y":[{"z":"<i>"}]}]}`},
		{"{{#x}}{{#y}}{{.}}{{/y}}{{^y}}-{{/y}}{{/x}}{{x}}{{lookup x 0}}", `{"x":[{"y":[1,2]},{"y":null}]}`},
		{"{{#with x}}{{#each this as |v k|}}{{k}}={{v}}{{/each}}{{/with}}{{{x}}}", `{"x":{"only":"<b>"}}`},
		{"{{#each x}}{{#each ../x}}{{../this}}{{/each}}{{/each}}", `{"x":[1,2,3]}`},
		{"{{x.y.z}}{{@root.x}}{{#if x}}{{x}}{{else}}no{{/if}}", `{"x":{"y":{"z":"deep"}}}`},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, src, dataJSON string) {
		tpl, err := Compile(src, fuzzLimits)
		if err != nil {
			return
		}
		var data any
		if json.Unmarshal([]byte(dataJSON), &data) != nil {
			data = nil
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		tpl.Missing(data)
		out, err := tpl.Render(ctx, data)
		if err != nil {
			var re *RenderError
			var le *LimitError
			if !errors.As(err, &re) && !errors.As(err, &le) && ctx.Err() == nil {
				t.Fatalf("Render error %T: %v", err, err)
			}
			return
		}
		if len(out) > fuzzLimits.MaxOutputBytes {
			t.Fatalf("%d bytes of output", len(out))
		}
		if !comparable(src, data) {
			return
		}
		rt, err := raymond.Parse(src)
		if err != nil {
			return
		}
		want, err := rt.Exec(data)
		if err == nil && want != out {
			t.Fatalf("Render(%q, %s) = %q; raymond gives %q", src, dataJSON, out, want)
		}
	})
}

// comparable reports whether raymond's own output for src and data is
// deterministic and free of our helpers.
func comparable(src string, data any) bool {
	for _, name := range InlineHelperNames() {
		if strings.Contains(src, name) {
			return false
		}
	}
	var ok func(v reflect.Value) bool
	ok = func(v reflect.Value) bool {
		switch v.Kind() {
		case reflect.Interface:
			return v.IsNil() || ok(v.Elem())
		case reflect.Map:
			if v.Len() > 1 {
				return false
			}
			for it := v.MapRange(); it.Next(); {
				if !ok(it.Value()) {
					return false
				}
			}
		case reflect.Slice:
			for i := range v.Len() {
				if !ok(v.Index(i)) {
					return false
				}
			}
		}
		return true
	}
	return ok(reflect.ValueOf(data))
}
