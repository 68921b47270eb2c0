package handlebars

import "fmt"

// Limits bound what one template may cost. Compile checks the template
// ones in one linear pass over the source before raymond's lexer and
// parser see it (both are recursive or quadratic on hostile input); Render
// checks MaxOutputBytes while it runs. Zero fields take the defaults.
type Limits struct {
	MaxBytes        int // size of the source
	MaxDepth        int // blocks (and {{else if}} links) nested in each other, plus subexpressions nested inside a tag
	MaxPathSegments int // segments of one path: a.b.c is 3, ../../x is 3
	MaxFields       int // distinct fields the template uses
	MaxOutputBytes  int // HTML one render may produce
}

// Defaults of Limits.
const (
	DefaultMaxBytes        = 2 << 20
	DefaultMaxDepth        = 100
	DefaultMaxPathSegments = 32
	DefaultMaxFields       = 2000
	DefaultMaxOutputBytes  = 5 << 20
)

func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.MaxBytes, DefaultMaxBytes)
	def(&l.MaxDepth, DefaultMaxDepth)
	def(&l.MaxPathSegments, DefaultMaxPathSegments)
	def(&l.MaxFields, DefaultMaxFields)
	def(&l.MaxOutputBytes, DefaultMaxOutputBytes)
	return l
}

// Limit names one of Limits' bounds, for callers that map it to their
// own setting names and error codes.
type Limit string

// The limits a LimitError can name.
const (
	LimitBytes        Limit = "template size"
	LimitDepth        Limit = "nesting depth"
	LimitPathSegments Limit = "path length"
	LimitFields       Limit = "number of fields"
	LimitOutputBytes  Limit = "rendered HTML size"
)

// LimitError is what Compile or Render return when a template or its
// output goes past one of Limits. Line and Column (1-based, 0 when not
// known) point at the tag where the limit was passed.
type LimitError struct {
	Limit  Limit
	Max    int
	Line   int
	Column int
	Detail string // what went past the limit, e.g. "a path of 33 segments"
}

func (e *LimitError) Error() string {
	msg := fmt.Sprintf("%s: the limit is %d", e.Detail, e.Max)
	if e.Line > 0 {
		msg = fmt.Sprintf("%s (line %d, column %d)", msg, e.Line, e.Column)
	}
	return msg
}

func (e *LimitError) Is(target error) bool { return target == ErrLimit }

func limitAt(src string, offset int, l Limit, max int, format string, args ...any) *LimitError {
	line, col := position(src, offset)
	return &LimitError{Limit: l, Max: max, Line: line, Column: col, Detail: fmt.Sprintf(format, args...)}
}
