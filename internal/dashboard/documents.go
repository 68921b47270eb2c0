package dashboard

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/projects"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/templates"
)

const documentsPerPage = 20

type documentsData struct {
	Page      *documents.Page
	Filter    url.Values
	Statuses  []string
	Templates []templates.Summary
	Projects  []projects.Project
	Prev      string // query of the previous page, "" on the first
	Next      string
	Pending   bool // some documents are still being made: the page refreshes
}

func (ds *Dashboard) documentsPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	q := r.URL.Query()
	f := store.DocumentFilter{Status: q.Get("status"), TemplateID: q.Get("template"), Limit: documentsPerPage}
	if p := q.Get("project"); p != "" {
		f.ProjectIDs = []string{p}
	}
	var err error
	if f.CreatedFrom, err = day(q.Get("from"), 0); err != nil {
		return err
	}
	if f.CreatedBefore, err = day(q.Get("to"), 1); err != nil { // through that day
		return err
	}
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	f.Offset = max(f.Offset, 0)
	if f.Status != "" && !containsString(documents.Statuses, f.Status) {
		return errs.New(errs.Validation, "unknown status %q", f.Status)
	}
	page, err := ds.d.Documents.List(r.Context(), v.Principal, f)
	if err != nil {
		return err
	}
	tpls, err := ds.d.Templates.List(r.Context(), v.Principal, "")
	if err != nil {
		return err
	}
	ps, err := ds.d.Projects.List(r.Context(), v.Principal)
	if err != nil {
		return err
	}
	data := documentsData{Page: page, Filter: q, Statuses: documents.Statuses, Templates: tpls, Projects: ps}
	at := func(offset int) string {
		c := url.Values{}
		for k, vals := range q {
			c[k] = vals
		}
		c.Set("offset", strconv.Itoa(offset))
		return "?" + c.Encode()
	}
	if f.Offset > 0 {
		data.Prev = at(max(f.Offset-documentsPerPage, 0))
	}
	if f.Offset+len(page.Data) < page.Total {
		data.Next = at(f.Offset + documentsPerPage)
	}
	for _, d := range page.Data {
		if d.Status == documents.StatusPending || d.Status == documents.StatusProcessing {
			data.Pending = true
		}
	}
	ds.views.render(w, http.StatusOK, "documents", v, data)
	return nil
}

// day parses a date filter (YYYY-MM-DD, UTC) plus add days; "" is zero.
func day(value string, add int) (time.Time, error) {
	if value == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse("2006-01-02", value)
	if err != nil {
		return time.Time{}, errs.New(errs.Validation, "dates are YYYY-MM-DD, not %q", value)
	}
	return d.AddDate(0, 0, add), nil
}

// download sends a document's file through the session (no signed link
// needed in the browser).
func (ds *Dashboard) download(w http.ResponseWriter, r *http.Request, v *visit) error {
	id := r.PathValue("id")
	d, err := ds.d.Documents.Get(r.Context(), v.Principal, id)
	if err != nil {
		return err
	}
	file, contentType, err := ds.d.Documents.File(r.Context(), v.Principal, id)
	if err != nil {
		return err
	}
	defer file.Close()
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Filename}))
	w.Header().Set("Content-Length", strconv.FormatInt(file.Size, 10))
	_, _ = io.Copy(w, file)
	return nil
}

func (ds *Dashboard) deleteDocument(w http.ResponseWriter, r *http.Request, v *visit) error {
	if err := ds.d.Documents.Delete(r.Context(), v.Principal, r.PathValue("id")); err != nil {
		return err
	}
	return ds.redirect(w, r, Prefix+"/documents", "The document was deleted.")
}

// fill fills a PDF form (its fields come as field-<name>) or a DOCX (its
// data as JSON) and downloads the result, a real counted document.
func (ds *Dashboard) fill(w http.ResponseWriter, r *http.Request, v *visit) error {
	if err := r.ParseForm(); err != nil {
		return errs.New(errs.InvalidInput, "the form could not be read")
	}
	id := r.PathValue("id")
	t, err := ds.d.Templates.Get(r.Context(), v.Principal, id)
	if err != nil {
		return err
	}
	req := documents.FillRequest{TemplateID: id, Options: documents.FillOptions{
		Flatten: r.PostFormValue("flatten") == "on", Output: r.PostFormValue("output"),
	}}
	if t.Type == templates.TypePDFForm {
		req.Data = formValues(t, r)
	} else if err := json.Unmarshal([]byte(r.PostFormValue("data")), &req.Data); err != nil {
		return errs.New(errs.InvalidInput, "the sample data is not valid JSON: %v", err)
	}
	res, err := ds.d.Documents.Fill(r.Context(), v.Principal, req)
	if err != nil {
		return err
	}
	http.Redirect(w, r, Prefix+"/documents/"+res.ID+"/download", http.StatusSeeOther)
	return nil
}

// formValues reads a PDF form's fill form: checkboxes are booleans (an
// unchecked one is absent from the form, so false), the rest strings.
func formValues(t *templates.Template, r *http.Request) map[string]any {
	values := map[string]any{}
	for _, f := range t.Fields {
		raw, sent := r.PostForm["field-"+f.Name]
		switch {
		case f.Type == "checkbox":
			values[f.Name] = sent && len(raw) > 0 && raw[0] != ""
		case sent && len(raw) > 0 && strings.TrimSpace(raw[0]) != "":
			values[f.Name] = raw[0]
		}
	}
	return values
}
