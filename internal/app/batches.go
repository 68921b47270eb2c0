package app

import (
	"time"

	"github.com/quirehq/quire/internal/batches"
	"github.com/quirehq/quire/internal/webhooks"
)

// openBatches builds the batch service on the documents service and the
// job queue, and registers its chunk and finish workers.
func (a *App) openBatches() error {
	cfg := a.Config
	var events batches.Events
	if a.Webhooks != nil {
		events = a.Webhooks
	}
	var quota batches.Quota
	if a.Usage != nil {
		quota = a.Usage
	}
	a.Batches = batches.New(batches.Deps{
		Store: a.Store, Documents: a.Documents, Jobs: a.Jobs, Quota: quota, Events: events,
		WithWebhookURL: webhooks.WithRequestURL,
		MaxItems:       cfg.MaxBatchItems, ChunkSize: cfg.BatchChunk, Attempts: cfg.AsyncAttempts,
		ItemTimeout: 2*cfg.RenderTimeout + 5*time.Second,
		SpoolDir:    cfg.SpoolDir(),
	})
	return a.Batches.RegisterJobs()
}
