package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/webhooks"
)

type generateInput struct {
	Body struct {
		TemplateID string          `json:"template_id,omitempty" doc:"ID of an html template (or send html)"`
		HTML       string          `json:"html,omitempty" doc:"Raw HTML/Handlebars source, instead of template_id"`
		ProjectID  string          `json:"project_id,omitempty" doc:"Project of a raw-HTML document (default: your key's only project, else the default project); with template_id, the template's project"`
		Data       map[string]any  `json:"data,omitempty" doc:"Template variables passed to Handlebars"`
		Options    generateOptions `json:"options,omitempty"`
	}
}

// generateOptions shape the PDF of a generate request.
type generateOptions struct {
	Format     string           `json:"format,omitempty" doc:"Page size: A4, A3, Letter, Legal; it wins over the template's CSS @page size. Default: the template's @page size (templates made from PDFs declare theirs), else A4"`
	Margin     documents.Margin `json:"margin,omitempty" doc:"Page margins in CSS units, e.g. {\"top\":\"20mm\"}"`
	Landscape  bool             `json:"landscape,omitempty" doc:"Landscape orientation"`
	Filename   string           `json:"filename,omitempty" doc:"Output file name"`
	Header     string           `json:"header,omitempty" doc:"Header HTML on every page; <span class=\"pageNumber\"></span> and <span class=\"totalPages\"></span> are filled in"`
	Footer     string           `json:"footer,omitempty" doc:"Footer HTML on every page, same placeholders as header"`
	Tagged     bool             `json:"tagged,omitempty" doc:"Tagged PDF with a document outline (PDF/UA-oriented); larger files. Default: untagged, no outline"`
	WebhookURL string           `json:"webhook_url,omitempty" doc:"URL to receive a one-time POST with the document response (fire-and-forget, unsigned)"`
	Async      bool             `json:"async,omitempty" doc:"Answer 202 with a task at once and render in the background; follow it at check_status_url"`
	FacturX    *facturXOption   `json:"facturx,omitempty" doc:"Make the PDF a Factur-X / ZUGFeRD e-invoice (PDF/A-3b, EN 16931 profile) carrying the CII XML of invoice"`
}

type fillInput struct {
	Body struct {
		TemplateID string         `json:"template_id" minLength:"1" doc:"ID of a pdf_form or docx template"`
		ProjectID  string         `json:"project_id,omitempty" doc:"Optional; the document goes to the template's project, which this must name"`
		Data       map[string]any `json:"data,omitempty" doc:"Field names to values (string, number or boolean; arrays and objects for DOCX loops)"`
		Options    fillOptions    `json:"options,omitempty"`
	}
}

// fillOptions shape the output of a fill request.
type fillOptions struct {
	Flatten             bool   `json:"flatten,omitempty" doc:"PDF forms: draw the values into the pages and remove the form (default false)"`
	Filename            string `json:"filename,omitempty" doc:"Output file name"`
	IgnoreUnknownFields bool   `json:"ignore_unknown_fields,omitempty" doc:"Skip data keys that are not fields of the form instead of failing"`
	Output              string `json:"output,omitempty" enum:"docx,pdf" doc:"DOCX templates: docx (default) or pdf (needs LibreOffice on the server)"`
	WebhookURL          string `json:"webhook_url,omitempty" doc:"URL to receive a one-time POST with the document response (fire-and-forget, unsigned)"`
	Async               bool   `json:"async,omitempty" doc:"Answer 202 with a task at once and fill in the background; follow it at check_status_url"`
}

type listDocumentsInput struct {
	Limit      int    `query:"limit" default:"50" minimum:"1" maximum:"1000" doc:"Maximum number of results"`
	Offset     int    `query:"offset" default:"0" minimum:"0" doc:"Pagination offset"`
	Status     string `query:"status" enum:"pending,processing,completed,failed,expired" doc:"Filter by status"`
	TemplateID string `query:"template_id" doc:"Filter by template id"`
	ProjectID  string `query:"project_id" doc:"Filter by project id"`
	Mode       string `query:"mode" enum:"live,test" doc:"Filter by mode (people only: an API key always sees just its own mode's documents)"`
}

type documentIDInput struct {
	ID string `path:"id" doc:"Document id (doc_…)"`
}

func registerDocuments(api huma.API, svc *documents.Service, maxBody int64, hooks *webhooks.Service, baseURL string) {
	tags := []string{"Documents"}
	generate := func(ctx context.Context, in *generateInput) (*createdOutput, error) {
		o := in.Body.Options
		ctx, err := withRequestHook(ctx, hooks, o.WebhookURL)
		if err != nil {
			return nil, err
		}
		req := documents.GenerateRequest{
			TemplateID: in.Body.TemplateID, ProjectID: in.Body.ProjectID, HTML: in.Body.HTML, Data: in.Body.Data,
			Options: documents.GenerateOptions{Format: o.Format, Landscape: o.Landscape, Margin: o.Margin, Filename: o.Filename, Header: o.Header, Footer: o.Footer, Tagged: o.Tagged},
		}
		if req.EInvoice, err = eInvoice(o.FacturX); err != nil {
			return nil, fail(ctx, err)
		}
		if o.Async {
			return accepted(baseURL)(svc.Enqueue(ctx, principal(ctx), documents.Task{Generate: &req, WebhookURL: o.WebhookURL}))
		}
		return created(svc.Generate(ctx, principal(ctx), req))
	}
	register(api, needs(auth.PermDocumentsWrite), huma.Operation{
		OperationID: "generate-document", Method: http.MethodPost, Path: "/v1/documents/generate", Tags: tags,
		Summary: "Render an HTML template (or raw HTML) to PDF",
		Description: "Renders Handlebars with `data` and prints it with Chromium. Answers 201 with a signed download URL valid for 24 hours, " +
			"or with `options.async` 202 with `{task_id, status, check_status_url}`.",
		DefaultStatus: http.StatusCreated, MaxBodyBytes: maxBody,
	}, generate)
	// Pdflet's route: POST /api/v1/pdf/ with {"html": …}. Its documentation
	// shows the request only, so it answers as generate does.
	for i, path := range []string{"/api/v1/pdf/", "/api/v1/pdf"} {
		register(api, needs(auth.PermDocumentsWrite), huma.Operation{
			OperationID: []string{"generate-pdf-pdflet", "generate-pdf-pdflet-noslash"}[i], Method: http.MethodPost, Path: path, Tags: tags,
			Summary:       "Render raw HTML to PDF (Pdflet-compatible route)",
			Description:   "The same request and answer as POST /v1/documents/generate, at the path Pdflet clients use.",
			DefaultStatus: http.StatusCreated, MaxBodyBytes: maxBody, Hidden: i > 0,
		}, generate)
	}
	register(api, needs(auth.PermDocumentsWrite), huma.Operation{
		OperationID: "fill-document", Method: http.MethodPost, Path: "/v1/documents/fill", Tags: tags,
		Summary: "Fill a PDF form or DOCX template",
		Description: "Values are checked against the form's field types; unknown field names are an error unless `options.ignore_unknown_fields`. " +
			"PDF forms give a PDF (flattened on request); DOCX templates give a DOCX (`pages` is null) or, with `options.output: \"pdf\"`, a PDF. " +
			"With `options.async`: 202 with `{task_id, status, check_status_url}`.",
		DefaultStatus: http.StatusCreated, MaxBodyBytes: maxBody,
	}, func(ctx context.Context, in *fillInput) (*createdOutput, error) {
		o := in.Body.Options
		ctx, err := withRequestHook(ctx, hooks, o.WebhookURL)
		if err != nil {
			return nil, err
		}
		req := documents.FillRequest{
			TemplateID: in.Body.TemplateID, ProjectID: in.Body.ProjectID, Data: in.Body.Data,
			Options: documents.FillOptions{Flatten: o.Flatten, Filename: o.Filename, IgnoreUnknownFields: o.IgnoreUnknownFields, Output: o.Output},
		}
		if o.Async {
			return accepted(baseURL)(svc.Enqueue(ctx, principal(ctx), documents.Task{Fill: &req, WebhookURL: o.WebhookURL}))
		}
		return created(svc.Fill(ctx, principal(ctx), req))
	})
	register(api, needs(auth.PermDocumentsRead), huma.Operation{
		OperationID: "list-documents", Method: http.MethodGet, Path: "/v1/documents", Tags: tags,
		Summary: "List documents", Description: "Newest first, with the total count of matching documents.",
	}, func(ctx context.Context, in *listDocumentsInput) (*body[*documents.Page], error) {
		f := store.DocumentFilter{Status: in.Status, TemplateID: in.TemplateID, Mode: in.Mode, Limit: in.Limit, Offset: in.Offset}
		if in.ProjectID != "" {
			f.ProjectIDs = []string{in.ProjectID}
		}
		return reply(svc.List(ctx, principal(ctx), f))
	})
	register(api, needs(auth.PermDocumentsRead), huma.Operation{
		OperationID: "get-document", Method: http.MethodGet, Path: "/v1/documents/{id}", Tags: tags,
		Summary: "Get a document",
	}, func(ctx context.Context, in *documentIDInput) (*body[*documents.Document], error) {
		return reply(svc.Get(ctx, principal(ctx), in.ID))
	})
	register(api, needs(auth.PermDocumentsRead), huma.Operation{
		OperationID: "download-document", Method: http.MethodGet, Path: "/v1/documents/{id}/download", Tags: tags,
		Summary: "Get a fresh signed download URL", Description: "Valid for 24 hours. 410 DOCUMENT_EXPIRED once the document has expired.",
	}, func(ctx context.Context, in *documentIDInput) (*body[*documents.Link], error) {
		return reply(svc.Download(ctx, principal(ctx), in.ID))
	})
	register(api, needs(auth.PermDocumentsWrite), huma.Operation{
		OperationID: "delete-document", Method: http.MethodDelete, Path: "/v1/documents/{id}", Tags: tags,
		Summary: "Delete a document and its file",
	}, func(ctx context.Context, in *documentIDInput) (*body[deleted], error) {
		if err := svc.Delete(ctx, principal(ctx), in.ID); err != nil {
			return nil, fail(ctx, err)
		}
		return &body[deleted]{Body: deleted{Deleted: true}}, nil
	})
}
