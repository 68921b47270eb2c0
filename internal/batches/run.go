package batches

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/store"
)

// chunkArgs is the job of items [From, To) of a batch.
type chunkArgs struct {
	AccountID string `json:"account_id"`
	BatchID   string `json:"batch_id"`
	From      int    `json:"from"`
	To        int    `json:"to"`
}

func (chunkArgs) Kind() string { return "batch_chunk" }

// finishArgs is the job that finishes a batch once no item is pending.
type finishArgs struct {
	AccountID string `json:"account_id"`
	BatchID   string `json:"batch_id"`
}

func (finishArgs) Kind() string { return "batch_finish" }

// RegisterJobs adds the batch workers to the queue.
func (s *Service) RegisterJobs() error {
	if s.deps.Jobs == nil {
		return errors.New("batches: no job queue to register the workers on")
	}
	return s.deps.Jobs.Register(func(w *river.Workers) {
		river.AddWorker(w, &chunkWorker{s: s})
		river.AddWorker(w, &finishWorker{s: s})
	})
}

type chunkWorker struct {
	river.WorkerDefaults[chunkArgs]
	s *Service
}

// Timeout gives a chunk one item timeout per item.
func (w *chunkWorker) Timeout(job *river.Job[chunkArgs]) time.Duration {
	if w.s.deps.ItemTimeout <= 0 {
		return 0
	}
	return time.Duration(job.Args.To-job.Args.From) * w.s.deps.ItemTimeout
}

func (w *chunkWorker) Work(ctx context.Context, job *river.Job[chunkArgs]) error {
	err := w.s.runChunk(ctx, job)
	if err != nil && job.Attempt >= job.MaxAttempts {
		// The last run failed outside its items (the database, a spec that
		// cannot be read): River gives the job up, so its items are failed
		// here, or the batch would wait for them forever.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		if ferr := w.s.failChunk(ctx, job.Args, err); ferr != nil {
			return errors.Join(err, ferr)
		}
	}
	return err
}

// failChunk fails the items of a chunk still pending with cause and
// finishes the batch when nothing else is pending.
func (s *Service) failChunk(ctx context.Context, a chunkArgs, cause error) error {
	b, err := s.deps.Store.Batch(ctx, a.AccountID, a.BatchID)
	if err != nil {
		return err
	}
	items, _, err := s.deps.Store.BatchItems(ctx, store.BatchItemFilter{BatchID: b.ID, Status: StatusPending, From: a.From, To: a.To})
	if err != nil {
		return err
	}
	for i := range items {
		if err := s.failItem(ctx, b, nil, &items[i], errs.New(errs.Internal, "the item could not be made: its job failed %d times", s.deps.Attempts)); err != nil {
			return err
		}
	}
	return s.finishWhenDone(ctx, b)
}

// runChunk makes the pending items of a chunk. Each made item is stored
// with its done mark in one transaction; items already done (an earlier
// run that died) are not pending and not made again. Failures that may
// pass leave their items pending and run the chunk again, until its last
// attempt fails them; others fail their item at once.
func (s *Service) runChunk(ctx context.Context, job *river.Job[chunkArgs]) error {
	a := job.Args
	b, err := s.deps.Store.Batch(ctx, a.AccountID, a.BatchID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if b.Status != StatusPending && b.Status != StatusProcessing {
		return nil // canceled or finished
	}
	if b.Status == StatusPending {
		b.Status = StatusProcessing
		if err := s.deps.Store.SetBatchStatus(ctx, b, StatusPending); err != nil && !errors.Is(err, store.ErrConflict) {
			return err
		}
	}
	items, _, err := s.deps.Store.BatchItems(ctx, store.BatchItemFilter{BatchID: b.ID, Status: StatusPending, From: a.From, To: a.To})
	if err != nil {
		return err
	}
	if len(items) > 0 {
		if err := s.keepHolds(ctx, b); err != nil {
			return err
		}
		last := job.Attempt >= job.MaxAttempts
		if err := s.makeItems(ctx, b, items, last); err != nil {
			return err
		}
	}
	return s.finishWhenDone(ctx, b)
}

// makeItems renders items and stores each one's document, or its failure.
func (s *Service) makeItems(ctx context.Context, b *store.Batch, items []store.BatchItem, last bool) error {
	var spec Spec
	if err := json.Unmarshal(b.Spec, &spec); err != nil {
		return fmt.Errorf("batches: spec of %s: %w", b.ID, err)
	}
	p := principal(b)
	t, err := s.deps.Documents.BatchTemplate(ctx, p, b.TemplateID, b.ProjectID)
	if err != nil {
		if documents.Retryable(err) && !last {
			return err
		}
		for i := range items {
			if ferr := s.failItem(ctx, b, nil, &items[i], err); ferr != nil {
				return ferr
			}
		}
		return nil
	}
	data := make([]map[string]any, len(items))
	for i, it := range items {
		if err := json.Unmarshal(it.Data, &data[i]); err != nil {
			return fmt.Errorf("batches: item %d of %s: %w", it.Index, b.ID, err)
		}
	}
	made := s.deps.Documents.RenderBatch(ctx, p, t, spec.Options, data)
	defer func() {
		for i := range made.Items {
			made.Items[i].Close()
		}
	}()
	if err := s.keepHolds(ctx, b); err != nil { // the renders may have been long
		return err
	}
	if made.Prints > 0 {
		if err := s.deps.Store.AddBatchPrints(ctx, b.ID, made.Path, made.Prints); err != nil {
			return err
		}
	}
	var retry error
	for i := range items {
		it, out := &items[i], &made.Items[i]
		err := out.Err
		if err == nil {
			err = s.saveItem(ctx, b, t, spec, it, data[i], out)
		}
		if err == nil || errors.Is(err, store.ErrConflict) {
			continue // made, or no longer pending (done by another run, or canceled)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if documents.Retryable(err) && !last {
			retry = err
			continue
		}
		if ferr := s.failItem(ctx, b, t, it, err); ferr != nil {
			return ferr
		}
	}
	return retry
}

// saveItem stores an item's document (counted with the item's hold) and
// marks the item completed, in one transaction.
func (s *Service) saveItem(ctx context.Context, b *store.Batch, t *documents.BatchTemplate, spec Spec, it *store.BatchItem, data map[string]any, out *documents.BatchOutput) error {
	_, err := s.deps.Documents.SaveBatchItem(ctx, principal(b), t, out, documents.BatchSave{
		Filename: itemFilename(spec, t.Name, it.Index, data),
		HoldID:   holdID(b.ID, it.Index),
		Emit:     b.Output == OutputDocuments,
		Also: func(tx store.Store, d *store.Document) error {
			done := *it
			done.Status, done.DocumentID, done.Filename, done.Pages = StatusCompleted, d.ID, d.Filename, d.Pages
			return tx.FinishBatchItem(ctx, &done)
		},
	})
	return err
}

// failItem records why an item failed and gives its unit of quota back.
// In a documents batch (t known) the failure is a failed document too, with
// its document.failed event, as an async document's.
func (s *Service) failItem(ctx context.Context, b *store.Batch, t *documents.BatchTemplate, it *store.BatchItem, cause error) error {
	f := *it
	f.Status = StatusFailed
	f.ErrorCode, f.ErrorMessage = documents.PublicError(cause)
	var err error
	if t != nil && b.Output == OutputDocuments {
		_, err = s.deps.Documents.FailBatchItem(ctx, principal(b), t, cause, func(tx store.Store, d *store.Document) error {
			f.DocumentID = d.ID
			return tx.FinishBatchItem(ctx, &f)
		})
	} else {
		err = s.deps.Store.FinishBatchItem(ctx, &f)
	}
	if errors.Is(err, store.ErrConflict) {
		return nil
	}
	if err == nil && s.deps.Quota != nil {
		_ = s.deps.Quota.Release(ctx, b.AccountID, holdID(b.ID, it.Index))
	}
	return err
}

// keepHolds keeps the quota holds of b's items counting while it runs:
// each chunk refreshes them before and after its renders, so a batch
// longer than the hold time (usage.DefaultHoldFor) keeps them all.
func (s *Service) keepHolds(ctx context.Context, b *store.Batch) error {
	if s.deps.Quota == nil {
		return nil
	}
	return s.deps.Quota.KeepHolds(ctx, b.AccountID, holdPrefix(b.ID))
}

// finishWhenDone queues the finishing job once no item of b is pending.
// Every chunk checks after its own items are stored, so the last one to
// store sees none left; two that both see none queue two jobs, of which
// one finishes the batch.
func (s *Service) finishWhenDone(ctx context.Context, b *store.Batch) error {
	counts, err := s.deps.Store.BatchCounts(ctx, b.ID)
	if err != nil || counts[StatusPending] > 0 {
		return err
	}
	return s.deps.Jobs.Insert(ctx, finishArgs{AccountID: b.AccountID, BatchID: b.ID}, &river.InsertOpts{MaxAttempts: s.deps.Attempts})
}

// Cancel cancels a batch's pending items (done ones stay) and gives their
// quota back; a finished batch is BATCH_FINISHED.
func (s *Service) Cancel(ctx context.Context, p auth.Principal, id string) (*Batch, error) {
	b, err := s.row(ctx, s.deps.Store, p, id)
	if err != nil {
		return nil, err
	}
	var canceled []int
	err = s.deps.Store.InTx(ctx, func(tx store.Store) error {
		from := b.Status
		if from != StatusPending && from != StatusProcessing {
			return errs.New(errs.BatchFinished, "batch %s is %s already: only pending or processing batches can be canceled", b.ID, b.Status)
		}
		now := time.Now().UTC()
		b.Status, b.CompletedAt = StatusCanceled, &now
		if err := tx.SetBatchStatus(ctx, b, from); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return errs.New(errs.BatchFinished, "batch %s finished while it was being canceled", b.ID)
			}
			return err
		}
		canceled, err = tx.CancelBatchItems(ctx, b.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	holds := make([]string, len(canceled))
	for k, i := range canceled {
		holds[k] = holdID(b.ID, i)
	}
	s.releaseAll(context.WithoutCancel(ctx), b.AccountID, holds)
	return s.view(ctx, s.deps.Store, b)
}
