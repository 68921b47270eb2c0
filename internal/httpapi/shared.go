package httpapi

import (
	"log/slog"
	"net/http"
)

// What the dashboard (internal/dashboard) shares with the API, so that both
// answer errors, limits and panics the same way.

// Protect wraps a non-API handler as the API is wrapped: panics answer a
// 500 envelope, bodies over limit(r) are refused naming its setting.
func Protect(logger *slog.Logger, limit func(*http.Request) BodyLimit, h http.Handler) http.Handler {
	return recoverPanics(logger, limitBodies(limit, h))
}

// WriteError answers err exactly as an API operation would: the
// {"error":{"code","message"}} envelope with the code's status.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	writeJSONError(w, fail(r.Context(), err).(*apiError))
}

// StatusOf is the HTTP status the API answers err with.
func StatusOf(r *http.Request, err error) int {
	return fail(r.Context(), err).(*apiError).status
}
