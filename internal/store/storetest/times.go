package storetest

import (
	"testing"
	"time"

	"github.com/quirehq/quire/internal/store"
)

func testTimes(t *testing.T, s store.Store) {
	acc := newAccount(t, s)

	// The caller's struct is normalised to what the store keeps.
	d := newDocument(acc.ID, base)
	must(t, s.CreateDocument(ctx(t), d), "CreateDocument")
	sameTime(t, "CreatedAt in the caller's struct", d.CreatedAt, base)
	sameTime(t, "UpdatedAt in the caller's struct", d.UpdatedAt, base)

	// Zero CreatedAt is filled with the current time, in UTC.
	before := time.Now().Truncate(time.Microsecond)
	now := newDocument(acc.ID, time.Time{})
	must(t, s.CreateDocument(ctx(t), now), "CreateDocument(zero CreatedAt)")
	if now.CreatedAt.Before(before) || now.CreatedAt.Location() != time.UTC {
		t.Errorf("default CreatedAt = %v, want UTC and not before %v", now.CreatedAt, before)
	}

	// Far past, far future and sub-millisecond instants survive a round trip.
	for _, at := range []time.Time{
		time.Date(1969, 7, 20, 20, 17, 40, 123456000, time.UTC),
		time.Date(2199, 12, 31, 23, 59, 59, 999999999, time.FixedZone("UTC-11", -11*3600)),
		base.Add(time.Millisecond + 7*time.Microsecond),
	} {
		expires := at
		doc := newDocument(acc.ID, at)
		doc.ExpiresAt = &expires
		must(t, s.CreateDocument(ctx(t), doc), "CreateDocument")
		got, err := s.Document(ctx(t), acc.ID, doc.ID)
		must(t, err, "Document")
		sameTime(t, "CreatedAt", got.CreatedAt, at)
		sameOptTime(t, "ExpiresAt", got.ExpiresAt, &at)
	}

	// Order is by the stored instant even a millisecond or a microsecond apart.
	ordered := newAccount(t, s)
	var want []string
	for _, offset := range []time.Duration{0, time.Microsecond, time.Millisecond, time.Millisecond + time.Microsecond} {
		doc := newDocument(ordered.ID, base.Add(offset))
		must(t, s.CreateDocument(ctx(t), doc), "CreateDocument")
		want = append([]string{doc.ID}, want...)
	}
	assertList(t, s, store.DocumentFilter{AccountID: ordered.ID}, len(want), want...)
}
