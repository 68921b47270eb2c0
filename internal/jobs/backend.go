package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/quirehq/quire/internal/store/postgres"
	"github.com/quirehq/quire/internal/store/sqlite"
	"github.com/quirehq/quire/internal/store/sqlstore"
)

// sqlRawTx is sqlstore.RawTx, named here so jobs.go reads without the import.
var sqlRawTx = sqlstore.RawTx

// client is backend for one River transaction type: *sql.Tx on SQLite,
// pgx.Tx on PostgreSQL.
type client[TDriver riverdriver.Driver[TTx], TTx any] struct {
	c *river.Client[TTx]
}

func (b *client[TDriver, TTx]) tx(raw any) (TTx, error) {
	tx, ok := raw.(TTx)
	if !ok {
		var want TTx
		return want, fmt.Errorf("jobs: transaction is %T, want %T", raw, want)
	}
	return tx, nil
}

func (b *client[TDriver, TTx]) insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	_, err := b.c.Insert(ctx, args, opts)
	return err
}

func (b *client[TDriver, TTx]) insertTx(ctx context.Context, raw any, args river.JobArgs, opts *river.InsertOpts) error {
	tx, err := b.tx(raw)
	if err != nil {
		return err
	}
	_, err = b.c.InsertTx(ctx, tx, args, opts)
	return err
}

// anyArgs lets JobCompleteTx decode a job of any kind: it needs a type for
// the arguments it returns, which nobody reads here.
type anyArgs struct{}

func (anyArgs) Kind() string { return "any" }

func (b *client[TDriver, TTx]) completeTx(ctx context.Context, raw any, job *rivertype.JobRow) error {
	tx, err := b.tx(raw)
	if err != nil {
		return err
	}
	_, err = river.JobCompleteTx[TDriver](ctx, tx, &river.Job[anyArgs]{JobRow: job})
	return err
}

func (b *client[TDriver, TTx]) counts(ctx context.Context) (map[rivertype.JobState]int, error) {
	return b.c.Driver().GetExecutor().JobCountByAllStates(ctx, &riverdriver.JobCountByAllStatesParams{})
}

func (b *client[TDriver, TTx]) start(ctx context.Context) error { return b.c.Start(ctx) }
func (b *client[TDriver, TTx]) stop(ctx context.Context) error  { return b.c.Stop(ctx) }
func (b *client[TDriver, TTx]) stopAndCancel(ctx context.Context) error {
	return b.c.StopAndCancel(ctx)
}

func newSQLiteBackend(s *sqlite.Store, cfg *river.Config) (backend, error) {
	c, err := river.NewClient(riversqlite.New(s.DB()), cfg)
	if err != nil {
		return nil, err
	}
	return &client[*riversqlite.Driver, *sql.Tx]{c: c}, nil
}

func newPostgresBackend(s *postgres.Store, cfg *river.Config) (backend, error) {
	c, err := river.NewClient(riverpgxv5.New(s.Pool()), cfg)
	if err != nil {
		return nil, err
	}
	return &client[*riverpgxv5.Driver, pgx.Tx]{c: c}, nil
}

func migrateSQLite(ctx context.Context, s *sqlite.Store, logger *slog.Logger) error {
	return migrate(ctx, riversqlite.New(s.DB()), logger)
}

func migratePostgres(ctx context.Context, s *postgres.Store, logger *slog.Logger) error {
	return migrate(ctx, riverpgxv5.New(s.Pool()), logger)
}

// migrate applies River's pending migrations. River takes its own lock on
// PostgreSQL, so several nodes starting together are safe.
func migrate[TTx any](ctx context.Context, d riverdriver.Driver[TTx], logger *slog.Logger) error {
	m, err := rivermigrate.New(d, &rivermigrate.Config{Logger: quietLogger(logger)})
	if err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	return nil
}
