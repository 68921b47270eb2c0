package httpapi

import (
	"context"
	"io"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/render"
	"github.com/quirehq/quire/internal/templates"
)

type uploadForm struct {
	File huma.FormFile `form:"file" required:"true" contentType:"text/html,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/octet-stream,text/plain" doc:"HTML (.html, .hbs, .handlebars), PDF form (.pdf) or DOCX (.docx)"`
	Name string        `form:"name" required:"false" doc:"Human-readable template name (default: the file name)"`
	// ProjectID is optional; without it the template goes to the key's only project, else the default project.
	ProjectID string `form:"project_id" required:"false" doc:"Project to put the template in (default: your key's only project, else the default project)"`
}

type uploadInput struct {
	RawBody huma.MultipartFormFiles[uploadForm]
}

type templateIDInput struct {
	ID string `path:"id" doc:"Template id (tpl_…)"`
}

type fieldsBody struct {
	Fields []render.Field `json:"fields"`
}

type setFieldsInput struct {
	ID   string `path:"id"`
	Body struct {
		Fields []render.Field `json:"fields" minItems:"1" doc:"{name, type} pairs; names must exist"`
	}
}

type updateTemplateInput struct {
	ID   string `path:"id"`
	Body struct {
		Name       *string        `json:"name,omitempty" doc:"New name"`
		Content    *string        `json:"content,omitempty" doc:"New HTML source (html templates only); fields are extracted again"`
		SampleData map[string]any `json:"sample_data,omitempty" doc:"Example data to keep with the template (a JSON object, at most 256 KiB); {} removes it"`
	}
}

type listTemplatesInput struct {
	ProjectID string `query:"project_id" doc:"Filter by project id"`
}

type templateList struct {
	Data []templates.Summary `json:"data"`
}

type contentBody struct {
	Content string `json:"content"`
}

// registerTemplates registers the template operations. HTML content is
// bounded by the template service (QUIRE_MAX_TEMPLATE_BYTES) whether it is
// uploaded or sent with PUT; maxUpdate is the body limit of PUT.
func registerTemplates(api huma.API, svc *templates.Service, maxUpload, maxUpdate int64) {
	tags := []string{"Templates"}
	register(api, needs(auth.PermTemplatesWrite), huma.Operation{
		OperationID: "create-template", Method: http.MethodPost, Path: "/v1/templates", Tags: tags,
		Summary:       "Upload a template",
		Description:   "Multipart upload of `file` and `name`. Fields are detected from the file; Handlebars syntax errors and unknown helpers are refused with their line and column.",
		DefaultStatus: http.StatusCreated, MaxBodyBytes: maxUpload,
	}, func(ctx context.Context, in *uploadInput) (*body[*templates.Template], error) {
		form := in.RawBody.Data()
		content, err := io.ReadAll(io.LimitReader(form.File, maxUpload+1))
		if err != nil {
			return nil, fail(ctx, errs.Wrap(err, errs.InvalidInput, "cannot read the uploaded file"))
		}
		if int64(len(content)) > maxUpload {
			return nil, fail(ctx, errs.New(errs.PayloadTooLarge, "the file is larger than %d bytes (QUIRE_MAX_UPLOAD_BYTES)", maxUpload))
		}
		return reply(svc.Create(ctx, principal(ctx), form.ProjectID, form.Name, form.File.Filename, content))
	})
	registerFromPDF(api, svc, maxUpload)
	register(api, needs(auth.PermTemplatesRead), huma.Operation{
		OperationID: "list-templates", Method: http.MethodGet, Path: "/v1/templates", Tags: tags,
		Summary: "List templates", Description: "Newest first, of the projects you may see.",
	}, func(ctx context.Context, in *listTemplatesInput) (*body[templateList], error) {
		list, err := svc.List(ctx, principal(ctx), in.ProjectID)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &body[templateList]{Body: templateList{Data: list}}, nil
	})
	register(api, needs(auth.PermTemplatesRead), huma.Operation{
		OperationID: "get-template", Method: http.MethodGet, Path: "/v1/templates/{id}", Tags: tags,
		Summary: "Get a template with its fields",
	}, func(ctx context.Context, in *templateIDInput) (*body[*templates.Template], error) {
		return reply(svc.Get(ctx, principal(ctx), in.ID))
	})
	register(api, needs(auth.PermTemplatesRead), huma.Operation{
		OperationID: "get-template-fields", Method: http.MethodGet, Path: "/v1/templates/{id}/fields", Tags: tags,
		Summary: "Get a template's fields",
	}, func(ctx context.Context, in *templateIDInput) (*body[fieldsBody], error) {
		t, err := svc.Get(ctx, principal(ctx), in.ID)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &body[fieldsBody]{Body: fieldsBody{Fields: t.Fields}}, nil
	})
	register(api, needs(auth.PermTemplatesWrite), huma.Operation{
		OperationID: "set-template-fields", Method: http.MethodPut, Path: "/v1/templates/{id}/fields", Tags: tags,
		Summary: "Change field types", Description: "Field names cannot be changed, only their types.",
	}, func(ctx context.Context, in *setFieldsInput) (*body[fieldsBody], error) {
		fields, err := svc.SetFieldTypes(ctx, principal(ctx), in.ID, in.Body.Fields)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &body[fieldsBody]{Body: fieldsBody{Fields: fields}}, nil
	})
	register(api, needs(auth.PermTemplatesRead), huma.Operation{
		OperationID: "get-template-content", Method: http.MethodGet, Path: "/v1/templates/{id}/content", Tags: tags,
		Summary: "Get an HTML template's source", Description: "400 INVALID_TEMPLATE_TYPE for PDF form and DOCX templates.",
	}, func(ctx context.Context, in *templateIDInput) (*body[contentBody], error) {
		c, err := svc.Content(ctx, principal(ctx), in.ID)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &body[contentBody]{Body: contentBody{Content: c}}, nil
	})
	register(api, needs(auth.PermTemplatesWrite), huma.Operation{
		OperationID: "update-template", Method: http.MethodPut, Path: "/v1/templates/{id}", Tags: tags,
		Summary: "Rename a template, replace its HTML or its sample data", MaxBodyBytes: maxUpdate,
		Description: "New content is checked as an upload is, with the same limits (400 TEMPLATE_TOO_LARGE, TEMPLATE_TOO_COMPLEX).",
	}, func(ctx context.Context, in *updateTemplateInput) (*body[*templates.Template], error) {
		return reply(svc.Update(ctx, principal(ctx), in.ID, templates.Patch{Name: in.Body.Name, Content: in.Body.Content, SampleData: in.Body.SampleData}))
	})
	register(api, needs(auth.PermTemplatesWrite), huma.Operation{
		OperationID: "delete-template", Method: http.MethodDelete, Path: "/v1/templates/{id}", Tags: tags,
		Summary: "Delete a template and its file",
	}, func(ctx context.Context, in *templateIDInput) (*body[deleted], error) {
		if err := svc.Delete(ctx, principal(ctx), in.ID); err != nil {
			return nil, fail(ctx, err)
		}
		return &body[deleted]{Body: deleted{Deleted: true}}, nil
	})
}
