package docx

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// HelperFunc is a Handlebars-style helper: positional arguments (resolved
// values or literals) and hash arguments (key=value) in, text out. The text
// is XML-escaped by the engine.
type HelperFunc func(args []any, hash map[string]any) (string, error)

type tagKind int

const (
	tagValue   tagKind = iota // {{path}} or {{helper args…}}
	tagOpen                   // {{#each path}} and friends
	tagElse                   // {{else}}, or {{else if path}} when block is set
	tagClose                  // {{/each}} and friends
	tagComment                // {{! … }}
)

// Block helpers the engine understands.
var blockNames = map[string]bool{"each": true, "if": true, "unless": true, "with": true}

// pathExpr is a Handlebars path: ../../a.b.c, this, @index, @root.x.
type pathExpr struct {
	text  string   // as written
	up    int      // number of ../
	root  bool     // @root
	data  string   // "index", "first", "last", "key" for @index…; "" otherwise
	segs  []string // property names; empty means "this"
	field string   // field name this path stands for ("items[].qty"); set by annotate
}

// argExpr is a helper argument: a path or a literal.
type argExpr struct {
	isPath bool
	path   pathExpr
	lit    any
}

type hashExpr struct {
	key string
	val argExpr
}

// tagExpr is a parsed tag.
type tagExpr struct {
	kind   tagKind
	block  string // each, if, unless, with for open and close tags
	path   pathExpr
	helper string
	fn     HelperFunc
	args   []argExpr
	hash   []hashExpr // sorted by key
}

// parseTag parses the inside of a tag, without the braces.
func parseTag(inner string, helpers map[string]HelperFunc) (tagExpr, error) {
	s := strings.TrimSpace(smartQuotes.Replace(inner))
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, "~"), "~"))
	switch {
	case strings.HasPrefix(s, "!"):
		return tagExpr{kind: tagComment}, nil
	case s == "":
		return tagExpr{}, errors.New("empty tag")
	case s == "else" || s == "^":
		return tagExpr{kind: tagElse}, nil
	case strings.HasPrefix(s, "else "):
		// {{else if x}} / {{else unless x}}: an else that opens a nested
		// condition, closed by the enclosing block's closing tag.
		words, err := splitWords(s[len("else "):])
		if err != nil {
			return tagExpr{}, err
		}
		if len(words) != 2 || (words[0].val != "if" && words[0].val != "unless") || words[1].quoted || words[1].key != "" {
			return tagExpr{}, fmt.Errorf("{{%s}}: write {{else if path}} or {{else unless path}}", s)
		}
		p, err := parsePath(words[1].val)
		if err != nil {
			return tagExpr{}, err
		}
		return tagExpr{kind: tagElse, block: words[0].val, path: p}, nil
	case s[0] == '/':
		name := strings.TrimSpace(s[1:])
		if !blockNames[name] {
			return tagExpr{}, fmt.Errorf("unknown block {{/%s}} (known: each, if, unless, with)", name)
		}
		return tagExpr{kind: tagClose, block: name}, nil
	case s[0] == '#':
		words, err := splitWords(s[1:])
		if err != nil {
			return tagExpr{}, err
		}
		if len(words) == 0 || !blockNames[words[0].val] {
			name := ""
			if len(words) > 0 {
				name = words[0].val
			}
			return tagExpr{}, fmt.Errorf("unknown block {{#%s}} (known: each, if, unless, with)", name)
		}
		if len(words) != 2 || words[1].quoted || words[1].key != "" {
			return tagExpr{}, fmt.Errorf("{{#%s}} takes exactly one path, like {{#%s items}}", words[0].val, words[0].val)
		}
		p, err := parsePath(words[1].val)
		if err != nil {
			return tagExpr{}, err
		}
		return tagExpr{kind: tagOpen, block: words[0].val, path: p}, nil
	case strings.ContainsAny(s[:1], "#/>&^"):
		return tagExpr{}, fmt.Errorf("unsupported tag {{%s}}", s)
	}
	words, err := splitWords(s)
	if err != nil {
		return tagExpr{}, err
	}
	first := words[0]
	if fn, ok := helpers[first.val]; ok && !first.quoted && first.key == "" {
		t := tagExpr{kind: tagValue, helper: first.val, fn: fn}
		for _, w := range words[1:] {
			a, err := parseArg(w)
			if err != nil {
				return tagExpr{}, err
			}
			if w.key != "" {
				t.hash = append(t.hash, hashExpr{key: w.key, val: a})
			} else {
				t.args = append(t.args, a)
			}
		}
		sort.SliceStable(t.hash, func(i, j int) bool { return t.hash[i].key < t.hash[j].key })
		return t, nil
	}
	if len(words) > 1 {
		return tagExpr{}, fmt.Errorf("unknown helper %q", first.val)
	}
	if first.quoted || first.key != "" {
		return tagExpr{}, fmt.Errorf("{{%s}} is not a path", s)
	}
	p, err := parsePath(first.val)
	if err != nil {
		return tagExpr{}, err
	}
	return tagExpr{kind: tagValue, path: p}, nil
}

// smartQuotes undoes Word's AutoFormat, which turns "EUR" into “EUR”.
var smartQuotes = strings.NewReplacer("\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u2018", "'", "\u2019", "'")

// word is one whitespace-separated token of a tag; key is set for key=value.
type word struct {
	key    string
	val    string
	quoted bool
}

// splitWords splits tag text on whitespace, honouring "…" and '…' quotes.
func splitWords(s string) ([]word, error) {
	var out []word
	i := 0
	for i < len(s) {
		if isSpace(s[i]) {
			i++
			continue
		}
		if s[i] == '(' || s[i] == ')' {
			return nil, errors.New("subexpressions ( … ) are not supported")
		}
		var w word
		start := i
		for i < len(s) && !isSpace(s[i]) && s[i] != '=' && s[i] != '"' && s[i] != '\'' {
			if end := strings.IndexByte(s[i:], ']'); s[i] == '[' && end > 0 {
				i += end
			}
			i++
		}
		if i < len(s) && s[i] == '=' {
			w.key = s[start:i]
			if w.key == "" {
				return nil, errors.New("a hash argument needs a name before '='")
			}
			i++
			start = i
		}
		if i < len(s) && (s[i] == '"' || s[i] == '\'') {
			if i != start {
				return nil, fmt.Errorf("unexpected quote in %q", s)
			}
			q := s[i]
			end := strings.IndexByte(s[i+1:], q)
			if end < 0 {
				return nil, errors.New("a quoted string is not closed")
			}
			w.val, w.quoted = s[i+1:i+1+end], true
			i += end + 2
			if i < len(s) && !isSpace(s[i]) {
				return nil, fmt.Errorf("missing space after the string %q", w.val)
			}
		} else {
			for i < len(s) && !isSpace(s[i]) {
				if s[i] == '[' { // [segment with spaces]
					if end := strings.IndexByte(s[i:], ']'); end > 0 {
						i += end + 1
						continue
					}
				}
				if s[i] == '"' || s[i] == '\'' || s[i] == '=' || s[i] == '(' || s[i] == ')' {
					return nil, fmt.Errorf("unexpected %q in %q", s[i], s)
				}
				i++
			}
			w.val = s[start:i]
			if w.val == "" {
				return nil, fmt.Errorf("missing value after %s=", w.key)
			}
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return nil, errors.New("empty tag")
	}
	return out, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func parseArg(w word) (argExpr, error) {
	if w.quoted {
		return argExpr{lit: w.val}, nil
	}
	switch w.val {
	case "true":
		return argExpr{lit: true}, nil
	case "false":
		return argExpr{lit: false}, nil
	case "null", "undefined":
		return argExpr{lit: nil}, nil
	}
	if c := w.val[0]; c == '-' || (c >= '0' && c <= '9') {
		f, err := strconv.ParseFloat(w.val, 64)
		if err != nil {
			return argExpr{}, fmt.Errorf("%q is not a number", w.val)
		}
		return argExpr{lit: f}, nil
	}
	p, err := parsePath(w.val)
	if err != nil {
		return argExpr{}, err
	}
	return argExpr{isPath: true, path: p}, nil
}

var dataVars = map[string]bool{"index": true, "first": true, "last": true, "key": true}

// parsePath parses a Handlebars path expression.
func parsePath(s string) (pathExpr, error) {
	p := pathExpr{text: s}
	rest := s
	for strings.HasPrefix(rest, "../") {
		p.up++
		rest = rest[3:]
	}
	if rest == ".." {
		p.up++
		rest = ""
	}
	if strings.HasPrefix(rest, "@") {
		if p.up > 0 {
			return p, fmt.Errorf("%q: ../ before @ is not supported", s)
		}
		name, after, _ := strings.Cut(rest[1:], ".")
		switch {
		case name == "root":
			p.root, rest = true, after
		case dataVars[name] && after == "":
			p.data = name
			return p, nil
		default:
			return p, fmt.Errorf("unknown variable @%s (known: @index, @first, @last, @key, @root)", name)
		}
	}
	switch {
	case rest == "this" || rest == "." || rest == "":
		if rest == "" && p.up == 0 && !p.root {
			return p, fmt.Errorf("empty path in %q", s)
		}
		return p, nil
	case strings.HasPrefix(rest, "this.") || strings.HasPrefix(rest, "this/"):
		rest = rest[5:]
	case strings.HasPrefix(rest, "./"):
		rest = rest[2:]
	}
	for rest != "" {
		var seg string
		if rest[0] == '[' {
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return p, fmt.Errorf("%q: '[' without ']'", s)
			}
			seg, rest = rest[1:end], rest[end+1:]
		} else {
			end := strings.IndexAny(rest, "./")
			if end < 0 {
				end = len(rest)
			}
			seg, rest = rest[:end], rest[end:]
			if strings.ContainsAny(seg, "[]{}<>|!\"'`;,=@\\()") {
				return p, fmt.Errorf("%q is not a valid path", s)
			}
		}
		if seg == "" {
			return p, fmt.Errorf("%q is not a valid path", s)
		}
		p.segs = append(p.segs, seg)
		if rest != "" {
			if rest[0] != '.' && rest[0] != '/' {
				return p, fmt.Errorf("%q is not a valid path", s)
			}
			rest = rest[1:]
			if rest == "" {
				return p, fmt.Errorf("%q is not a valid path", s)
			}
		}
	}
	return p, nil
}
