package ratelimit

import (
	"context"
	"log/slog"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/plans"
)

// Policy decides each authenticated request's limit: a fixed one for
// sandbox keys, the plan's otherwise, per API key.
type Policy struct {
	limiter       Limiter
	plans         *plans.Service
	sandboxPerMin int
	logger        *slog.Logger
}

// NewPolicy returns the policy counting in limiter; sandboxPerMin is the
// limit of each test key (requests per minute). Limiter failures are
// logged to logger.
func NewPolicy(limiter Limiter, pl *plans.Service, sandboxPerMin int, logger *slog.Logger) *Policy {
	return &Policy{limiter: limiter, plans: pl, sandboxPerMin: sandboxPerMin, logger: logger}
}

// Check counts one request of p. It returns the verdict (nil when the plan
// sets no limit) and an error when the request must be refused for another
// reason: the plan has no API access. A limiter failure lets the request
// through, logged: a Redis outage must not take the API down.
func (pol *Policy) Check(ctx context.Context, p auth.Principal) (*Result, error) {
	plan, err := pol.plans.Of(ctx, p.AccountID)
	if err != nil {
		return nil, err
	}
	if !plan.APIAccess && p.KeyID != "" {
		return nil, errs.New(errs.Forbidden, "the account's %s plan has no API access: upgrade it, then create a new key", plan.Name)
	}
	limit, key := plan.RateLimit, "key:"+p.KeyID
	if p.Sandbox() {
		limit = pol.sandboxPerMin
	}
	if p.KeyID == "" {
		key = "user:" + p.UserID // people signed in with a JWT: one bucket each
	}
	if limit <= 0 {
		return nil, nil
	}
	res, err := pol.limiter.Allow(ctx, key, limit)
	if err != nil {
		if pol.logger != nil {
			pol.logger.WarnContext(ctx, "rate limiter unavailable; request let through", "err", err)
		}
		return nil, nil
	}
	return &res, nil
}
