package docx

import (
	"sort"
	"strings"

	"github.com/quirehq/quire/internal/render"
)

// typeRank orders field types when a path is used in several ways: a path
// looped over is an array even if it is also tested in an {{#if}}.
var typeRank = map[string]int{"boolean": 1, "string": 2, "object": 3, "array": 4}

type fieldSet map[string]string

func (fs fieldSet) add(name, typ string) {
	if name == "" {
		return
	}
	if old, ok := fs[name]; !ok || typeRank[typ] > typeRank[old] {
		fs[name] = typ
	}
}

func (fs fieldSet) list() []render.Field {
	out := make([]render.Field, 0, len(fs))
	for name, typ := range fs {
		out = append(out, render.Field{Name: name, Type: typ})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// annotate names the field behind every path, given the enclosing block
// scopes ("items[]" inside {{#each items}}), and collects the fields.
func annotate(nodes []node, scopes []string, fs fieldSet) {
	for i := range nodes {
		n := &nodes[i]
		switch {
		case n.value != nil:
			e := &n.value.expr
			if e.fn == nil {
				addPath(&e.path, scopes, "string", fs)
			}
			for j := range e.args {
				if e.args[j].isPath {
					addPath(&e.args[j].path, scopes, "string", fs)
				}
			}
			for j := range e.hash {
				if e.hash[j].val.isPath {
					addPath(&e.hash[j].val.path, scopes, "string", fs)
				}
			}
		case n.block != nil:
			b := n.block
			inner := scopes
			switch b.expr.block {
			case guardBlock:
			case "each":
				name := addPath(&b.expr.path, scopes, "array", fs)
				inner = append(scopes[:len(scopes):len(scopes)], name+"[]")
			case "with":
				name := addPath(&b.expr.path, scopes, "object", fs)
				inner = append(scopes[:len(scopes):len(scopes)], name)
			default:
				addPath(&b.expr.path, scopes, "boolean", fs)
			}
			annotate(b.body, inner, fs)
			annotate(b.alt, scopes, fs)
		}
	}
}

// addPath sets p.field and records it; "this" and @-variables name no new field.
func addPath(p *pathExpr, scopes []string, typ string, fs fieldSet) string {
	if p.data != "" {
		return ""
	}
	base := ""
	if !p.root {
		if level := len(scopes) - p.up; level > 0 {
			base = scopes[level-1]
		}
	}
	if len(p.segs) == 0 {
		p.field = base
		return base
	}
	name := strings.Join(p.segs, ".")
	if base != "" {
		name = base + "." + name
	}
	p.field = name
	fs.add(name, typ)
	return name
}
