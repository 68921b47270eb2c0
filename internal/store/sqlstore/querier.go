// Package sqlstore is the one SQL implementation of store.Store shared by the
// SQLite and PostgreSQL drivers. It talks to the database through the small
// Querier interface below, which database/sql (SQLite) and pgx v5
// (PostgreSQL) both satisfy through thin adapters. Every statement uses $1..$N
// placeholders: pgx requires them and modernc.org/sqlite binds $N by number.
package sqlstore

import "context"

// Rows is a result set being iterated.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Row is the result of a query expected to return at most one row. Scan
// must return an error for which Dialect.IsNoRows is true when there is none.
type Row interface {
	Scan(dest ...any) error
}

// Querier runs statements on a pool or inside a transaction.
type Querier interface {
	// Exec runs a statement and reports how many rows it changed.
	Exec(ctx context.Context, sql string, args ...any) (rowsAffected int64, err error)
	Query(ctx context.Context, sql string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) Row
}

// Tx is one open transaction.
type Tx interface {
	Querier
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
	// Raw is the driver's own transaction (*sql.Tx or pgx.Tx), so that code
	// such as River's InsertTx can write in the same transaction.
	Raw() any
}

// DB is a connection pool.
type DB interface {
	Querier
	Begin(ctx context.Context) (Tx, error)
	Ping(ctx context.Context) error
	Close() error
}
