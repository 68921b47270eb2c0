package handlebars

import (
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/mailgun/raymond/v2/lexer"
)

// lexerError reports the lexer's error at the tag it happened in.
func lexerError(src string, toks []lexer.Token) *SyntaxError {
	errTok := toks[len(toks)-1]
	pos := errTok.Pos
	tagOpen := -1
	lastRawOpen := -1
	for _, t := range toks[:len(toks)-1] {
		switch {
		case isOpenTag(t.Kind):
			tagOpen = t.Pos
			if t.Kind == lexer.TokenOpenRawBlock {
				lastRawOpen = t.Pos
			}
		case t.Kind == lexer.TokenClose, t.Kind == lexer.TokenCloseUnescaped,
			t.Kind == lexer.TokenCloseRawBlock, t.Kind == lexer.TokenInverse:
			tagOpen = -1
		}
	}
	if tagOpen >= 0 {
		pos = tagOpen
	}
	msg := errTok.Val
	if msg == "Unclosed raw block" && lastRawOpen >= 0 {
		pos = lastRawOpen
	}
	return errorAt(src, pos, "%s", lowerFirst(msg))
}

func isOpenTag(k lexer.TokenKind) bool {
	switch k {
	case lexer.TokenOpen, lexer.TokenOpenUnescaped, lexer.TokenOpenBlock,
		lexer.TokenOpenEndBlock, lexer.TokenOpenPartial, lexer.TokenOpenInverse,
		lexer.TokenOpenInverseChain, lexer.TokenOpenRawBlock, lexer.TokenOpenEndRawBlock:
		return true
	}
	return false
}

func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[size:]
}

func kindName(k lexer.TokenKind) string {
	switch k {
	case lexer.TokenClose:
		return `"}}"`
	case lexer.TokenCloseUnescaped:
		return `"}}}"`
	case lexer.TokenCloseSexpr:
		return `")"`
	case lexer.TokenCloseBlockParams:
		return `"|"`
	case lexer.TokenCloseRawBlock:
		return `"}}}}"`
	case lexer.TokenOpenEndRawBlock:
		return `"{{{{/"`
	case lexer.TokenID:
		return "a name"
	case lexer.TokenContent:
		return "content"
	case lexer.TokenEOF:
		return "end of template"
	}
	return fmt.Sprint(k)
}

func describe(tok lexer.Token) string {
	switch tok.Kind {
	case lexer.TokenEOF:
		return "end of template"
	case lexer.TokenContent:
		return "text"
	case lexer.TokenString:
		return strconv.Quote(tok.Val)
	}
	if tok.Val != "" {
		return strconv.Quote(tok.Val)
	}
	return kindName(tok.Kind)
}
