package sqlstore

import (
	"context"
	"time"

	"github.com/quirehq/quire/internal/store"
)

const idempotencyColumns = `account_id, key, fingerprint, status, content_type, body, created_at`

// ClaimIdempotencyKey first drops a dead record of the key (expired, or
// left in progress by a request that died), then inserts r unless the key
// is taken. Two concurrent claims of one key: the primary key lets exactly
// one insert through.
func (s *Store) ClaimIdempotencyKey(ctx context.Context, r *store.IdempotencyRecord, expiredBefore, staleBefore time.Time) (bool, *store.IdempotencyRecord, error) {
	if r.CreatedAt.IsZero() {
		r.CreatedAt = nowUTC()
	}
	r.CreatedAt = normTime(r.CreatedAt)
	if _, err := s.q.Exec(ctx,
		`DELETE FROM idempotency_keys WHERE account_id = $1 AND key = $2
		 AND (created_at < $3 OR (status = 0 AND created_at < $4))`,
		r.AccountID, r.Key, s.timeArg(expiredBefore), s.timeArg(staleBefore)); err != nil {
		return false, nil, s.mapErr(err)
	}
	n, err := s.q.Exec(ctx,
		`INSERT INTO idempotency_keys (`+idempotencyColumns+`) VALUES ($1, $2, $3, 0, '', $4, $5)
		 ON CONFLICT (account_id, key) DO NOTHING`,
		r.AccountID, r.Key, r.Fingerprint, []byte{}, s.timeArg(r.CreatedAt))
	if err != nil {
		return false, nil, s.mapErr(err)
	}
	if n == 1 {
		return true, nil, nil
	}
	var got store.IdempotencyRecord
	err = s.q.QueryRow(ctx, `SELECT `+idempotencyColumns+` FROM idempotency_keys WHERE account_id = $1 AND key = $2`,
		r.AccountID, r.Key).Scan(&got.AccountID, &got.Key, &got.Fingerprint, &got.Status, &got.ContentType, &got.Body, scanTime(&got.CreatedAt))
	if err != nil {
		return false, nil, s.mapErr(err)
	}
	return false, &got, nil
}

// FinishIdempotencyKey stores the answer of a claimed key.
func (s *Store) FinishIdempotencyKey(ctx context.Context, r *store.IdempotencyRecord) error {
	return s.execOne(ctx,
		`UPDATE idempotency_keys SET status = $3, content_type = $4, body = $5
		 WHERE account_id = $1 AND key = $2 AND status = 0`,
		r.AccountID, r.Key, r.Status, r.ContentType, r.Body)
}

// ReleaseIdempotencyKey deletes an unfinished claim.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, accountID, key string) error {
	_, err := s.q.Exec(ctx, `DELETE FROM idempotency_keys WHERE account_id = $1 AND key = $2 AND status = 0`, accountID, key)
	return s.mapErr(err)
}

// DeleteIdempotencyKeys removes old records.
func (s *Store) DeleteIdempotencyKeys(ctx context.Context, before time.Time) (int64, error) {
	n, err := s.q.Exec(ctx, `DELETE FROM idempotency_keys WHERE created_at < $1`, s.timeArg(before))
	return n, s.mapErr(err)
}
