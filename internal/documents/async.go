package documents

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"
)

// Task is a render to run later: exactly one of Generate or Fill. It is
// stored with its job and replayed by a worker through the same code as a
// synchronous request.
type Task struct {
	Generate *GenerateRequest `json:"generate,omitempty"`
	Fill     *FillRequest     `json:"fill,omitempty"`
	// WebhookURL is the request's options.webhook_url, handed back to the
	// worker's context through Service.WithWebhookURL.
	WebhookURL string `json:"webhook_url,omitempty"`
}

// data is a task's request data.
func (t Task) data() map[string]any {
	if t.Generate != nil {
		return t.Generate.Data
	}
	if t.Fill != nil {
		return t.Fill.Data
	}
	return nil
}

// Accepted is the answer to an async request.
type Accepted struct {
	TaskID string `json:"task_id"`
	Status string `json:"status"`
}

// DefaultAsyncAttempts bounds the runs of one async render whose failures
// may be passing (browser restarting, render timeout, storage down).
const DefaultAsyncAttempts = 5

// renderArgs is the job of one async document.
type renderArgs struct {
	AccountID  string `json:"account_id"`
	DocumentID string `json:"document_id"`
	Mode       string `json:"mode"`
	KeyID      string `json:"key_id,omitempty"`
	Task       Task   `json:"task"`
}

func (renderArgs) Kind() string { return "render_document" }

// Enqueue accepts a render for later: what can be checked at once (the
// template exists and has the right type, HTML compiles) is, then the
// pending document and its job are written in one transaction, so that an
// accepted document is never without the job that finishes it.
func (s *Service) Enqueue(ctx context.Context, p auth.Principal, t Task) (*Accepted, error) {
	if s.deps.Jobs == nil {
		return nil, errs.New(errs.Unavailable, "async documents are not available on this server")
	}
	now := time.Now().UTC()
	d := &store.Document{
		ID: ids.New("doc"), AccountID: p.AccountID, Status: StatusPending, Mode: p.Mode,
		CreatedAt: now, UpdatedAt: now,
	}
	if err := s.deps.DataLimits.check(dataOrEmpty(t.data())); err != nil {
		return nil, err
	}
	switch {
	case t.Generate != nil && t.Fill == nil:
		src, err := s.resolve(ctx, p, *t.Generate)
		if err != nil {
			return nil, err
		}
		d.TemplateID, d.TemplateName, d.ContentType = src.templateID, src.templateName, "application/pdf"
		d.ProjectID = src.projectID
	case t.Fill != nil && t.Generate == nil:
		if t.Fill.TemplateID == "" {
			return nil, errs.New(errs.Validation, "template_id is required")
		}
		tpl, err := s.deps.Templates.Get(ctx, p, t.Fill.TemplateID)
		if err != nil {
			return nil, err
		}
		d.TemplateID, d.TemplateName = tpl.ID, tpl.Name
		if d.ProjectID, err = templateProject(t.Fill.ProjectID, tpl.ID, tpl.ProjectID); err != nil {
			return nil, err
		}
	default:
		return nil, errs.New(errs.Internal, "an async task needs exactly one of generate or fill")
	}
	args := renderArgs{AccountID: p.AccountID, DocumentID: d.ID, Mode: p.Mode, KeyID: p.KeyID, Task: t}
	// The quota is held from now until the worker records or fails the
	// document; the hold is named after it.
	ticket, err := s.reserve(ctx, p, t.kind(), d.ID)
	if err != nil {
		return nil, err
	}
	err = s.deps.Store.InTx(ctx, func(tx store.Store) error {
		if err := tx.CreateDocument(ctx, d); err != nil {
			return err
		}
		return s.deps.Jobs.InsertTx(ctx, tx, args, &river.InsertOpts{MaxAttempts: s.asyncAttempts()})
	})
	if err != nil {
		s.release(ctx, p.AccountID, ticket)
		return nil, err
	}
	return &Accepted{TaskID: d.ID, Status: d.Status}, nil
}

func (s *Service) asyncAttempts() int {
	if s.deps.AsyncAttempts > 0 {
		return s.deps.AsyncAttempts
	}
	return DefaultAsyncAttempts
}

// RegisterJobs adds the document workers (async renders, the retention
// sweep every sweepEvery) to the service's queue.
func (s *Service) RegisterJobs(sweepEvery time.Duration) error {
	q := s.deps.Jobs
	if q == nil {
		return errors.New("documents: no job queue to register the workers on")
	}
	err := q.Register(func(w *river.Workers) {
		river.AddWorker(w, &renderWorker{s: s})
		river.AddWorker(w, &sweepWorker{s: s})
	})
	if err != nil {
		return err
	}
	if sweepEvery > 0 {
		return q.AddPeriodic("retention_sweep", sweepEvery, func() river.JobArgs { return sweepArgs{} })
	}
	return nil
}

type renderWorker struct {
	river.WorkerDefaults[renderArgs]
	s *Service
}

func (w *renderWorker) Work(ctx context.Context, job *river.Job[renderArgs]) error {
	return w.s.runTask(ctx, job)
}

// runTask makes the document of an async job: pending → processing →
// completed, or failed at once for errors that a retry cannot fix
// (template, data, options) and after the last attempt for the others.
func (s *Service) runTask(ctx context.Context, job *river.Job[renderArgs]) error {
	a := job.Args
	d, err := s.deps.Store.Document(ctx, a.AccountID, a.DocumentID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // deleted while it waited
	}
	if err != nil {
		return err
	}
	if d.Status != StatusPending && d.Status != StatusProcessing {
		return nil // finished by an earlier run that died before River heard of it
	}
	if d.Status == StatusPending {
		d.Status = StatusProcessing
		if err := s.deps.Store.UpdateDocument(ctx, d); err != nil {
			return ignoreGone(err)
		}
	}
	if a.Task.WebhookURL != "" && s.deps.WithWebhookURL != nil {
		ctx = s.deps.WithWebhookURL(ctx, a.Task.WebhookURL)
	}
	p := auth.Principal{AccountID: a.AccountID, KeyID: a.KeyID, Mode: a.Mode}
	o, err := s.produce(ctx, p, a.Task)
	defer o.close()
	if err == nil {
		err = s.checkPages(o)
	}
	if err == nil {
		err = s.completeAsync(ctx, d, o, job)
	}
	if err == nil {
		return nil
	}
	if !permanent(err) && job.Attempt < job.MaxAttempts {
		return err // River runs it again later
	}
	if ferr := s.failAsync(ctx, d, err); ferr != nil {
		return ferr
	}
	return river.JobCancel(err)
}

// produce runs a task's render, the same one a synchronous request runs.
func (s *Service) produce(ctx context.Context, p auth.Principal, t Task) (output, error) {
	if t.Generate != nil {
		return s.renderHTML(ctx, p, *t.Generate)
	}
	if t.Fill != nil {
		return s.fillTemplate(ctx, p, *t.Fill)
	}
	return output{}, errs.New(errs.Internal, "empty async task")
}

// completeAsync stores the file, then turns the pending row into a
// completed one, emits document.completed and completes the job in one
// transaction.
func (s *Service) completeAsync(ctx context.Context, d *store.Document, o output, job *river.Job[renderArgs]) error {
	keep, err := s.retentionOf(ctx, auth.Principal{AccountID: d.AccountID, Mode: d.Mode})
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	s.completeRow(d, o, now, keep)
	if err := s.deps.Blobs.Write(ctx, d.BlobKey, o.reader(), d.ContentType); err != nil {
		return err
	}
	gone := false
	err = s.deps.Store.InTx(ctx, func(tx store.Store) error {
		cur, err := tx.Document(ctx, d.AccountID, d.ID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && cur.Status != StatusPending && cur.Status != StatusProcessing) {
			gone = true
			return nil
		}
		if err != nil {
			return err
		}
		if err := tx.UpdateDocument(ctx, d); err != nil {
			return err
		}
		if err := s.record(ctx, tx, d, usageTicket{kind: job.Args.Task.kind(), hold: d.ID}); err != nil {
			return err
		}
		if err := s.emit(ctx, tx, EventCompleted, d); err != nil {
			return err
		}
		return s.deps.Jobs.CompleteTx(ctx, tx, job.JobRow)
	})
	if err != nil || gone {
		// The row is not ours to complete (deleted meanwhile) or did not
		// change: the file would be an orphan.
		_ = s.deps.Blobs.Delete(context.WithoutCancel(ctx), d.BlobKey)
	}
	return err
}

// failAsync records why a document failed and emits document.failed.
func (s *Service) failAsync(ctx context.Context, d *store.Document, cause error) error {
	d.Status = StatusFailed
	d.ErrorCode, d.ErrorMessage = publicError(cause)
	d.BlobKey, d.SizeBytes, d.Pages, d.ExpiresAt = "", 0, nil, nil
	err := s.deps.Store.InTx(ctx, func(tx store.Store) error {
		if err := tx.UpdateDocument(ctx, d); err != nil {
			return err
		}
		return s.emit(ctx, tx, EventFailed, d)
	})
	if err == nil {
		s.release(ctx, d.AccountID, usageTicket{hold: d.ID})
	}
	return ignoreGone(err)
}

// publicError is the code and message a failed document shows for cause.
func publicError(cause error) (code, message string) {
	code, message = errs.CodeOf(cause), "internal error"
	var de *errs.Error
	if errors.As(cause, &de) {
		message = de.Message
	}
	return code, message
}

// permanent reports errors that the same request would meet again: the
// caller's template, data or options are at fault.
func permanent(err error) bool {
	var de *errs.Error
	if !errors.As(err, &de) {
		return false
	}
	switch de.Code {
	case errs.RenderFailed, errs.RenderTimeout, errs.Unavailable, errs.StorageUnavailable, errs.Internal:
		return false
	}
	return true
}

func ignoreGone(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}
