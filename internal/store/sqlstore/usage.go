package sqlstore

import (
	"context"
	"time"

	"github.com/quirehq/quire/internal/store"
)

// HoldUsage holds one unit: HoldUsageMany of one.
func (s *Store) HoldUsage(ctx context.Context, h *store.UsageHold, since, staleBefore time.Time, limit int) (held bool, used int, err error) {
	if h.CreatedAt.IsZero() {
		h.CreatedAt = nowUTC()
	}
	h.CreatedAt = normTime(h.CreatedAt)
	return s.HoldUsageMany(ctx, []store.UsageHold{*h}, since, staleBefore, limit)
}

// HoldUsageMany locks the account row first (a no-op UPDATE): PostgreSQL
// then serialises holds of one account until commit, and SQLite takes its
// write lock before reading, so the count it reads stays true until the
// inserts.
func (s *Store) HoldUsageMany(ctx context.Context, holds []store.UsageHold, since, staleBefore time.Time, limit int) (held bool, used int, err error) {
	if len(holds) == 0 {
		return true, 0, nil
	}
	first := holds[0]
	err = s.InTx(ctx, func(txs store.Store) error {
		tx := txs.(*Store)
		if err := tx.execOne(ctx, `UPDATE accounts SET plan = plan WHERE id = $1`, first.AccountID); err != nil {
			return err
		}
		err := tx.q.QueryRow(ctx,
			`SELECT (SELECT count(*) FROM usage_events WHERE account_id = $1 AND mode = $2 AND created_at >= $3)
			      + (SELECT count(*) FROM usage_holds WHERE account_id = $1 AND mode = $2 AND created_at >= $4)`,
			first.AccountID, first.Mode, tx.timeArg(since), tx.timeArg(staleBefore)).Scan(&used)
		if err != nil {
			return tx.mapErr(err)
		}
		if used+len(holds) > limit {
			return nil
		}
		for _, h := range holds {
			if h.CreatedAt.IsZero() {
				h.CreatedAt = nowUTC()
			}
			if _, err = tx.q.Exec(ctx, `INSERT INTO usage_holds (id, account_id, mode, created_at) VALUES ($1, $2, $3, $4)`,
				h.ID, h.AccountID, h.Mode, tx.timeArg(normTime(h.CreatedAt))); err != nil {
				return tx.mapErr(err)
			}
		}
		held = true
		return nil
	})
	if err != nil {
		held = false
	}
	return held, used, err
}

func (s *Store) ReleaseUsage(ctx context.Context, accountID, holdID string) error {
	_, err := s.q.Exec(ctx, `DELETE FROM usage_holds WHERE account_id = $1 AND id = $2`, accountID, holdID)
	return s.mapErr(err)
}

// RefreshUsageHolds compares the id's start with substr, not LIKE: hold
// ids hold underscores, LIKE's one-character wildcard.
func (s *Store) RefreshUsageHolds(ctx context.Context, accountID, idPrefix string, olderThan, at time.Time) (int, error) {
	n, err := s.q.Exec(ctx,
		`UPDATE usage_holds SET created_at = $4
		 WHERE account_id = $1 AND substr(id, 1, $2) = $3 AND created_at < $5`,
		accountID, len(idPrefix), idPrefix, s.timeArg(at), s.timeArg(olderThan))
	if err != nil {
		return 0, s.mapErr(err)
	}
	return int(n), nil
}

func (s *Store) RecordUsage(ctx context.Context, e *store.UsageEvent) error {
	if e.CreatedAt.IsZero() {
		e.CreatedAt = nowUTC()
	}
	e.CreatedAt = normTime(e.CreatedAt)
	return s.InTx(ctx, func(txs store.Store) error {
		tx := txs.(*Store)
		if _, err := tx.q.Exec(ctx,
			`INSERT INTO usage_events (id, account_id, document_id, kind, mode, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			e.ID, e.AccountID, e.DocumentID, e.Kind, e.Mode, tx.timeArg(e.CreatedAt)); err != nil {
			return tx.mapErr(err)
		}
		return tx.ReleaseUsage(ctx, e.AccountID, e.ID)
	})
}

func (s *Store) CountUsage(ctx context.Context, accountID, mode string, from, to time.Time) (store.UsageCount, error) {
	var c store.UsageCount
	err := s.q.QueryRow(ctx,
		`SELECT COALESCE(SUM(CASE WHEN kind = 'fill' THEN 1 ELSE 0 END), 0),
		        COALESCE(SUM(CASE WHEN kind = 'generate' THEN 1 ELSE 0 END), 0)
		 FROM usage_events
		 WHERE account_id = $1 AND ($2 = '' OR mode = $2) AND created_at >= $3 AND created_at < $4`,
		accountID, mode, s.timeArg(from), s.timeArg(to)).Scan(&c.Fill, &c.Generate)
	return c, s.mapErr(err)
}
