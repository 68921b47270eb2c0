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

// openPlans builds the plan catalog, usage metering and billing, and hooks
// them into accounts and documents.
func (a *App) openPlans(ctx context.Context) error {
	catalog, err := plans.Parse(a.Config.Plans)
	if err != nil {
		return err
	}
	if _, ok := catalog.Get(a.Config.DefaultPlan); !ok {
		return fmt.Errorf("config: default-plan %q is not a plan (%v)", a.Config.DefaultPlan, catalog.Names())
	}
	a.Plans = &plans.Service{Store: a.Store, Catalog: catalog}
	a.Usage = &usage.Service{Store: a.Store, Plans: a.Plans, SandboxDaily: a.Config.SandboxDailyLimit}
	a.Billing = &billing.Service{Store: a.Store, Plans: a.Plans, Usage: a.Usage}
	if a.Config.StripeKey != "" {
		a.Billing.Stripe = billing.NewStripe(billing.StripeConfig{
			Key: a.Config.StripeKey, WebhookSecret: a.Config.StripeWebhookKey, APIURL: a.Config.StripeAPIURL,
			ReturnURL: firstSet(a.Config.BillingReturnURL, a.Config.BaseURL()),
		})
	}
	a.Accounts.DefaultPlan = a.Config.DefaultPlan
	a.Documents.Meter = a.Usage
	limiter, err := a.rateLimiter(ctx)
	if err != nil {
		return err
	}
	a.RateLimits = &ratelimit.Policy{Limiter: limiter, Plans: a.Plans, SandboxPerMin: a.Config.SandboxRateLimit, Logger: a.Logger}
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
