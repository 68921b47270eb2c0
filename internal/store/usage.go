package store

import (
	"context"
	"time"
)

// UsageEvent is one document made: what /v1/usage counts and quotas limit.
type UsageEvent struct {
	ID         string // the id of the hold it consumes, if it had one
	AccountID  string
	DocumentID string
	Kind       string // "fill" or "generate"
	Mode       string // "live" or "test"
	CreatedAt  time.Time
}

// UsageHold is one unit of quota held by a document being made.
type UsageHold struct {
	ID        string
	AccountID string
	Mode      string
	CreatedAt time.Time
}

// UsageCount is how many documents of each kind were made.
type UsageCount struct {
	Fill     int
	Generate int
}

// UsageStore keeps usage events and the holds that reserve quota for
// documents being made.
type UsageStore interface {
	// HoldUsage stores h unless the account already has limit documents of
	// h.Mode: usage events created at or after since plus holds created at
	// or after staleBefore (older holds belong to requests that died). It
	// counts and inserts under a lock on the account, so two holds at the
	// limit never both pass. used is the count it found, h excluded.
	HoldUsage(ctx context.Context, h *UsageHold, since, staleBefore time.Time, limit int) (held bool, used int, err error)
	// HoldUsageMany stores all of holds (one account, one mode) or none: none
	// when they would take the account past limit, as HoldUsage counts.
	HoldUsageMany(ctx context.Context, holds []UsageHold, since, staleBefore time.Time, limit int) (held bool, used int, err error)
	// ReleaseUsage drops a hold whose document was not made; a missing hold
	// is no error.
	ReleaseUsage(ctx context.Context, accountID, holdID string) error
	// RefreshUsageHolds sets to at the created_at of the account's holds
	// whose id starts with idPrefix and that were created before olderThan
	// (the holds of a batch still running, kept from going stale). It
	// returns how many it refreshed.
	RefreshUsageHolds(ctx context.Context, accountID, idPrefix string, olderThan, at time.Time) (int, error)
	// RecordUsage stores e and drops the hold with e's id, if any.
	RecordUsage(ctx context.Context, e *UsageEvent) error
	// CountUsage counts the account's usage events of mode ("" = every mode)
	// created in [from, to).
	CountUsage(ctx context.Context, accountID, mode string, from, to time.Time) (UsageCount, error)
}
