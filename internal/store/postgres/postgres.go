// Package postgres is the store driver for PostgreSQL, for deployments
// that outgrow one SQLite file. It uses pgx natively (pgxpool), not
// database/sql, so that River's riverpgxv5 driver can insert jobs into our
// transactions: sqlstore.RawTx hands out the pgx.Tx.
package postgres

import (
	"context"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/quirehq/quire/internal/store/sqlstore"
)

//go:embed migrations/postgres/*.sql
var migrations embed.FS

// Store is store.Store on a PostgreSQL database.
type Store struct {
	*sqlstore.Store
	pool *pgxpool.Pool
}

// Open connects to url (postgres://…; pgx pool options such as
// pool_max_conns and runtime parameters such as search_path are read from
// it) and applies pending migrations.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse database url: %w", err)
	}
	p, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := p.Ping(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := migrate(ctx, p); err != nil {
		p.Close()
		return nil, fmt.Errorf("postgres: migrate: %w", err)
	}
	return &Store{Store: sqlstore.New(newPool(p), dialect), pool: p}, nil
}

// migrate runs goose through a database/sql view of the pool, holding an
// advisory lock so that several nodes starting together migrate once.
func migrate(ctx context.Context, p *pgxpool.Pool) error {
	var schema string
	if err := p.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return err
	}
	db := stdlib.OpenDBFromPool(p)
	defer db.Close() // leaves the pool open
	fsys, err := fs.Sub(migrations, "migrations/postgres")
	if err != nil {
		return err
	}
	locker, err := lock.NewPostgresSessionLocker(
		lock.WithLockID(migrationLockID(schema)),
		lock.WithLockTimeout(1, 300), // retry every second for five minutes
	)
	if err != nil {
		return err
	}
	// Out-of-order: domains number their migrations in their own ranges.
	provider, err := goose.NewProvider(goose.DialectPostgres, db, fsys, goose.WithSessionLocker(locker), goose.WithAllowOutofOrder(true))
	if err != nil {
		return err
	}
	_, err = provider.Up(ctx)
	return err
}

// migrationLockID is the advisory lock taken while migrating: one per
// schema, since each schema (search_path) has its own tables and
// goose_db_version, and unrelated schemas need not wait for each other.
func migrationLockID(schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("quire-migrations:" + schema))
	return int64(h.Sum64())
}

// Pool is the underlying pool, for River's pgx driver:
// riverpgxv5.New(s.Pool()). Jobs inserted inside InTx go through
// sqlstore.RawTx(tx), which is the pgx.Tx of that transaction.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }
