package httpapi

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/quirehq/quire/internal/errs"
)

// BodyLimit is the most bytes a route reads from the wire, and what a
// caller should know when it is hit: the setting that governs it.
type BodyLimit struct {
	Bytes   int64
	Setting string // e.g. "QUIRE_MAX_UPLOAD_BYTES", or a sentence naming several
}

// jsonEscaped is the body a route needs for content of n bytes even when
// every byte is JSON-escaped: Go's encoding/json writes <, > and & as
// \u003c, six bytes each.
func jsonEscaped(n int64) int64 { return 6*n + 64<<10 }

// bodyTooLarge is the error of a body read past its limit.
type bodyTooLarge struct {
	limit BodyLimit
	size  int64 // from Content-Length; 0 when unknown
	err   error // the reader's own error, if any
}

func (e *bodyTooLarge) Error() string {
	size := "larger than " + strconv.FormatInt(e.limit.Bytes, 10) + " bytes"
	if e.size > 0 {
		size = strconv.FormatInt(e.size, 10) + " bytes"
	}
	return "the request body is " + size + "; the limit is " + strconv.FormatInt(e.limit.Bytes, 10) + " bytes (" + e.limit.Setting + ")"
}

func (e *bodyTooLarge) Unwrap() error { return e.err }

func (e *bodyTooLarge) apiError() *apiError {
	return &apiError{status: http.StatusRequestEntityTooLarge, Body: errorBody{Code: errs.PayloadTooLarge, Message: e.Error()}}
}

// tooLargeIn finds a bodyTooLarge among errs.
func tooLargeIn(errs ...error) *bodyTooLarge {
	for _, err := range errs {
		var e *bodyTooLarge
		if errors.As(err, &e) {
			return e
		}
	}
	return nil
}

// limitedBody reads at most limit.Bytes and then fails with bodyTooLarge.
// http.MaxBytesReader underneath also tells the server to close the
// connection rather than read the rest.
type limitedBody struct {
	io.ReadCloser
	limit BodyLimit
}

func (b limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		err = &bodyTooLarge{limit: b.limit, err: err}
	}
	return n, err
}

// limitBodies refuses bodies over the limit: at once when Content-Length
// says so, and while reading otherwise. The answer names the limit's setting.
func limitBodies(limit func(*http.Request) BodyLimit, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l := limit(r)
		if r.ContentLength > l.Bytes {
			writeJSONError(w, (&bodyTooLarge{limit: l, size: r.ContentLength}).apiError())
			return
		}
		r.Body = limitedBody{http.MaxBytesReader(w, r.Body, l.Bytes), l}
		next.ServeHTTP(w, r)
	})
}
