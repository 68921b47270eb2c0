package documents

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/render"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/templates"
)

// BatchTemplate is a template looked up once for the items of a batch
// (internal/batches): its identity, its fields and, for HTML, its
// compiled form.
type BatchTemplate struct {
	ID, Name, ProjectID, Type string
	Fields                    []render.Field
	html                      HTMLTemplate
}

// BatchTemplate finds templateID for p, checks projectID against it, and
// compiles it when it is an HTML template.
func (s *Service) BatchTemplate(ctx context.Context, p auth.Principal, templateID, projectID string) (*BatchTemplate, error) {
	if templateID == "" {
		return nil, errs.New(errs.Validation, "template_id is required")
	}
	tpl, err := s.deps.Templates.Get(ctx, p, templateID)
	if err != nil {
		return nil, err
	}
	project, err := templateProject(projectID, tpl.ID, tpl.ProjectID)
	if err != nil {
		return nil, err
	}
	t := &BatchTemplate{ID: tpl.ID, Name: tpl.Name, ProjectID: project, Type: tpl.Type, Fields: tpl.Fields}
	if t.Type == templates.TypeHTML {
		src, err := s.resolve(ctx, p, GenerateRequest{TemplateID: tpl.ID, ProjectID: project})
		if err != nil {
			return nil, err
		}
		t.html = src.tpl
	}
	return t, nil
}

// BatchOptions shape every item of a batch: Generate for HTML templates,
// Fill for PDF forms and DOCX.
type BatchOptions struct {
	Generate GenerateOptions
	Fill     FillOptions
}

// BatchOutput is one item's finished file, or why it failed (*errs.Error).
// Close frees its spool file.
type BatchOutput struct {
	Err error
	out output
}

// Close frees the output's spool file, if it has one.
func (o *BatchOutput) Close() { o.out.close() }

// BatchRender is what RenderBatch made: one output per item, in order,
// and how the HTML ones were printed (PrintedMany.Path and Prints; "" and
// the count of prints when printed one by one).
type BatchRender struct {
	Items  []BatchOutput
	Path   string
	Prints int
}

// RenderBatch renders the items (their data) of t with o. HTML items are
// rendered with Handlebars one by one, then printed together through
// ManyPrinter when the Printer has it, else one Print each; PDF forms and
// DOCX go item by item through the fill code. Each item is checked,
// watermarked (sandbox) and page-limited as a single document is; one
// item's failure does not stop the others.
func (s *Service) RenderBatch(ctx context.Context, p auth.Principal, t *BatchTemplate, o BatchOptions, items []map[string]any) BatchRender {
	out := BatchRender{Items: make([]BatchOutput, len(items))}
	if t.Type != templates.TypeHTML {
		for i, data := range items {
			r := FillRequest{TemplateID: t.ID, ProjectID: t.ProjectID, Data: data, Options: o.Fill}
			res, err := s.fillTemplate(ctx, p, r)
			if err == nil {
				err = s.checkPages(res)
			}
			out.Items[i] = BatchOutput{out: res, Err: err}
		}
		return out
	}
	htmls := make([]string, len(items))
	var todo []int // items whose HTML rendered
	for i, data := range items {
		html, err := s.renderItemHTML(ctx, t.html, dataOrEmpty(data))
		if err != nil {
			out.Items[i].Err = err
			continue
		}
		htmls[i] = html
		todo = append(todo, i)
	}
	g := o.Generate
	job := PrintJob{Format: g.Format, Landscape: g.Landscape, Margin: g.Margin, Header: g.Header, Footer: g.Footer, Tagged: g.Tagged}
	printed := s.printItems(ctx, job, htmls, todo, &out)
	for k, i := range todo {
		pr := printed[k]
		if pr.Err != nil {
			out.Items[i].Err = pr.Err
			continue
		}
		pages := pr.PDF.Pages()
		res := output{file: pr.PDF, contentType: "application/pdf", ext: ".pdf", pages: &pages,
			templateID: t.ID, templateName: t.Name, projectID: t.ProjectID}
		err := s.checkPages(res)
		if err == nil {
			res, err = s.markSandbox(ctx, p, res)
		}
		if err != nil {
			pr.PDF.Close()
			out.Items[i].Err = err
			continue
		}
		out.Items[i].out = res
	}
	return out
}

// renderItemHTML runs Handlebars on one item under the render timeout.
func (s *Service) renderItemHTML(ctx context.Context, tpl HTMLTemplate, data map[string]any) (string, error) {
	if err := s.deps.DataLimits.check(data); err != nil {
		return "", err
	}
	phase, cancel := s.renderDeadline(ctx)
	defer cancel()
	html, err := tpl.Render(phase, data)
	if err != nil {
		return "", s.renderFailure(phase, err)
	}
	return html, nil
}

// printItems prints htmls[todo...]: through ManyPrinter when the printer
// has it (under one render timeout per item), else one Print each.
func (s *Service) printItems(ctx context.Context, job PrintJob, htmls []string, todo []int, out *BatchRender) []PrintedItem {
	list := make([]string, len(todo))
	for k, i := range todo {
		list[k] = htmls[i]
	}
	if mp, ok := s.deps.Printer.(ManyPrinter); ok && len(list) > 0 {
		if items, ok := s.printMany(ctx, mp, job, list, out); ok {
			return items
		}
	}
	items := make([]PrintedItem, len(list))
	for k, html := range list {
		j := job
		j.HTML = html
		phase, cancel := s.renderDeadline(ctx)
		pdf, err := s.deps.Printer.Print(phase, j)
		if err != nil {
			err = s.renderFailure(phase, err)
		}
		cancel()
		items[k] = PrintedItem{PDF: pdf, Err: err}
		out.Prints++
	}
	if len(list) > 0 {
		out.Path = PathSingle
	}
	return items
}

// printMany prints list through mp under one render timeout per item;
// false when mp prints one document at a time (ErrOneAtATime).
func (s *Service) printMany(ctx context.Context, mp ManyPrinter, job PrintJob, list []string, out *BatchRender) ([]PrintedItem, bool) {
	phase, cancel := s.batchDeadline(ctx, len(list))
	defer cancel()
	many, err := mp.PrintMany(phase, job, list)
	if errors.Is(err, ErrOneAtATime) {
		return nil, false
	}
	if err == nil && len(many.Items) == len(list) {
		out.Path, out.Prints = many.Path, many.Prints
		for k := range many.Items {
			if many.Items[k].Err != nil {
				many.Items[k].Err = s.renderFailure(phase, many.Items[k].Err)
			}
		}
		return many.Items, true
	}
	for _, it := range many.Items {
		if it.PDF != nil {
			it.PDF.Close()
		}
	}
	if err == nil {
		err = errs.New(errs.Internal, "the printer made %d PDFs for %d items", len(many.Items), len(list))
	}
	err = s.renderFailure(phase, err)
	items := make([]PrintedItem, len(list))
	for k := range items {
		items[k].Err = err
	}
	return items, true
}

// batchDeadline bounds a print of n items: n render timeouts.
func (s *Service) batchDeadline(ctx context.Context, n int) (context.Context, context.CancelFunc) {
	if s.deps.RenderTimeout <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, time.Duration(n)*(s.deps.RenderTimeout+renderMargin))
}

// BatchSave says how a batch's file is stored as a document.
type BatchSave struct {
	Filename string
	// HoldID is the unit of quota the document consumes (counted as kind
	// generate or fill); "" stores it uncounted (a merged or zip result,
	// whose items were counted).
	HoldID string
	// Emit sends document.completed for it.
	Emit bool
	// Also runs in the transaction that stores the document: an error rolls
	// the document (and its count) back and deletes its file.
	Also func(tx store.Store, d *store.Document) error
}

// SaveBatchItem stores an item's output as a completed document as
// generate and fill do (file first, then row, count and event in one
// transaction), with s.Also in that transaction.
func (s *Service) SaveBatchItem(ctx context.Context, p auth.Principal, t *BatchTemplate, o *BatchOutput, sv BatchSave) (*store.Document, error) {
	res := o.out
	res.filename = sv.Filename
	if sv.HoldID != "" {
		res.usage = usageTicket{kind: batchKind(t), hold: sv.HoldID}
	}
	return s.saveThen(ctx, p, res, sv.Emit, sv.Also)
}

// SaveBatchFile stores a batch's merged PDF or zip, written to f (size
// bytes, read from its start), as one completed document of t, not
// counted: its items were. The file is streamed to storage, not read into
// memory; the caller closes it.
func (s *Service) SaveBatchFile(ctx context.Context, p auth.Principal, t *BatchTemplate, f io.ReaderAt, size int64, contentType, ext string, pages *int, sv BatchSave) (*store.Document, error) {
	res := output{file: fileOutput{r: f, size: size}, contentType: contentType, ext: ext, pages: pages, templateID: t.ID, templateName: t.Name,
		projectID: t.ProjectID, filename: sv.Filename}
	return s.saveThen(ctx, p, res, sv.Emit, sv.Also)
}

// fileOutput is a file made elsewhere, as the output saved: read from
// disk, never held whole; its pages are output.pages.
type fileOutput struct {
	r    io.ReaderAt
	size int64
}

func (o fileOutput) Size() int64       { return o.size }
func (o fileOutput) Pages() int        { return 0 }
func (o fileOutput) Reader() io.Reader { return io.NewSectionReader(o.r, 0, o.size) }
func (o fileOutput) Close() error      { return nil }
func (o fileOutput) Bytes() ([]byte, error) {
	return io.ReadAll(o.Reader())
}

// FailBatchItem stores a failed document of t for an item that could not
// be made (its code and message), emitting document.failed, with also in
// its transaction, as a failed async document is.
func (s *Service) FailBatchItem(ctx context.Context, p auth.Principal, t *BatchTemplate, cause error, also func(tx store.Store, d *store.Document) error) (*store.Document, error) {
	now := time.Now().UTC()
	d := &store.Document{ID: ids.New("doc"), AccountID: p.AccountID, ProjectID: t.ProjectID, TemplateID: t.ID, TemplateName: t.Name,
		Status: StatusFailed, Mode: p.Mode, CreatedAt: now, UpdatedAt: now}
	d.ErrorCode, d.ErrorMessage = publicError(cause)
	err := s.deps.Store.InTx(ctx, func(tx store.Store) error {
		if err := tx.CreateDocument(ctx, d); err != nil {
			return err
		}
		if err := s.emit(ctx, tx, EventFailed, d); err != nil {
			return err
		}
		return also(tx, d)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// PublicError is the code and message an item that failed with cause shows.
func PublicError(cause error) (code, message string) { return publicError(cause) }

// OpenFile opens a stored document's file (a batch item, to merge or zip).
func (s *Service) OpenFile(ctx context.Context, d *store.Document) (io.ReadCloser, error) {
	return s.deps.Blobs.Open(ctx, d.BlobKey)
}

// Retryable reports errors a second run of the same item may not meet
// (browser restarting, render timeout, storage down).
func Retryable(err error) bool { return !permanent(err) }

// ResultOf is the public view of a completed document (download link).
func (s *Service) ResultOf(d *store.Document) *Result { return s.result(d) }

func batchKind(t *BatchTemplate) string {
	if t.Type == templates.TypeHTML {
		return kindGenerate
	}
	return kindFill
}

// saveThen is save with also run in the document's transaction, and the
// document.completed event optional.
func (s *Service) saveThen(ctx context.Context, p auth.Principal, o output, emit bool, also func(tx store.Store, d *store.Document) error) (*store.Document, error) {
	if err := s.checkPages(o); err != nil {
		return nil, err
	}
	keep, err := s.retentionOf(ctx, p)
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	d := &store.Document{ID: ids.New("doc"), AccountID: p.AccountID, ProjectID: o.projectID, Mode: p.Mode, CreatedAt: now}
	s.completeRow(d, o, now, keep)
	if err := s.deps.Blobs.Write(ctx, d.BlobKey, o.reader(), d.ContentType); err != nil {
		return nil, err
	}
	err = s.deps.Store.InTx(ctx, func(tx store.Store) error {
		if err := tx.CreateDocument(ctx, d); err != nil {
			return err
		}
		if err := s.record(ctx, tx, d, o.usage); err != nil {
			return err
		}
		if emit {
			if err := s.emit(ctx, tx, EventCompleted, d); err != nil {
				return err
			}
		}
		if also != nil {
			return also(tx, d)
		}
		return nil
	})
	if err != nil {
		_ = s.deps.Blobs.Delete(context.WithoutCancel(ctx), d.BlobKey)
		return nil, err
	}
	return d, nil
}
