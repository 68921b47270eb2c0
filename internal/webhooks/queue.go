package webhooks

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/quirehq/quire/internal/store"
)

// Queue is the part of jobs.Queue this package uses.
type Queue interface {
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error
	InsertTx(ctx context.Context, tx store.Store, args river.JobArgs, opts *river.InsertOpts) error
}

// QueueName is the River queue of webhook jobs, so that deliveries never
// wait behind renders (jobs.Queue.AddQueue).
const QueueName = "webhooks"

// DeliveryArgs is the job of one delivery. Its planned retries are snoozes
// counted in the delivery row (River's attempt count does not move), so the
// schedule, Retry-After and the attempt log are Quire's; River's own retries
// only cover failures to reach the database.
type DeliveryArgs struct {
	AccountID  string `json:"account_id"`
	DeliveryID string `json:"delivery_id"`
}

func (DeliveryArgs) Kind() string { return "webhook_delivery" }

// InsertOpts puts deliveries on the webhooks queue.
func (DeliveryArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueName, MaxAttempts: 10}
}

// RequestHookArgs is the job of one per-request webhook: a single unsigned
// POST of Body to URL, never retried.
type RequestHookArgs struct {
	AccountID  string `json:"account_id"`
	DocumentID string `json:"document_id"`
	URL        string `json:"url"`
	Body       []byte `json:"body"` // bytes, so that River's JSON storage keeps them exact
}

func (RequestHookArgs) Kind() string { return "webhook_request" }

func (RequestHookArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueName, MaxAttempts: 1}
}

// Register adds the webhook workers to River's worker bundle.
func (s *Service) Register(w *river.Workers) {
	river.AddWorker(w, &deliveryWorker{svc: s})
	river.AddWorker(w, &requestHookWorker{svc: s})
	river.AddWorker(w, &pruneWorker{svc: s})
}

type deliveryWorker struct {
	river.WorkerDefaults[DeliveryArgs]
	svc *Service
}

func (w *deliveryWorker) Timeout(*river.Job[DeliveryArgs]) time.Duration {
	return w.svc.deps.Timeout + 30*time.Second
}

func (w *deliveryWorker) Work(ctx context.Context, job *river.Job[DeliveryArgs]) error {
	retryIn, err := w.svc.attempt(ctx, job.Args.AccountID, job.Args.DeliveryID)
	if err != nil {
		return err
	}
	if retryIn > 0 {
		return river.JobSnooze(retryIn)
	}
	return nil
}

type requestHookWorker struct {
	river.WorkerDefaults[RequestHookArgs]
	svc *Service
}

func (w *requestHookWorker) Timeout(*river.Job[RequestHookArgs]) time.Duration {
	return w.svc.deps.Timeout + 30*time.Second
}

func (w *requestHookWorker) Work(ctx context.Context, job *river.Job[RequestHookArgs]) error {
	w.svc.sendRequestHook(ctx, job.Args)
	return nil
}
