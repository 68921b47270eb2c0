package sqlstore

import (
	"fmt"
	"time"

	"github.com/quirehq/quire/internal/ids"
)

// Times are kept in UTC with microsecond precision on both drivers:
// PostgreSQL's timestamptz resolution, and what SQLite stores as an INTEGER
// of unix microseconds. normTime is applied before writing and to the
// caller's struct, so what a caller holds equals what a later read returns.
func normTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// nowUTC is the store's clock for CreatedAt/UpdatedAt defaults.
func nowUTC() time.Time { return normTime(time.Now()) }

func (s *Store) timeArg(t time.Time) any {
	return s.d.EncodeTime(normTime(t))
}

// optTimeArg binds nil for a nil pointer and normalises the pointee.
func (s *Store) optTimeArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	*t = normTime(*t)
	return s.d.EncodeTime(*t)
}

// timeScanner reads a time column whatever its storage: time.Time from
// pgx's timestamptz, int64 unix microseconds from SQLite's INTEGER.
type timeScanner struct {
	dst   *time.Time
	valid bool
}

func (ts *timeScanner) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		ts.valid = false
		return nil
	case time.Time:
		*ts.dst = v.UTC()
	case int64:
		*ts.dst = time.UnixMicro(v).UTC()
	default:
		return fmt.Errorf("sqlstore: cannot scan %T into a time", src)
	}
	ts.valid = true
	return nil
}

// scanTime returns a destination for a NOT NULL time column.
func scanTime(dst *time.Time) *timeScanner { return &timeScanner{dst: dst} }

// optTime collects a nullable time column; call set after Scan.
type optTime struct {
	t  time.Time
	ts timeScanner
}

func (o *optTime) dest() *timeScanner {
	o.ts.dst = &o.t
	return &o.ts
}

func (o *optTime) ptr() *time.Time {
	if !o.ts.valid {
		return nil
	}
	t := o.t
	return &t
}

// stamp fills in what a new row may leave empty: an id with prefix, a
// creation time (now) and an update time (the creation time); updated may be
// nil for rows without one. Times are normalised like every stored time.
func stamp(id *string, prefix string, created, updated *time.Time) {
	if *id == "" {
		*id = ids.New(prefix)
	}
	if created.IsZero() {
		*created = nowUTC()
	}
	*created = normTime(*created)
	if updated == nil {
		return
	}
	if updated.IsZero() {
		*updated = *created
	}
	*updated = normTime(*updated)
}
