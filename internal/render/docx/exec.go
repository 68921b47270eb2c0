package docx

import (
	"bytes"
	"fmt"
)

// scope is one level of the Handlebars context stack. {{#each}} and
// {{#with}} push one; ../ walks back up.
type scope struct {
	value       any
	loop        bool // pushed by {{#each}}: carries @index and friends
	index       int
	first, last bool
	key         string
}

// executor fills compiled nodes with data. out is nil when only collecting
// missing values.
type executor struct {
	out       *bytes.Buffer
	root      any
	scopes    []scope
	missing   map[string]bool
	maxOutput int64 // checked after each loop iteration
}

func (x *executor) lookup(p *pathExpr) (any, bool) {
	if p.data != "" {
		for i := len(x.scopes) - 1; i >= 0; i-- {
			s := &x.scopes[i]
			if !s.loop {
				continue
			}
			switch p.data {
			case "index":
				return s.index, true
			case "first":
				return s.first, true
			case "last":
				return s.last, true
			default:
				return s.key, true
			}
		}
		return nil, false
	}
	var v any
	if p.root {
		v = x.root
	} else {
		i := len(x.scopes) - 1 - p.up
		if i < 0 {
			return nil, false
		}
		v = x.scopes[i].value
	}
	for _, seg := range p.segs {
		var ok bool
		if v, ok = property(v, seg); !ok {
			return nil, false
		}
	}
	return v, true
}

// resolve looks a path up and notes it when the data lacks it.
func (x *executor) resolve(p *pathExpr) any {
	v, ok := x.lookup(p)
	if (!ok || v == nil) && x.missing != nil && p.field != "" {
		x.missing[p.field] = true
	}
	return v
}

func (x *executor) run(nodes []node) error {
	for i := range nodes {
		n := &nodes[i]
		switch {
		case n.value != nil:
			s, err := x.valueText(n.value)
			if err != nil {
				return err
			}
			if x.out != nil {
				writeRunText(x.out, s, n.value.prefix)
			}
		case n.block != nil:
			if err := x.runBlock(n.block); err != nil {
				return err
			}
		default:
			if x.out != nil {
				x.out.Write(n.lit)
			}
		}
	}
	return nil
}

func (x *executor) runBlock(b *blockNode) error {
	switch b.expr.block {
	case guardBlock:
		if x.out == nil {
			return x.run(b.body)
		}
		start := x.out.Len()
		if err := x.run(b.body); err != nil {
			return err
		}
		if !hasRow(x.out.Bytes()[start:], b.prefix) {
			x.out.Truncate(start)
		}
		return nil
	case "each":
		list := items(x.resolve(&b.expr.path))
		if len(list) == 0 {
			return x.run(b.alt)
		}
		for i, it := range list {
			x.scopes = append(x.scopes, scope{value: it.value, loop: true, index: i,
				first: i == 0, last: i == len(list)-1, key: it.key})
			err := x.run(b.body)
			x.scopes = x.scopes[:len(x.scopes)-1]
			if err != nil {
				return err
			}
			if x.out != nil && int64(x.out.Len()) > x.maxOutput {
				return &Error{Kind: ErrTooLarge, Part: b.loc.part, Paragraph: b.loc.para, Snippet: b.loc.snippet,
					Detail: fmt.Sprintf("the filled document would be larger than %d MB", x.maxOutput>>20)}
			}
		}
		return nil
	case "with":
		v, _ := x.lookup(&b.expr.path)
		if !truthy(v) {
			return x.run(b.alt)
		}
		x.scopes = append(x.scopes, scope{value: v})
		err := x.run(b.body)
		x.scopes = x.scopes[:len(x.scopes)-1]
		return err
	}
	v, _ := x.lookup(&b.expr.path)
	if truthy(v) == (b.expr.block == "if") {
		return x.run(b.body)
	}
	return x.run(b.alt)
}

func (x *executor) valueText(v *valueNode) (string, error) {
	e := &v.expr
	if e.fn == nil {
		return formatValue(x.resolve(&e.path)), nil
	}
	if x.out == nil { // only collecting missing values: resolve, do not call
		for i := range e.args {
			x.argValue(&e.args[i])
		}
		for i := range e.hash {
			x.argValue(&e.hash[i].val)
		}
		return "", nil
	}
	args := make([]any, len(e.args))
	for i := range e.args {
		args[i] = x.argValue(&e.args[i])
	}
	hash := make(map[string]any, len(e.hash))
	for i := range e.hash {
		hash[e.hash[i].key] = x.argValue(&e.hash[i].val)
	}
	s, err := callHelper(e.fn, args, hash)
	if err != nil {
		return "", &Error{Kind: ErrHelper, Part: v.loc.part, Paragraph: v.loc.para, Snippet: v.loc.snippet,
			Detail: fmt.Sprintf("helper %s failed: %v", e.helper, err), Err: err}
	}
	return s, nil
}

func (x *executor) argValue(a *argExpr) any {
	if a.isPath {
		return x.resolve(&a.path)
	}
	return a.lit
}

// hasRow reports whether rendered table XML still has a <w:tr> row.
func hasRow(table []byte, prefix string) bool {
	tag := "<" + prefix + "tr"
	for i := 0; ; {
		j := bytes.Index(table[i:], []byte(tag))
		if j < 0 {
			return false
		}
		i += j + len(tag)
		if i < len(table) && (table[i] == '>' || table[i] == ' ' || table[i] == '/' || table[i] == '\t' || table[i] == '\n' || table[i] == '\r') {
			return true
		}
	}
}

// callHelper runs a helper, turning a panic into an error.
func callHelper(fn HelperFunc, args []any, hash map[string]any) (s string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return fn(args, hash)
}
