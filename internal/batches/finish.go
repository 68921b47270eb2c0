package batches

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/render/pdfmerge"
	"github.com/quirehq/quire/internal/store"
)

// Batch webhook events.
const (
	EventCompleted = "batch.completed"
	EventFailed    = "batch.failed"
)

type finishWorker struct {
	river.WorkerDefaults[finishArgs]
	s *Service
}

func (w *finishWorker) Work(ctx context.Context, job *river.Job[finishArgs]) error {
	return w.s.finish(ctx, job.Args)
}

// finish sets a batch's final status once no item is pending: completed
// when at least one item was made, failed otherwise. A merged or zip batch
// first gets its one document, stored in the transaction that completes
// it. The status change is guarded, so of two finishing runs one wins and
// the other's document is rolled back.
func (s *Service) finish(ctx context.Context, a finishArgs) error {
	b, err := s.deps.Store.Batch(ctx, a.AccountID, a.BatchID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if b.Status != StatusProcessing && b.Status != StatusPending {
		return nil
	}
	counts, err := s.deps.Store.BatchCounts(ctx, b.ID)
	if err != nil || counts[StatusPending] > 0 {
		return err
	}
	from := b.Status
	now := time.Now().UTC()
	b.CompletedAt = &now
	if counts[StatusCompleted] == 0 {
		b.Status, b.ErrorCode, b.ErrorMessage = StatusFailed, errs.RenderFailed, "no item could be made"
		return s.settle(ctx, b, from, nil)
	}
	b.Status = StatusCompleted
	if b.Output == OutputDocuments {
		return s.settle(ctx, b, from, nil)
	}
	err = s.storeResult(ctx, b, from)
	if errors.Is(err, store.ErrConflict) {
		return nil // another run finished it
	}
	return err
}

// settle writes b's final status from status from, and its event, in one
// transaction (tx given: the result document's).
func (s *Service) settle(ctx context.Context, b *store.Batch, from string, tx store.Store) error {
	write := func(tx store.Store) error {
		if err := tx.SetBatchStatus(ctx, b, from); err != nil {
			return err
		}
		if s.deps.Events == nil {
			return nil
		}
		v, err := s.view(ctx, tx, b)
		if err != nil {
			return err
		}
		event := EventCompleted
		if b.Status == StatusFailed {
			event = EventFailed
		}
		return s.deps.Events.EmitBatch(s.withWebhookURL(ctx, b), tx, b.AccountID, b.ID, b.Mode, event, v)
	}
	if tx != nil {
		return write(tx)
	}
	err := s.deps.Store.InTx(ctx, write)
	if errors.Is(err, store.ErrConflict) {
		return nil
	}
	return err
}

// withWebhookURL carries b's webhook_url, if any, to its event.
func (s *Service) withWebhookURL(ctx context.Context, b *store.Batch) context.Context {
	var spec Spec
	if s.deps.WithWebhookURL == nil || json.Unmarshal(b.Spec, &spec) != nil || spec.WebhookURL == "" {
		return ctx
	}
	return s.deps.WithWebhookURL(ctx, spec.WebhookURL)
}

// storeResult builds the merged PDF or the zip of b's completed items, in
// index order, and stores it as one (uncounted) document.
func (s *Service) storeResult(ctx context.Context, b *store.Batch, from string) error {
	items, _, err := s.deps.Store.BatchItems(ctx, store.BatchItemFilter{BatchID: b.ID, Status: StatusCompleted})
	if err != nil {
		return err
	}
	t, err := s.deps.Documents.BatchTemplate(ctx, principal(b), b.TemplateID, b.ProjectID)
	if err != nil {
		return err
	}
	var data []byte
	var pages *int
	contentType, ext := "application/zip", ".zip"
	if b.Output == OutputMerged {
		contentType, ext = "application/pdf", ".pdf"
		n := 0
		if data, n, err = s.merge(ctx, b, items); err != nil {
			return err
		}
		pages = &n
	} else if data, err = s.zip(ctx, b, items); err != nil {
		return err
	}
	_, err = s.deps.Documents.SaveBatchFile(ctx, principal(b), t, data, contentType, ext, pages, documents.BatchSave{
		Filename: t.Name + "-" + b.ID,
		Also: func(tx store.Store, d *store.Document) error {
			b.ResultDocumentID = d.ID
			return s.settle(ctx, b, from, tx)
		},
	})
	return err
}

// itemFile reads the file of a completed item's document.
func (s *Service) itemFile(ctx context.Context, b *store.Batch, it store.BatchItem) ([]byte, error) {
	d, err := s.deps.Store.Document(ctx, b.AccountID, it.DocumentID)
	if err != nil {
		return nil, fmt.Errorf("batches: document of item %d: %w", it.Index, err)
	}
	r, err := s.deps.Documents.OpenFile(ctx, d)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

func (s *Service) merge(ctx context.Context, b *store.Batch, items []store.BatchItem) ([]byte, int, error) {
	parts := make([]pdfmerge.Part, len(items))
	for i, it := range items {
		pdf, err := s.itemFile(ctx, b, it)
		if err != nil {
			return nil, 0, err
		}
		pages := 1
		if it.Pages != nil {
			pages = *it.Pages
		}
		parts[i] = pdfmerge.Part{PDF: pdf, Pages: pages, Title: strings.TrimSuffix(it.Filename, ".pdf")}
	}
	out, n, err := pdfmerge.Merge(parts)
	if err != nil {
		return nil, 0, errs.Wrap(err, errs.RenderFailed, "the items could not be merged into one PDF")
	}
	return out, n, nil
}

// zip puts each completed item's file in a zip under its filename (a
// name taken twice gets the item's index).
func (s *Service) zip(ctx context.Context, b *store.Batch, items []store.BatchItem) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	taken := map[string]bool{}
	for _, it := range items {
		data, err := s.itemFile(ctx, b, it)
		if err != nil {
			return nil, err
		}
		name := it.Filename
		dot := strings.LastIndex(name, ".")
		if dot < 0 {
			dot = len(name)
		}
		// A name taken gets the item's index, and a counter if that is taken too.
		for k := 0; taken[name]; k++ {
			suffix := "-" + strconv.Itoa(it.Index)
			if k > 0 {
				suffix += "-" + strconv.Itoa(k)
			}
			name = it.Filename[:dot] + suffix + it.Filename[dot:]
		}
		taken[name] = true
		w, err := zw.Create(name)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
