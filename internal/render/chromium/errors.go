package chromium

import (
	"errors"
	"fmt"
)

// Kinds of failure. Every error that Render, New and Ready return wraps
// exactly one of them, so callers map them with errors.Is.
var (
	// ErrInvalidOptions: the job or the engine options are wrong; retrying
	// the same request cannot help.
	ErrInvalidOptions = errors.New("invalid render options")
	// ErrTimeout: the render did not finish within its time limit.
	ErrTimeout = errors.New("render timed out")
	// ErrUnavailable: no browser could take the job in time (it is down,
	// restarting, or every tab stayed busy).
	ErrUnavailable = errors.New("renderer unavailable")
	// ErrTooManyPages: the document has more pages than Options.MaxPages.
	ErrTooManyPages = errors.New("too many pages")
	// ErrTooLarge: the PDF is larger than Options.MaxPDFBytes.
	ErrTooLarge = errors.New("PDF too large")
	// ErrRender: the browser refused or failed the render for another reason.
	ErrRender = errors.New("render failed")
)

// Error is the error type of the package. Kind is one of the Err* values
// above; Err, when set, is the underlying cause.
type Error struct {
	Kind error
	Msg  string
	Err  error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Msg + ": " + e.Err.Error()
	}
	return e.Msg
}

// Unwrap exposes both the kind and the cause to errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Err != nil {
		return []error{e.Kind, e.Err}
	}
	return []error{e.Kind}
}

func newError(kind, cause error, format string, args ...any) *Error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...), Err: cause}
}
