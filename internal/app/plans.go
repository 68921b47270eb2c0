package app

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/quirehq/quire/internal/billing"
	"github.com/quirehq/quire/internal/plans"
	"github.com/quirehq/quire/internal/ratelimit"
	"github.com/quirehq/quire/internal/usage"
)

// openPlans builds the plan catalog, usage metering, billing and the rate
// limits.
func (a *App) openPlans(ctx context.Context) error {
	catalog, err := plans.Parse(a.Config.Plans)
	if err != nil {
		return err
	}
	if _, ok := catalog.Get(a.Config.DefaultPlan); !ok {
		return fmt.Errorf("config: default-plan %q is not a plan (%v)", a.Config.DefaultPlan, catalog.Names())
	}
	a.Plans = plans.New(a.Store, catalog)
	a.Usage = usage.New(usage.Deps{Store: a.Store, Plans: a.Plans, SandboxDaily: a.Config.SandboxDailyLimit})
	var stripe *billing.Stripe
	if a.Config.StripeKey != "" {
		stripe = billing.NewStripe(billing.StripeConfig{
			Key: a.Config.StripeKey, WebhookSecret: a.Config.StripeWebhookKey, APIURL: a.Config.StripeAPIURL,
			ReturnURL: firstSet(a.Config.BillingReturnURL, a.Config.BaseURL()),
		})
	}
	a.Billing = billing.New(billing.Deps{Store: a.Store, Plans: a.Plans, Usage: a.Usage, Stripe: stripe})
	limiter, err := a.rateLimiter(ctx)
	if err != nil {
		return err
	}
	a.RateLimits = ratelimit.NewPolicy(limiter, a.Plans, a.Config.SandboxRateLimit, a.Logger)
	return nil
}

// rateLimiter shares limits through Redis when QUIRE_REDIS_URL is set, so
// that several processes behind one address enforce one limit; otherwise
// each process counts in memory.
func (a *App) rateLimiter(ctx context.Context) (ratelimit.Limiter, error) {
	if a.Config.RedisURL == "" {
		return ratelimit.NewMemory(), nil
	}
	opts, err := redis.ParseURL(a.Config.RedisURL)
	if err != nil {
		return nil, fmt.Errorf("config: redis-url: %w", err)
	}
	a.redis = redis.NewClient(opts)
	if err := a.redis.Ping(ctx).Err(); err != nil {
		return nil, fmt.Errorf("redis at %s does not answer: %w", opts.Addr, err)
	}
	return ratelimit.NewRedis(a.redis, "quire:"), nil
}

func firstSet(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
