package sqlite

import (
	"database/sql"
	"errors"
	"time"

	"github.com/quirehq/quire/internal/store/sqlstore"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect stores times as INTEGER unix microseconds: exact, compact,
// sortable and indexable, with none of the format drift of text times.
var dialect = sqlstore.Dialect{
	EncodeTime: func(t time.Time) any { return t.UnixMicro() },
	IsNoRows:   func(err error) bool { return errors.Is(err, sql.ErrNoRows) },
	IsUniqueViolation: func(err error) bool {
		var e *sqlite.Error
		if !errors.As(err, &e) {
			return false
		}
		return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	},
}
