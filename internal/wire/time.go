// Package wire holds the shapes values take in Quire's JSON, shared by the
// API, webhook payloads and every view that is marshalled.
package wire

import (
	"bytes"
	"time"
)

// TimeLayout is every timestamp in Quire's JSON: ISO 8601 in UTC with
// milliseconds, as the reference documents (2026-02-08T10:00:00.000Z).
const TimeLayout = "2006-01-02T15:04:05.000Z"

// Time is a timestamp as JSON carries it (TimeLayout). It embeds
// time.Time, so it reads like one.
type Time struct{ time.Time }

// At is t as a wire Time.
func At(t time.Time) Time { return Time{t} }

// AtPtr is t as a wire Time; nil stays nil (JSON null).
func AtPtr(t *time.Time) *Time {
	if t == nil {
		return nil
	}
	return &Time{*t}
}

// Format is t in TimeLayout.
func Format(t time.Time) string { return t.UTC().Format(TimeLayout) }

// MarshalJSON writes t in TimeLayout.
func (t Time) MarshalJSON() ([]byte, error) {
	return []byte(`"` + Format(t.Time) + `"`), nil
}

// UnmarshalJSON reads any RFC 3339 timestamp (TimeLayout is one).
func (t *Time) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	return t.Time.UnmarshalJSON(b)
}
