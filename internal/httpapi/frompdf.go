package httpapi

import (
	"context"
	"io"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/templates"
)

type fromPDFForm struct {
	File      huma.FormFile `form:"file" required:"true" contentType:"application/pdf,application/octet-stream" doc:"A static PDF (max 32 MB)"`
	Name      string        `form:"name" required:"false" doc:"Template name (default: the file name without .pdf)"`
	ProjectID string        `form:"project_id" required:"false" doc:"Project to put the template in (default: your key's only project, else the default project)"`
}

type fromPDFInput struct {
	RawBody huma.MultipartFormFiles[fromPDFForm]
}

const fromPDFPath = "/v1/templates/from-pdf"

// fromPDFBodyLimit is the largest PDF read: twice the PDF limit, so an
// oversized PDF gets the reference's PDF_TOO_LARGE rather than a bare 413.
func fromPDFBodyLimit(maxUpload int64) int64 { return max(maxUpload, 2*templates.MaxPDFBytes) }

// registerFromPDF adds POST /v1/templates/from-pdf, registered like the
// template upload (same security and templates:write permission).
func registerFromPDF(api huma.API, svc *templates.Service, maxUpload int64) {
	maxBody := fromPDFBodyLimit(maxUpload)
	register(api, needs(auth.PermTemplatesWrite), huma.Operation{
		OperationID: "create-template-from-pdf", Method: http.MethodPost, Path: fromPDFPath, Tags: []string{"Templates"},
		Summary: "Make an HTML template from a static PDF",
		Description: "Multipart upload of `file` (a PDF, at most 32 MB) and optional `name`. The PDF's text, fonts, rules, boxes and images are laid out " +
			"again in HTML; labelled values, dates, amounts, emails, phone numbers, blanks, check boxes and repeated table rows become fields. " +
			"`analysis.sample_data` renders the template back into the original. Offline and deterministic; see docs/from-pdf.md. " +
			"A scan keeps its page image as the background (its OCR text, if any, invisible on top; `analysis.scan` is `ocr` or `image`). " +
			"400 PDF_TOO_LARGE, INVALID_PDF, PDF_ENCRYPTED or PDF_NO_TEXT (blank pages: no text and nothing drawn) when the PDF cannot be converted.",
		DefaultStatus: http.StatusCreated, MaxBodyBytes: maxBody,
	}, func(ctx context.Context, in *fromPDFInput) (*body[*templates.FromPDF], error) {
		form := in.RawBody.Data()
		pdf, err := io.ReadAll(io.LimitReader(form.File, templates.MaxPDFBytes+1))
		if err != nil {
			return nil, fail(ctx, errs.Wrap(err, errs.InvalidInput, "cannot read the uploaded file"))
		}
		return reply(svc.CreateFromPDF(ctx, principal(ctx), form.ProjectID, form.Name, form.File.Filename, pdf))
	})
}
