package store

import (
	"context"
	"time"
)

// LifecycleStore holds what background jobs need beyond one account's
// documents: the retention sweep looks across all accounts.
type LifecycleStore interface {
	// ExpiredDocuments lists up to limit completed documents, of any
	// account, whose expires_at is at or before now; oldest expiry first.
	ExpiredDocuments(ctx context.Context, now time.Time, limit int) ([]Document, error)
	// ExpireDocument turns a completed document into an expired one;
	// ErrNotFound when it is missing or no longer completed.
	ExpireDocument(ctx context.Context, accountID, id string, at time.Time) error
}

// IdempotencyRecord is the first answer given to a request that carried an
// Idempotency-Key, kept to answer its retries the same way.
type IdempotencyRecord struct {
	AccountID   string
	Key         string
	Fingerprint string // hash of what was asked: the same key must ask the same
	Status      int    // HTTP status; 0 while the first request runs
	ContentType string
	Body        []byte
	CreatedAt   time.Time
}

// IdempotencyStore keeps idempotency records, per account.
type IdempotencyStore interface {
	// ClaimIdempotencyKey stores r as in progress and reports true, unless
	// the account already has a live record for r.Key: then it reports false
	// with that record. A record created before expiredBefore, or still in
	// progress and created before staleBefore (its request died), no longer
	// counts and is replaced.
	ClaimIdempotencyKey(ctx context.Context, r *IdempotencyRecord, expiredBefore, staleBefore time.Time) (claimed bool, existing *IdempotencyRecord, err error)
	// FinishIdempotencyKey records the answer of a claimed key.
	FinishIdempotencyKey(ctx context.Context, r *IdempotencyRecord) error
	// ReleaseIdempotencyKey forgets a claimed key, so that a retry runs again.
	ReleaseIdempotencyKey(ctx context.Context, accountID, key string) error
	// DeleteIdempotencyKeys removes records created before before.
	DeleteIdempotencyKeys(ctx context.Context, before time.Time) (int64, error)
}
