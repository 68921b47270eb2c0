package storetest

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"
)

func testExpiredDocuments(t *testing.T, s store.Store) {
	a, b := newAccount(t, s), newAccount(t, s)
	// Far in the past, so that other tests' rows sharing the database
	// (PostgreSQL schemas are per test, SQLite files too) never interfere.
	now := base.Add(-100 * 365 * 24 * time.Hour)
	mk := func(acc, status string, expires *time.Time) *store.Document {
		d := newDocument(acc, base)
		d.Status, d.ExpiresAt = status, expires
		must(t, s.CreateDocument(ctx(t), d), "CreateDocument")
		return d
	}
	older := mk(a.ID, "completed", ptr(now.Add(-2*time.Hour)))
	old := mk(b.ID, "completed", ptr(now.Add(-time.Hour)))
	atNow := mk(a.ID, "completed", ptr(now))
	mk(a.ID, "completed", ptr(now.Add(time.Second))) // not yet
	mk(a.ID, "completed", nil)                       // never
	mk(a.ID, "failed", ptr(now.Add(-time.Hour)))     // no file to remove
	mk(b.ID, "expired", ptr(now.Add(-time.Hour)))    // done already

	got, err := s.ExpiredDocuments(ctx(t), now, 10)
	must(t, err, "ExpiredDocuments")
	var gotIDs []string
	for _, d := range got {
		gotIDs = append(gotIDs, d.ID)
	}
	want := []string{older.ID, old.ID, atNow.ID}
	if len(gotIDs) != len(want) || gotIDs[0] != want[0] || gotIDs[1] != want[1] || gotIDs[2] != want[2] {
		t.Fatalf("ExpiredDocuments = %v, want %v (oldest expiry first, across accounts)", gotIDs, want)
	}
	if got, _ := s.ExpiredDocuments(ctx(t), now, 2); len(got) != 2 {
		t.Errorf("limit 2 gave %d rows", len(got))
	}

	at := base.Add(time.Minute)
	must(t, s.ExpireDocument(ctx(t), b.ID, old.ID, at), "ExpireDocument")
	d, err := s.Document(ctx(t), b.ID, old.ID)
	must(t, err, "Document")
	if d.Status != "expired" || d.Filename != old.Filename || d.ExpiresAt == nil {
		t.Errorf("expired document = %+v: want status expired, the rest kept", d)
	}
	sameTime(t, "UpdatedAt", d.UpdatedAt, at)
	wantErr(t, s.ExpireDocument(ctx(t), b.ID, old.ID, at), store.ErrNotFound, "expiring twice")
	wantErr(t, s.ExpireDocument(ctx(t), a.ID, old.ID, at), store.ErrNotFound, "expiring another account's document")
}

func testIdempotencyKeys(t *testing.T, s store.Store) {
	a, b := newAccount(t, s), newAccount(t, s)
	now := time.Now()
	expired, stale := now.Add(-24*time.Hour), now.Add(-10*time.Minute)
	claim := func(acc, key, fp string, created time.Time) (bool, *store.IdempotencyRecord) {
		t.Helper()
		ok, got, err := s.ClaimIdempotencyKey(ctx(t), &store.IdempotencyRecord{AccountID: acc, Key: key, Fingerprint: fp, CreatedAt: created}, expired, stale)
		must(t, err, "ClaimIdempotencyKey")
		return ok, got
	}

	if ok, _ := claim(a.ID, "k1", "fp1", now); !ok {
		t.Fatal("a fresh key was not claimed")
	}
	ok, got := claim(a.ID, "k1", "fp2", now)
	if ok || got == nil || got.Status != 0 || got.Fingerprint != "fp1" {
		t.Fatalf("second claim = %v, %+v: want the first, in progress", ok, got)
	}
	if ok, _ := claim(b.ID, "k1", "fp1", now); !ok {
		t.Error("keys are per account: another account's k1 was refused")
	}
	pdf := []byte("%PDF-1.7\x00\xff binary")
	must(t, s.FinishIdempotencyKey(ctx(t), &store.IdempotencyRecord{AccountID: a.ID, Key: "k1", Status: 201, ContentType: "application/pdf", Body: pdf}), "FinishIdempotencyKey")
	ok, got = claim(a.ID, "k1", "fp1", now)
	if ok || got.Status != 201 || got.ContentType != "application/pdf" || !bytes.Equal(got.Body, pdf) {
		t.Fatalf("claim after finish = %v, %+v", ok, got)
	}
	wantErr(t, s.FinishIdempotencyKey(ctx(t), &store.IdempotencyRecord{AccountID: a.ID, Key: "k1", Status: 500}), store.ErrNotFound, "finishing twice")

	// Released claims and dead ones can be claimed again; finished ones live 24 h.
	claim(a.ID, "k2", "fp", now)
	must(t, s.ReleaseIdempotencyKey(ctx(t), a.ID, "k2"), "ReleaseIdempotencyKey")
	if ok, _ := claim(a.ID, "k2", "fp", now); !ok {
		t.Error("a released key was not claimed again")
	}
	claim(a.ID, "k3", "fp", now.Add(-11*time.Minute))
	if ok, _ := claim(a.ID, "k3", "fp", now); !ok {
		t.Error("a claim left in progress for 11 minutes still blocks its key")
	}
	claim(a.ID, "k4", "fp", now.Add(-25*time.Hour))
	must(t, s.FinishIdempotencyKey(ctx(t), &store.IdempotencyRecord{AccountID: a.ID, Key: "k4", Status: 200, Body: []byte("{}")}), "finish k4")
	if ok, _ := claim(a.ID, "k4", "other", now); !ok {
		t.Error("a 25 hours old key is still taken")
	}

	n, err := s.DeleteIdempotencyKeys(ctx(t), now.Add(time.Minute))
	must(t, err, "DeleteIdempotencyKeys")
	if n < 5 {
		t.Errorf("DeleteIdempotencyKeys removed %d records, want at least 5", n)
	}
}

// testIdempotencyKeyRace claims one key from many goroutines: exactly one wins.
func testIdempotencyKeyRace(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	key := ids.Random(12)
	const n = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			now := time.Now()
			ok, _, err := s.ClaimIdempotencyKey(ctx(t), &store.IdempotencyRecord{AccountID: a.ID, Key: key, Fingerprint: "fp"}, now.Add(-time.Hour), now.Add(-time.Minute))
			if err != nil {
				t.Error(err)
				return
			}
			if ok {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Fatalf("%d of %d concurrent claims won, want 1", wins, n)
	}
}
