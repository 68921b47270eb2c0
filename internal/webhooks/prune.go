package webhooks

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// DefaultKeepLog is how long finished deliveries and their attempts stay in
// the delivery log.
const DefaultKeepLog = 30 * 24 * time.Hour

// PruneArgs is the periodic job that removes finished deliveries older
// than KeepLog, with their attempts, so the log does not grow forever.
type PruneArgs struct{}

func (PruneArgs) Kind() string { return "webhook_prune" }

func (PruneArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueName, MaxAttempts: 3}
}

type pruneWorker struct {
	river.WorkerDefaults[PruneArgs]
	svc *Service
}

func (w *pruneWorker) Work(ctx context.Context, _ *river.Job[PruneArgs]) error {
	n, err := w.svc.deps.Store.PruneWebhookDeliveries(ctx, time.Now().Add(-w.svc.deps.KeepLog))
	if err != nil {
		return err
	}
	if n > 0 {
		w.svc.deps.Logger.InfoContext(ctx, "webhook deliveries pruned", "deliveries", n)
	}
	return nil
}
