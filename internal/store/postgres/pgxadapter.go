package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/quirehq/quire/internal/store/sqlstore"
)

// pgxQuerier is what *pgxpool.Pool and pgx.Tx have in common.
type pgxQuerier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// querier adapts pgx to sqlstore.Querier; pgx.Rows and pgx.Row already
// have the shapes sqlstore wants.
type querier struct{ q pgxQuerier }

func (a querier) Exec(ctx context.Context, sql string, args ...any) (int64, error) {
	tag, err := a.q.Exec(ctx, sql, args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (a querier) Query(ctx context.Context, sql string, args ...any) (sqlstore.Rows, error) {
	return a.q.Query(ctx, sql, args...)
}

func (a querier) QueryRow(ctx context.Context, sql string, args ...any) sqlstore.Row {
	return a.q.QueryRow(ctx, sql, args...)
}

type pool struct {
	querier
	p *pgxpool.Pool
}

func newPool(p *pgxpool.Pool) pool { return pool{querier{p}, p} }

func (p pool) Begin(ctx context.Context) (sqlstore.Tx, error) {
	tx, err := p.p.Begin(ctx)
	if err != nil {
		return nil, err
	}
	return pgxTx{querier{tx}, tx}, nil
}

func (p pool) Ping(ctx context.Context) error { return p.p.Ping(ctx) }

func (p pool) Close() error {
	p.p.Close()
	return nil
}

type pgxTx struct {
	querier
	tx pgx.Tx
}

func (t pgxTx) Commit(ctx context.Context) error   { return t.tx.Commit(ctx) }
func (t pgxTx) Rollback(ctx context.Context) error { return t.tx.Rollback(ctx) }
func (t pgxTx) Raw() any                           { return t.tx }
