package handlebars

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mailgun/raymond/v2/lexer"
)

// validateSyntax checks src against the Handlebars grammar raymond's parser
// implements, on the token stream of raymond's own lexer.
//
// Why not just call parser.Parse: its errors carry a line but no column, and
// when it fails half-way it abandons the lexer goroutine, which then blocks
// forever on an unbuffered channel. lexer.Collect always drains the lexer, so
// checking the grammar here first means parser.Parse only ever sees input it
// accepts, and every refusal points at the offending tag.
//
// It returns where each block's closing name is ({{/name}}), keyed by the
// offset of the block's opening tag, for rewrites that rename a block.
//
// lexable is src as prescan cleaned it, the same length: it is what the
// lexer reads, while positions and quotes in errors come from src.
func validateSyntax(src, lexable string) (closes map[int]span, err *SyntaxError) {
	toks := lexer.Collect(lexable)
	if last := toks[len(toks)-1]; last.Kind == lexer.TokenError {
		return nil, lexerError(src, toks)
	}
	v := &syntaxChecker{src: src, toks: toks, closes: map[int]span{}}
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(*SyntaxError)
			if !ok {
				panic(r)
			}
			closes, err = nil, se
		}
	}()
	v.program()
	if tok := v.peek(0); tok.Kind != lexer.TokenEOF {
		v.strayTag(tok)
	}
	return v.closes, nil
}

// span is a range of bytes of the source.
type span struct{ from, to int }

// syntaxChecker is a recursive-descent recognizer mirroring
// raymond/v2/parser (same productions, same order of checks).
type syntaxChecker struct {
	src  string
	toks []lexer.Token
	i    int
	tag  int // byte offset of the tag being checked

	closes map[int]span
}

func (v *syntaxChecker) peek(k int) lexer.Token {
	if v.i+k >= len(v.toks) {
		return v.toks[len(v.toks)-1]
	}
	return v.toks[v.i+k]
}

func (v *syntaxChecker) shift() lexer.Token {
	tok := v.peek(0)
	if v.i < len(v.toks)-1 {
		v.i++
	}
	return tok
}

func (v *syntaxChecker) failAt(pos int, format string, args ...any) {
	panic(errorAt(v.src, pos, format, args...))
}

func (v *syntaxChecker) expect(kind lexer.TokenKind) lexer.Token {
	tok := v.shift()
	if tok.Kind != kind {
		v.failAt(v.tag, "expected %s, found %s", kindName(kind), describe(tok))
	}
	return tok
}

func (v *syntaxChecker) isStatement() bool {
	switch v.peek(0).Kind {
	case lexer.TokenOpen, lexer.TokenOpenUnescaped, lexer.TokenOpenBlock,
		lexer.TokenOpenInverse, lexer.TokenOpenRawBlock, lexer.TokenOpenPartial,
		lexer.TokenContent, lexer.TokenComment:
		return true
	}
	return false
}

func (v *syntaxChecker) program() {
	for v.isStatement() {
		v.statement()
	}
}

func (v *syntaxChecker) statement() {
	switch tok := v.peek(0); tok.Kind {
	case lexer.TokenOpen, lexer.TokenOpenUnescaped:
		v.mustache()
	case lexer.TokenOpenBlock:
		v.block(false)
	case lexer.TokenOpenInverse:
		v.block(true)
	case lexer.TokenOpenRawBlock:
		v.rawBlock()
	case lexer.TokenOpenPartial:
		v.failAt(tok.Pos, "partials are not supported (%s)", v.tagText(tok.Pos))
	default: // content, comment
		v.shift()
	}
}

// strayTag explains a tag found where the template should have ended.
func (v *syntaxChecker) strayTag(tok lexer.Token) {
	switch tok.Kind {
	case lexer.TokenOpenEndBlock:
		v.failAt(tok.Pos, "%s closes a block that was never opened", v.tagText(tok.Pos))
	case lexer.TokenInverse, lexer.TokenOpenInverseChain:
		v.failAt(tok.Pos, "%s outside of a block", v.tagText(tok.Pos))
	default:
		v.failAt(tok.Pos, "unexpected %s", describe(tok))
	}
}

// tagText quotes the tag starting at pos, shortened for messages.
func (v *syntaxChecker) tagText(pos int) string {
	rest := v.src[pos:]
	if end := strings.Index(rest, "}}"); end >= 0 {
		rest = rest[:end+2]
	}
	if utf8.RuneCountInString(rest) > 40 {
		rest = string([]rune(rest)[:40]) + "…"
	}
	return rest
}

func (v *syntaxChecker) mustache() {
	open := v.shift()
	v.tag = open.Pos
	closeKind := lexer.TokenClose
	if open.Kind == lexer.TokenOpenUnescaped {
		closeKind = lexer.TokenCloseUnescaped
	}
	v.expression()
	v.expect(closeKind)
}

// expression: helperName param* hash?; it returns the canonical helper name
// raymond compares between an opening and a closing block tag.
func (v *syntaxChecker) expression() string {
	name := v.helperName()
	for v.isParam() {
		v.param()
	}
	for v.isHashSegment() {
		v.shift()
		v.shift()
		v.param()
	}
	return name
}

func (v *syntaxChecker) isParam() bool {
	return (v.peek(0).Kind == lexer.TokenOpenSexpr || v.isHelperName()) && !v.isHashSegment()
}

func (v *syntaxChecker) isHelperName() bool {
	switch v.peek(0).Kind {
	case lexer.TokenBoolean, lexer.TokenNumber, lexer.TokenString, lexer.TokenData, lexer.TokenID:
		return true
	}
	return false
}

func (v *syntaxChecker) isHashSegment() bool {
	return v.peek(0).Kind == lexer.TokenID && v.peek(1).Kind == lexer.TokenEquals
}

func (v *syntaxChecker) param() {
	if v.peek(0).Kind == lexer.TokenOpenSexpr {
		v.shift()
		v.expression()
		v.expect(lexer.TokenCloseSexpr)
		return
	}
	v.helperName()
}

func (v *syntaxChecker) helperName() string {
	tok := v.peek(0)
	switch tok.Kind {
	case lexer.TokenBoolean:
		v.shift()
		if tok.Val == "true" {
			return "true"
		}
		return "false"
	case lexer.TokenNumber:
		v.shift()
		if n, err := strconv.Atoi(tok.Val); err == nil {
			return strconv.FormatFloat(float64(n), 'f', 0, 64)
		}
		f, err := strconv.ParseFloat(tok.Val, 64)
		if err != nil {
			v.failAt(v.tag, "invalid number %q", tok.Val)
		}
		return strconv.FormatFloat(f, 'f', -1, 64)
	case lexer.TokenString:
		v.shift()
		return tok.Val
	case lexer.TokenData:
		v.shift()
		return "@" + v.path()
	default:
		name := v.path()
		if len(name) >= 2 && name[0] == '[' && name[len(name)-1] == ']' {
			name = name[1 : len(name)-1]
		}
		return name
	}
}

// path: ID (SEP ID)*, rejecting "..", "." and "this" after a named part.
func (v *syntaxChecker) path() string {
	tok := v.expect(lexer.TokenID)
	original := tok.Val
	named := !isScopePart(tok.Val)
	for v.peek(0).Kind == lexer.TokenSep {
		original += v.shift().Val
		tok = v.expect(lexer.TokenID)
		original += tok.Val
		if isScopePart(tok.Val) {
			if named {
				v.failAt(v.tag, "invalid path %q", original)
			}
		} else {
			named = true
		}
	}
	return original
}

func isScopePart(s string) bool { return s == ".." || s == "." || s == "this" }

func (v *syntaxChecker) openBlock() (name string, pos int) {
	open := v.shift()
	v.tag = open.Pos
	name = v.expression()
	if v.peek(0).Kind == lexer.TokenOpenBlockParams {
		v.shift()
		if v.peek(0).Kind != lexer.TokenID {
			v.failAt(v.tag, "expected a block parameter name after \"as |\"")
		}
		for v.peek(0).Kind == lexer.TokenID {
			v.shift()
		}
		v.expect(lexer.TokenCloseBlockParams)
	}
	v.expect(lexer.TokenClose)
	return name, open.Pos
}

func (v *syntaxChecker) block(inverse bool) {
	name, pos := v.openBlock()
	v.program()
	switch {
	case !inverse && v.isInverseChain():
		v.inverseChain()
	case inverse && v.peek(0).Kind == lexer.TokenInverse:
		v.shift()
		v.program()
	}
	v.closeBlock(name, pos)
}

func (v *syntaxChecker) isInverseChain() bool {
	k := v.peek(0).Kind
	return k == lexer.TokenInverse || k == lexer.TokenOpenInverseChain
}

func (v *syntaxChecker) inverseChain() {
	if v.peek(0).Kind == lexer.TokenInverse {
		v.shift()
		v.program()
		return
	}
	v.openBlock()
	v.program()
	if v.isInverseChain() {
		v.inverseChain()
	}
}

func (v *syntaxChecker) closeBlock(openName string, openPos int) {
	tok := v.peek(0)
	switch tok.Kind {
	case lexer.TokenOpenEndBlock:
	case lexer.TokenInverse, lexer.TokenOpenInverseChain:
		line, col := position(v.src, openPos)
		v.failAt(tok.Pos, "unexpected %s: %s opened at line %d, column %d already has its {{else}}",
			v.tagText(tok.Pos), v.tagText(openPos), line, col)
	default:
		v.failAt(openPos, "unclosed block %s", v.tagText(openPos))
	}
	v.shift()
	v.tag = tok.Pos
	from := v.peek(0).Pos
	closeName := v.helperName()
	v.closes[openPos] = span{from, from + len(strings.TrimRight(v.src[from:v.peek(0).Pos], " \t\n\r\f~"))}
	if closeName != openName {
		line, col := position(v.src, openPos)
		v.failAt(tok.Pos, "%s does not match %s opened at line %d, column %d",
			v.tagText(tok.Pos), v.tagText(openPos), line, col)
	}
	v.expect(lexer.TokenClose)
}

func (v *syntaxChecker) rawBlock() {
	open := v.shift()
	v.tag = open.Pos
	name := v.expression()
	v.expect(lexer.TokenCloseRawBlock)
	v.expect(lexer.TokenContent)
	end := v.expect(lexer.TokenOpenEndRawBlock)
	v.tag = end.Pos
	if closeName := v.helperName(); closeName != name {
		v.failAt(end.Pos, "raw block end does not match {{{{%s}}}}", name)
	}
	v.expect(lexer.TokenCloseRawBlock)
}
