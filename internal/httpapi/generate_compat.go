package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/usage"
)

// compatGenerateInput is DokJet's POST /v1/generate.
type compatGenerateInput struct {
	Body struct {
		TemplateID string          `json:"template_id" minLength:"1" doc:"A template id (tpl_…) or name, e.g. invoices/invoice"`
		Data       map[string]any  `json:"data,omitempty" doc:"Template variables, or form field values for PDF form and DOCX templates"`
		ReturnType string          `json:"return_type,omitempty" doc:"\"url\" for JSON {url, credits_left, response_time_ms}; anything else (default) for the file itself"`
		AsyncMode  bool            `json:"async_mode,omitempty" doc:"Answer 202 {task_id, status, check_status_url} at once and render in the background"`
		Options    generateOptions `json:"options,omitempty" doc:"Quire's generate options (format, margin, filename…), for HTML templates; filename for all"`
	}
}

// compatURLBody is DokJet's answer to return_type "url".
type compatURLBody struct {
	URL            string `json:"url"`
	CreditsLeft    *int   `json:"credits_left" nullable:"true" doc:"Documents left after this one: this month's for a live key, today's sandbox ones for a test key; null when the plan is unlimited"`
	ResponseTimeMS int64  `json:"response_time_ms"`
}

func registerCompat(api huma.API, svc *documents.Service, credits *usage.Service, maxBody int64, baseURL string) {
	register(api, needs(auth.PermDocumentsWrite), huma.Operation{
		OperationID: "dokjet-generate", Method: http.MethodPost, Path: "/v1/generate", Tags: []string{"Compatibility"},
		Summary: "Generate a document (DokJet-compatible)",
		Description: "Drop-in for DokJet's POST /v1/generate: `template_id` is a template id or name; the answer is the file itself (200), " +
			"`{url, credits_left, response_time_ms}` (200) with `return_type: \"url\"`, or `{task_id, status, check_status_url}` (202) with `async_mode: true`. " +
			"`credits_left` counts the documents left (null when the plan is unlimited).",
		MaxBodyBytes: maxBody,
		Responses: map[string]*huma.Response{
			"200": {Description: "The document (application/pdf, or DOCX for DOCX templates), or JSON for return_type url", Content: map[string]*huma.MediaType{
				"application/pdf":  {Schema: &huma.Schema{Type: "string", Format: "binary"}},
				"application/json": {Schema: api.OpenAPI().Components.Schemas.Schema(reflect.TypeFor[compatURLBody](), true, "")},
			}},
		},
	}, func(ctx context.Context, in *compatGenerateInput) (*huma.StreamResponse, error) {
		start := time.Now()
		p := principal(ctx)
		o := in.Body.Options
		task, err := svc.TaskFor(ctx, p, in.Body.TemplateID, in.Body.Data, documents.GenerateOptions{
			Format: o.Format, Landscape: o.Landscape, Margin: o.Margin, Filename: o.Filename, Header: o.Header, Footer: o.Footer,
		})
		if err != nil {
			return nil, fail(ctx, err)
		}
		returnURL := strings.EqualFold(strings.TrimSpace(in.Body.ReturnType), "url")
		if in.Body.AsyncMode {
			a, err := svc.Enqueue(ctx, p, task)
			if err != nil {
				return nil, fail(ctx, err)
			}
			return jsonOutput(http.StatusAccepted, taskBody{
				TaskState:      &documents.TaskState{TaskID: a.TaskID, Status: a.Status},
				CheckStatusURL: taskURL(baseURL, a.TaskID),
			})
		}
		res, err := svc.Make(ctx, p, task)
		if err != nil {
			return nil, fail(ctx, err)
		}
		if returnURL {
			var left *int
			if credits != nil {
				if left, err = credits.Credits(ctx, p); err != nil {
					return nil, fail(ctx, err)
				}
			}
			return jsonOutput(http.StatusOK, compatURLBody{URL: res.DownloadURL, CreditsLeft: left, ResponseTimeMS: time.Since(start).Milliseconds()})
		}
		// The file itself, streamed from storage as downloads are.
		file, contentType, err := svc.File(ctx, p, res.ID)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &huma.StreamResponse{Body: func(hc huma.Context) {
			defer file.Close()
			hc.SetHeader("Content-Type", contentType)
			hc.SetHeader("Content-Length", strconv.FormatInt(file.Size, 10))
			hc.SetHeader("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": res.Filename}))
			hc.SetStatus(http.StatusOK)
			_, _ = io.Copy(hc.BodyWriter(), file)
		}}, nil
	})
}

// jsonOutput is an answer of the compatibility route other than the file.
func jsonOutput(status int, v any) (*huma.StreamResponse, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fail(context.Background(), errs.Wrap(err, errs.Internal, "encode the answer"))
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		hc.SetHeader("Content-Type", "application/json")
		hc.SetStatus(status)
		_, _ = hc.BodyWriter().Write(b)
	}}, nil
}
