// Package dbopen picks and opens the store driver named by a database URL,
// so that commands need not know the drivers.
package dbopen

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/store/postgres"
	"github.com/quirehq/quire/internal/store/sqlite"
)

// DefaultSQLiteFile is the database file's name inside the data directory.
const DefaultSQLiteFile = "quire.db"

// Open opens the store for databaseURL:
//
//	""                             SQLite file <dataDir>/quire.db
//	sqlite:///abs/path/quire.db    SQLite file at an absolute path
//	sqlite://relative/quire.db     SQLite file relative to the working directory
//	postgres://… or postgresql://… PostgreSQL
//
// The result is a *sqlite.Store or a *postgres.Store, for callers that need
// DB() or Pool().
func Open(ctx context.Context, databaseURL, dataDir string) (store.Store, error) {
	path, isSQLite, err := sqlitePath(databaseURL, dataDir)
	if err != nil {
		return nil, err
	}
	if isSQLite {
		return sqlite.Open(ctx, path)
	}
	return postgres.Open(ctx, databaseURL)
}

// sqlitePath resolves the SQLite file a URL names; isSQLite is false for a
// PostgreSQL URL.
func sqlitePath(databaseURL, dataDir string) (path string, isSQLite bool, err error) {
	lower := strings.ToLower(databaseURL)
	switch {
	case databaseURL == "":
		if dataDir == "" {
			return "", false, fmt.Errorf("dbopen: neither a database URL nor a data directory is set")
		}
		return filepath.Join(dataDir, DefaultSQLiteFile), true, nil
	case strings.HasPrefix(lower, "postgres://"), strings.HasPrefix(lower, "postgresql://"):
		return "", false, nil
	case strings.HasPrefix(lower, "sqlite://"):
		path := databaseURL[len("sqlite://"):]
		if path == "" || path == "/" {
			return "", false, fmt.Errorf("dbopen: %q names no file (use sqlite:///abs/path.db or sqlite://relative/path.db)", databaseURL)
		}
		return path, true, nil
	default:
		scheme, _, found := strings.Cut(databaseURL, "://")
		if !found {
			scheme = "(none)"
		}
		return "", false, fmt.Errorf("dbopen: unsupported database URL scheme %s: use postgres://, postgresql:// or sqlite://, or leave it empty for <data dir>/%s",
			scheme, DefaultSQLiteFile)
	}
}
