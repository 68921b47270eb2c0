package handlebars

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Kinds of failure: every error of Compile and Render (other than its
// context's) matches one of them with errors.Is; the error types below
// carry the details, reached with errors.As.
var (
	ErrSyntax = errors.New("template syntax error")   // *SyntaxError
	ErrRender = errors.New("template render failed")  // *RenderError
	ErrLimit  = errors.New("template limit exceeded") // *LimitError
)

// SyntaxError is what Compile returns for a template it refuses: a syntax
// error, an unclosed or mismatched block, an unknown helper, a helper called
// with the wrong number of arguments, or a partial. Line and Column are
// 1-based; Column counts characters (not bytes) from the start of the line and
// points at the opening "{{" of the offending tag.
type SyntaxError struct {
	Line    int
	Column  int
	Message string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s at line %d, column %d", e.Message, e.Line, e.Column)
}

func (e *SyntaxError) Is(target error) bool { return target == ErrSyntax }

// RenderError is what Render returns when evaluation fails, for example a
// helper given a value that is not a number or a division by zero.
type RenderError struct {
	Message string
}

func (e *RenderError) Error() string { return e.Message }

func (e *RenderError) Is(target error) bool { return target == ErrRender }

// helperError is panicked by helpers: raymond has no error return for
// helpers, but it recovers panicked errors and returns them from Exec.
type helperError struct {
	helper string
	msg    string
}

func (e *helperError) Error() string { return e.helper + ": " + e.msg }

// fail aborts the current helper with a message that Render returns.
func fail(helper, format string, args ...any) {
	panic(&helperError{helper: helper, msg: fmt.Sprintf(format, args...)})
}

// position converts a byte offset in src to a 1-based line and a 1-based
// column counted in characters.
func position(src string, offset int) (line, column int) {
	if offset < 0 {
		offset = 0
	}
	if offset > len(src) {
		offset = len(src)
	}
	before := src[:offset]
	line = strings.Count(before, "\n") + 1
	lineStart := strings.LastIndexByte(before, '\n') + 1
	column = utf8.RuneCountInString(before[lineStart:]) + 1
	return line, column
}

// errorAt builds a SyntaxError at a byte offset of src.
func errorAt(src string, offset int, format string, args ...any) *SyntaxError {
	line, col := position(src, offset)
	return &SyntaxError{Line: line, Column: col, Message: fmt.Sprintf(format, args...)}
}
