package docx

import (
	"errors"
	"fmt"
	"strings"
)

// Kinds of failure. Every error returned by this package is an *Error whose
// Kind is one of these, so callers can test with errors.Is.
var (
	ErrNotZip       = errors.New("the file is not a ZIP archive (a .docx file is one)")
	ErrNotDOCX      = errors.New("the file is not a Word document (it has no main document part)")
	ErrTooLarge     = errors.New("the document unpacks to more than the allowed size or number of parts")
	ErrMalformedXML = errors.New("the document contains malformed XML")
	ErrSyntax       = errors.New("template syntax error")
	ErrHelper       = errors.New("a template helper failed")
	ErrTooComplex   = errors.New("the template nests blocks deeper than allowed")
)

// Error describes a failure and where it happened, in words a template
// author can act on.
type Error struct {
	Kind      error  // one of the Err* values above
	Part      string // package part, e.g. "word/document.xml"; "" when not tied to a part
	Paragraph int    // 1-based paragraph number within Part; 0 when unknown
	Snippet   string // text of the paragraph around the problem
	Detail    string // what is wrong, e.g. "{{#each items}} is never closed"
	Err       error  // underlying cause, not meant for users
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Detail != "" {
		b.WriteString(e.Detail)
	} else {
		b.WriteString(e.Kind.Error())
	}
	if e.Part != "" {
		b.WriteString(" in ")
		b.WriteString(partLabel(e.Part))
	}
	if e.Paragraph > 0 {
		fmt.Fprintf(&b, ", paragraph %d", e.Paragraph)
	}
	if e.Snippet != "" {
		fmt.Fprintf(&b, " (near %q)", e.Snippet)
	}
	if e.Err != nil && e.Kind != ErrSyntax {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap exposes the kind and the cause to errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Err != nil {
		return []error{e.Kind, e.Err}
	}
	return []error{e.Kind}
}

// partLabel names a package part the way a Word user thinks of it.
func partLabel(part string) string {
	base := strings.TrimSuffix(strings.TrimPrefix(part, "word/"), ".xml")
	switch {
	case strings.HasPrefix(base, "document") && !strings.Contains(base, "/"):
		return "the document body"
	case strings.HasPrefix(base, "header"):
		return "header " + strings.TrimPrefix(base, "header") + " (" + part + ")"
	case strings.HasPrefix(base, "footer"):
		return "footer " + strings.TrimPrefix(base, "footer") + " (" + part + ")"
	case base == "footnotes":
		return "the footnotes"
	case base == "endnotes":
		return "the endnotes"
	}
	return part
}

// snippet shortens paragraph text around byte offset at for an error message.
func snippet(text string, at int) string {
	const radius = 30
	start, end := max(at-radius, 0), min(at+radius, len(text))
	for start > 0 && !isRuneStart(text[start]) {
		start--
	}
	for end < len(text) && !isRuneStart(text[end]) {
		end++
	}
	s := text[start:end]
	if start > 0 {
		s = "…" + s
	}
	if end < len(text) {
		s += "…"
	}
	return s
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
