package handlebars

import (
	"slices"
	"strings"

	"github.com/mailgun/raymond/v2/ast"
)

// edit replaces src[pos:pos+del] with ins.
type edit struct {
	pos, del int
	ins      string
}

// loopRewrites collects the edits that hand loops and prints to Render's
// budget (see exec.go). raymond's own #each, sections over arrays and
// field prints cannot be bounded: they concatenate with += (quadratic in
// the output) and call no code of ours, so Compile renames them:
//
//	{{#each xs as |x i|}}…{{i}}…{{/each}}  →  {{#each$i xs as |x i|}}…{{@bp$i}}…{{/each$i}}
//	{{#items}}…{{/items}}                  →  {{#section$ items}}…{{/section$}}
//	{{name}}                               →  {{print$ name}}
//
// Helpers raymond gives no iteration key cannot set "i", so the index
// parameter becomes private data that each$i sets.
type loopRewrites struct {
	closes  map[int]span // closing names of blocks, by opening offset
	edits   []edit
	indexes []string // index parameter names of renamed #each blocks
}

// pathStart is where p's text starts in src ("@" included), if it is there.
func pathStart(src string, p *ast.PathExpression) (int, bool) {
	pos := p.Loc.Pos
	if p.Data {
		pos--
	}
	if pos < 0 || pos+len(p.Original) > len(src) || src[pos:pos+len(p.Original)] != p.Original {
		return 0, false
	}
	return pos, true
}

// rename renames the block at b, whose head path is head, and its closing name.
func (r *loopRewrites) rename(src string, b *ast.BlockStatement, head *ast.PathExpression, name string, insert bool) {
	closing, ok := r.closes[b.Loc.Pos]
	pos, found := pathStart(src, head)
	if !ok || !found {
		return
	}
	if insert {
		r.edits = append(r.edits, edit{pos: pos, ins: name + " "})
	} else {
		r.edits = append(r.edits, edit{pos: pos, del: len(head.Original), ins: name})
	}
	r.edits = append(r.edits, edit{pos: closing.from, del: closing.to - closing.from, ins: name})
}

// indexed renames an #each whose block has the index parameter name.
func (r *loopRewrites) indexed(src string, b *ast.BlockStatement, head *ast.PathExpression, name string) {
	r.rename(src, b, head, indexedEach+name, false)
	if !slices.Contains(r.indexes, name) {
		r.indexes = append(r.indexes, name)
	}
}

// indexUse rewrites a use of the index parameter name to its private data.
func (r *loopRewrites) indexUse(src string, p *ast.PathExpression, name string) {
	if pos, ok := pathStart(src, p); ok {
		r.edits = append(r.edits, edit{pos: pos, del: len(p.Original), ins: "@" + indexData + name})
	}
}

// section hands a {{#field}} block (not {{^field}}) to section$.
func (r *loopRewrites) section(src string, b *ast.BlockStatement, head *ast.PathExpression) {
	open := strings.TrimPrefix(src[b.Loc.Pos:], "{{")
	open = strings.TrimPrefix(open, "~")
	if b.Program != nil && strings.HasPrefix(open, "#") {
		r.rename(src, b, head, sectionHelper, true)
	}
}

// print hands a field's print, {{field}}, to print$.
func (r *loopRewrites) print(src string, p *ast.PathExpression) {
	if pos, ok := pathStart(src, p); ok {
		r.edits = append(r.edits, edit{pos: pos, ins: printHelper + " "})
	}
}

// rewrite applies edits to src; an edit overlapping an earlier one is
// dropped. Edits never add lines, so line numbers stay.
func rewrite(src string, edits []edit) string {
	if len(edits) == 0 {
		return src
	}
	edits = slices.Clone(edits)
	slices.SortStableFunc(edits, func(a, b edit) int {
		if a.pos != b.pos {
			return a.pos - b.pos
		}
		return a.del - b.del
	})
	var b strings.Builder
	b.Grow(len(src) + 16*len(edits))
	last := 0
	for _, e := range edits {
		if e.pos < last {
			continue
		}
		b.WriteString(src[last:e.pos])
		b.WriteString(e.ins)
		last = e.pos + e.del
	}
	b.WriteString(src[last:])
	return b.String()
}

// callEdits renames each call of one of our helpers to its arity-specific
// registration ("formatNumber" with 2 arguments becomes "formatNumber$2").
// raymond matches a helper's Go signature against the number of arguments
// exactly, so optional arguments need one registration per arity.
func callEdits(calls []helperCall) []edit {
	edits := make([]edit, 0, len(calls))
	for _, c := range calls {
		edits = append(edits, edit{pos: c.pos, del: len(c.name), ins: registeredName(c.name, c.arity)})
	}
	return edits
}
