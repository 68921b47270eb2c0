package httpapi

import (
	"context"
	"log/slog"
	"net/http"
)

type loggerKey struct{}

// WithLogger puts logger in the context of every request to next, for the
// package's error answers (WriteError) and checks, which have a request
// but no server at hand. The API (New) and the dashboard wrap themselves
// in it with the logger they were given.
func WithLogger(next http.Handler, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), loggerKey{}, logger)))
	})
}

// discard is the logger of contexts that carry none (handlers called
// outside New, in tests).
var discard = slog.New(slog.DiscardHandler)

// loggerOf returns the logger WithLogger put in ctx.
func loggerOf(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey{}).(*slog.Logger); ok && l != nil {
		return l
	}
	return discard
}
