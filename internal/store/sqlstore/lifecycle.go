package sqlstore

import (
	"context"
	"time"

	"github.com/quirehq/quire/internal/store"
)

// ExpiredDocuments lists completed documents of any account past their expiry.
func (s *Store) ExpiredDocuments(ctx context.Context, now time.Time, limit int) ([]store.Document, error) {
	rows, err := s.q.Query(ctx,
		`SELECT `+documentColumns+` FROM documents
		 WHERE status = 'completed' AND expires_at IS NOT NULL AND expires_at <= $1
		 ORDER BY expires_at, id LIMIT $2`, s.timeArg(now), int64(limit))
	if err != nil {
		return nil, s.mapErr(err)
	}
	docs, err := collect(rows, scanDocument)
	return docs, s.mapErr(err)
}

// ExpireDocument marks a completed document expired.
func (s *Store) ExpireDocument(ctx context.Context, accountID, id string, at time.Time) error {
	return s.execOne(ctx,
		`UPDATE documents SET status = 'expired', updated_at = $3
		 WHERE account_id = $1 AND id = $2 AND status = 'completed'`,
		accountID, id, s.timeArg(at))
}
