package handlebars

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestCompileErrors(t *testing.T) {
	cases := []struct {
		name      string
		src       string
		line, col int
		msg       string // substring of SyntaxError.Message
	}{
		{"unknown helper", "<p>\n\n    {{formatMony total \"EUR\"}}</p>", 3, 5, `unknown helper "formatMony"`},
		{"unknown helper after unicode", "Größe: {{formatMony x}}", 1, 8, `unknown helper "formatMony"`},
		{"unknown helper in block", "{{#each items}}\n  {{#if paid}}\n    {{formatMony total}}\n  {{/if}}\n{{/each}}", 3, 5, `unknown helper "formatMony"`},
		{"unknown helper in else", "{{#if a}}x{{else}}\n {{nope a}}{{/if}}", 2, 2, `unknown helper "nope"`},
		{"unknown block helper", "x\n{{#repeat 3}}a{{/repeat}}", 2, 1, `unknown helper "repeat"`},
		{"unknown helper in subexpression", "{{#if ok}}\n\t{{formatNumber (mul a b) 2}}{{/if}}", 2, 2, `unknown helper "mul"`},
		{"unknown helper in block subexpression", "{{#if (isPaid x)}}y{{/if}}", 1, 1, `unknown helper "isPaid"`},
		{"unknown helper in else if", "{{#if a}}{{else if (bigger a 1)}}{{/if}}", 1, 10, `unknown helper "bigger"`},
		{"unknown helper in hash", `{{formatNumber 1 locale=(pick a)}}`, 1, 1, `unknown helper "pick"`},
		{"subexpression must call a helper", `{{upper (name)}}`, 1, 1, `unknown helper "name"`},
		{"dotted head with args", `{{customer.name "x"}}`, 1, 1, `unknown helper "customer.name"`},
		{"raymond extra helper refused", `{{#ifGt a 1}}x{{/ifGt}}`, 1, 1, `unknown helper "ifGt"`},
		{"literal head with args", `{{"x" y}}`, 1, 1, `expected a helper name, found "x"`},
		{"too few arguments", "\n  {{formatCurrency total}}", 2, 3, `helper "formatCurrency" expects 2 arguments, got 1`},
		{"too many arguments", `{{upper a b}}`, 1, 1, `helper "upper" expects 1 argument, got 2`},
		{"arity range", `{{round}}`, 1, 1, `helper "round" expects 1 to 2 arguments, got 0 (to print a field named "round", write {{this.round}})`},
		{"variadic arity", `{{add 1}}`, 1, 1, `helper "add" expects 2 to 20 arguments, got 1`},
		{"variadic cap", "{{and" + strings.Repeat(" a", 21) + "}}", 1, 1, `helper "and" expects 2 to 20 arguments, got 21`},
		{"unknown option", `{{formatNumber 1 locle="de"}}`, 1, 1, `helper "formatNumber" has no option "locle"`},
		{"literal not a number", `{{formatNumber "abc"}}`, 1, 1, `argument 1 "abc" is not a number`},
		{"helper used as block", `{{#upper a}}x{{/upper}}`, 1, 1, `helper "upper" cannot be used as a block`},
		{"block helper inline", `{{each items}}`, 1, 1, `helper "each" must be used as a block`},
		{"unclosed block", "a\n  {{#each items}}\n{{name}}", 2, 3, "unclosed block {{#each items}}"},
		{"unclosed inner block", "{{#if a}}\n{{#with b}}x\n{{/if}}", 3, 1, "{{/if}} does not match {{#with b}} opened at line 2, column 1"},
		{"mismatched close", "{{#each items}}\n  {{#if a}}{{/each}}", 2, 12, "{{/each}} does not match {{#if a}} opened at line 2, column 3"},
		{"stray close", "ok\n {{/if}}", 2, 2, "{{/if}} closes a block that was never opened"},
		{"stray else", "{{else}}", 1, 1, "{{else}} outside of a block"},
		{"second else", "{{#each items}}{{else}}\n{{else}}{{/each}}", 2, 1, "unexpected {{else}}: {{#each items}} opened at line 1, column 1 already has its {{else}}"},
		{"else if after else", "{{#if a}}{{else}}{{else if b}}{{/if}}", 1, 18, "unexpected {{else if b}}"},
		{"block helper without argument", "{{#if}}{{/if}}", 1, 1, `helper "if" expects 1 argument, got 0`},
		{"partial", "x {{> footer}}", 1, 3, "partials are not supported ({{> footer}})"},
		{"partial in block", "{{#if a}}\n{{> footer}}{{/if}}", 2, 1, "partials are not supported"},
		{"unterminated string", "\n {{upper \"abc}}", 2, 2, "unterminated string"},
		{"unclosed tag", "hello {{name", 1, 7, "unclosed expression"},
		{"unclosed comment", "x\n{{!-- y", 2, 1, "unclosed comment"},
		{"missing hash value", "{{formatNumber 1 locale=}}", 1, 1, `expected a name, found "}}"`},
		{"unclosed subexpression", "{{upper (lower a}}", 1, 1, `expected ")"`},
		{"invalid path", "{{a/../b}}", 1, 1, `invalid path "a/.."`},
		{"bad number", "{{add 1 0x1}}", 1, 1, `invalid number "0x1"`},
		{"bad character", "{{a ! b}}", 1, 1, "unexpected character in expression"},
		{"empty block params", "{{#each items as ||}}{{/each}}", 1, 1, "expected a block parameter name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tpl, err := Compile(tc.src, Limits{})
			if err == nil {
				t.Fatalf("Compile(%q, Limits{}) succeeded, want an error", tc.src)
			}
			if tpl != nil {
				t.Errorf("Compile returned a template with an error")
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %T %v is not a *SyntaxError", err, err)
			}
			if se.Line != tc.line || se.Column != tc.col || !strings.Contains(se.Message, tc.msg) {
				t.Errorf("Compile(%q, Limits{}) = line %d, column %d, %q; want line %d, column %d, containing %q",
					tc.src, se.Line, se.Column, se.Message, tc.line, tc.col, tc.msg)
			}
		})
	}
}

func TestSyntaxErrorMessage(t *testing.T) {
	_, err := Compile("a\nb\n    {{formatMony x}}", Limits{})
	want := `unknown helper "formatMony" at line 3, column 5`
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %q", err, want)
	}
}

func TestCompileAccepts(t *testing.T) {
	for _, src := range []string{
		"",
		"plain text",
		`{{name}} {{{html}}} {{&html}}`,
		`{{#if a}}x{{else if b}}y{{else}}z{{/if}}`,
		`{{^items}}none{{/items}}`,
		`{{#items}}{{name}}{{/items}}`,
		`{{#each items as |item idx|}}{{idx}}{{item.name}}{{/each}}`,
		`{{#if (and (gt a 1) (not b))}}ok{{/if}}`,
		`{{log "hello"}}{{lookup a "b"}}`,
		`{{#if a includeZero=true}}x{{/if}}`,
		`\{{escaped}} {{this}} {{.}} {{./a}} {{this.a}} {{[first name]}} {{@root.a}}`,
		`{{formatNumber 1}}{{formatNumber 1 2}}{{formatNumber 1 2 locale="de"}}`,
		"{{~#each items~}} {{~name~}} {{~/each~}}",
		`{{!-- {{nope x}} --}}`,
	} {
		if _, err := Compile(src, Limits{}); err != nil {
			t.Errorf("Compile(%q, Limits{}): %v", src, err)
		}
	}
}

// TestSameHelperSeveralArities checks the per-arity registration: one
// template calls formatNumber with one and with two arguments.
func TestSameHelperSeveralArities(t *testing.T) {
	tpl, err := Compile(`{{formatNumber n}}|{{formatNumber n 2}}|{{formatNumber (round n 1) 2 locale="de-DE"}}|{{add 1 2}}|{{add 1 2 3}}`, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := tpl.Render(context.Background(), map[string]any{"n": 1234.5678})
	if err != nil {
		t.Fatal(err)
	}
	if want := "1,234.568|1,234.57|1.234,60|3|6"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestHelperNames(t *testing.T) {
	names := HelperNames()
	want := []string{"add", "and", "default", "divide", "each", "eq", "formatCurrency", "formatDate", "formatNumber",
		"gt", "gte", "if", "log", "lookup", "lower", "lt", "lte", "multiply", "ne", "not", "or", "round",
		"subtract", "sum", "sumProduct", "unless", "upper", "with"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("HelperNames() = %v\nwant %v", names, want)
	}
}

// TestCompileDoesNotLeakGoroutines: raymond's parser abandons its lexer
// goroutine when it fails; Compile must never let it fail.
func TestCompileDoesNotLeakGoroutines(t *testing.T) {
	bad := []string{"{{foo bar=}}", "{{#if a}}", "{{upper (lower a}}", "{{a/../b}}", "{{/x}}", "{{add 1 0x1}}", "{{#each a as ||}}{{/each}}"}
	before := runtime.NumGoroutine()
	for range 50 {
		for _, src := range bad {
			if _, err := Compile(src, Limits{}); err == nil {
				t.Fatalf("Compile(%q, Limits{}) succeeded", src)
			}
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+2 {
		t.Errorf("%d goroutines after failed compiles, %d before", n, before)
	}
}
