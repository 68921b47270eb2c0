package dashboard

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/projects"
	"github.com/quirehq/quire/internal/render"
	"github.com/quirehq/quire/internal/templates"
)

type templatesData struct {
	Templates []templates.Summary
	Projects  map[string]string // id → name
	List      []projects.Project
}

func (ds *Dashboard) templatesPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	list, err := ds.d.Templates.List(r.Context(), v.Principal, "")
	if err != nil {
		return err
	}
	ps, err := ds.d.Projects.List(r.Context(), v.Principal)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, p := range ps {
		names[p.ID] = p.Name
	}
	ds.views.render(w, http.StatusOK, "templates", v, templatesData{Templates: list, Projects: names, List: ps})
	return nil
}

// uploadTemplate stores a file from the picker or a drop, as POST
// /v1/templates does, or, when asked, converts a static PDF into an HTML
// template as POST /v1/templates/from-pdf does.
func (ds *Dashboard) uploadTemplate(w http.ResponseWriter, r *http.Request, v *visit) error {
	file, header, err := r.FormFile("file")
	if err != nil {
		return errs.New(errs.InvalidInput, "choose a file to upload (HTML, PDF form or DOCX)")
	}
	defer file.Close()
	content, err := io.ReadAll(file)
	if err != nil {
		return errs.New(errs.PayloadTooLarge, "the file is too large")
	}
	project, name := r.PostFormValue("project"), r.PostFormValue("name")
	if r.PostFormValue("convert") != "" {
		conv, err := ds.d.Templates.CreateFromPDF(r.Context(), v.Principal, project, name, header.Filename, content)
		if err != nil {
			return err
		}
		return ds.redirect(w, r, Prefix+"/templates/"+conv.ID, fmt.Sprintf("Template “%s” made from the PDF: %d fields found; the preview shows them with the PDF's own values.", conv.Name, len(conv.Fields)))
	}
	t, err := ds.d.Templates.Create(r.Context(), v.Principal, project, name, header.Filename, content)
	if err != nil {
		return err
	}
	return ds.redirect(w, r, Prefix+"/templates/"+t.ID, "Template “"+t.Name+"” uploaded.")
}

type templateData struct {
	Template   *templates.Template
	Project    string
	Source     string // HTML templates
	Sample     string // JSON
	FieldTypes []string
	CanPDF     bool // DOCX → PDF is available
}

// fieldTypes offered when editing a field's type.
var fieldTypes = []string{"string", "number", "boolean", "date", "array", "object", "email", "currency", "multiline", "text", "checkbox", "radio", "select", "list"}

func (ds *Dashboard) templatePage(w http.ResponseWriter, r *http.Request, v *visit) error {
	t, err := ds.d.Templates.Get(r.Context(), v.Principal, r.PathValue("id"))
	if err != nil {
		return err
	}
	data := templateData{Template: t, FieldTypes: fieldTypes, CanPDF: ds.d.Documents.ConvertsDOCX()}
	if p, err := ds.d.Projects.Get(r.Context(), v.Principal, t.ProjectID); err == nil {
		data.Project = p.Name
	}
	example := t.SampleData // kept with the template, else made up from its fields
	if len(example) == 0 {
		example = sampleData(t.Fields)
	}
	sample, _ := json.MarshalIndent(example, "", "  ")
	data.Sample = string(sample)
	view := "template_" + t.Type
	if t.Type == templates.TypeHTML {
		if data.Source, err = ds.d.Templates.Content(r.Context(), v.Principal, t.ID); err != nil {
			return err
		}
	}
	ds.views.render(w, http.StatusOK, view, v, data)
	return nil
}

func (ds *Dashboard) renameTemplate(w http.ResponseWriter, r *http.Request, v *visit) error {
	name := r.PostFormValue("name")
	t, err := ds.d.Templates.Update(r.Context(), v.Principal, r.PathValue("id"), templates.Patch{Name: &name})
	if err != nil {
		return err
	}
	return ds.redirect(w, r, Prefix+"/templates/"+t.ID, "Renamed to “"+t.Name+"”.")
}

func (ds *Dashboard) deleteTemplate(w http.ResponseWriter, r *http.Request, v *visit) error {
	if err := ds.d.Templates.Delete(r.Context(), v.Principal, r.PathValue("id")); err != nil {
		return err
	}
	return ds.redirect(w, r, Prefix+"/templates", "The template was deleted.")
}

// setFieldTypes takes the form's type-<field name> values.
func (ds *Dashboard) setFieldTypes(w http.ResponseWriter, r *http.Request, v *visit) error {
	if err := r.ParseForm(); err != nil {
		return errs.New(errs.InvalidInput, "the form could not be read")
	}
	var updates []render.Field
	for key, vals := range r.PostForm {
		if name, ok := strings.CutPrefix(key, "type-"); ok && len(vals) > 0 {
			updates = append(updates, render.Field{Name: name, Type: vals[0]})
		}
	}
	id := r.PathValue("id")
	if _, err := ds.d.Templates.SetFieldTypes(r.Context(), v.Principal, id, updates); err != nil {
		return err
	}
	return ds.redirect(w, r, Prefix+"/templates/"+id, "Field types saved.")
}

// saveTemplate replaces an HTML template's source and sample data from the
// editor; its fields are extracted again.
func (ds *Dashboard) saveTemplate(w http.ResponseWriter, r *http.Request, v *visit) error {
	var in struct {
		Source string `json:"source"`
		// Sample is the sample data as typed (absent: kept as it is), so
		// its numbers are not rounded to a double on the way.
		Sample *string `json:"sample"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	patch := templates.Patch{Content: &in.Source}
	if in.Sample != nil {
		dec := json.NewDecoder(strings.NewReader(*in.Sample))
		dec.UseNumber()
		if err := dec.Decode(&patch.SampleData); err != nil || patch.SampleData == nil {
			return editorError(w, r, errs.New(errs.InvalidInput, "the sample data must be a JSON object"))
		}
	}
	t, err := ds.d.Templates.Update(r.Context(), v.Principal, r.PathValue("id"), patch)
	if err != nil {
		return editorError(w, r, err)
	}
	return writeJSON(w, http.StatusOK, t)
}

func decodeJSON(r *http.Request, into any) error {
	if err := json.NewDecoder(r.Body).Decode(into); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errs.New(errs.PayloadTooLarge, "the request body is too large")
		}
		return errs.New(errs.InvalidInput, "the request is not valid JSON: %v", err)
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// templateFile sends a template's file (the PDF form page draws it).
func (ds *Dashboard) templateFile(w http.ResponseWriter, r *http.Request, v *visit) error {
	t, content, err := ds.d.Templates.Source(r.Context(), v.Principal, r.PathValue("id"))
	if err != nil {
		return err
	}
	switch t.Type {
	case templates.TypePDFForm:
		w.Header().Set("Content-Type", "application/pdf")
	case templates.TypeHTML:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	default:
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", "attachment")
	}
	_, _ = w.Write(content)
	return nil
}
