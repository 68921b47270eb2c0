// Package batches makes many documents of one template in one request:
// items are checked against the template's fields before anything renders,
// the quota is taken for all of them at once, and the work runs as chunk
// jobs on the job queue, any worker taking any chunk. An item's document
// and its "done" mark are written in one transaction, so a chunk run
// again after a crash skips the items already made. It knows no HTTP.
package batches

import (
	"context"
	"time"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/jobs"
	"github.com/quirehq/quire/internal/store"
)

// Batch and item statuses.
const (
	StatusPending    = "pending"
	StatusProcessing = "processing"
	StatusCompleted  = "completed"
	StatusFailed     = "failed"
	StatusCanceled   = "canceled"
)

// Outputs of a batch.
const (
	OutputDocuments = "documents" // one document per item
	OutputMerged    = "merged"    // one PDF, an outline entry per item
	OutputZip       = "zip"       // one zip, a file per item
)

// Defaults of Deps.
const (
	DefaultMaxItems  = 10000
	DefaultChunkSize = 32
	DefaultAttempts  = 5
)

// Events are the batch webhooks (webhooks.Service.EmitBatch).
type Events interface {
	EmitBatch(ctx context.Context, tx store.Store, accountID, batchID, mode, event string, data any) error
}

// Quota holds a batch's documents all at once (usage.Service).
type Quota interface {
	ReserveMany(ctx context.Context, p auth.Principal, holdIDs []string) error
	Release(ctx context.Context, accountID, holdID string) error
	// KeepHolds keeps the holds whose id starts with idPrefix from going
	// stale while their batch runs.
	KeepHolds(ctx context.Context, accountID, idPrefix string) error
}

// Deps is what the service is built from.
type Deps struct {
	Store     store.Store
	Documents *documents.Service
	Jobs      *jobs.Queue
	// Quota takes a batch's units up front; nil counts nothing.
	Quota Quota
	// Events hears of finished batches; nil = nobody listens.
	Events Events
	// WithWebhookURL puts a batch's webhook_url into the context of the
	// transaction that finishes it (webhooks.WithRequestURL).
	WithWebhookURL func(ctx context.Context, url string) context.Context
	// MaxItems bounds the items of one batch (QUIRE_MAX_BATCH_ITEMS);
	// 0 = DefaultMaxItems.
	MaxItems int
	// ChunkSize is the items of one job (QUIRE_BATCH_CHUNK); 0 = DefaultChunkSize.
	ChunkSize int
	// Attempts bounds the runs of a chunk whose failures may pass; 0 =
	// DefaultAttempts.
	Attempts int
	// ItemTimeout bounds one item of a chunk job (River's job timeout is n
	// times it); 0 = the queue's own timeout.
	ItemTimeout time.Duration
	// SpoolDir holds the merged PDF or zip of a batch while it is built
	// ("": the system's temporary directory).
	SpoolDir string
}

// Service creates, runs and reports batches.
type Service struct {
	deps Deps
}

// New returns the batches service; RegisterJobs adds its workers.
func New(d Deps) *Service {
	if d.MaxItems <= 0 {
		d.MaxItems = DefaultMaxItems
	}
	if d.ChunkSize <= 0 {
		d.ChunkSize = DefaultChunkSize
	}
	if d.Attempts <= 0 {
		d.Attempts = DefaultAttempts
	}
	return &Service{deps: d}
}

// MaxItems is the most items a batch may have.
func (s *Service) MaxItems() int { return s.deps.MaxItems }

// principal is who a worker acts as: the batch's account, key and mode.
func principal(b *store.Batch) auth.Principal {
	return auth.Principal{AccountID: b.AccountID, KeyID: b.KeyID, Mode: b.Mode}
}
