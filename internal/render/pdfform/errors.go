package pdfform

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Sentinel errors; every error this package returns for a bad input matches
// one of them with errors.Is. Their messages are fit to show a user.
var (
	ErrNoFields   = errors.New("the PDF has no fillable form fields")
	ErrEncrypted  = errors.New("the PDF is encrypted: remove its password protection and upload it again")
	ErrDamaged    = errors.New("the file is not a PDF or is damaged")
	ErrSigned     = errors.New("the PDF is digitally signed: filling it would invalidate the signature")
	ErrValidation = errors.New("the values do not fit the form")
	ErrNoFont     = errors.New("no Unicode font was found to draw the text (install fonts-dejavu-core or set a font path)")
)

// pdfError ties a sentinel (what the user sees) to its technical cause
// (kept for logs, reachable with errors.Unwrap).
type pdfError struct {
	kind  error
	cause error
}

func (e *pdfError) Error() string { return e.kind.Error() }

func (e *pdfError) Is(target error) bool { return target == e.kind }

func (e *pdfError) Unwrap() error { return e.cause }

func damaged(cause error) error { return &pdfError{kind: ErrDamaged, cause: cause} }

// FieldError says why one value does not fit one field.
type FieldError struct {
	Field   string   // fully qualified field name
	Type    string   // field type as Detect reports it
	Reason  string   // what is wrong, without the field name
	Allowed []string // allowed values when the field has a fixed set
}

func (e FieldError) String() string {
	s := fmt.Sprintf("field %q: %s", e.Field, e.Reason)
	if len(e.Allowed) > 0 {
		s += " (allowed: " + quoteList(e.Allowed) + ")"
	}
	return s
}

// ValidationError lists every problem found with the values of one Fill
// call: unknown field names and values that do not fit their field.
type ValidationError struct {
	Unknown []string     // names that are not fields of the form, sorted
	Fields  []FieldError // values that do not fit, sorted by field name
}

func (e *ValidationError) Error() string {
	var parts []string
	if len(e.Unknown) > 0 {
		noun := "field"
		if len(e.Unknown) > 1 {
			noun = "fields"
		}
		parts = append(parts, fmt.Sprintf("unknown %s: %s", noun, quoteList(e.Unknown)))
	}
	for _, f := range e.Fields {
		parts = append(parts, f.String())
	}
	return strings.Join(parts, "; ")
}

func (e *ValidationError) Is(target error) bool { return target == ErrValidation }

func (e *ValidationError) empty() bool { return len(e.Unknown) == 0 && len(e.Fields) == 0 }

func (e *ValidationError) sort() {
	sort.Strings(e.Unknown)
	sort.SliceStable(e.Fields, func(i, j int) bool { return e.Fields[i].Field < e.Fields[j].Field })
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
