package batches

import (
	"archive/zip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
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
// index order, in a temporary file, and stores it from there as one
// (uncounted) document.
func (s *Service) storeResult(ctx context.Context, b *store.Batch, from string) error {
	t, err := s.deps.Documents.BatchTemplate(ctx, principal(b), b.TemplateID, b.ProjectID)
	if err != nil {
		return err
	}
	f, err := s.spoolFile()
	if err != nil {
		return err
	}
	defer func() {
		f.Close()
		os.Remove(f.Name())
	}()
	var pages *int
	contentType, ext := "application/zip", ".zip"
	if b.Output == OutputMerged {
		contentType, ext = "application/pdf", ".pdf"
		n, err := s.merge(ctx, b, f)
		if err != nil {
			return err
		}
		pages = &n
	} else if err := s.zip(ctx, b, f); err != nil {
		return err
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}
	_, err = s.deps.Documents.SaveBatchFile(ctx, principal(b), t, f, size, contentType, ext, pages, documents.BatchSave{
		Filename: t.Name + "-" + b.ID,
		Also: func(tx store.Store, d *store.Document) error {
			b.ResultDocumentID = d.ID
			return s.settle(ctx, b, from, tx)
		},
	})
	return err
}

// spoolFile is a new temporary file in Deps.SpoolDir.
func (s *Service) spoolFile() (*os.File, error) {
	if s.deps.SpoolDir != "" {
		if err := os.MkdirAll(s.deps.SpoolDir, 0o700); err != nil {
			return nil, fmt.Errorf("batches: spool dir: %w", err)
		}
	}
	return os.CreateTemp(s.deps.SpoolDir, "batch-result-*")
}

// resultPage is how many completed items the result step reads at once
// (their rows, then their documents in one query).
const resultPage = store.MaxDocumentIDs

// eachResultItem calls fn with each completed item of b, in index order,
// and its document: items and documents are read a page at a time.
func (s *Service) eachResultItem(ctx context.Context, b *store.Batch, fn func(it store.BatchItem, d *store.Document) error) error {
	for offset := 0; ; offset += resultPage {
		items, _, err := s.deps.Store.BatchItems(ctx, store.BatchItemFilter{BatchID: b.ID, Status: StatusCompleted, Limit: resultPage, Offset: offset})
		if err != nil {
			return err
		}
		docs, err := s.documentsOf(ctx, b.AccountID, items)
		if err != nil {
			return err
		}
		for _, it := range items {
			d, ok := docs[it.DocumentID]
			if !ok {
				return fmt.Errorf("batches: document %s of item %d: %w", it.DocumentID, it.Index, store.ErrNotFound)
			}
			if err := fn(it, &d); err != nil {
				return err
			}
		}
		if len(items) < resultPage {
			return nil
		}
	}
}

// readFile reads one item's document file.
func (s *Service) readFile(ctx context.Context, d *store.Document) ([]byte, error) {
	r, err := s.deps.Documents.OpenFile(ctx, d)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// merge writes the merged PDF of b's completed items to w, one item's
// file read at a time, and returns its page count.
func (s *Service) merge(ctx context.Context, b *store.Batch, w io.Writer) (int, error) {
	var parts []store.BatchItem
	docs := map[int]*store.Document{}
	// The items' rows (no data) and documents, then their files one by one.
	err := s.eachResultItem(ctx, b, func(it store.BatchItem, d *store.Document) error {
		it.Data = nil
		parts = append(parts, it)
		docs[it.Index] = d
		return nil
	})
	if err != nil {
		return 0, err
	}
	var readErr error // a file that cannot be read is no merge failure
	n, err := pdfmerge.Merge(w, len(parts), func(i int) (pdfmerge.Part, error) {
		it := parts[i]
		pdf, err := s.readFile(ctx, docs[it.Index])
		if err != nil {
			readErr = err
			return pdfmerge.Part{}, err
		}
		pages := 1
		if it.Pages != nil {
			pages = *it.Pages
		}
		return pdfmerge.Part{PDF: pdf, Pages: pages, Title: strings.TrimSuffix(it.Filename, ".pdf")}, nil
	})
	if readErr != nil || ctx.Err() != nil {
		return 0, errors.Join(readErr, ctx.Err())
	}
	if err != nil {
		return 0, errs.Wrap(err, errs.RenderFailed, "the items could not be merged into one PDF")
	}
	return n, nil
}

// zip writes to w a zip of each completed item's file under its filename
// (a name taken twice gets the item's index), copying one file at a time.
func (s *Service) zip(ctx context.Context, b *store.Batch, w io.Writer) error {
	zw := zip.NewWriter(w)
	taken := map[string]bool{}
	err := s.eachResultItem(ctx, b, func(it store.BatchItem, d *store.Document) error {
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
		r, err := s.deps.Documents.OpenFile(ctx, d)
		if err != nil {
			return err
		}
		defer r.Close()
		zf, err := zw.Create(name)
		if err != nil {
			return err
		}
		_, err = io.Copy(zf, r)
		return err
	})
	if err != nil {
		return err
	}
	return zw.Close()
}
