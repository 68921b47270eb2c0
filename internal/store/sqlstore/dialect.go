package sqlstore

import "time"

// Dialect is what differs between the databases once the SQL text is shared:
// how times are bound as arguments and how errors are recognised.
type Dialect struct {
	// EncodeTime turns a UTC time (already truncated to microseconds) into
	// the value bound for a time column. Scanning needs no counterpart: the
	// time scanner accepts both time.Time and int64 unix microseconds.
	EncodeTime func(time.Time) any
	// IsNoRows reports whether err means a single-row query found nothing.
	IsNoRows func(error) bool
	// IsUniqueViolation reports whether err is a unique-constraint violation.
	IsUniqueViolation func(error) bool
}
