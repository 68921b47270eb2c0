package handlebars

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

func wantLimit(t *testing.T, err error, l Limit) *LimitError {
	t.Helper()
	var le *LimitError
	if !errors.As(err, &le) || le.Limit != l {
		t.Fatalf("err = %v, want a LimitError on %s", err, l)
	}
	return le
}

func nestedEach(n int) string {
	return strings.Repeat("{{#each a}}", n) + "x" + strings.Repeat("{{/each}}", n)
}

// Each template limit holds exactly: at the limit accepted, one past refused.
func TestTemplateLimitsBoundaries(t *testing.T) {
	type tc struct {
		name     string
		limits   Limits
		at, over string
		limit    Limit
	}
	path := func(n int) string { return "{{a" + strings.Repeat(".a", n-1) + "}}" }
	up := func(n int) string { return "{{#each a}}{{" + strings.Repeat("../", n-1) + "x}}{{/each}}" }
	sub := func(n int) string {
		return "{{add 1 " + strings.Repeat("(add 1 ", n) + "1" + strings.Repeat(")", n) + "}}"
	}
	chain := func(n int) string {
		return "{{#if a}}" + strings.Repeat("{{else if b}}", n-1) + "{{/if}}"
	}
	fields := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString("{{f" + strconv.Itoa(i) + "}}")
		}
		return b.String()
	}
	for _, c := range []tc{
		{"size", Limits{MaxBytes: 10}, "0123456789", "0123456789a", LimitBytes},
		{"depth", Limits{MaxDepth: 5}, nestedEach(5), nestedEach(6), LimitDepth},
		{"else-if chain", Limits{MaxDepth: 5}, chain(5), chain(6), LimitDepth},
		{"subexpressions", Limits{MaxDepth: 5}, sub(5), sub(6), LimitDepth},
		{"path", Limits{MaxPathSegments: 4}, path(4), path(5), LimitPathSegments},
		{"../ path", Limits{MaxPathSegments: 4}, up(4), up(5), LimitPathSegments},
		{"fields", Limits{MaxFields: 3}, fields(3), fields(4), LimitFields},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Compile(c.at, c.limits); err != nil {
				t.Fatalf("at the limit: %v", err)
			}
			_, err := Compile(c.over, c.limits)
			wantLimit(t, err, c.limit)
		})
	}
}

// The upload bomb of issue 14: 16,000 nested #each in a few hundred KB is
// refused by the prescan, at the tag that passes the limit, without
// raymond building anything.
func TestNestingBombRefusedAtOnce(t *testing.T) {
	src := nestedEach(16000)
	_, err := Compile(src, Limits{})
	le := wantLimit(t, err, LimitDepth)
	if le.Max != DefaultMaxDepth || le.Line != 1 || le.Column != DefaultMaxDepth*len("{{#each a}}")+1 {
		t.Fatalf("got %+v", le)
	}
	long := "{{" + strings.Repeat("../", 40000) + "a}}"
	_, err = Compile(long, Limits{})
	wantLimit(t, err, LimitPathSegments)
}

// Comments full of white space are linear: raymond's lexer alone takes
// 40 s on a 40 KB one.
func TestWhiteSpaceCommentsCompileFast(t *testing.T) {
	for _, src := range []string{
		"a\n{{!-- " + strings.Repeat(" \n", 100000) + " --}}b{{x}}",
		"{{! " + strings.Repeat("\t", 200000) + "}}{{x}}",
		"{{!-- " + strings.Repeat(" ", 100000), // unclosed
	} {
		tpl, err := Compile(src, Limits{})
		if strings.HasSuffix(src, " ") {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("unclosed comment: %v", err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		out, err := tpl.Render(context.Background(), map[string]any{"x": "X"})
		if err != nil || !strings.HasSuffix(out, "X") {
			t.Fatalf("got %q, %v", out, err)
		}
	}
	// Errors after a multi-line comment still point at the right line.
	_, err := Compile("{{!-- \n\n --}}\n  {{#if}}", Limits{})
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line != 4 || se.Column != 3 {
		t.Fatalf("err = %#v", err)
	}
}

func TestOutputLimitBoundary(t *testing.T) {
	rows := make([]any, 10)
	for i := range rows {
		rows[i] = "abcd"
	}
	data := map[string]any{"rows": rows, "w": strings.Repeat("w", 40)}
	for _, src := range []string{
		"{{#each rows}}{{this}}{{/each}}",
		"{{#rows}}{{.}}{{/rows}}",
		"{{rows}}",
		"{{w}}",
		"{{lookup this \"w\"}}",
		"{{lower w}}",
	} {
		tpl, err := Compile(src, Limits{MaxOutputBytes: 40})
		if err != nil {
			t.Fatal(err)
		}
		if out, err := tpl.Render(context.Background(), data); err != nil || len(out) != 40 {
			t.Fatalf("%s at the limit: %q, %v", src, out, err)
		}
		tpl, _ = Compile(src, Limits{MaxOutputBytes: 39})
		_, err = tpl.Render(context.Background(), data)
		wantLimit(t, err, LimitOutputBytes)
	}
}

// A million rows, or one field printed ten thousand times, stop at
// the output limit instead of building gigabytes (a 1 MiB limit keeps the
// test short; the default is 5 MiB).
func TestAmplificationStopsAtOutputLimit(t *testing.T) {
	rows := make([]any, 1000000)
	for i := range rows {
		rows[i] = i
	}
	word := strings.Repeat("w", 5<<20)
	for _, c := range []struct {
		src  string
		data map[string]any
	}{
		{"{{#each rows}}<tr><td>{{this}}</td></tr>{{/each}}", map[string]any{"rows": rows}},
		{"{{#rows}}<p>{{.}}</p>{{/rows}}", map[string]any{"rows": rows}},
		{strings.Repeat("{{w}}", 10000), map[string]any{"w": word}},
		{"<p>{{w}}{{w}}</p>", map[string]any{"w": word}},
		{strings.Repeat("{{upper w}}", 10000), map[string]any{"w": strings.Repeat("w", 5000)}},
	} {
		tpl, err := Compile(c.src, Limits{MaxOutputBytes: 1 << 20})
		if err != nil {
			t.Fatal(err)
		}
		_, err = tpl.Render(context.Background(), c.data)
		wantLimit(t, err, LimitOutputBytes)
	}
}

// Loops that print nothing stop when the request's context ends.
func TestRenderStopsAtDeadline(t *testing.T) {
	rows := make([]any, 2000)
	for i := range rows {
		rows[i] = i
	}
	tpl, err := Compile("{{#each a}}{{#each ../a}}{{#each ../../a}}{{/each}}{{/each}}{{/each}}", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = tpl.Render(ctx, map[string]any{"a": rows})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("took %v after a 200 ms deadline", d)
	}
	canceled, stop := context.WithCancel(context.Background())
	stop()
	if _, err := tpl.Render(canceled, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled: %v", err)
	}
}

// The loops Compile hands to its own helpers keep raymond's meaning.
func TestLoopRewritesRenderAsRaymond(t *testing.T) {
	data := map[string]any{
		"items": []any{map[string]any{"name": "A", "tags": []any{"x", "y"}}, map[string]any{"name": "B", "tags": []any{}}},
		"obj":   map[string]any{"b": 2, "a": 1},
		"one":   map[string]any{"name": "solo"},
	}
	for src, want := range map[string]string{
		`{{#each items as |it i|}}{{i}}:{{it.name}}{{#each it.tags as |t j|}}[{{i}}{{j}}{{t}}]{{/each}};{{/each}}`: "0:A[00x][01y];1:B;",
		`{{#each items as |it i|}}{{#if @first}}first{{/if}}{{add i 1}}{{else}}none{{/each}}`:                      "first12",
		`{{#each obj as |v k|}}{{k}}={{v}},{{/each}}`:                                                              "a=1,b=2,",
		`{{#each obj}}{{@key}}{{this}}{{/each}}`:                                                                   "a1b2",
		`{{#items}}{{@index}}{{name}}{{/items}}`:                                                                   "0A1B",
		`{{#one}}{{name}}{{/one}}{{#missing}}x{{else}}none{{/missing}}{{^missing}}!{{/missing}}`:                   "solonone!",
		`{{#each missing}}x{{else}}empty{{/each}}{{@quire$budget}}`:                                                "empty",
		`{{~#each items~}} {{name}} {{~/each~}}`:                                                                   "AB",
	} {
		tpl, err := Compile(src, Limits{})
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		got, err := tpl.Render(context.Background(), data)
		if err != nil || got != want {
			t.Errorf("%s = %q, %v; want %q", src, got, err, want)
		}
	}
}
