package httpapi

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/metrics"
)

type statusRecorder struct {
	http.ResponseWriter
	status int
	head   []byte // the start of an error answer's body, for its code
}

func (s *statusRecorder) Write(p []byte) (int, error) {
	if s.status >= 400 && len(s.head) < 2048 {
		s.head = append(s.head, p[:min(len(p), 2048-len(s.head))]...)
	}
	return s.ResponseWriter.Write(p)
}

// errorCode is the code of the error envelope written, or "".
func (s *statusRecorder) errorCode() string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	if s.status < 400 || json.Unmarshal(s.head, &e) != nil {
		return ""
	}
	return e.Error.Code
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// logRequests logs and measures every answer. The mux sets r.Pattern on
// the request it routes, which is this one: the route is known afterwards.
func logRequests(logger *slog.Logger, m *metrics.Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		took := time.Since(start)
		m.Request(r.Pattern, r.Method, rec.status, took)
		attrs := []any{"method", r.Method, "path", r.URL.Path, "status", rec.status, "ms", took.Milliseconds()}
		if code := rec.errorCode(); code != "" {
			m.Error(code)
			attrs = append(attrs, "code", code)
		}
		logger.InfoContext(r.Context(), "request", attrs...)
	})
}

// recoverPanics turns a panic into a logged 500 envelope instead of a dropped connection.
func recoverPanics(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				logger.ErrorContext(r.Context(), "panic", "value", v, "stack", string(debug.Stack()))
				writeJSONError(w, &apiError{status: http.StatusInternalServerError, Body: errorBody{Code: errs.Internal, Message: "internal error"}})
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func writeJSONError(w http.ResponseWriter, e *apiError) {
	w.Header().Set("Content-Type", "application/json")
	for k, vs := range e.GetHeaders() {
		w.Header()[k] = vs
	}
	w.WriteHeader(e.status)
	_ = json.NewEncoder(w).Encode(e)
}
