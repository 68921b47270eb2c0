// Package idempotency makes retried requests safe: a request sent again
// with the same Idempotency-Key gets the first answer instead of running
// twice. Records are per account, live 24 hours, and remember a
// fingerprint of the request, so that a key reused for a different request
// is refused rather than answered with an unrelated result. It knows no
// HTTP: the transport computes fingerprints and captures answers.
package idempotency

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
	"unicode"

	"github.com/riverqueue/river"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/jobs"
	"github.com/quirehq/quire/internal/store"
)

// MaxKeyLength bounds a key, as in Stripe's API.
const MaxKeyLength = 255

// New returns the service with its default timings.
func New(st store.Store) *Service { return &Service{store: st} }

// Service claims keys and keeps answers.
type Service struct {
	store store.Store
	// ttl is how long an answer is replayed; 0 = 24 h.
	ttl time.Duration
	// staleAfter frees a key whose first request never finished (its
	// process died); it must exceed the longest request. 0 = 10 min.
	staleAfter time.Duration
	// wait is how long a duplicate waits for the first request to finish
	// before it is answered IDEMPOTENCY_KEY_IN_USE. 0 = 1 min.
	wait time.Duration
}

// Answer is a recorded response.
type Answer struct {
	Status      int
	ContentType string
	Body        []byte
}

// Claim is a key this request owns: Finish it with the answer, or Release
// it so that a retry runs again.
type Claim struct {
	s   *Service
	rec store.IdempotencyRecord
}

// Begin claims key for the request of fingerprint. Exactly one of the
// results is set: a Claim when this request is the first (run it), an
// Answer when the key was used before for the same request (replay it).
// Errors: IDEMPOTENCY_KEY_REUSED for a different request, IDEMPOTENCY_KEY_IN_USE when the first is
// still running after Wait.
func (s *Service) Begin(ctx context.Context, accountID, key, fingerprint string) (*Claim, *Answer, error) {
	if err := CheckKey(key); err != nil {
		return nil, nil, err
	}
	deadline := time.Now().Add(or(s.wait, time.Minute))
	for {
		now := time.Now()
		rec := store.IdempotencyRecord{AccountID: accountID, Key: key, Fingerprint: fingerprint, CreatedAt: now}
		claimed, got, err := s.store.ClaimIdempotencyKey(ctx, &rec, now.Add(-or(s.ttl, 24*time.Hour)), now.Add(-or(s.staleAfter, 10*time.Minute)))
		switch {
		case err != nil:
			return nil, nil, err
		case claimed:
			return &Claim{s: s, rec: rec}, nil, nil
		case got.Fingerprint != fingerprint:
			return nil, nil, errs.New(errs.IdempotencyKeyReused, "Idempotency-Key %q was already used for a different request; use a new key for a new request", key)
		case got.Status != 0:
			return nil, &Answer{Status: got.Status, ContentType: got.ContentType, Body: got.Body}, nil
		case time.Now().After(deadline):
			return nil, nil, errs.New(errs.IdempotencyKeyInUse, "a request with Idempotency-Key %q is still running; retry later", key)
		}
		select {
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Finish records the answer to replay. Server errors are not recorded:
// the key is released so that a retry runs again.
func (c *Claim) Finish(ctx context.Context, a Answer) error {
	ctx = context.WithoutCancel(ctx) // the answer outlives a client gone away
	if a.Status >= 500 || a.Status == 429 || a.Status == 0 {
		return c.Release(ctx)
	}
	c.rec.Status, c.rec.ContentType, c.rec.Body = a.Status, a.ContentType, a.Body
	return c.s.store.FinishIdempotencyKey(ctx, &c.rec)
}

// Release forgets the claim.
func (c *Claim) Release(ctx context.Context) error {
	return c.s.store.ReleaseIdempotencyKey(context.WithoutCancel(ctx), c.rec.AccountID, c.rec.Key)
}

// CheckKey refuses empty, overlong and non-printable keys.
func CheckKey(key string) error {
	if key == "" || len(key) > MaxKeyLength {
		return errs.New(errs.Validation, "Idempotency-Key must be 1 to %d characters", MaxKeyLength)
	}
	for _, r := range key {
		if r > unicode.MaxASCII || !unicode.IsPrint(r) {
			return errs.New(errs.Validation, "Idempotency-Key must be printable ASCII")
		}
	}
	return nil
}

// Fingerprint identifies a request: its route, the key's mode and its
// body. A JSON body counts by its meaning, so that key order and spacing
// do not make a retry look like a different request.
func Fingerprint(method, path, mode string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(method + " " + path + "\n" + mode + "\n"))
	h.Write(canonicalJSON(body))
	return hex.EncodeToString(h.Sum(nil))
}

func canonicalJSON(body []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return body
	}
	out, err := json.Marshal(v) // maps come out with sorted keys
	if err != nil {
		return body
	}
	return out
}

func or(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// RegisterJobs deletes expired records every interval.
func (s *Service) RegisterJobs(q *jobs.Queue, every time.Duration) error {
	err := q.Register(func(w *river.Workers) { river.AddWorker(w, &sweepWorker{s: s}) })
	if err != nil {
		return err
	}
	return q.AddPeriodic("idempotency_sweep", every, func() river.JobArgs { return sweepArgs{} })
}

type sweepArgs struct{}

func (sweepArgs) Kind() string { return "idempotency_sweep" }

type sweepWorker struct {
	river.WorkerDefaults[sweepArgs]
	s *Service
}

func (w *sweepWorker) Work(ctx context.Context, _ *river.Job[sweepArgs]) error {
	_, err := w.s.store.DeleteIdempotencyKeys(ctx, time.Now().Add(-or(w.s.ttl, 24*time.Hour)))
	return err
}
