// Package sqlite is the default store driver: one SQLite file through
// modernc.org/sqlite (pure Go), sharing its SQL with the PostgreSQL driver
// via sqlstore.
//
// Connections: the pool holds exactly one connection. SQLite admits one
// writer at a time anyway, River's SQLite driver expects it, and it removes
// in-process SQLITE_BUSY errors. The rule that follows: inside InTx use only
// the Store handed to fn; a query on the outer Store would wait for the
// connection the transaction holds, forever.
//
// Other processes (the `quire keys create` CLI) open the same file with
// their own connection: WAL lets them read while the server writes, and
// busy_timeout makes writers queue for the lock instead of failing.
// Transactions begin IMMEDIATE so a transaction never fails halfway when it
// turns from reading to writing while another process holds the write lock.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pressly/goose/v3"
	"github.com/quirehq/quire/internal/store/sqlstore"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

//go:embed migrations/sqlite/*.sql
var migrations embed.FS

// BusyTimeoutMillis is how long a connection waits for another
// connection's (or process's) write lock before giving up.
const BusyTimeoutMillis = 10000

// Store is store.Store on one SQLite file.
type Store struct {
	*sqlstore.Store
	db *sql.DB
}

// Open opens (creating it and its directory if needed) the SQLite database
// at path and applies pending migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, fmt.Errorf("sqlite: empty database path")
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("sqlite: database path %q must not contain '?' or '#'", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("sqlite: create directory for %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := migrate(ctx, db); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("sqlite: migrate %s: %w", path, err)
	}
	// Set after migrating, so that goose may use a second connection.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	return &Store{Store: sqlstore.New(newSQLDB(db), dialect), db: db}, nil
}

// dsn configures every connection modernc.org/sqlite opens on path.
func dsn(path string) string {
	return path + fmt.Sprintf("?_pragma=busy_timeout(%d)", BusyTimeoutMillis) +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)" +
		"&_pragma=foreign_keys(1)" +
		"&_txlock=immediate"
}

func migrate(ctx context.Context, db *sql.DB) error {
	fsys, err := fs.Sub(migrations, "migrations/sqlite")
	if err != nil {
		return err
	}
	// Out-of-order: domains number their migrations in their own ranges
	// (webhooks 0002x, people 0003x, plans 0004x), so a database may have run
	// a higher number before a lower one appears.
	p, err := goose.NewProvider(goose.DialectSQLite3, db, fsys, goose.WithAllowOutofOrder(true))
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}

// DB is the underlying pool (one connection), for River's SQLite driver:
// riversqlite.New(s.DB()). Jobs inserted inside InTx go through
// sqlstore.RawTx(tx), which is the *sql.Tx of that transaction.
func (s *Store) DB() *sql.DB { return s.db }
