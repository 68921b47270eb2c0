package postgres

import (
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/quirehq/quire/internal/store/sqlstore"
)

// uniqueViolation is PostgreSQL's SQLSTATE for a unique constraint.
const uniqueViolation = "23505"

// dialect binds times as time.Time into timestamptz columns (microsecond
// resolution, which sqlstore already truncates to).
var dialect = sqlstore.Dialect{
	EncodeTime: func(t time.Time) any { return t },
	IsNoRows:   func(err error) bool { return errors.Is(err, pgx.ErrNoRows) },
	IsUniqueViolation: func(err error) bool {
		var e *pgconn.PgError
		return errors.As(err, &e) && e.Code == uniqueViolation
	},
}
