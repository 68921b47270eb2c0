package httpapi

import (
	"bytes"
	"io"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/idempotency"
)

// noReplay names the POST operations whose answers carry a secret shown
// only once (a raw API key, a webhook signing secret): those are not kept,
// so the Idempotency-Key header is ignored there.
var noReplay = map[string]bool{"create-api-key": true, "create-webhook": true}

// idempotencyMiddleware gives authenticated POSTs (JSON or multipart) sent
// with an Idempotency-Key header the first answer to that key (per account) instead
// of running again; the replay carries Idempotent-Replayed: true.
func idempotencyMiddleware(api huma.API, svc *idempotency.Service) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		key := ctx.Header("Idempotency-Key")
		op := ctx.Operation()
		if svc == nil || key == "" || ctx.Method() != http.MethodPost || len(op.Security) == 0 || noReplay[op.OperationID] {
			next(ctx)
			return
		}
		// A multipart body is told by its form (parsed and kept by
		// refuseBadText), a JSON one by its bytes, kept for the operation.
		var body, request []byte
		var err error
		if strings.HasPrefix(strings.ToLower(ctx.Header("Content-Type")), "multipart/") {
			request, err = formDigest(ctx)
		} else {
			body, err = io.ReadAll(ctx.BodyReader())
			request = body
		}
		if err != nil {
			writeEnvelope(api, ctx, bodyReadError(err))
			return
		}
		p := principal(ctx.Context())
		u := ctx.URL()
		fp := idempotency.Fingerprint(ctx.Method(), u.Path+"?"+u.RawQuery, p.Mode, request)
		claim, answer, err := svc.Begin(ctx.Context(), p.AccountID, key, fp)
		switch {
		case err != nil:
			writeEnvelope(api, ctx, idempotencyError(ctx, err))
			return
		case answer != nil:
			ctx.SetHeader("Content-Type", answer.ContentType)
			ctx.SetHeader("Idempotent-Replayed", "true")
			ctx.SetStatus(answer.Status)
			_, _ = ctx.BodyWriter().Write(answer.Body)
			return
		}
		rec := &recorder{innerContext: ctx, body: body}
		finished := false
		defer func() {
			if !finished { // a panic: let a retry run again
				_ = claim.Release(ctx.Context())
			}
		}()
		next(rec)
		finished = true
		_ = claim.Finish(ctx.Context(), idempotency.Answer{Status: rec.status, ContentType: rec.contentType, Body: rec.out.Bytes()})
	}
}

func idempotencyError(ctx huma.Context, err error) *apiError {
	return fail(ctx.Context(), err).(*apiError)
}

// innerContext lets recorder embed a huma.Context under a field name that
// does not hide the Context method.
type innerContext huma.Context

// recorder hands the operation the body already read and keeps a copy of
// the answer it writes.
type recorder struct {
	innerContext
	body        []byte
	status      int
	contentType string
	out         bytes.Buffer
}

// BodyReader reads the body from the start, each call (as readBody does).
func (r *recorder) BodyReader() io.Reader { return bytes.NewReader(r.body) }

func (r *recorder) SetStatus(code int) {
	r.status = code
	r.innerContext.SetStatus(code)
}

func (r *recorder) SetHeader(name, value string) {
	if strings.EqualFold(name, "Content-Type") {
		r.contentType = value
	}
	r.innerContext.SetHeader(name, value)
}

func (r *recorder) BodyWriter() io.Writer { return io.MultiWriter(r.innerContext.BodyWriter(), &r.out) }
