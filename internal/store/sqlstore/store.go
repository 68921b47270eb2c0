package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/quirehq/quire/internal/store"
)

// Store implements store.Store on a DB (outside transactions) or on one Tx
// (the Store handed to InTx's fn).
type Store struct {
	q  Querier
	db DB // nil when bound to a transaction
	tx Tx // nil outside a transaction
	d  Dialect
}

var _ store.Store = (*Store)(nil)

// New returns a Store running every statement on db.
func New(db DB, d Dialect) *Store {
	return &Store{q: db, db: db, d: d}
}

// InTx runs fn with a Store bound to one transaction: committed when fn
// returns nil, rolled back when it returns an error or panics. Called on a
// Store that is already bound to a transaction, fn joins that transaction.
//
// Inside fn use only the tx Store: on SQLite the pool has one connection,
// which the transaction holds, so a query on the outer Store would wait
// forever.
func (s *Store) InTx(ctx context.Context, fn func(tx store.Store) error) (err error) {
	if s.tx != nil {
		return fn(s)
	}
	tx, err := s.db.Begin(ctx)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			// The transaction is being abandoned; fn's error (or panic) is
			// what the caller needs, not the rollback's.
			_ = tx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	if err := fn(&Store{q: tx, tx: tx, d: s.d}); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("store: commit: %w", s.mapErr(err))
	}
	committed = true
	return nil
}

// rawTx backs RawTx; unexported so only this package's Store (or a type
// embedding it) answers.
func (s *Store) rawTx() (any, bool) {
	if s.tx == nil {
		return nil, false
	}
	return s.tx.Raw(), true
}

// RawTx returns the driver transaction behind a Store handed out by InTx:
// *sql.Tx for SQLite, pgx.Tx for PostgreSQL. It reports false for any other
// Store, including the pool-level one.
func RawTx(s store.Store) (any, bool) {
	r, ok := s.(interface{ rawTx() (any, bool) })
	if !ok {
		return nil, false
	}
	return r.rawTx()
}

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if s.db != nil {
		return s.db.Ping(ctx)
	}
	var one int
	return s.q.QueryRow(ctx, "SELECT 1").Scan(&one)
}

// Close closes the pool. Closing a transaction-bound Store is a mistake
// (InTx ends the transaction) and is reported as one.
func (s *Store) Close() error {
	if s.db == nil {
		return errors.New("store: Close called on a transaction-bound store")
	}
	return s.db.Close()
}

// mapErr turns driver errors into the store's sentinels, keeping the
// driver's message.
func (s *Store) mapErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrConflict):
		return err
	case s.d.IsNoRows(err):
		return store.ErrNotFound
	case s.d.IsUniqueViolation(err):
		return fmt.Errorf("%w: %v", store.ErrConflict, err)
	default:
		return err
	}
}

// execOne runs a statement that must change exactly one row of the caller's
// account; changing none means the row is missing or someone else's.
func (s *Store) execOne(ctx context.Context, sql string, args ...any) error {
	n, err := s.q.Exec(ctx, sql, args...)
	if err != nil {
		return s.mapErr(err)
	}
	if n == 0 {
		return store.ErrNotFound
	}
	return nil
}
