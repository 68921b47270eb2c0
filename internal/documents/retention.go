package documents

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/store"
)

// SandboxRetention is how long documents made with test keys live, as in
// the reference API, unless the configured retention is shorter.
const SandboxRetention = time.Hour

// sweepBatch is how many expired documents one sweep query takes; a sweep
// loops until none is left.
const sweepBatch = 200

// retentionFor is how long a new document of p lives without a plan to
// ask; 0 means forever.
func (s *Service) retentionFor(p auth.Principal) time.Duration {
	if p.Sandbox() {
		return capRetention(SandboxRetention, s.deps.Retention)
	}
	return s.deps.Retention
}

// capRetention is keep (0 = forever) bounded by limit (0 = no bound).
func capRetention(keep, limit time.Duration) time.Duration {
	if limit > 0 && (keep <= 0 || keep > limit) {
		return limit
	}
	return keep
}

type sweepArgs struct{}

func (sweepArgs) Kind() string { return "retention_sweep" }

// InsertOpts keeps one sweep at a time: a slow sweep is not joined by a
// pile of others.
func (sweepArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{
		ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning, rivertype.JobStateScheduled, rivertype.JobStateRetryable},
	}}
}

type sweepWorker struct {
	river.WorkerDefaults[sweepArgs]
	s *Service
}

func (w *sweepWorker) Work(ctx context.Context, _ *river.Job[sweepArgs]) error {
	_, err := w.s.Sweep(ctx, time.Now())
	return err
}

// Sweep expires every completed document whose time has come: its file is
// deleted first, then the row becomes expired (and is kept) together with
// its document.expired event. Were the process to die in between, the next
// sweep would find the row still completed and finish the job. A document
// that cannot be expired (its event is refused) does not hold up the
// others; the sweep reports it and tries it again next time. It returns
// how many documents it expired.
func (s *Service) Sweep(ctx context.Context, now time.Time) (int, error) {
	expired := 0
	var failed []error
	for {
		docs, err := s.deps.Store.ExpiredDocuments(ctx, now, sweepBatch)
		if err != nil {
			return expired, err
		}
		for i := range docs {
			ok, err := s.expire(ctx, &docs[i], now)
			if err != nil {
				failed = append(failed, fmt.Errorf("expire %s: %w", docs[i].ID, err))
				continue
			}
			if ok {
				expired++
			}
		}
		// After a failure the next batch would start with the same
		// documents again: stop there.
		if len(docs) < sweepBatch || len(failed) > 0 {
			return expired, errors.Join(failed...)
		}
	}
}

func (s *Service) expire(ctx context.Context, d *store.Document, now time.Time) (bool, error) {
	if d.BlobKey != "" {
		if err := s.deps.Blobs.Delete(ctx, d.BlobKey); err != nil { // a missing file is no error
			return false, err
		}
	}
	err := s.deps.Store.InTx(ctx, func(tx store.Store) error {
		if err := tx.ExpireDocument(ctx, d.AccountID, d.ID, now); err != nil {
			return err
		}
		d.Status = StatusExpired
		return s.emit(ctx, tx, EventExpired, d)
	})
	if errors.Is(err, store.ErrNotFound) {
		return false, nil // deleted meanwhile
	}
	return err == nil, err
}
