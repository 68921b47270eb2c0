package ratelimit

import (
	"context"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
)

// Redis is a Limiter shared by every process using the same Redis.
type Redis struct {
	limiter *redis_rate.Limiter
	prefix  string
}

// NewRedis limits through rdb; prefix namespaces the keys (redis_rate adds
// its own "rate:" before it).
func NewRedis(rdb *redis.Client, prefix string) *Redis {
	return &Redis{limiter: redis_rate.NewLimiter(rdb), prefix: prefix}
}

func (r *Redis) Allow(ctx context.Context, key string, perMinute int) (Result, error) {
	res, err := r.limiter.Allow(ctx, r.prefix+key, redis_rate.PerMinute(perMinute))
	if err != nil {
		return Result{}, err
	}
	out := Result{Limit: perMinute, Allowed: res.Allowed > 0, Remaining: res.Remaining, ResetAfter: res.ResetAfter}
	if !out.Allowed {
		out.RetryAfter = res.RetryAfter
	}
	return out, nil
}
