package documents

import (
	"context"
	"strings"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/templates"
)

// FillRequest fills a PDF form or DOCX template with data.
type FillRequest struct {
	TemplateID string
	ProjectID  string // optional; must be the template's project
	Data       map[string]any
	Options    FillOptions
}

// FillOptions shape a fill.
type FillOptions struct {
	Flatten             bool   // PDF forms: draw the values into the pages and drop the form
	IgnoreUnknownFields bool   // skip data keys that are not fields instead of failing
	Filename            string // output file name
	Output              string // DOCX only: "docx" (default) or "pdf" (through LibreOffice)
}

const docxContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// Fill makes a document from a pdf_form or docx template: a PDF for forms, a
// DOCX (or, on request, a PDF) for DOCX templates.
func (s *Service) Fill(ctx context.Context, p auth.Principal, r FillRequest) (*Result, error) {
	return s.metered(ctx, p, kindFill, func() (output, error) { return s.fillTemplate(ctx, p, r) })
}

// fillTemplate fills r's template: the part of Fill that async workers run too.
func (s *Service) fillTemplate(ctx context.Context, p auth.Principal, r FillRequest) (output, error) {
	if r.TemplateID == "" {
		return output{}, errs.New(errs.Validation, "template_id is required")
	}
	row, err := s.deps.Templates.Row(ctx, p, r.TemplateID)
	if err != nil {
		return output{}, err
	}
	project, err := templateProject(r.ProjectID, row.ID, row.ProjectID)
	if err != nil {
		return output{}, err
	}
	out := output{templateID: row.ID, templateName: row.Name, projectID: project, filename: r.Options.Filename}
	// The in-process phases answer within the render timeout; LibreOffice
	// has its own (QUIRE_OFFICE_TIMEOUT) and gets the request's context.
	phases, cancel := s.renderDeadline(ctx)
	defer func() { cancel() }()
	data := dataOrEmpty(r.Data)
	if err := s.deps.DataLimits.check(data); err != nil {
		return output{}, err
	}
	switch row.Type {
	case templates.TypePDFForm:
		if r.Options.Output != "" && !strings.EqualFold(r.Options.Output, "pdf") {
			return output{}, errs.New(errs.Validation, "options.output %q: a PDF form always gives a PDF", r.Options.Output)
		}
		content, err := s.deps.Templates.File(ctx, row)
		if err != nil {
			return output{}, err
		}
		if out.data, err = bounded(phases, func() ([]byte, error) {
			return s.deps.FillForm(content, data, r.Options.Flatten, r.Options.IgnoreUnknownFields)
		}); err != nil {
			return output{}, s.renderFailure(phases, err)
		}
		out.contentType, out.ext = "application/pdf", ".pdf"
	case templates.TypeDOCX:
		if r.Options.Flatten {
			return output{}, errs.New(errs.Validation, "options.flatten applies to PDF forms only")
		}
		tpl, err := s.docxCache.get(versionKey(row), func() (DOCXTemplate, error) {
			content, err := s.deps.Templates.File(ctx, row)
			if err != nil {
				return nil, err
			}
			return s.deps.ParseDOCX(content)
		})
		if err != nil {
			return output{}, err
		}
		if out.data, err = bounded(phases, func() ([]byte, error) { return tpl.Fill(data) }); err != nil {
			return output{}, s.renderFailure(phases, err)
		}
		out.contentType, out.ext = docxContentType, ".docx"
		switch strings.ToLower(r.Options.Output) {
		case "", "docx":
		case "pdf":
			if s.deps.DOCXToPDF == nil {
				return output{}, errs.New(errs.Validation, "options.output \"pdf\" needs LibreOffice on the server: install the Debian package libreoffice-writer-nogui")
			}
			if out.data, err = s.deps.DOCXToPDF(ctx, out.data); err != nil {
				return output{}, err
			}
			// What follows the conversion gets its own render timeout.
			cancel()
			phases, cancel = s.renderDeadline(ctx)
			out.contentType, out.ext = "application/pdf", ".pdf"
		default:
			return output{}, errs.New(errs.Validation, "options.output must be \"docx\" or \"pdf\"")
		}
	default:
		return output{}, errs.New(errs.InvalidTemplateType, "template %s is an %s template: render it with POST /v1/documents/generate", row.ID, row.Type)
	}
	if out.contentType == "application/pdf" {
		n, err := bounded(phases, func() (int, error) { return s.deps.Pages(out.data) })
		if err != nil {
			if phases.Err() != nil {
				return output{}, s.renderFailure(phases, err)
			}
			return output{}, errs.Wrap(err, errs.RenderFailed, "the filled PDF cannot be read back")
		}
		out.pages = &n
	}
	return s.markSandbox(phases, p, out)
}
