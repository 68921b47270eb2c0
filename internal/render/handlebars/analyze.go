package handlebars

import (
	"fmt"
	"slices"

	"github.com/mailgun/raymond/v2/ast"
)

// scope is one context level while walking the tree: raymond pushes a new
// context for #each, #with and section blocks (not for #if/#unless), and
// "../" climbs these levels.
type scope struct {
	path   []string // field path of the context; nil at the root
	opaque bool     // the context is not a data path (e.g. a subexpression)
	params map[string]blockParam
}

// blockParam is an "as |item index|" name.
type blockParam struct {
	path    []string
	isField bool   // false for the index/key parameter
	index   string // the index/key parameter of an #each: its name
}

// helperCall is a call to one of our helpers: its name is rewritten in the
// source to the arity-specific registration (see registeredName).
type helperCall struct {
	pos   int // byte offset of the helper name
	name  string
	arity int
}

// analyzer walks raymond's syntax tree once to check every helper call and
// collect fields.
type analyzer struct {
	src    string
	fields *fieldSet
	calls  []helperCall
	loops  loopRewrites
	scopes []*scope
	tag    int // byte offset of the tag being analyzed, for errors
}

// analysisError aborts the walk; analyze turns it back into an error.
type analysisError struct{ err error }

// analyze walks prog, parsed from src; closes locates the blocks' closing
// names (from validateSyntax) and l.MaxFields bounds the fields.
func analyze(src string, prog *ast.Program, closes map[int]span, l Limits) (a *analyzer, err error) {
	a = &analyzer{src: src, fields: newFieldSet(l.MaxFields), scopes: []*scope{{}}, loops: loopRewrites{closes: closes}}
	defer func() {
		if r := recover(); r != nil {
			ae, ok := r.(analysisError)
			if !ok {
				panic(r)
			}
			a, err = nil, ae.err
		}
	}()
	a.program(prog)
	return a, nil
}

func (a *analyzer) failf(format string, args ...any) {
	panic(analysisError{errorAt(a.src, a.tag, format, args...)})
}

// tooManyFields aborts the walk at the tag that adds one field too many.
func (a *analyzer) tooManyFields() {
	panic(analysisError{limitAt(a.src, a.tag, LimitFields, a.fields.max, "more than %d distinct fields", a.fields.max)})
}

func (a *analyzer) program(p *ast.Program) {
	if p == nil {
		return
	}
	for _, node := range p.Body {
		switch n := node.(type) {
		case *ast.MustacheStatement:
			a.tag = n.Loc.Pos
			a.expression(n.Expression, false)
		case *ast.BlockStatement:
			a.block(n)
		case *ast.PartialStatement:
			a.tag = n.Loc.Pos
			a.failf("partials are not supported")
		}
	}
}

// block handles {{#name ...}}, {{^name}}, {{else if ...}} and raw blocks.
func (a *analyzer) block(b *ast.BlockStatement) {
	a.tag = b.Loc.Pos
	e := b.Expression
	head, isPath := e.Path.(*ast.PathExpression)
	if !isPath {
		a.failf("a block must start with a helper or a field name, not %s", literalText(e.Path))
	}
	spec := lookupSpec(e.HelperName())
	if spec == nil {
		if len(e.Params) > 0 || e.Hash != nil {
			a.failf("unknown helper %q", head.Original)
		}
		a.section(b, head)
		return
	}
	if !spec.block {
		a.failf("helper %q cannot be used as a block; write {{%s ...}}", spec.name, spec.name)
	}
	a.checkCall(spec, e)
	inner := a.current()
	switch spec.name {
	case "each", "with":
		inner = a.enter(spec.name, e, b.Program)
		if spec.name == "each" && b.Program != nil && len(b.Program.BlockParams) > 1 {
			a.loops.indexed(a.src, b, head, b.Program.BlockParams[1])
		}
	}
	a.withScope(inner, b.Program)
	a.tag = b.Loc.Pos
	a.program(b.Inverse)
}

// section is a block on a plain field, {{#customer}}...{{/customer}}:
// raymond renders it once with the value as context (or once per element
// of an array), or the inverse when the value is falsy.
func (a *analyzer) section(b *ast.BlockStatement, head *ast.PathExpression) {
	segs, ok := a.resolve(head)
	inner := &scope{opaque: !ok}
	if ok {
		a.add(segs, useCondition)
		inner.path = segs
	}
	a.loops.section(a.src, b, head)
	a.withScope(inner, b.Program)
	a.program(b.Inverse)
}

// enter builds the scope #each or #with gives its block.
func (a *analyzer) enter(helper string, e *ast.Expression, prog *ast.Program) *scope {
	inner := &scope{opaque: true}
	if path, ok := e.Params[0].(*ast.PathExpression); ok {
		if segs, ok := a.resolve(path); ok {
			inner.opaque = false
			inner.path = segs
			if helper == "each" {
				inner.path = append(slices.Clone(segs), arrayMark)
			} else {
				a.add(segs, useObject)
			}
		}
	}
	if prog != nil && len(prog.BlockParams) > 0 {
		inner.params = map[string]blockParam{
			prog.BlockParams[0]: {path: inner.path, isField: !inner.opaque},
		}
		if len(prog.BlockParams) > 1 {
			bp := blockParam{}
			if helper == "each" {
				bp.index = prog.BlockParams[1]
			}
			inner.params[prog.BlockParams[1]] = bp
		}
	}
	return inner
}

func (a *analyzer) current() *scope { return a.scopes[len(a.scopes)-1] }

// withScope walks prog in s; s is pushed only when it is a new context.
func (a *analyzer) withScope(s *scope, prog *ast.Program) {
	if s == a.current() {
		a.program(prog)
		return
	}
	a.scopes = append(a.scopes, s)
	a.program(prog)
	a.scopes = a.scopes[:len(a.scopes)-1]
}

// expression checks a mustache or subexpression: with arguments, or inside
// parentheses, it must call a known helper; otherwise it prints a field.
func (a *analyzer) expression(e *ast.Expression, subexpr bool) {
	hasArgs := len(e.Params) > 0 || e.Hash != nil
	head, isPath := e.Path.(*ast.PathExpression)
	if !isPath {
		if hasArgs || subexpr {
			a.failf("expected a helper name, found %s", literalText(e.Path))
		}
		return
	}
	spec := lookupSpec(e.HelperName())
	if spec == nil {
		if hasArgs || subexpr {
			a.failf("unknown helper %q", head.Original)
		}
		a.use(head, usePrint)
		a.loops.print(a.src, head)
		return
	}
	if spec.block {
		a.failf("helper %q must be used as a block: {{#%s ...}}...{{/%s}}", spec.name, spec.name, spec.name)
	}
	a.checkCall(spec, e)
	if !spec.builtin {
		a.calls = append(a.calls, helperCall{pos: head.Loc.Pos, name: spec.name, arity: len(e.Params)})
	}
}

// checkCall checks arity and hash keys, and records the fields passed.
func (a *analyzer) checkCall(spec *helperSpec, e *ast.Expression) {
	n := len(e.Params)
	if n < spec.minArgs || n > spec.maxArgs {
		hint := ""
		if n == 0 && e.Hash == nil && !spec.block {
			hint = fmt.Sprintf(" (to print a field named %q, write {{this.%s}})", spec.name, spec.name)
		}
		a.failf("helper %q expects %s, got %d%s", spec.name, arityText(spec), n, hint)
	}
	var array []string // the last argArray path, for argElemField literals
	numberCompared := slices.ContainsFunc(e.Params, func(n ast.Node) bool { return n.Type() == ast.NodeNumber })
	for i, param := range e.Params {
		kind := spec.kind(i)
		if kind == argCompared && numberCompared {
			kind = argNumber
		}
		switch p := param.(type) {
		case *ast.PathExpression:
			segs, ok := a.resolve(p)
			if !ok {
				continue
			}
			a.add(segs, useFor(kind))
			if kind == argArray {
				array = segs
			}
		case *ast.SubExpression:
			a.expression(p.Expression, true)
		case *ast.StringLiteral:
			switch kind {
			case argElemField:
				if array != nil {
					elem := append(slices.Clone(array), arrayMark)
					a.add(append(elem, splitPath(p.Value)...), useNumber)
				}
			case argNumber:
				if _, ok := parseNumber(p.Value); !ok {
					a.failf("helper %q: argument %d %q is not a number", spec.name, i+1, p.Value)
				}
			}
		}
	}
	if e.Hash == nil {
		return
	}
	for _, pair := range e.Hash.Pairs {
		if !spec.builtin && !slices.Contains(spec.hash, pair.Key) {
			a.failf("helper %q has no option %q", spec.name, pair.Key)
		}
		switch p := pair.Val.(type) {
		case *ast.PathExpression:
			a.use(p, usePrint)
		case *ast.SubExpression:
			a.expression(p.Expression, true)
		}
	}
}

func useFor(k argKind) use {
	switch k {
	case argNumber, argElemField:
		return useNumber
	case argCondition:
		return useCondition
	case argArray:
		return useArray
	case argDate:
		return useDate
	}
	return usePrint
}

func (a *analyzer) use(p *ast.PathExpression, u use) {
	if segs, ok := a.resolve(p); ok {
		a.add(segs, u)
	}
}

// add records a use of a field, aborting past the limit on fields.
func (a *analyzer) add(segs []string, u use) {
	if !a.fields.add(segs, u) {
		a.tooManyFields()
	}
}

func literalText(n ast.Node) string {
	if s, ok := ast.LiteralStr(n); ok {
		return fmt.Sprintf("%q", s)
	}
	return "an expression"
}

func arityText(s *helperSpec) string {
	plural := func(n int) string {
		if n == 1 {
			return "1 argument"
		}
		return fmt.Sprintf("%d arguments", n)
	}
	if s.minArgs == s.maxArgs {
		return plural(s.minArgs)
	}
	return fmt.Sprintf("%d to %d arguments", s.minArgs, s.maxArgs)
}
