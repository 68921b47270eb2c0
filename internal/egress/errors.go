package egress

// Error is a refused destination. Message is meant for the user who supplied
// the URL and reads as a predicate about it ("resolves to a private address
// 10.0.0.5", "must use https"), so callers can write "url " + Message. Err, when
// set, is the underlying cause (a resolver or parse error). Client's errors
// wrap it too: use errors.As.
type Error struct {
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return "egress: " + e.Message + ": " + e.Err.Error()
	}
	return "egress: " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

func refuse(message string) *Error { return &Error{Message: message} }
