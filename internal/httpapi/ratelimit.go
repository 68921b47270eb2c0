package httpapi

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/ratelimit"
)

// rateLimitMiddleware runs after authentication: it counts the request
// against its key's limit and answers every authenticated request with
// X-RateLimit-Limit (requests per minute), X-RateLimit-Remaining and
// X-RateLimit-Reset (seconds until the full limit is available again);
// past the limit, 429 RATE_LIMITED with Retry-After (seconds). A nil
// policy limits nothing.
func rateLimitMiddleware(api huma.API, pol *ratelimit.Policy) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		p := principal(ctx.Context())
		if pol == nil || len(ctx.Operation().Security) == 0 || p.AccountID == "" {
			next(ctx)
			return
		}
		res, err := pol.Check(ctx.Context(), p)
		if err != nil {
			writeEnvelope(api, ctx, fail(ctx.Context(), err).(*apiError))
			return
		}
		if res == nil {
			next(ctx)
			return
		}
		ctx.SetHeader("X-RateLimit-Limit", strconv.Itoa(res.Limit))
		ctx.SetHeader("X-RateLimit-Remaining", strconv.Itoa(res.Remaining))
		ctx.SetHeader("X-RateLimit-Reset", seconds(res.ResetAfter))
		if !res.Allowed {
			wait := seconds(res.RetryAfter)
			ctx.SetHeader("Retry-After", wait)
			writeEnvelope(api, ctx, &apiError{status: http.StatusTooManyRequests, Body: errorBody{
				Code:    errs.RateLimited,
				Message: "rate limit of " + strconv.Itoa(res.Limit) + " requests per minute exceeded for this API key; retry in " + wait + " s",
			}})
			return
		}
		next(ctx)
	}
}

// seconds rounds up to whole seconds, at least 1 for a positive wait.
func seconds(d time.Duration) string {
	if d <= 0 {
		return "0"
	}
	return strconv.Itoa(int(math.Ceil(d.Seconds())))
}
