package batches

import (
	"context"
	"errors"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/projects"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/wire"
)

// maxErrors is how many item errors a batch object lists.
const maxErrors = 100

// Batch is the public batch object.
type Batch struct {
	ID          string           `json:"id"`
	Object      string           `json:"object" enum:"batch"`
	Status      string           `json:"status" enum:"pending,processing,completed,failed,canceled"`
	TemplateID  string           `json:"template_id"`
	ProjectID   string           `json:"project_id"`
	Output      string           `json:"output" enum:"documents,merged,zip"`
	Mode        string           `json:"mode" enum:"live,test"`
	Total       int              `json:"total"`
	Completed   int              `json:"completed"`
	Failed      int              `json:"failed"`
	Canceled    int              `json:"canceled"`
	Progress    float64          `json:"progress" doc:"Finished items (completed, failed or canceled) over total, 0 to 1"`
	RenderPath  *string          `json:"render_path" nullable:"true" enum:"combined,single,mixed" doc:"How HTML items were printed: sharing Chromium prints wherever there was more than one to print (combined), one print each because the template cannot share prints (single; docs/batches.md says when), or both (mixed); null before any print"`
	Prints      int              `json:"prints" doc:"Chromium prints the batch took so far"`
	Errors      []BatchItemError `json:"errors" doc:"The first 100 failed items, by index"`
	Result      *BatchResult     `json:"result,omitempty" doc:"merged and zip: the one document, once the batch is completed (absent before)"`
	ItemsURL    string           `json:"items_url"`
	CreatedAt   wire.Time        `json:"created_at"`
	CompletedAt *wire.Time       `json:"completed_at" nullable:"true"`
}

// BatchItemError is why one item failed.
type BatchItemError struct {
	Index int                  `json:"index"`
	Error *documents.ErrorInfo `json:"error"`
}

// BatchResult is the one document of a merged or zip batch.
type BatchResult struct {
	DocumentID  string     `json:"document_id"`
	DownloadURL string     `json:"download_url"`
	ExpiresAt   *wire.Time `json:"expires_at"`
	Filename    string     `json:"filename"`
	Pages       *int       `json:"pages"`
	SizeBytes   int64      `json:"size_bytes"`
}

// BatchItemView is the public view of one item.
type BatchItemView struct {
	Index       int                  `json:"index"`
	Status      string               `json:"status" enum:"pending,completed,failed,canceled"`
	DocumentID  *string              `json:"document_id" nullable:"true"`
	Filename    *string              `json:"filename" nullable:"true"`
	DownloadURL *string              `json:"download_url" nullable:"true"`
	Pages       *int                 `json:"pages" nullable:"true"`
	Error       *documents.ErrorInfo `json:"error,omitempty" doc:"Why the item failed (absent unless it failed)"`
}

// BatchPage is a page of batches.
type BatchPage struct {
	Data   []Batch `json:"data"`
	Total  int     `json:"total"`
	Limit  int     `json:"limit"`
	Offset int     `json:"offset"`
}

// BatchItemsPage is a page of one batch's items.
type BatchItemsPage struct {
	Data   []BatchItemView `json:"data"`
	Total  int             `json:"total"`
	Limit  int             `json:"limit"`
	Offset int             `json:"offset"`
}

// Get returns the caller's batch id; another account's, or another mode's
// for an API key, is BATCH_NOT_FOUND.
func (s *Service) Get(ctx context.Context, p auth.Principal, id string) (*Batch, error) {
	b, err := s.row(ctx, s.deps.Store, p, id)
	if err != nil {
		return nil, err
	}
	return s.view(ctx, s.deps.Store, b)
}

// List returns a page of the caller's batches, newest first.
func (s *Service) List(ctx context.Context, p auth.Principal, limit, offset int) (*BatchPage, error) {
	f := store.BatchFilter{AccountID: p.AccountID, ProjectIDs: p.Projects, Limit: limit, Offset: offset}
	if !p.IsPerson() {
		f.Mode = p.Mode
	}
	rows, total, err := s.deps.Store.Batches(ctx, f)
	if err != nil {
		return nil, err
	}
	out := &BatchPage{Data: make([]Batch, 0, len(rows)), Total: total, Limit: limit, Offset: offset}
	for i := range rows {
		v, err := s.view(ctx, s.deps.Store, &rows[i])
		if err != nil {
			return nil, err
		}
		out.Data = append(out.Data, *v)
	}
	return out, nil
}

// Items returns a page of a batch's items in index order, of one status
// when status is set.
func (s *Service) Items(ctx context.Context, p auth.Principal, id, status string, limit, offset int) (*BatchItemsPage, error) {
	b, err := s.row(ctx, s.deps.Store, p, id)
	if err != nil {
		return nil, err
	}
	rows, total, err := s.deps.Store.BatchItems(ctx, store.BatchItemFilter{BatchID: b.ID, Status: status, Limit: limit, Offset: offset})
	if err != nil {
		return nil, err
	}
	docs, err := s.documentsOf(ctx, b.AccountID, rows)
	if err != nil {
		return nil, err
	}
	out := &BatchItemsPage{Data: make([]BatchItemView, 0, len(rows)), Total: total, Limit: limit, Offset: offset}
	for _, it := range rows {
		v := BatchItemView{Index: it.Index, Status: it.Status, Pages: it.Pages}
		if it.ErrorCode != "" {
			v.Error = &documents.ErrorInfo{Code: it.ErrorCode, Message: it.ErrorMessage}
		}
		if it.DocumentID != "" {
			v.DocumentID = &it.DocumentID
		}
		if it.Status == StatusCompleted {
			v.Filename = &it.Filename
			if d, ok := docs[it.DocumentID]; ok {
				link := s.deps.Documents.ResultOf(&d).DownloadURL
				v.DownloadURL = &link
			}
		}
		out.Data = append(out.Data, v)
	}
	return out, nil
}

func (s *Service) row(ctx context.Context, st store.Store, p auth.Principal, id string) (*store.Batch, error) {
	b, err := st.Batch(ctx, p.AccountID, id)
	if err == nil && !p.SeesMode(b.Mode) {
		err = store.ErrNotFound
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, errs.New(errs.BatchNotFound, "batch %q does not exist", id)
	}
	if err != nil {
		return nil, err
	}
	if err := projects.CheckScope(p, b.ProjectID, "batch "+b.ID); err != nil {
		return nil, err
	}
	return b, nil
}

// view builds the batch object from its row and its items' counts.
func (s *Service) view(ctx context.Context, st store.Store, b *store.Batch) (*Batch, error) {
	counts, err := st.BatchCounts(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	v := &Batch{
		ID: b.ID, Object: "batch", Status: b.Status, TemplateID: b.TemplateID, ProjectID: b.ProjectID, Output: b.Output, Mode: b.Mode,
		Total: b.Total, Completed: counts[StatusCompleted], Failed: counts[StatusFailed], Canceled: counts[StatusCanceled],
		Prints: b.Prints, Errors: []BatchItemError{}, ItemsURL: "/v1/batches/" + b.ID + "/items",
		CreatedAt: wire.At(b.CreatedAt), CompletedAt: wire.AtPtr(b.CompletedAt),
	}
	if b.Total > 0 {
		v.Progress = float64(v.Completed+v.Failed+v.Canceled) / float64(b.Total)
	}
	if b.RenderPath != "" {
		v.RenderPath = &b.RenderPath
	}
	if v.Failed > 0 {
		failed, _, err := st.BatchItems(ctx, store.BatchItemFilter{BatchID: b.ID, Status: StatusFailed, Limit: maxErrors})
		if err != nil {
			return nil, err
		}
		for _, it := range failed {
			v.Errors = append(v.Errors, BatchItemError{Index: it.Index, Error: &documents.ErrorInfo{Code: it.ErrorCode, Message: it.ErrorMessage}})
		}
	}
	if b.ResultDocumentID != "" {
		d, err := st.Document(ctx, b.AccountID, b.ResultDocumentID)
		if err == nil {
			r := s.deps.Documents.ResultOf(d)
			v.Result = &BatchResult{DocumentID: d.ID, DownloadURL: r.DownloadURL, ExpiresAt: r.ExpiresAt, Filename: r.Filename, Pages: r.Pages, SizeBytes: r.SizeBytes}
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	return v, nil
}
