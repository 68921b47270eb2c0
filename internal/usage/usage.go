// Package usage counts the documents accounts make and holds them to their
// quotas: the plan's monthly limit for live keys, a daily cap for sandbox
// keys (reset at midnight UTC). It knows no HTTP.
package usage

import (
	"context"
	"fmt"
	"time"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/plans"
	"github.com/quirehq/quire/internal/store"

	"github.com/quirehq/quire/internal/wire"
)

// Kinds of documents.
const (
	KindFill     = "fill"
	KindGenerate = "generate"
)

// DefaultSandboxDaily is the reference's daily sandbox cap.
const DefaultSandboxDaily = 60

// DefaultHoldFor is how long a hold keeps its unit of quota without being
// recorded or released: past it, its request is taken for dead.
const DefaultHoldFor = time.Hour

// Service implements documents.Meter and answers usage questions.
type Service struct {
	deps Deps
}

// Deps is what the service is built from.
type Deps struct {
	Store        store.Store
	Plans        *plans.Service
	SandboxDaily int              // documents per account per UTC day with test keys; 0 = DefaultSandboxDaily
	HoldFor      time.Duration    // 0 = DefaultHoldFor
	Now          func() time.Time // nil = time.Now
}

// New returns the usage service.
func New(d Deps) *Service {
	return &Service{deps: d}
}

// Reserve holds one document of p's quota before it is made, or fails with
// USAGE_LIMIT_EXCEEDED (live, past the plan's monthly limit) or
// SANDBOX_DAILY_LIMIT (test keys, past the daily cap).
func (s *Service) Reserve(ctx context.Context, p auth.Principal, holdID string) error {
	return s.reserve(ctx, p, []string{holdID}, false)
}

// ReserveMany holds one document of p's quota per hold id, all or none
// (a batch): when they do not all fit, it fails as Reserve does, saying
// how many documents are left.
func (s *Service) ReserveMany(ctx context.Context, p auth.Principal, holdIDs []string) error {
	return s.reserve(ctx, p, holdIDs, true)
}

// reserve holds holdIDs; many says the refusal names what was asked and
// what is left.
func (s *Service) reserve(ctx context.Context, p auth.Principal, holdIDs []string, many bool) error {
	now := s.now()
	var since time.Time
	var limit int
	if p.Sandbox() {
		since, limit = startOfDay(now), s.sandboxDaily()
	} else {
		plan, err := s.deps.Plans.Of(ctx, p.AccountID)
		if err != nil {
			return err
		}
		if plan.Unlimited() {
			return nil
		}
		since, limit = MonthOf(now).Start, plan.MonthlyDocuments
	}
	holds := make([]store.UsageHold, len(holdIDs))
	for i, id := range holdIDs {
		holds[i] = store.UsageHold{ID: id, AccountID: p.AccountID, Mode: p.Mode, CreatedAt: now}
	}
	held, used, err := s.deps.Store.HoldUsageMany(ctx, holds, since, now.Add(-s.holdFor()), limit)
	if err != nil || held {
		return err
	}
	asked := ""
	if many {
		asked = fmt.Sprintf("%d documents asked for, %d left: ", len(holdIDs), max(limit-used, 0))
	}
	if p.Sandbox() {
		return errs.New(errs.SandboxDailyLimit, "%ssandbox daily limit of %d documents reached; it resets at midnight UTC (%s)",
			asked, limit, wire.Format(startOfDay(now).Add(24*time.Hour)))
	}
	return errs.New(errs.UsageLimitExceeded, "%smonthly document limit of %d reached for your plan; it resets on %s or when you upgrade",
		asked, limit, wire.Format(MonthOf(now).Next))
}

// Release gives back the hold of a document that was not made.
func (s *Service) Release(ctx context.Context, accountID, holdID string) error {
	return s.deps.Store.ReleaseUsage(context.WithoutCancel(ctx), accountID, holdID)
}

// KeepHolds keeps the holds of accountID whose id starts with idPrefix
// counting (a batch still running): those past half their life start
// again, so a batch longer than the hold time keeps its units.
func (s *Service) KeepHolds(ctx context.Context, accountID, idPrefix string) error {
	now := s.now()
	_, err := s.deps.Store.RefreshUsageHolds(ctx, accountID, idPrefix, now.Add(-s.holdFor()/2), now)
	return err
}

// Record counts a made document inside tx, the transaction that stores it,
// and consumes its hold.
func (s *Service) Record(ctx context.Context, tx store.Store, d *store.Document, kind, holdID string) error {
	return tx.RecordUsage(ctx, &store.UsageEvent{ID: holdID, AccountID: d.AccountID, DocumentID: d.ID, Kind: kind, Mode: d.Mode, CreatedAt: s.now()})
}

// Retention is how long p's plan keeps documents; 0 = the plan sets none.
// Sandbox rules are the documents service's.
func (s *Service) Retention(ctx context.Context, p auth.Principal) (time.Duration, error) {
	plan, err := s.deps.Plans.Of(ctx, p.AccountID)
	if err != nil {
		return 0, err
	}
	return plan.Retention(), nil
}

func (s *Service) now() time.Time {
	if s.deps.Now != nil {
		return s.deps.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Service) sandboxDaily() int {
	if s.deps.SandboxDaily > 0 {
		return s.deps.SandboxDaily
	}
	return DefaultSandboxDaily
}

func (s *Service) holdFor() time.Duration {
	if s.deps.HoldFor > 0 {
		return s.deps.HoldFor
	}
	return DefaultHoldFor
}

func startOfDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Month is a calendar month in UTC.
type Month struct {
	Start time.Time // first instant
	Next  time.Time // first instant of the next month
}

// MonthOf returns the calendar month (UTC) of t.
func MonthOf(t time.Time) Month {
	y, m, _ := t.UTC().Date()
	start := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	return Month{Start: start, Next: start.AddDate(0, 1, 0)}
}
