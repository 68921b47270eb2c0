package sqlite

import (
	"context"
	"database/sql"

	"github.com/quirehq/quire/internal/store/sqlstore"
)

// sqlQuerier is what *sql.DB and *sql.Tx have in common.
type sqlQuerier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// querier adapts database/sql to sqlstore.Querier.
type querier struct{ q sqlQuerier }

func (a querier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := a.q.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (a querier) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rows, err := a.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (a querier) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return a.q.QueryRowContext(ctx, query, args...)
}

// sqlRows drops Close's error: a failure while reading is reported by Err.
type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { _ = r.Rows.Close() }

type sqlDB struct {
	querier
	db *sql.DB
}

func newSQLDB(db *sql.DB) sqlDB { return sqlDB{querier{db}, db} }

func (d sqlDB) Begin(ctx context.Context) (sqlstore.Tx, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return sqlTx{querier{tx}, tx}, nil
}

func (d sqlDB) Ping(ctx context.Context) error { return d.db.PingContext(ctx) }
func (d sqlDB) Close() error                   { return d.db.Close() }

type sqlTx struct {
	querier
	tx *sql.Tx
}

func (t sqlTx) Commit(context.Context) error   { return t.tx.Commit() }
func (t sqlTx) Rollback(context.Context) error { return t.tx.Rollback() }
func (t sqlTx) Raw() any                       { return t.tx }
