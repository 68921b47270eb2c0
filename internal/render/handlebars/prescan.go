package handlebars

import (
	"strconv"
	"strings"
)

// prescan checks src against the template Limits in one pass with memory
// bounded by MaxDepth, before raymond's lexer and parser see it. It follows
// the lexer's rules for content, escapes, comments, raw blocks and tags
// closely enough to count what they would build; syntax errors are left to
// validateSyntax.
//
// It also returns the source to lex: raymond's lexer tries its comment-end
// pattern (`\s*--}}`) at every character of a comment, which is quadratic
// in runs of white space (a 40 KB comment of spaces takes 40 s), so white
// space inside comments is replaced by 'x'. Comments print nothing and the
// length stays the same, so every offset (and error position) still holds.
func prescan(src string, l Limits) (string, *LimitError) {
	if len(src) > l.MaxBytes {
		return "", &LimitError{Limit: LimitBytes, Max: l.MaxBytes,
			Detail: "the template is " + strconv.Itoa(len(src)) + " bytes"}
	}
	p := &prescanner{src: src, l: l}
	if err := p.run(); err != nil {
		return "", err
	}
	if p.clean != nil {
		return string(p.clean), nil
	}
	return src, nil
}

type prescanner struct {
	src    string
	l      Limits
	clean  []byte // src with comment white space replaced; nil while none was
	depth  int    // open blocks plus their {{else if}} links
	chains []int  // per open block, its {{else if}} links
	raw    bool   // inside {{{{raw}}}}…{{{{/raw}}}}
}

func (p *prescanner) run() *LimitError {
	src := p.src
	for i := 0; i < len(src); {
		if p.raw {
			j := strings.Index(src[i:], "{{{{/")
			if j < 0 {
				return nil // unclosed raw block: validateSyntax says so
			}
			p.raw = false
			i += j
		}
		rest := src[i:]
		switch {
		case strings.HasPrefix(rest, `\\{{`):
			i += 2 // one backslash printed, then a real tag
			continue
		case strings.HasPrefix(rest, `\{{`):
			i += 2 // escaped: the braces are text
			for i < len(src) && src[i] == '{' {
				i++
			}
			continue
		case !strings.HasPrefix(rest, "{{"):
			i++
			continue
		}
		if end, ok := p.comment(i); ok {
			i = end
			continue
		}
		end, err := p.tag(i)
		if err != nil || end < 0 {
			return err
		}
		i = end
	}
	return nil
}

// comment skips a comment starting at i, cleaning its white space; it
// returns the offset after it.
func (p *prescanner) comment(i int) (int, bool) {
	src := p.src
	j := i + 2
	if j < len(src) && src[j] == '~' {
		j++
	}
	if j >= len(src) || src[j] != '!' {
		return 0, false
	}
	j++
	closer := "}}"
	if strings.HasPrefix(src[j:], "--") {
		j += 2
		closer = "--"
	}
	end := len(src)
	for k := j; k < len(src); {
		n := strings.Index(src[k:], closer)
		if n < 0 {
			break
		}
		at := k + n
		if closer == "}}" {
			end = at + 2
			break
		}
		after := src[at+2:]
		if strings.HasPrefix(after, "}}") || strings.HasPrefix(after, "~}}") {
			end = at + 2 + strings.Index(after, "}}") + 2
			break
		}
		k = at + 1
	}
	p.blank(j, end)
	return end, true
}

// blank replaces white space in src[from:to] with 'x'.
func (p *prescanner) blank(from, to int) {
	for k := from; k < to; k++ {
		switch p.src[k] {
		case ' ', '\t', '\n', '\r', '\f':
			if p.clean == nil {
				p.clean = []byte(p.src)
			}
			p.clean[k] = 'x'
		}
	}
}

// tag checks the tag opening at i and returns the offset after it, or -1
// when the source ends inside it.
func (p *prescanner) tag(i int) (int, *LimitError) {
	src := p.src
	j := i + 2
	tilde := j < len(src) && src[j] == '~'
	if tilde {
		j++
	}
	next := byte(0)
	if j < len(src) {
		next = src[j]
	}
	switch {
	case strings.HasPrefix(src[i:], "{{{{/"):
		j = i + 5
	case strings.HasPrefix(src[i:], "{{{{"):
		j = i + 4
		p.raw = true
	case next == '{' || next == '&' || next == '>':
		j++
	case next == '#':
		j++
		if err := p.open(i); err != nil {
			return 0, err
		}
	case next == '/':
		j++
		p.close()
	case next == '^':
		j++
		if k := skipSpace(src, j); strings.HasPrefix(src[k:], "}}") || strings.HasPrefix(src[k:], "~}}") {
			return k + strings.Index(src[k:], "}}") + 2, nil // {{^}}: else
		}
		if err := p.open(i); err != nil {
			return 0, err
		}
	default:
		k := skipSpace(src, j)
		if strings.HasPrefix(src[k:], "else") {
			e := skipSpace(src, k+4)
			if strings.HasPrefix(src[e:], "}}") || strings.HasPrefix(src[e:], "~}}") {
				return e + strings.Index(src[e:], "}}") + 2, nil // {{else}}
			}
			j = k + 4
			if err := p.chain(i); err != nil {
				return 0, err
			}
		}
	}
	return p.expression(i, j)
}

func (p *prescanner) open(at int) *LimitError {
	p.depth++
	p.chains = append(p.chains, 0)
	return p.checkDepth(at, p.depth)
}

// chain counts an {{else if …}}: raymond nests each link in the previous one.
func (p *prescanner) chain(at int) *LimitError {
	if len(p.chains) == 0 {
		return nil
	}
	p.chains[len(p.chains)-1]++
	p.depth++
	return p.checkDepth(at, p.depth)
}

func (p *prescanner) close() {
	if n := len(p.chains); n > 0 {
		p.depth -= 1 + p.chains[n-1]
		p.chains = p.chains[:n-1]
	}
}

func (p *prescanner) checkDepth(at, depth int) *LimitError {
	if depth > p.l.MaxDepth {
		return limitAt(p.src, at, LimitDepth, p.l.MaxDepth, "blocks and subexpressions nested %d levels deep", depth)
	}
	return nil
}

// expression scans a tag's inside from j (its opening delimiter is at at)
// to its closing braces, counting path segments and parentheses as
// raymond's lexer tokenizes them.
func (p *prescanner) expression(at, j int) (int, *LimitError) {
	src := p.src
	segs, afterSep, parens := 0, false, 0
	for j < len(src) {
		rest := src[j:]
		if strings.HasPrefix(rest, "}}") || strings.HasPrefix(rest, "~}}") || strings.HasPrefix(rest, "}~}}") {
			return closeEnd(src, j), nil
		}
		id := false
		switch c := src[j]; {
		case strings.HasPrefix(rest, ".."):
			j += 2
			id = true
		case c == '.' && j+1 < len(src) && strings.IndexByte(" \t\n\r\f=~}/)|", src[j+1]) >= 0:
			j++
			id = true
		case c == '/' || c == '.':
			j++
			if segs > 0 {
				afterSep = true
			}
			continue
		case c == '(':
			j++
			parens++
			if err := p.checkDepth(at, p.depth+parens); err != nil {
				return 0, err
			}
		case c == ')':
			j++
			parens--
		case c == '"' || c == '\'':
			k := j + 1
			for k < len(src) && src[k] != '\n' && (src[k] != c || src[k-1] == '\\') {
				k++
			}
			if k >= len(src) || src[k] == '\n' {
				return -1, nil // unterminated string: validateSyntax says so
			}
			j = k + 1
		case c == '[':
			k := strings.IndexAny(src[j:], "]\n")
			if k < 0 || src[j+k] == '\n' {
				return -1, nil
			}
			j += k + 1
			id = true
		case strings.IndexByte(unallowedIDChars, c) < 0:
			k := j
			for k < len(src) && strings.IndexByte(unallowedIDChars, src[k]) < 0 {
				k++
			}
			id = !isNumberStart(c)
			j = k
		case c == ' ' || c == '\t' || c == '\n':
			j++ // the lexer drops white space: a path goes on after it
			continue
		default:
			j++ // '=', '@', '|' and characters the lexer refuses
		}
		if !id {
			segs, afterSep = 0, false
			continue
		}
		if afterSep {
			segs++
		} else {
			segs = 1
		}
		afterSep = false
		if segs > p.l.MaxPathSegments {
			return 0, limitAt(src, at, LimitPathSegments, p.l.MaxPathSegments, "a path of more than %d segments", p.l.MaxPathSegments)
		}
	}
	return -1, nil // unclosed tag: validateSyntax says so
}

// unallowedIDChars are the characters raymond's lexer ends identifiers at.
const unallowedIDChars = " \n\t!\"#%&'()*+,./;<=>@[\\]^`{|}~"

func isNumberStart(c byte) bool { return c == '-' || c == '+' || (c >= '0' && c <= '9') }

// closeEnd returns the offset after the closing braces at j: }}}} (raw),
// }}} or }~}} (unescaped), or ~}} and }}, as raymond's lexer picks them.
func closeEnd(src string, j int) int {
	rest := src[j:]
	switch {
	case strings.HasPrefix(rest, "}}}}"):
		return j + 4
	case strings.HasPrefix(rest, "}~}}"):
		return j + 4
	case strings.HasPrefix(rest, "}}}"):
		return j + 3
	case strings.HasPrefix(rest, "~}}"):
		return j + 3
	}
	return j + 2
}

func skipSpace(src string, j int) int {
	for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\n' || src[j] == '\r' || src[j] == '\f') {
		j++
	}
	return j
}
