package batches

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/riverqueue/river"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/templates"
)

// CreateRequest is a new batch: its items either decoded already (Items,
// from a JSON body) or as an uploaded file (File, in FileFormat).
type CreateRequest struct {
	TemplateID    string
	ProjectID     string
	Output        string // documents (default), merged, zip
	Filename      string // pattern: "invoice-{{number}}.pdf"; {{@index}} is the item's index
	FilenameField string // take each item's filename from this field
	Options       documents.BatchOptions
	SkipInvalid   bool
	// WebhookURL (checked by the caller) gets the batch object once, when
	// the batch finishes.
	WebhookURL string
	Items      []any
	File       []byte
	FileFormat string // json, jsonl, csv
}

// Spec is what a batch's workers need of its request, stored with it.
type Spec struct {
	Filename      string                 `json:"filename,omitempty"`
	FilenameField string                 `json:"filename_field,omitempty"`
	Options       documents.BatchOptions `json:"options"`
	ChunkSize     int                    `json:"chunk_size"`
	WebhookURL    string                 `json:"webhook_url,omitempty"`
}

// Create checks every item against the template's fields, takes the
// quota of the items that will render all at once (or refuses the whole
// batch, saying how many documents are left), then writes the batch, its
// items and its chunk jobs in one transaction.
func (s *Service) Create(ctx context.Context, p auth.Principal, r CreateRequest) (*Batch, error) {
	if s.deps.Jobs == nil {
		return nil, errs.New(errs.Unavailable, "batches are not available on this server (no job queue)")
	}
	output := r.Output
	if output == "" {
		output = OutputDocuments
	}
	if output != OutputDocuments && output != OutputMerged && output != OutputZip {
		return nil, errs.New(errs.Validation, "output must be documents, merged or zip, not %q", output)
	}
	t, err := s.deps.Documents.BatchTemplate(ctx, p, r.TemplateID, r.ProjectID)
	if err != nil {
		return nil, err
	}
	if output == OutputMerged && !makesPDF(t, r.Options) {
		return nil, errs.New(errs.Validation, "output merged joins PDFs: this docx template makes DOCX files (set options.output to \"pdf\", or use output zip)")
	}
	items := r.Items
	if r.File != nil {
		if items, err = parseItems(r.FileFormat, r.File, t.Fields); err != nil {
			return nil, err
		}
	}
	if len(items) == 0 {
		return nil, errs.New(errs.Validation, "items must hold at least one item")
	}
	if len(items) > s.deps.MaxItems {
		return nil, errs.New(errs.PayloadTooLarge, "the batch has %d items; the limit is %d (QUIRE_MAX_BATCH_ITEMS)", len(items), s.deps.MaxItems)
	}
	now := time.Now().UTC()
	b := &store.Batch{
		ID: ids.New("bat"), AccountID: p.AccountID, ProjectID: t.ProjectID, TemplateID: t.ID, TemplateName: t.Name,
		Mode: p.Mode, KeyID: p.KeyID, Status: StatusPending, Output: output, Total: len(items), CreatedAt: now, UpdatedAt: now,
	}
	spec := Spec{Filename: r.Filename, FilenameField: r.FilenameField, Options: r.Options, ChunkSize: s.deps.ChunkSize, WebhookURL: r.WebhookURL}
	if b.Spec, err = json.Marshal(spec); err != nil {
		return nil, err
	}
	rows := make([]store.BatchItem, len(items))
	var holds []string
	for i, item := range items {
		rows[i] = store.BatchItem{Index: i, Status: StatusPending}
		data, problem := validateItem(i, item, t.Fields)
		if problem != nil {
			if !r.SkipInvalid {
				return nil, errs.New(errs.Validation, "%s (no item was rendered; options.skip_invalid renders the valid ones)", problem.Error())
			}
			rows[i].Status, rows[i].ErrorCode, rows[i].ErrorMessage = StatusFailed, errs.Validation, problem.Error()
			rows[i].Data = []byte("null")
			continue
		}
		if rows[i].Data, err = json.Marshal(data); err != nil {
			return nil, errs.Wrap(err, errs.Validation, "items[%d] cannot be stored: %v", i, err)
		}
		holds = append(holds, holdID(b.ID, i))
	}
	if len(holds) == 0 {
		return nil, errs.New(errs.Validation, "every item is invalid; the first: %s", rows[0].ErrorMessage)
	}
	if s.deps.Quota != nil {
		if err := s.deps.Quota.ReserveMany(ctx, p, holds); err != nil {
			return nil, err
		}
	}
	err = s.deps.Store.InTx(ctx, func(tx store.Store) error {
		if err := tx.CreateBatch(ctx, b, rows); err != nil {
			return err
		}
		for from := 0; from < len(rows); from += s.deps.ChunkSize {
			args := chunkArgs{AccountID: b.AccountID, BatchID: b.ID, From: from, To: min(from+s.deps.ChunkSize, len(rows))}
			if err := s.deps.Jobs.InsertTx(ctx, tx, args, &river.InsertOpts{MaxAttempts: s.deps.Attempts}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.releaseAll(context.WithoutCancel(ctx), p.AccountID, holds)
		return nil, err
	}
	return s.view(ctx, s.deps.Store, b)
}

// makesPDF says whether t's items are PDFs with options o.
func makesPDF(t *documents.BatchTemplate, o documents.BatchOptions) bool {
	return t.Type != templates.TypeDOCX || o.Fill.Output == "pdf"
}

// holdID names the unit of quota item index of batch holds; its usage
// event gets the same id, so an item is counted once.
func holdID(batchID string, index int) string {
	return holdPrefix(batchID) + strconv.Itoa(index)
}

// holdPrefix starts the hold id of every item of a batch.
func holdPrefix(batchID string) string { return "use_" + batchID + "_" }

func (s *Service) releaseAll(ctx context.Context, accountID string, holds []string) {
	if s.deps.Quota == nil {
		return
	}
	for _, h := range holds {
		_ = s.deps.Quota.Release(ctx, accountID, h)
	}
}
