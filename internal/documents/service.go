// Package documents makes documents from templates and data, and manages
// them afterwards: list, get, fresh download links, delete. It knows no
// HTTP; engines sit behind the small interfaces in engines.go.
package documents

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/blob"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/jobs"
	"github.com/quirehq/quire/internal/projects"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/templates"

	"github.com/quirehq/quire/internal/wire"
)

// Document statuses.
const (
	StatusPending    = "pending"
	StatusProcessing = "processing"
	StatusCompleted  = "completed"
	StatusFailed     = "failed"
	StatusExpired    = "expired"
)

// Service generates and manages documents.
type Service struct {
	deps      Deps
	cache     *compiledCache[HTMLTemplate]
	docxCache *compiledCache[DOCXTemplate]
}

// Deps is what the service is built from.
type Deps struct {
	Store     store.Store
	Blobs     *blob.Store
	Signer    *blob.Signer
	Templates *templates.Service
	// Projects picks the project of raw-HTML documents; nil = the default one.
	Projects *projects.Service
	Compile  Compiler
	// CompileHTML compiles the raw html of a request: a template too, but
	// bounded by MaxHTMLBytes rather than the template size; nil = Compile.
	CompileHTML Compiler
	// MaxHTMLBytes bounds the raw html of a request (QUIRE_MAX_HTML_BYTES);
	// 0 = not checked here.
	MaxHTMLBytes int
	Printer      Printer
	Pages        PageCounter
	// Retention is the operator's cap on every document's lifetime
	// (QUIRE_RETENTION), and the lifetime of all of them without a Meter;
	// 0 = no cap (forever without a Meter).
	Retention time.Duration
	MaxPages  int
	// RenderTimeout bounds every phase of an HTML render (compile,
	// Handlebars, Chromium), with a small margin; 0 = none.
	RenderTimeout time.Duration
	// DataLimits bound request data before it is rendered.
	DataLimits DataLimits

	// Events hears of completed, failed, expired and deleted documents;
	// nil = nobody listens.
	Events Events
	// Jobs runs async renders and the retention sweep (RegisterJobs); nil
	// refuses async requests.
	Jobs *jobs.Queue
	// AsyncAttempts bounds the runs of an async render; 0 = DefaultAsyncAttempts.
	AsyncAttempts int
	// WithWebhookURL puts an async request's webhook_url back into the
	// context of the worker that finishes its document.
	WithWebhookURL func(ctx context.Context, url string) context.Context

	// Engines of the other template kinds; nil ones answer a clear error.
	FillForm  FormFiller
	ParseDOCX DOCXParser
	DOCXToPDF DOCXConverter
	// AttachEInvoice makes a Factur-X PDF/A-3 of a printed PDF and its
	// invoice XML (GenerateRequest.EInvoice); nil refuses such requests.
	AttachEInvoice func(pdf []byte, e EInvoice) ([]byte, error)
	// Watermark marks sandbox documents; nil fails sandbox renders.
	Watermark Watermarker
	// Meter holds accounts to their quotas and counts documents; nil
	// counts nothing.
	Meter Meter
}

// New returns the documents service, ready to use.
func New(d Deps) *Service {
	return &Service{
		deps:      d,
		cache:     newCompiledCache[HTMLTemplate](512),
		docxCache: newCompiledCache[DOCXTemplate](128),
	}
}

// Result is what a finished generation returns.
type Result struct {
	ID          string     `json:"id"`
	Status      string     `json:"status"`
	DownloadURL string     `json:"download_url"`
	ExpiresAt   *wire.Time `json:"expires_at"`
	Filename    string     `json:"filename"`
	Pages       *int       `json:"pages"`
	SizeBytes   int64      `json:"size_bytes"`
}

// Document is the public view of a stored document.
type Document struct {
	ID           string     `json:"id"`
	ProjectID    string     `json:"project_id"`
	TemplateID   *string    `json:"template_id"`
	TemplateName *string    `json:"template_name"`
	Status       string     `json:"status"`
	Filename     string     `json:"filename"`
	SizeBytes    int64      `json:"size_bytes"`
	Pages        *int       `json:"pages"`
	Mode         string     `json:"mode"`
	CreatedAt    wire.Time  `json:"created_at"`
	ExpiresAt    *wire.Time `json:"expires_at"`
	Error        *ErrorInfo `json:"error,omitempty"`
}

// ErrorInfo tells why a document failed.
type ErrorInfo struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Page is one page of a document list.
type Page struct {
	Data   []Document `json:"data"`
	Total  int        `json:"total"`
	Limit  int        `json:"limit"`
	Offset int        `json:"offset"`
}

// Link is a fresh download link.
type Link struct {
	DownloadURL string `json:"download_url"`
	ExpiresIn   int64  `json:"expires_in"`
}

// Statuses a list may be filtered by.
var Statuses = []string{StatusPending, StatusProcessing, StatusCompleted, StatusFailed, StatusExpired}

// List returns a page of the account's documents, newest first. API keys
// see only the documents of their mode (auth.Principal.SeesMode).
func (s *Service) List(ctx context.Context, p auth.Principal, f store.DocumentFilter) (*Page, error) {
	f.AccountID = p.AccountID
	if !p.IsPerson() {
		if f.Mode != "" && f.Mode != p.Mode {
			return &Page{Data: []Document{}, Limit: f.Limit, Offset: f.Offset}, nil
		}
		f.Mode = p.Mode
	}
	scope, err := projects.Filter(p, f.ProjectIDs)
	if err != nil {
		return nil, err
	}
	f.ProjectIDs = scope
	rows, total, err := s.deps.Store.Documents(ctx, f)
	if err != nil {
		return nil, err
	}
	out := &Page{Data: make([]Document, 0, len(rows)), Total: total, Limit: f.Limit, Offset: f.Offset}
	for i := range rows {
		out.Data = append(out.Data, view(&rows[i]))
	}
	return out, nil
}

// Get returns one document.
func (s *Service) Get(ctx context.Context, p auth.Principal, id string) (*Document, error) {
	d, err := s.row(ctx, p, id)
	if err != nil {
		return nil, err
	}
	v := view(d)
	return &v, nil
}

// Download returns a fresh signed link to a completed document.
func (s *Service) Download(ctx context.Context, p auth.Principal, id string) (*Link, error) {
	d, err := s.row(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if d.Status == StatusExpired || (d.ExpiresAt != nil && !time.Now().Before(*d.ExpiresAt)) {
		return nil, errs.New(errs.DocumentExpired, "document %s has expired and its file was removed", id)
	}
	if d.Status != StatusCompleted {
		return nil, errs.New(errs.DocumentNotReady, "document %s is %s; only completed documents can be downloaded", id, d.Status)
	}
	link, _ := s.deps.Signer.URL(d.BlobKey, d.Filename)
	return &Link{DownloadURL: link, ExpiresIn: int64(s.deps.Signer.TTL / time.Second)}, nil
}

// Delete removes a document's file and row, emitting document.deleted in
// the row's transaction. The file goes first: a failure in between leaves
// a row without a file (which Delete can remove again), never an orphan
// file nobody can find.
func (s *Service) Delete(ctx context.Context, p auth.Principal, id string) error {
	d, err := s.row(ctx, p, id)
	if err != nil {
		return err
	}
	if d.BlobKey != "" {
		if err := s.deps.Blobs.Delete(ctx, d.BlobKey); err != nil {
			return err
		}
	}
	err = s.deps.Store.InTx(ctx, func(tx store.Store) error {
		if err := tx.DeleteDocument(ctx, p.AccountID, id); err != nil {
			return err
		}
		return s.emit(ctx, tx, EventDeleted, d)
	})
	if err != nil {
		return s.notFound(err, id)
	}
	return nil
}

// row returns a document the caller may see: another account's, or
// another mode's for an API key, does not exist.
func (s *Service) row(ctx context.Context, p auth.Principal, id string) (*store.Document, error) {
	d, err := s.deps.Store.Document(ctx, p.AccountID, id)
	if err == nil && !p.SeesMode(d.Mode) {
		err = store.ErrNotFound
	}
	if err != nil {
		return nil, s.notFound(err, id)
	}
	if err := scoped(p, d); err != nil {
		return nil, err
	}
	return d, nil
}

func (s *Service) notFound(err error, id string) error {
	if errors.Is(err, store.ErrNotFound) {
		return errs.New(errs.DocumentNotFound, "document %q does not exist", id)
	}
	return err
}

func view(d *store.Document) Document {
	v := Document{
		ID: d.ID, ProjectID: d.ProjectID, Status: d.Status, Filename: d.Filename, SizeBytes: d.SizeBytes, Pages: d.Pages,
		Mode: d.Mode, CreatedAt: wire.At(d.CreatedAt), ExpiresAt: wire.AtPtr(d.ExpiresAt),
	}
	if d.TemplateID != "" {
		v.TemplateID, v.TemplateName = &d.TemplateID, &d.TemplateName
	}
	if d.ErrorCode != "" {
		v.Error = &ErrorInfo{Code: d.ErrorCode, Message: d.ErrorMessage}
	}
	return v
}

func blobKey(d *store.Document, ext string) string {
	return fmt.Sprintf("documents/%s/%s%s", d.AccountID, d.ID, ext)
}

// ConvertsDOCX reports whether DOCX documents can be made as PDF here
// (LibreOffice is installed).
func (s *Service) ConvertsDOCX() bool { return s.deps.DOCXToPDF != nil }
