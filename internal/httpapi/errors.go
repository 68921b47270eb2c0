package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/errs"
)

// apiError is the public error envelope: {"error":{"code","message"}}.
type apiError struct {
	status  int
	headers http.Header // sent with the error, e.g. Retry-After
	Body    errorBody   `json:"error"`
}

type errorBody struct {
	Code    string `json:"code" example:"VALIDATION_ERROR"`
	Message string `json:"message" example:"data: expected object"`
}

func (e *apiError) Error() string  { return e.Body.Code + ": " + e.Body.Message }
func (e *apiError) GetStatus() int { return e.status }

// unavailableRetryAfter is the Retry-After of 503 answers, in seconds: a
// crashed or restarting browser is back within a few seconds.
const unavailableRetryAfter = "5"

// GetHeaders sends e.headers (huma.HeadersError), and gives every 503 a
// Retry-After (its code's own, or unavailableRetryAfter), so clients wait
// and retry instead of giving up or hammering.
func (e *apiError) GetHeaders() http.Header {
	if e.headers != nil {
		return e.headers
	}
	if e.status == http.StatusServiceUnavailable {
		return http.Header{"Retry-After": {unavailableRetryAfter}}
	}
	return http.Header{}
}

// retryAfterOf tells clients when to retry errors that pass by themselves
// (seconds, sent as Retry-After).
var retryAfterOf = map[string]string{
	errs.StorageUnavailable: "10",
}

// codeOfStatus names errors raised by the HTTP machinery itself.
var codeOfStatus = map[int]string{
	http.StatusBadRequest:            errs.InvalidInput,
	http.StatusUnauthorized:          errs.Unauthorized,
	http.StatusForbidden:             errs.Forbidden,
	http.StatusNotFound:              errs.NotFound,
	http.StatusRequestEntityTooLarge: errs.PayloadTooLarge,
	http.StatusServiceUnavailable:    errs.Unavailable,
}

// newError replaces huma's problem+json errors with the envelope. Huma's
// validation failures (422) become 400 VALIDATION_ERROR, as in the reference.
func newError(status int, msg string, details ...error) huma.StatusError {
	var parts []string
	for _, d := range details {
		if d == nil {
			continue
		}
		text := d.Error()
		if strings.Contains(text, "request body too large") {
			status = http.StatusRequestEntityTooLarge
		}
		parts = append(parts, text)
	}
	if e := tooLargeIn(details...); e != nil {
		return e.apiError()
	}
	code, ok := codeOfStatus[status]
	switch {
	case status == http.StatusUnprocessableEntity:
		status, code = http.StatusBadRequest, errs.Validation
	case status == http.StatusRequestEntityTooLarge:
		msg = "the request body is too large"
	case !ok && status >= 500:
		code = errs.Internal
	case !ok:
		code = errs.InvalidInput
	}
	if len(parts) > 0 && status != http.StatusRequestEntityTooLarge {
		msg = strings.TrimSuffix(msg, ".") + ": " + strings.Join(parts, "; ")
	}
	return &apiError{status: status, Body: errorBody{Code: code, Message: msg}}
}

func init() { huma.NewError = newError }

// fail turns a domain error into the envelope. Unknown errors are logged and
// answered with a bare 500 that leaks nothing.
func fail(ctx context.Context, err error) error {
	var de *errs.Error
	if errors.As(err, &de) {
		status, ok := errs.Status(de.Code)
		if !ok {
			status = http.StatusBadRequest
		}
		if status >= 500 {
			loggerOf(ctx).ErrorContext(ctx, "request failed", "code", de.Code, "err", err)
		}
		e := &apiError{status: status, Body: errorBody{Code: de.Code, Message: de.Message}}
		if wait, ok := retryAfterOf[de.Code]; ok {
			e.headers = http.Header{"Retry-After": {wait}}
		}
		return e
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return &apiError{status: http.StatusServiceUnavailable, Body: errorBody{Code: errs.Unavailable, Message: "the request was cancelled or ran out of time"}}
	}
	loggerOf(ctx).ErrorContext(ctx, "internal error", "err", err)
	return &apiError{status: http.StatusInternalServerError, Body: errorBody{Code: errs.Internal, Message: "internal error"}}
}
