package documents

import (
	"context"
	"errors"
	"strings"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/blob"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/templates"
)

// TaskFor builds the task that makes a document from a template of any
// kind, named by id (tpl_…) or, as DokJet clients do, by name
// ("invoices/invoice"; the newest of several templates with one name):
// HTML templates are rendered with opts, PDF forms and DOCX templates
// filled (opts.Filename applies to all).
func (s *Service) TaskFor(ctx context.Context, p auth.Principal, ref string, data map[string]any, opts GenerateOptions) (Task, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return Task{}, errs.New(errs.Validation, "template_id is required")
	}
	id, typ, err := s.templateByRef(ctx, p, ref)
	if err != nil {
		return Task{}, err
	}
	if typ == templates.TypeHTML {
		return Task{Generate: &GenerateRequest{TemplateID: id, Data: data, Options: opts}}, nil
	}
	return Task{Fill: &FillRequest{TemplateID: id, Data: data, Options: FillOptions{Filename: opts.Filename}}}, nil
}

func (s *Service) templateByRef(ctx context.Context, p auth.Principal, ref string) (id, typ string, err error) {
	if strings.HasPrefix(ref, "tpl_") {
		t, err := s.deps.Templates.Get(ctx, p, ref)
		if err == nil {
			return t.ID, t.Type, nil
		}
		if errs.CodeOf(err) != errs.TemplateNotFound {
			return "", "", err
		}
		// A template may be named like an id; try names before giving up.
	}
	list, err := s.deps.Templates.List(ctx, p, "")
	if err != nil {
		return "", "", err
	}
	for _, t := range list { // newest first
		if t.Name == ref {
			return t.ID, t.Type, nil
		}
	}
	return "", "", errs.New(errs.TemplateNotFound, "no template has the id or name %q", ref)
}

// Make runs a task now, as the synchronous route of its kind would.
func (s *Service) Make(ctx context.Context, p auth.Principal, t Task) (*Result, error) {
	if t.Generate != nil {
		return s.Generate(ctx, p, *t.Generate)
	}
	if t.Fill != nil {
		return s.Fill(ctx, p, *t.Fill)
	}
	return nil, errs.New(errs.Internal, "empty task")
}

// File opens a completed document's file, as stored, for streaming; the
// caller closes it. Its content type is the document's.
func (s *Service) File(ctx context.Context, p auth.Principal, id string) (*blob.Reader, string, error) {
	d, err := s.row(ctx, p, id)
	if err != nil {
		return nil, "", err
	}
	if d.Status != StatusCompleted {
		return nil, "", errs.New(errs.DocumentNotReady, "document %s is %s", id, d.Status)
	}
	r, err := s.deps.Blobs.Open(ctx, d.BlobKey)
	if errors.Is(err, blob.ErrNotFound) {
		return nil, "", errs.New(errs.DocumentExpired, "the file of document %s was removed", id)
	}
	return r, d.ContentType, err
}
