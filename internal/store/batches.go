package store

import (
	"context"
	"encoding/json"
	"time"
)

// Batch is many documents made from one template in one request. Its
// counters are not columns: they are counted from its items.
type Batch struct {
	ID           string
	AccountID    string
	ProjectID    string
	TemplateID   string
	TemplateName string
	Mode         string // "live" or "test"
	KeyID        string
	Status       string // pending, processing, completed, failed, canceled
	Output       string // documents, merged, zip
	Total        int
	// Spec is the request that made it (filename pattern, options,
	// webhook), JSON owned by the batches service.
	Spec             json.RawMessage
	RenderPath       string // "", combined, single, mixed
	Prints           int
	ResultDocumentID string
	ErrorCode        string
	ErrorMessage     string
	CreatedAt        time.Time
	UpdatedAt        time.Time
	CompletedAt      *time.Time
}

// BatchItem is one document of a batch: its data, then what became of it.
type BatchItem struct {
	BatchID      string
	Index        int
	Status       string // pending, completed, failed, canceled
	Data         json.RawMessage
	Filename     string
	DocumentID   string
	Pages        *int
	ErrorCode    string
	ErrorMessage string
}

// BatchFilter selects batches of one account.
type BatchFilter struct {
	AccountID  string
	Mode       string   // "live" or "test"; "": both
	ProjectIDs []string // nil: every project; empty: none
	Limit      int      // 0 = no limit
	Offset     int
}

// BatchItemFilter selects items of one batch by index range and status.
type BatchItemFilter struct {
	BatchID  string
	Status   string // "": all
	From, To int    // index range [From, To); To 0 = no end
	Limit    int    // 0 = no limit
	Offset   int
}

// BatchStore persists batches and their items. Every read of a batch takes
// the account id; items are reached through their batch.
type BatchStore interface {
	// CreateBatch inserts b and its items (all pending). Call it inside InTx
	// with the jobs that run them.
	CreateBatch(ctx context.Context, b *Batch, items []BatchItem) error
	Batch(ctx context.Context, accountID, id string) (*Batch, error)
	// Batches lists an account's batches, newest first, with the total
	// count of those matching f.
	Batches(ctx context.Context, f BatchFilter) ([]Batch, int, error)
	// SetBatchStatus moves b from status from to b.Status, writing its
	// result, error and CompletedAt; ErrConflict when it is not (or no
	// longer) in status from.
	SetBatchStatus(ctx context.Context, b *Batch, from string) error
	// AddBatchPrints counts prints more and folds path into the batch's
	// render path (a second, different path makes it "mixed").
	AddBatchPrints(ctx context.Context, id, path string, prints int) error
	// BatchItems lists items in index order, with the total matching count.
	BatchItems(ctx context.Context, f BatchItemFilter) ([]BatchItem, int, error)
	// BatchCounts counts a batch's items by status.
	BatchCounts(ctx context.Context, batchID string) (map[string]int, error)
	// FinishBatchItem moves a pending item to it.Status with its document or
	// error; ErrConflict when it is no longer pending (done by an earlier
	// run, or canceled).
	FinishBatchItem(ctx context.Context, it *BatchItem) error
	// CancelBatchItems cancels the pending items of a batch, returning their
	// indexes.
	CancelBatchItems(ctx context.Context, batchID string) ([]int, error)
}
