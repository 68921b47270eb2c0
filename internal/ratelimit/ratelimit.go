// Package ratelimit limits requests per minute per key with GCRA (the
// generic cell rate algorithm): a burst of up to the limit, then one
// request per 1/limit of a minute. The state lives in memory for one
// process, or in Redis (github.com/go-redis/redis_rate, the same
// algorithm) when several processes must share one limit. It knows no HTTP.
package ratelimit

import (
	"context"
	"time"
)

// Result is one request's verdict.
type Result struct {
	Limit      int           // requests per minute
	Allowed    bool          // the request may go on
	Remaining  int           // requests that would still pass right now
	RetryAfter time.Duration // when refused: wait at least this long
	ResetAfter time.Duration // until the key is back to its full burst
}

// Limiter counts requests per key against a per-minute limit.
type Limiter interface {
	Allow(ctx context.Context, key string, perMinute int) (Result, error)
}
