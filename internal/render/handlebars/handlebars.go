// Package handlebars is Quire's Handlebars engine: it compiles templates with
// github.com/mailgun/raymond/v2, refuses what raymond would silently render
// as empty (unknown helpers, wrong arities, partials), derives the template's
// fields from the syntax tree and provides the helpers invoices need
// (numbers, currencies, dates, arithmetic, comparisons).
//
// The engine is pure: source and data in, text out.
package handlebars

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mailgun/raymond/v2"
	"github.com/mailgun/raymond/v2/parser"

	"github.com/quirehq/quire/internal/render"
)

// Template is a compiled template. It is immutable and safe for concurrent
// use; cache it.
type Template struct {
	tpl       *raymond.Template
	fields    []render.Field
	segs      [][]string // segments of fields[i], for Missing
	maxOutput int
}

// Compile checks src against l (zero fields take the defaults), parses and
// validates it. Past a limit it returns a *LimitError, found in one linear
// pass before anything else reads the source. Otherwise it returns a
// *SyntaxError, with the line and column of the offending tag, for syntax
// errors, unclosed or mismatched blocks, unknown helpers (in mustaches,
// blocks and subexpressions), helpers called with the wrong number of
// arguments or unknown options, and partials.
func Compile(src string, l Limits) (*Template, error) {
	l = l.withDefaults()
	lexable, lerr := prescan(src, l)
	if lerr != nil {
		return nil, lerr
	}
	closes, serr := validateSyntax(src, lexable)
	if serr != nil {
		return nil, serr
	}
	prog, err := parser.Parse(lexable)
	if err != nil {
		// validateSyntax mirrors the parser, so this means they disagree.
		return nil, parserError(err)
	}
	a, err := analyze(src, prog, closes, l)
	if err != nil {
		return nil, err
	}
	tpl, err := raymond.Parse(rewrite(lexable, append(callEdits(a.calls), a.loops.edits...)))
	if err != nil {
		return nil, parserError(err)
	}
	registered := map[string]bool{}
	for _, c := range a.calls {
		name := registeredName(c.name, c.arity)
		if !registered[name] {
			registered[name] = true
			tpl.RegisterHelper(name, adapter(lookupSpec(c.name), c.arity))
		}
	}
	registerExecHelpers(tpl, a.loops.indexes)
	t := &Template{tpl: tpl, fields: a.fields.fields(), maxOutput: l.MaxOutputBytes}
	for _, f := range a.fields.order {
		t.segs = append(t.segs, f.segs)
	}
	return t, nil
}

// parserDisagreement starts the message of a parserError; FuzzCompile
// checks it never happens.
const parserDisagreement = "template refused by the parser: "

// parserError wraps an error raymond's parser reported although
// validateSyntax accepted the input (a bug); its message has the line.
func parserError(err error) *SyntaxError {
	line := 1
	fmt.Sscanf(err.Error(), "Parse error on line %d", &line)
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[i+1:]
	}
	return &SyntaxError{Line: line, Column: 1, Message: parserDisagreement + strings.ReplaceAll(msg, "\n", " ")}
}

// Fields returns the template's inputs in order of first appearance:
// "customer.name", "items" (array), "items[].qty" (number)...
func (t *Template) Fields() []render.Field {
	out := make([]render.Field, len(t.fields))
	copy(out, t.fields)
	return out
}

// Render executes the template under ctx. data is usually the
// map[string]any decoded from the request's JSON. Helper failures (a
// non-number where a number is needed, a division by zero...) come back as
// a *RenderError; output past MaxOutputBytes as a *LimitError; a ctx that
// ends as ctx's error.
func (t *Template) Render(ctx context.Context, data any) (out string, err error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	b := &budget{ctx: ctx, max: t.maxOutput}
	frame := raymond.NewDataFrame()
	frame.Set(budgetData, b)
	defer func() {
		if r := recover(); r != nil {
			out, err = "", &RenderError{Message: fmt.Sprintf("render failed: %v", r)}
		}
	}()
	out, err = t.tpl.ExecWith(data, frame)
	switch {
	case err != nil:
		return "", renderError(err)
	case len(out) > t.maxOutput:
		return "", b.tooLarge()
	}
	return out, ctx.Err()
}

// renderError turns raymond's evaluation errors into a one-line message;
// limits and the context's end pass through.
func renderError(err error) error {
	var le *LimitError
	if errors.As(err, &le) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var he *helperError
	if errors.As(err, &he) {
		return &RenderError{Message: he.Error()}
	}
	msg := strings.TrimPrefix(err.Error(), "Evaluation error: ")
	if i := strings.Index(msg, "\nCurrent node"); i >= 0 {
		msg = msg[:i]
	}
	return &RenderError{Message: msg}
}

// Missing lists the fields (by name, in Fields order) that have no value in
// data, so callers can warn about output that would silently be empty. A
// field under a missing one is not listed again; below an array, a field is
// missing when any element lacks it.
func (t *Template) Missing(data any) []string {
	var absent [][]string
	for _, segs := range t.segs {
		if !present(data, segs) {
			absent = append(absent, segs)
		}
	}
	var missing []string
	for i, segs := range t.segs {
		if !present(data, segs) && !underAny(segs, absent) {
			missing = append(missing, t.fields[i].Name)
		}
	}
	return missing
}

func underAny(segs []string, parents [][]string) bool {
	for _, p := range parents {
		if len(segs) > len(p) && slices.Equal(segs[:len(p)], p) {
			return true
		}
	}
	return false
}
