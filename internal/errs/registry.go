package errs

import (
	"net/http"
	"sort"
)

// Codes of POST /v1/templates/from-pdf (docs/from-pdf.md).
const (
	InvalidPDF   = "INVALID_PDF"   // 400: not a PDF, or damaged
	PDFEncrypted = "PDF_ENCRYPTED" // 400: the PDF needs a password
	PDFNoText    = "PDF_NO_TEXT"   // 400: a scan: no text to build a template from
)

// Codes of the Idempotency-Key header.
const (
	IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED" // 422: the key was first used for a different request
	IdempotencyKeyInUse  = "IDEMPOTENCY_KEY_IN_USE" // 409: the first request with the key is still running
)

// statuses is the one registry of public codes and their HTTP statuses.
// Every code an *Error carries must be here (TestEveryCodeIsRegistered).
var statuses = map[string]int{
	Validation:          http.StatusBadRequest,
	InvalidInput:        http.StatusBadRequest,
	InvalidTemplateType: http.StatusBadRequest,
	InvalidTemplate:     http.StatusBadRequest,
	PDFTooLarge:         http.StatusBadRequest,
	InvalidPDF:          http.StatusBadRequest,
	PDFEncrypted:        http.StatusBadRequest,
	PDFNoText:           http.StatusBadRequest,
	TemplateTooLarge:    http.StatusBadRequest,
	TemplateTooComplex:  http.StatusBadRequest,
	DataTooComplex:      http.StatusBadRequest,
	HTMLTooLarge:        http.StatusUnprocessableEntity,
	PayloadTooLarge:     http.StatusRequestEntityTooLarge,
	Unauthorized:        http.StatusUnauthorized,
	Forbidden:           http.StatusForbidden,
	TemplateNotFound:    http.StatusNotFound,
	DocumentNotFound:    http.StatusNotFound,
	APIKeyNotFound:      http.StatusNotFound,
	WebhookNotFound:     http.StatusNotFound,
	NotFound:            http.StatusNotFound,
	MethodNotAllowed:    http.StatusMethodNotAllowed,
	DocumentNotReady:    http.StatusConflict,
	DocumentExpired:     http.StatusGone,
	TooManyPages:        http.StatusUnprocessableEntity,
	OutputTooLarge:      http.StatusUnprocessableEntity,
	RenderFailed:        http.StatusUnprocessableEntity,
	RenderTimeout:       http.StatusUnprocessableEntity,
	Unavailable:         http.StatusServiceUnavailable,
	StorageUnavailable:  http.StatusServiceUnavailable,
	UsageLimitExceeded:  http.StatusTooManyRequests,
	SandboxDailyLimit:   http.StatusTooManyRequests,
	RateLimited:         http.StatusTooManyRequests,
	NoSubscription:      http.StatusBadRequest,
	BillingDisabled:     http.StatusBadRequest, // a 4xx: the API promises no 5xx for a request it can answer
	Internal:            http.StatusInternalServerError,

	InsufficientPermissions: http.StatusForbidden,
	SandboxKeyForbidden:     http.StatusForbidden,
	EmailTaken:              http.StatusConflict,
	KeyLimitReached:         http.StatusConflict,
	ProjectNotFound:         http.StatusNotFound,
	ProjectNotEmpty:         http.StatusConflict,
	DefaultProject:          http.StatusConflict,

	CustomerNotFound:    http.StatusNotFound,
	CustomerHasInvoices: http.StatusConflict,
	InvoiceNotFound:     http.StatusNotFound,
	InvoiceFrozen:       http.StatusConflict,
	InvoiceNotFinalized: http.StatusConflict,

	IdempotencyKeyReused: http.StatusUnprocessableEntity,
	IdempotencyKeyInUse:  http.StatusConflict,

	BatchNotFound: http.StatusNotFound,
	BatchFinished: http.StatusConflict,
}

// Status returns the HTTP status of a public code, and whether the code is
// registered.
func Status(code string) (int, bool) {
	s, ok := statuses[code]
	return s, ok
}

// Codes lists every registered code, sorted.
func Codes() []string {
	out := make([]string, 0, len(statuses))
	for c := range statuses {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}
