package dashboard

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/httpapi"
	"github.com/quirehq/quire/internal/render/handlebars"
)

// editorRequest is what the HTML editor sends to preview and generate.
type editorRequest struct {
	Source  string         `json:"source"`
	Data    map[string]any `json:"data"`
	Options struct {
		Format    string           `json:"format"`
		Landscape bool             `json:"landscape"`
		Margin    documents.Margin `json:"margin"`
		Header    string           `json:"header"`
		Footer    string           `json:"footer"`
		Filename  string           `json:"filename"`
	} `json:"options"`
}

func (e *editorRequest) options() documents.GenerateOptions {
	o := e.Options
	return documents.GenerateOptions{Format: o.Format, Landscape: o.Landscape, Margin: o.Margin, Header: o.Header, Footer: o.Footer, Filename: o.Filename}
}

// preview renders the editor's source as generate would print it, but
// keeps nothing and counts nothing; it is limited per person.
func (ds *Dashboard) preview(w http.ResponseWriter, r *http.Request, v *visit) error {
	if _, err := ds.d.Templates.Row(r.Context(), v.Principal, r.PathValue("id")); err != nil {
		return err
	}
	res, err := ds.d.Previews.Allow(r.Context(), "preview:"+v.Person.ID, ds.d.PreviewsPerMinute)
	if err != nil {
		return err
	}
	if !res.Allowed {
		w.Header().Set("Retry-After", strconv.Itoa(int(res.RetryAfter.Seconds())+1))
		return errs.New(errs.RateLimited, "too many previews: at most %d a minute; the preview will refresh shortly", res.Limit)
	}
	var in editorRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	pdf, pages, err := ds.d.Documents.Preview(r.Context(), in.Source, in.Data, in.options())
	if err != nil {
		return editorError(w, r, err)
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("X-Quire-Pages", strconv.Itoa(pages))
	_, _ = w.Write(pdf)
	return nil
}

// editorError answers a template error with where it is, so the editor
// can mark the line and column.
func editorError(w http.ResponseWriter, r *http.Request, err error) error {
	var se *handlebars.SyntaxError
	if !errors.As(err, &se) {
		return err
	}
	type located struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Line    int    `json:"line"`
		Column  int    `json:"column"`
	}
	return writeJSON(w, httpapi.StatusOf(r, err), map[string]located{"error": {
		Code: errs.CodeOf(err), Message: se.Error(), Line: se.Line, Column: se.Column,
	}})
}

// generate makes a real document from the saved template: stored,
// counted and billed like POST /v1/generate.
func (ds *Dashboard) generate(w http.ResponseWriter, r *http.Request, v *visit) error {
	var in editorRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	res, err := ds.d.Documents.Generate(r.Context(), v.Principal, documents.GenerateRequest{
		TemplateID: r.PathValue("id"), Data: in.Data, Options: in.options(),
	})
	if err != nil {
		return editorError(w, r, err)
	}
	return writeJSON(w, http.StatusCreated, documentLink(res))
}

func documentLink(res *documents.Result) map[string]any {
	return map[string]any{"id": res.ID, "filename": res.Filename, "pages": res.Pages,
		"download": Prefix + "/documents/" + res.ID + "/download"}
}
