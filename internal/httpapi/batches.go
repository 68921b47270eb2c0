package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"reflect"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/batches"
	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/webhooks"
)

const batchesPath = "/v1/batches"

// batchRequest is the JSON body of POST /v1/batches; a multipart request
// sends the same fields as form values (options as JSON text) and the
// items as a file.
type batchRequest struct {
	TemplateID    string       `json:"template_id" doc:"ID of the template every item is made from"`
	ProjectID     string       `json:"project_id,omitempty" doc:"Optional; must be the template's project"`
	Items         []any        `json:"items" doc:"The items: one object of field values each"`
	Output        string       `json:"output,omitempty" enum:"documents,merged,zip" doc:"documents (default): one document per item; merged: one PDF with an outline entry per item; zip: one zip of the items' files"`
	Filename      string       `json:"filename,omitempty" doc:"Pattern of each item's file name: {{field.path}} takes the item's value, {{@index}} its index (default <template name>-<index>)"`
	FilenameField string       `json:"filename_field,omitempty" doc:"Take each item's file name from this field of its data"`
	Options       batchOptions `json:"options,omitempty"`
	WebhookURL    string       `json:"webhook_url,omitempty" doc:"URL to receive one unsigned POST of the batch object when the batch finishes (as generate's webhook_url)"`
}

// batchOptions are the generate (HTML) or fill (PDF form, DOCX) options
// of every item, and skip_invalid.
type batchOptions struct {
	Format              string           `json:"format,omitempty" doc:"HTML: page size A4, A3, Letter, Legal (default A4)"`
	Margin              documents.Margin `json:"margin,omitempty" doc:"HTML: page margins in CSS units"`
	Landscape           bool             `json:"landscape,omitempty" doc:"HTML: landscape orientation"`
	Header              string           `json:"header,omitempty" doc:"HTML: header on every page of each item"`
	Footer              string           `json:"footer,omitempty" doc:"HTML: footer on every page of each item (page numbers count per item)"`
	Tagged              bool             `json:"tagged,omitempty" doc:"HTML: tagged PDFs"`
	Flatten             bool             `json:"flatten,omitempty" doc:"PDF forms: flatten"`
	IgnoreUnknownFields bool             `json:"ignore_unknown_fields,omitempty" doc:"PDF forms: skip data keys that are not fields"`
	DOCXOutput          string           `json:"output,omitempty" enum:"docx,pdf" doc:"DOCX templates: docx (default) or pdf"`
	SkipInvalid         bool             `json:"skip_invalid,omitempty" doc:"Record invalid items as failed and make the others, instead of refusing the batch"`
}

func (o batchOptions) domain() documents.BatchOptions {
	return documents.BatchOptions{
		Generate: documents.GenerateOptions{Format: o.Format, Landscape: o.Landscape, Margin: o.Margin, Header: o.Header, Footer: o.Footer, Tagged: o.Tagged},
		Fill:     documents.FillOptions{Flatten: o.Flatten, IgnoreUnknownFields: o.IgnoreUnknownFields, Output: o.DOCXOutput},
	}
}

// createBatchInput is read by Resolve: a JSON body or a multipart form,
// which huma's typed bodies cannot both be.
type createBatchInput struct {
	body        []byte
	contentType string
	form        *multipart.Form
}

// Resolve takes the Content-Type (JSON or multipart), which the client
// sets with the body rather than as a parameter, and the multipart form,
// which refuseBadText had huma parse already.
func (in *createBatchInput) Resolve(ctx huma.Context) []error {
	in.contentType = ctx.Header("Content-Type")
	if media, _, _ := mime.ParseMediaType(in.contentType); media == "multipart/form-data" {
		form, err := ctx.GetMultipartForm()
		if err != nil {
			return []error{errs.New(errs.Validation, "cannot read the multipart form: %v", err)}
		}
		in.form = form
		return nil
	}
	body, err := io.ReadAll(ctx.BodyReader())
	if err != nil {
		return []error{bodyReadError(err)}
	}
	in.body = body
	return nil
}

type batchIDInput struct {
	ID string `path:"id" doc:"Batch id (bat_…)"`
}

type listBatchesInput struct {
	Limit  int `query:"limit" default:"50" minimum:"1" maximum:"1000" doc:"Maximum number of results"`
	Offset int `query:"offset" default:"0" minimum:"0" doc:"Pagination offset"`
}

type batchItemsInput struct {
	ID     string `path:"id" doc:"Batch id (bat_…)"`
	Limit  int    `query:"limit" default:"100" minimum:"1" maximum:"1000" doc:"Maximum number of items"`
	Offset int    `query:"offset" default:"0" minimum:"0" doc:"Pagination offset"`
	Status string `query:"status" enum:"pending,completed,failed,canceled" doc:"Only items of this status"`
}

type batchOutput struct {
	Status int
	Body   *batches.Batch
}

func registerBatches(api huma.API, svc *batches.Service, maxBody int64, hooks *webhooks.Service) {
	tags := []string{"Batches"}
	op := huma.Operation{
		OperationID: "create-batch", Method: http.MethodPost, Path: batchesPath, Tags: tags,
		Summary: "Make many documents of one template",
		Description: "JSON with `items`, or multipart with `file` (.json array, .jsonl/.ndjson, .csv with a header row; dotted headers nest, " +
			"values typed by the template's fields) and the other fields as form values (`options` as JSON text). Every item is checked " +
			"against the template's fields before anything renders (400 naming `items[i].field`, unless `options.skip_invalid`); the quota " +
			"of all items is taken at once or the batch is refused (429, saying how many documents are left). Answers 202 with the batch; " +
			"follow it with GET /v1/batches/{id}.",
		DefaultStatus: http.StatusAccepted, MaxBodyBytes: maxBody,
		RequestBody: &huma.RequestBody{Content: map[string]*huma.MediaType{
			"application/json":    {Schema: api.OpenAPI().Components.Schemas.Schema(reflect.TypeFor[batchRequest](), true, "CreateBatchRequest")},
			"multipart/form-data": {Schema: batchFormSchema()},
		}},
	}
	register(api, needs(auth.PermDocumentsWrite), op, func(ctx context.Context, in *createBatchInput) (*batchOutput, error) {
		r, err := batchCreateRequest(in)
		if err != nil {
			return nil, fail(ctx, err)
		}
		hookCtx, err := withRequestHook(ctx, hooks, r.WebhookURL)
		if err != nil {
			return nil, err
		}
		r.WebhookURL = webhooks.RequestURL(hookCtx)
		b, err := svc.Create(ctx, principal(ctx), r)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &batchOutput{Status: http.StatusAccepted, Body: b}, nil
	})
	register(api, needs(auth.PermDocumentsRead), huma.Operation{
		OperationID: "list-batches", Method: http.MethodGet, Path: batchesPath, Tags: tags,
		Summary: "List batches", Description: "Newest first, with the total count; API keys see their mode's batches.",
	}, func(ctx context.Context, in *listBatchesInput) (*body[*batches.BatchPage], error) {
		return reply(svc.List(ctx, principal(ctx), in.Limit, in.Offset))
	})
	register(api, needs(auth.PermDocumentsRead), huma.Operation{
		OperationID: "get-batch", Method: http.MethodGet, Path: batchesPath + "/{id}", Tags: tags,
		Summary: "Get a batch", Description: "Its status, counts, progress, first errors and, for merged and zip, its result. 404 BATCH_NOT_FOUND for another account's batch.",
	}, func(ctx context.Context, in *batchIDInput) (*body[*batches.Batch], error) {
		return reply(svc.Get(ctx, principal(ctx), in.ID))
	})
	register(api, needs(auth.PermDocumentsRead), huma.Operation{
		OperationID: "list-batch-items", Method: http.MethodGet, Path: batchesPath + "/{id}/items", Tags: tags,
		Summary: "List a batch's items", Description: "In index order: each one's status, document and download link, or error.",
	}, func(ctx context.Context, in *batchItemsInput) (*body[*batches.BatchItemsPage], error) {
		return reply(svc.Items(ctx, principal(ctx), in.ID, in.Status, in.Limit, in.Offset))
	})
	register(api, needs(auth.PermDocumentsWrite), huma.Operation{
		OperationID: "cancel-batch", Method: http.MethodDelete, Path: batchesPath + "/{id}", Tags: tags,
		Summary: "Cancel a batch", Description: "Cancels its pending items (made ones stay, their quota counted; the others' is given back). 409 BATCH_FINISHED for a finished batch.",
	}, func(ctx context.Context, in *batchIDInput) (*body[*batches.Batch], error) {
		return reply(svc.Cancel(ctx, principal(ctx), in.ID))
	})
}

// batchFormSchema describes the multipart form of POST /v1/batches.
func batchFormSchema() *huma.Schema {
	text := func(doc string) *huma.Schema { return &huma.Schema{Type: "string", Description: doc} }
	return &huma.Schema{Type: "object", Required: []string{"template_id", "file"}, Properties: map[string]*huma.Schema{
		"file":           {Type: "string", Format: "binary", Description: "The items: .json (an array), .jsonl/.ndjson or .csv"},
		"template_id":    text("ID of the template"),
		"project_id":     text("Optional; must be the template's project"),
		"output":         text("documents, merged or zip"),
		"filename":       text("Pattern of each item's file name"),
		"filename_field": text("Take each item's file name from this field"),
		"options":        text("The options object as JSON text"),
		"webhook_url":    text("URL to receive the batch object once, when the batch finishes"),
	}}
}

// batchCreateRequest reads a JSON or multipart request.
func batchCreateRequest(in *createBatchInput) (batches.CreateRequest, error) {
	form := in.form
	if form == nil {
		var r batchRequest
		if err := json.Unmarshal(in.body, &r); err != nil {
			return batches.CreateRequest{}, errs.New(errs.Validation, "the body is not a batch request in JSON: %v", err)
		}
		if r.Items == nil {
			return batches.CreateRequest{}, errs.New(errs.Validation, "items is required (or send the items as a file, multipart)")
		}
		return r.domain(nil, ""), nil
	}
	value := func(name string) string {
		if v := form.Value[name]; len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
		return ""
	}
	r := batchRequest{TemplateID: value("template_id"), ProjectID: value("project_id"), Output: value("output"),
		Filename: value("filename"), FilenameField: value("filename_field"), WebhookURL: value("webhook_url")}
	if o := value("options"); o != "" {
		if err := json.Unmarshal([]byte(o), &r.Options); err != nil {
			return batches.CreateRequest{}, errs.New(errs.Validation, "options is not a JSON object: %v", err)
		}
	}
	files := form.File["file"]
	if len(files) == 0 {
		return batches.CreateRequest{}, errs.New(errs.Validation, "file is required: the items as .json, .jsonl/.ndjson or .csv")
	}
	format, err := batches.FormatOf(files[0].Filename)
	if err != nil {
		return batches.CreateRequest{}, err
	}
	f, err := files[0].Open()
	if err != nil {
		return batches.CreateRequest{}, errs.Wrap(err, errs.InvalidInput, "cannot read the items file")
	}
	defer f.Close()
	content, err := io.ReadAll(f)
	if err != nil {
		return batches.CreateRequest{}, errs.Wrap(err, errs.InvalidInput, "cannot read the items file")
	}
	return r.domain(content, format), nil
}

func (r batchRequest) domain(file []byte, format string) batches.CreateRequest {
	return batches.CreateRequest{
		TemplateID: r.TemplateID, ProjectID: r.ProjectID, Output: r.Output, Filename: r.Filename, FilenameField: r.FilenameField,
		Options: r.Options.domain(), SkipInvalid: r.Options.SkipInvalid, WebhookURL: r.WebhookURL, Items: r.Items, File: file, FileFormat: format,
	}
}
