// Package errs carries domain errors that know their public code. The one
// registry of codes and their HTTP statuses is registry.go; the HTTP layer
// reads it to answer.
package errs

import (
	"errors"
	"fmt"
)

// Codes of the public error envelope {"error":{"code","message"}}.
const (
	Validation          = "VALIDATION_ERROR"
	InvalidInput        = "INVALID_INPUT"
	InvalidTemplateType = "INVALID_TEMPLATE_TYPE"
	InvalidTemplate     = "INVALID_TEMPLATE"
	PDFTooLarge         = "PDF_TOO_LARGE"
	PayloadTooLarge     = "PAYLOAD_TOO_LARGE"
	Unauthorized        = "UNAUTHORIZED"
	Forbidden           = "FORBIDDEN"
	TemplateNotFound    = "TEMPLATE_NOT_FOUND"
	DocumentNotFound    = "DOCUMENT_NOT_FOUND"
	APIKeyNotFound      = "API_KEY_NOT_FOUND"
	WebhookNotFound     = "WEBHOOK_NOT_FOUND"
	NotFound            = "NOT_FOUND"
	MethodNotAllowed    = "METHOD_NOT_ALLOWED" // 405: a known path, another method (Allow lists them)
	DocumentExpired     = "DOCUMENT_EXPIRED"
	DocumentNotReady    = "DOCUMENT_NOT_READY"
	TooManyPages        = "TOO_MANY_PAGES"
	OutputTooLarge      = "OUTPUT_TOO_LARGE" // 422: the generated PDF is larger than QUIRE_MAX_PDF_BYTES
	RenderFailed        = "RENDER_FAILED"
	RenderTimeout       = "RENDER_TIMEOUT"
	Unavailable         = "SERVICE_UNAVAILABLE"
	StorageUnavailable  = "STORAGE_UNAVAILABLE"  // blob storage failed to write, read or delete (full, read-only, unreachable)
	UsageLimitExceeded  = "USAGE_LIMIT_EXCEEDED" // the plan's monthly documents are used up
	SandboxDailyLimit   = "SANDBOX_DAILY_LIMIT"  // the day's sandbox documents are used up
	RateLimited         = "RATE_LIMITED"         // too many requests with one key
	NoSubscription      = "NO_SUBSCRIPTION"      // billing: the account has no Stripe customer
	BillingDisabled     = "BILLING_DISABLED"     // billing: no Stripe key configured
	Internal            = "INTERNAL_ERROR"
)

// Error is a domain error with a public code and a message safe to show.
type Error struct {
	Code    string
	Message string
	Err     error // cause, never shown to clients
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Code + ": " + e.Message + ": " + e.Err.Error()
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an *Error with a formatted message.
func New(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an *Error that keeps err as its hidden cause.
func Wrap(err error, code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// CodeOf returns the public code of err, or Internal for unknown errors.
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}
