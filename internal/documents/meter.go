package documents

import (
	"context"
	"time"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"
)

// Meter holds accounts to their quotas and counts the documents they make.
// A document takes a hold before it is rendered (so that concurrent
// requests at the limit cannot all pass), and the hold turns into a usage
// event in the transaction that stores the completed document, or is
// released when the document is not made.
type Meter interface {
	// Reserve holds one document of p's quota; its error is the public one
	// (USAGE_LIMIT_EXCEEDED, SANDBOX_DAILY_LIMIT).
	Reserve(ctx context.Context, p auth.Principal, holdID string) error
	// Release gives back a hold whose document was not made.
	Release(ctx context.Context, accountID, holdID string) error
	// Record counts d, of kind "fill" or "generate", in tx, the transaction
	// that stores it, consuming the hold holdID.
	Record(ctx context.Context, tx store.Store, d *store.Document, kind, holdID string) error
	// Retention is how long p's plan keeps documents; 0 = the plan sets none.
	Retention(ctx context.Context, p auth.Principal) (time.Duration, error)
}

// Usage kinds of documents.
const (
	kindFill     = "fill"
	kindGenerate = "generate"
)

// usageTicket says how a document being made is counted.
type usageTicket struct {
	kind string
	hold string
}

// reserve takes a hold for a document of kind; without a meter nothing is
// counted.
func (s *Service) reserve(ctx context.Context, p auth.Principal, kind, holdID string) (usageTicket, error) {
	if holdID == "" {
		holdID = ids.New("use")
	}
	t := usageTicket{kind: kind, hold: holdID}
	if s.deps.Meter == nil {
		return t, nil
	}
	return t, s.deps.Meter.Reserve(ctx, p, holdID)
}

// release gives a hold back after a failure; a failed release only costs
// the account one unit until the hold goes stale.
func (s *Service) release(ctx context.Context, accountID string, t usageTicket) {
	if s.deps.Meter != nil {
		_ = s.deps.Meter.Release(ctx, accountID, t.hold)
	}
}

// record counts d inside the transaction that stores it.
func (s *Service) record(ctx context.Context, tx store.Store, d *store.Document, t usageTicket) error {
	if s.deps.Meter == nil || t.kind == "" {
		return nil
	}
	return s.deps.Meter.Record(ctx, tx, d, t.kind, t.hold)
}

// retentionOf is how long a new document of p is kept; 0 = forever.
// Sandbox documents live an hour whatever the plan; live ones as long as
// their plan says (forever when it sets none, as the reference's
// Enterprise plan), capped by Service.Retention when the operator set one.
func (s *Service) retentionOf(ctx context.Context, p auth.Principal) (time.Duration, error) {
	if p.Sandbox() || s.deps.Meter == nil {
		return s.retentionFor(p), nil
	}
	keep, err := s.deps.Meter.Retention(ctx, p)
	if err != nil {
		return 0, err
	}
	return capRetention(keep, s.deps.Retention), nil
}

// kind is how a task's document is counted.
func (t Task) kind() string {
	if t.Generate != nil {
		return kindGenerate
	}
	return kindFill
}
