package handlebars

import (
	"slices"

	"github.com/mailgun/raymond/v2/ast"
)

// resolve turns a path into field segments relative to the data root,
// following raymond: block parameters first, "@root." from the root, "../"
// up the context stack. @index, @key, @first, @last and other private data
// are not fields (ok is false).
func (a *analyzer) resolve(p *ast.PathExpression) (segs []string, ok bool) {
	parts := p.Parts
	var base []string
	switch {
	case p.Data:
		if len(parts) == 0 || parts[0] != "root" {
			return nil, false
		}
		parts = parts[1:]
	default:
		if bp, found := a.blockParam(parts); found {
			if !bp.isField {
				if bp.index != "" {
					a.loops.indexUse(a.src, p, bp.index)
				}
				return nil, false
			}
			base, parts = bp.path, parts[1:]
			break
		}
		i := max(len(a.scopes)-1-p.Depth, 0)
		if a.scopes[i].opaque {
			return nil, false
		}
		base = a.scopes[i].path
	}
	segs = slices.Clone(base)
	for _, part := range parts {
		segs = append(segs, unbracket(part))
	}
	// items.length is raymond's array length: the field is the array.
	if n := len(segs); n > 1 && segs[n-1] == "length" && len(parts) > 1 {
		a.add(segs[:n-1], useArray)
		return nil, false
	}
	return segs, true
}

func (a *analyzer) blockParam(parts []string) (blockParam, bool) {
	if len(parts) == 0 {
		return blockParam{}, false
	}
	for i := len(a.scopes) - 1; i >= 0; i-- {
		if bp, ok := a.scopes[i].params[parts[0]]; ok {
			return bp, true
		}
	}
	return blockParam{}, false
}

// splitPath splits a field name a helper received as text ("price",
// "unit.price") into segments.
func splitPath(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	return out
}

func unbracket(s string) string {
	if len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']' {
		return s[1 : len(s)-1]
	}
	return s
}
