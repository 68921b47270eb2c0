package documents

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/templates"

	"github.com/quirehq/quire/internal/wire"
)

// GenerateRequest renders an HTML template (by id) or raw HTML with data.
type GenerateRequest struct {
	TemplateID string
	ProjectID  string // raw HTML: the project of the document; templates: must be the template's
	HTML       string
	Data       map[string]any
	Options    GenerateOptions
	// EInvoice, when set, is attached to the PDF (Factur-X).
	EInvoice *EInvoice
}

// GenerateOptions shape the printed PDF.
type GenerateOptions struct {
	Format    string
	Landscape bool
	Margin    Margin
	Filename  string
	Header    string
	Footer    string
	Tagged    bool
}

// source is what a generation renders: a compiled template and its origin.
type source struct {
	tpl          HTMLTemplate
	templateID   string
	templateName string
	projectID    string
}

// Generate renders a PDF synchronously and stores it as a completed document.
func (s *Service) Generate(ctx context.Context, p auth.Principal, r GenerateRequest) (*Result, error) {
	return s.metered(ctx, p, kindGenerate, func() (output, error) { return s.renderHTML(ctx, p, r) })
}

// metered holds a unit of p's quota, makes the output and saves it,
// counting it in the same transaction; the hold is released on failure.
// A caller that went away before its document was saved is not billed and
// gets no document.
func (s *Service) metered(ctx context.Context, p auth.Principal, kind string, run func() (output, error)) (*Result, error) {
	t, err := s.reserve(ctx, p, kind, "")
	if err != nil {
		return nil, err
	}
	o, err := run()
	defer o.close()
	if err == nil {
		err = ctx.Err()
	}
	var res *Result
	if err == nil {
		o.usage = t
		res, err = s.save(ctx, p, o)
	}
	if err != nil {
		s.release(context.WithoutCancel(ctx), p.AccountID, t)
		return nil, err
	}
	return res, nil
}

// renderHTML renders and prints r: the part of Generate that async
// workers run too. Every phase runs under RenderTimeout (plus renderMargin).
func (s *Service) renderHTML(ctx context.Context, p auth.Principal, r GenerateRequest) (output, error) {
	ctx, cancel := s.renderDeadline(ctx)
	defer cancel()
	data := dataOrEmpty(r.Data)
	if err := s.deps.DataLimits.check(data); err != nil {
		return output{}, err
	}
	src, err := s.resolve(ctx, p, r)
	if err != nil {
		if ctx.Err() != nil { // compiling a large template can take the deadline
			return output{}, s.renderFailure(ctx, err)
		}
		return output{}, err
	}
	pdf, err := s.printPDF(ctx, src.tpl, data, r.Options)
	if err != nil {
		return output{}, s.renderFailure(ctx, err)
	}
	pages := pdf.Pages()
	o := output{
		file: pdf, contentType: "application/pdf", ext: ".pdf", pages: &pages,
		templateID: src.templateID, templateName: src.templateName, projectID: src.projectID, filename: r.Options.Filename,
	}
	o, err = s.attachEInvoice(ctx, r, o)
	if err == nil {
		o, err = s.markSandbox(ctx, p, o)
	}
	if err != nil {
		pdf.Close() // the spool file, whichever step failed
		return output{}, err
	}
	return o, nil
}

// printPDF renders a compiled template with data and prints it: what
// generate and the editor's preview share. Its errors are raw: callers give
// them their public form with renderFailure, under their deadline. The
// printer counted the pages; the caller closes the PDF.
func (s *Service) printPDF(ctx context.Context, tpl HTMLTemplate, data map[string]any, o GenerateOptions) (PrintedPDF, error) {
	html, err := tpl.Render(ctx, data)
	if err != nil {
		return nil, err
	}
	return s.deps.Printer.Print(ctx, PrintJob{
		HTML: html, Format: o.Format, Landscape: o.Landscape,
		Margin: o.Margin, Header: o.Header, Footer: o.Footer, Tagged: o.Tagged,
	})
}

// output is a finished file on its way to storage: in memory (data) or,
// for printed PDFs, in a spool file (file), which close frees.
type output struct {
	data         []byte
	file         PrintedPDF
	contentType  string
	ext          string
	pages        *int // nil for formats without pages (DOCX)
	templateID   string
	templateName string
	projectID    string
	filename     string // as the user asked; cleaned by save
	usage        usageTicket
}

// save checks the page limit, stores the file and its completed document
// row, emitting document.completed in the row's transaction.
func (s *Service) save(ctx context.Context, p auth.Principal, o output) (*Result, error) {
	d, err := s.saveThen(ctx, p, o, true, nil)
	if err != nil {
		return nil, err
	}
	return s.result(d), nil
}

// reader streams the output's bytes.
func (o output) reader() io.Reader {
	if o.file != nil {
		return o.file.Reader()
	}
	return bytes.NewReader(o.data)
}

func (o output) size() int64 {
	if o.file != nil {
		return o.file.Size()
	}
	return int64(len(o.data))
}

// close frees the output's spool file, if it has one.
func (o output) close() {
	if o.file != nil {
		o.file.Close()
	}
}

func (s *Service) checkPages(o output) error {
	if o.pages != nil && s.deps.MaxPages > 0 && *o.pages > s.deps.MaxPages {
		return errs.New(errs.TooManyPages, "the document has %d pages; the limit is %d", *o.pages, s.deps.MaxPages)
	}
	return nil
}

// completeRow fills in what a completed document row holds about its file;
// its lifetime, keep (0 = forever), starts now, when the file exists.
func (s *Service) completeRow(d *store.Document, o output, now time.Time, keep time.Duration) {
	d.TemplateID, d.TemplateName = o.templateID, o.templateName
	d.Status = StatusCompleted
	d.ContentType = o.contentType
	d.SizeBytes = o.size()
	d.Pages = o.pages
	d.ErrorCode, d.ErrorMessage = "", ""
	d.UpdatedAt = now
	d.Filename = filename(o.filename, d.ID, o.ext)
	d.ExpiresAt = nil
	if keep > 0 {
		exp := now.Add(keep)
		d.ExpiresAt = &exp
	}
	d.BlobKey = blobKey(d, o.ext)
}

func (s *Service) result(d *store.Document) *Result {
	link, _ := s.deps.Signer.URL(d.BlobKey, d.Filename)
	return &Result{ID: d.ID, Status: d.Status, DownloadURL: link, ExpiresAt: wire.AtPtr(d.ExpiresAt), Filename: d.Filename, Pages: d.Pages, SizeBytes: d.SizeBytes}
}

// resolve finds and compiles what r asks to render.
func (s *Service) resolve(ctx context.Context, p auth.Principal, r GenerateRequest) (*source, error) {
	switch {
	case r.TemplateID != "" && r.HTML != "":
		return nil, errs.New(errs.Validation, "send either template_id or html, not both")
	case r.TemplateID == "" && strings.TrimSpace(r.HTML) == "":
		return nil, errs.New(errs.Validation, "template_id or html is required")
	case r.HTML != "":
		if err := s.checkHTML(r.HTML); err != nil {
			return nil, err
		}
		tpl, err := s.compileRaw(r.HTML)
		if err != nil {
			return nil, err
		}
		project, err := s.rawProject(ctx, p, r.ProjectID)
		if err != nil {
			return nil, err
		}
		return &source{tpl: tpl, projectID: project}, nil
	}
	row, err := s.deps.Templates.Row(ctx, p, r.TemplateID)
	if err != nil {
		return nil, err
	}
	if row.Type != templates.TypeHTML {
		return nil, errs.New(errs.InvalidTemplateType, "template %s is a %s template: fill it with POST /v1/documents/fill", row.ID, row.Type)
	}
	tpl, err := s.cache.get(versionKey(row), func() (HTMLTemplate, error) {
		content, err := s.deps.Templates.File(ctx, row)
		if err != nil {
			return nil, err
		}
		return s.deps.Compile(string(content))
	})
	if err != nil {
		return nil, err
	}
	project, err := templateProject(r.ProjectID, row.ID, row.ProjectID)
	if err != nil {
		return nil, err
	}
	return &source{tpl: tpl, templateID: row.ID, templateName: row.Name, projectID: project}, nil
}

// compileRaw compiles the raw html of a request. HTML without a single
// "{{" prints as it is, so it skips Handlebars (whose lexer takes seconds
// over a multi-megabyte table); the rest is compiled once per source.
func (s *Service) compileRaw(html string) (HTMLTemplate, error) {
	if !strings.Contains(html, "{{") {
		return literalHTML(html), nil
	}
	compile := s.deps.CompileHTML
	if compile == nil {
		compile = s.deps.Compile
	}
	sum := sha256.Sum256([]byte(html))
	return s.cache.get("raw:"+hex.EncodeToString(sum[:]), func() (HTMLTemplate, error) { return compile(html) })
}

// literalHTML is HTML with no Handlebars in it: it renders as itself.
type literalHTML string

func (h literalHTML) Render(ctx context.Context, _ any) (string, error) { return string(h), ctx.Err() }

// versionKey names one version of a template in the compiled caches: an
// update changes UpdatedAt, so an old compilation is never served.
func versionKey(t *store.Template) string {
	return t.ID + "@" + strconv.FormatInt(t.UpdatedAt.UnixNano(), 10)
}

func dataOrEmpty(d map[string]any) map[string]any {
	if d == nil {
		return map[string]any{}
	}
	return d
}

// filename cleans a user-given name (no directories, no control characters)
// and makes sure it ends in ext; empty gives "<id><ext>".
func filename(given, id, ext string) string {
	name := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '/' || r == '\\' || r == '"' {
			return -1
		}
		return r
	}, strings.TrimSpace(given))
	name = strings.Trim(name, ". ")
	for len(name) > 200 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "" {
		name = id
	}
	if !strings.EqualFold(filepath.Ext(name), ext) {
		name += ext
	}
	return name
}
