// Package templates stores uploaded templates (HTML/Handlebars, PDF forms,
// DOCX) with the fields detected in them. It knows no HTTP and no engine:
// each Kind brings its own analyzer.
package templates

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/blob"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/projects"
	"github.com/quirehq/quire/internal/render"
	"github.com/quirehq/quire/internal/store"

	"github.com/quirehq/quire/internal/wire"
)

// Service manages templates.
type Service struct {
	deps Deps
}

// Deps is what the service is built from.
type Deps struct {
	Store store.Store
	Blobs *blob.Store
	Kinds []Kind
	// Projects picks the project of an upload; nil puts uploads in the
	// default project.
	Projects *projects.Service
	// ConvertPDF turns static PDFs into HTML templates (from-pdf); nil
	// turns the route off.
	ConvertPDF PDFConverter
}

// New returns the templates service.
func New(d Deps) *Service {
	return &Service{deps: d}
}

// Template is the public view of a template.
type Template struct {
	ID        string         `json:"id"`
	ProjectID string         `json:"project_id"`
	Name      string         `json:"name"`
	Type      string         `json:"type"`
	Fields    []render.Field `json:"fields"`
	// SampleData is example data kept with the template (from a converted
	// PDF, or saved by a person); absent when there is none.
	SampleData map[string]any `json:"sample_data,omitempty" doc:"Example data kept with the template: the values of the PDF it was made from (from-pdf), or what was saved with PUT; the dashboard editor previews with it"`
	CreatedAt  wire.Time      `json:"created_at"`
	UpdatedAt  wire.Time      `json:"updated_at"`
}

// Summary is a template in a list.
type Summary struct {
	ID          string    `json:"id"`
	ProjectID   string    `json:"project_id"`
	Name        string    `json:"name"`
	Type        string    `json:"type"`
	FieldsCount int       `json:"fields_count"`
	CreatedAt   wire.Time `json:"created_at"`
	UpdatedAt   wire.Time `json:"updated_at"`
}

// Create validates an upload, detects its fields and stores it in
// projectID ("" = the caller's only project, else the default one).
func (s *Service) Create(ctx context.Context, p auth.Principal, projectID, name, filename string, content []byte) (*Template, error) {
	kind, ok := s.kindByFilename(filename)
	if !ok {
		return nil, errs.New(errs.InvalidTemplateType, "unsupported file %q: upload one of %s", filename, s.acceptedExtensions())
	}
	if kind.MaxBytes > 0 && int64(len(content)) > kind.MaxBytes {
		return nil, errs.New(kind.TooLargeCode, "the file is %d bytes; %s templates may be at most %d bytes", len(content), kind.Type, kind.MaxBytes)
	}
	if len(content) == 0 {
		return nil, errs.New(errs.InvalidInput, "the uploaded file is empty")
	}
	name = strings.TrimSpace(name)
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(filename), filepath.Ext(filename))
	}
	if utf8.RuneCountInString(name) > 255 {
		return nil, errs.New(errs.Validation, "name must be at most 255 characters")
	}
	fields, err := kind.Analyze(content)
	if err != nil {
		return nil, err
	}
	if s.deps.Projects != nil {
		if projectID, err = s.deps.Projects.Resolve(ctx, p, projectID); err != nil {
			return nil, err
		}
	}
	now := time.Now().UTC()
	t := &store.Template{
		ID:        ids.New("tpl"),
		AccountID: p.AccountID,
		ProjectID: projectID,
		Name:      name,
		Type:      kind.Type,
		SizeBytes: int64(len(content)),
		CreatedAt: now,
		UpdatedAt: now,
	}
	t.BlobKey = blobKey(t, kind)
	if err := setFields(t, fields); err != nil {
		return nil, err
	}
	if err := s.deps.Blobs.Put(ctx, t.BlobKey, content, kind.ContentType); err != nil {
		return nil, err
	}
	if err := s.deps.Store.CreateTemplate(ctx, t); err != nil {
		_ = s.deps.Blobs.Delete(ctx, t.BlobKey)
		return nil, err
	}
	return view(t, fields), nil
}

// List returns the templates of the caller's projects (or of projectID
// alone, when given), newest first.
func (s *Service) List(ctx context.Context, p auth.Principal, projectID string) ([]Summary, error) {
	var only []string
	if projectID != "" {
		only = []string{projectID}
	}
	scope, err := projects.Filter(p, only)
	if err != nil {
		return nil, err
	}
	rows, err := s.deps.Store.Templates(ctx, p.AccountID)
	if err != nil {
		return nil, err
	}
	out := make([]Summary, 0, len(rows))
	for i := range rows {
		if scope != nil && !slices.Contains(scope, rows[i].ProjectID) {
			continue
		}
		out = append(out, Summary{ID: rows[i].ID, ProjectID: rows[i].ProjectID, Name: rows[i].Name, Type: rows[i].Type, FieldsCount: rows[i].FieldsCount, CreatedAt: wire.At(rows[i].CreatedAt), UpdatedAt: wire.At(rows[i].UpdatedAt)})
	}
	return out, nil
}

// Get returns one template with its fields.
func (s *Service) Get(ctx context.Context, p auth.Principal, id string) (*Template, error) {
	t, fields, err := s.load(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return view(t, fields), nil
}

// Source returns a template's row and file, for rendering.
func (s *Service) Source(ctx context.Context, p auth.Principal, id string) (*store.Template, []byte, error) {
	t, err := s.Row(ctx, p, id)
	if err != nil {
		return nil, nil, err
	}
	content, err := s.File(ctx, t)
	return t, content, err
}

// Row returns a template's row without its file, for callers that can often
// do without the bytes (renders served from a compiled-template cache).
func (s *Service) Row(ctx context.Context, p auth.Principal, id string) (*store.Template, error) {
	return s.row(ctx, p, id)
}

// File reads a template's file.
func (s *Service) File(ctx context.Context, t *store.Template) ([]byte, error) {
	content, err := s.deps.Blobs.Get(ctx, t.BlobKey)
	if errors.Is(err, blob.ErrNotFound) {
		return nil, errs.Wrap(err, errs.TemplateNotFound, "the file of template %s is missing: upload it again", t.ID)
	}
	if err != nil {
		return nil, fmt.Errorf("templates: file of %s: %w", t.ID, err)
	}
	return content, nil
}

// Content returns the source of an HTML template.
func (s *Service) Content(ctx context.Context, p auth.Principal, id string) (string, error) {
	t, content, err := s.Source(ctx, p, id)
	if err != nil {
		return "", err
	}
	if t.Type != TypeHTML {
		return "", errs.New(errs.InvalidTemplateType, "template %s is a %s template; only html templates have editable content", id, t.Type)
	}
	return string(content), nil
}

// SetFieldTypes changes the types of existing fields; names cannot change.
func (s *Service) SetFieldTypes(ctx context.Context, p auth.Principal, id string, updates []render.Field) ([]render.Field, error) {
	t, fields, err := s.load(ctx, p, id)
	if err != nil {
		return nil, err
	}
	index := make(map[string]int, len(fields))
	for i, f := range fields {
		index[f.Name] = i
	}
	var unknown []string
	for _, u := range updates {
		i, ok := index[u.Name]
		if !ok {
			unknown = append(unknown, u.Name)
			continue
		}
		if strings.TrimSpace(u.Type) == "" {
			return nil, errs.New(errs.Validation, "field %q: type is required", u.Name)
		}
		fields[i].Type = u.Type
	}
	if len(unknown) > 0 {
		return nil, errs.New(errs.Validation, "unknown fields %s: field names cannot be changed, only their types", quoteList(unknown))
	}
	if err := setFields(t, fields); err != nil {
		return nil, err
	}
	t.UpdatedAt = time.Now().UTC()
	if err := s.deps.Store.UpdateTemplate(ctx, t); err != nil {
		return nil, s.notFound(err, id)
	}
	return fields, nil
}

// Update renames a template, replaces an HTML template's content and/or
// its sample data; new content has its fields extracted again, keeping the
// types a user set on fields that still exist.
func (s *Service) Update(ctx context.Context, p auth.Principal, id string, patch Patch) (*Template, error) {
	name, content := patch.Name, patch.Content
	if name == nil && content == nil && patch.SampleData == nil {
		return nil, errs.New(errs.Validation, "at least one of name, content or sample_data is required")
	}
	t, fields, err := s.load(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if patch.SampleData != nil {
		if t.SampleData, err = encodeSample(patch.SampleData); err != nil {
			return nil, err
		}
	}
	if name != nil {
		n := strings.TrimSpace(*name)
		if n == "" || utf8.RuneCountInString(n) > 255 {
			return nil, errs.New(errs.Validation, "name must be 1-255 characters")
		}
		t.Name = n
	}
	oldKey := t.BlobKey
	t.UpdatedAt = time.Now().UTC() // before blobKey: new content gets a new key
	if content != nil {
		if t.Type != TypeHTML {
			return nil, errs.New(errs.InvalidTemplateType, "content can only be updated on html templates; %s is %s", id, t.Type)
		}
		kind, _ := s.kindByType(t.Type)
		fresh, err := kind.Analyze([]byte(*content))
		if err != nil {
			return nil, err
		}
		fields = keepTypes(fresh, fields)
		if err := setFields(t, fields); err != nil {
			return nil, err
		}
		t.SizeBytes = int64(len(*content))
		t.BlobKey = blobKey(t, kind)
		if err := s.deps.Blobs.Put(ctx, t.BlobKey, []byte(*content), kind.ContentType); err != nil {
			return nil, err
		}
	}
	if err := s.deps.Store.UpdateTemplate(ctx, t); err != nil {
		if t.BlobKey != oldKey {
			_ = s.deps.Blobs.Delete(ctx, t.BlobKey)
		}
		return nil, s.notFound(err, id)
	}
	if t.BlobKey != oldKey {
		_ = s.deps.Blobs.Delete(ctx, oldKey)
	}
	return view(t, fields), nil
}

// Delete removes a template's file, then its row (as documents do): when
// storage fails the template stays whole and the delete can be retried.
func (s *Service) Delete(ctx context.Context, p auth.Principal, id string) error {
	t, err := s.row(ctx, p, id)
	if err != nil {
		return err
	}
	if err := s.deps.Blobs.Delete(ctx, t.BlobKey); err != nil {
		return err
	}
	if err := s.deps.Store.DeleteTemplate(ctx, p.AccountID, id); err != nil {
		return s.notFound(err, id)
	}
	return nil
}

func (s *Service) row(ctx context.Context, p auth.Principal, id string) (*store.Template, error) {
	t, err := s.deps.Store.Template(ctx, p.AccountID, id)
	if err != nil {
		return nil, s.notFound(err, id)
	}
	if err := projects.CheckScope(p, t.ProjectID, "template "+id); err != nil {
		return nil, err
	}
	return t, nil
}

func (s *Service) load(ctx context.Context, p auth.Principal, id string) (*store.Template, []render.Field, error) {
	t, err := s.row(ctx, p, id)
	if err != nil {
		return nil, nil, err
	}
	fields, err := decodeFields(t.Fields)
	return t, fields, err
}

func (s *Service) notFound(err error, id string) error {
	if errors.Is(err, store.ErrNotFound) {
		return errs.New(errs.TemplateNotFound, "template %q does not exist", id)
	}
	return err
}

func blobKey(t *store.Template, k *Kind) string {
	return fmt.Sprintf("templates/%s/%s/%d%s", t.AccountID, t.ID, t.UpdatedAt.UnixNano(), k.Extensions[0])
}

func view(t *store.Template, fields []render.Field) *Template {
	v := &Template{ID: t.ID, ProjectID: t.ProjectID, Name: t.Name, Type: t.Type, Fields: fields, CreatedAt: wire.At(t.CreatedAt), UpdatedAt: wire.At(t.UpdatedAt)}
	if len(t.SampleData) > 0 {
		// Written by encodeSample: always an object; numbers as stored.
		dec := json.NewDecoder(bytes.NewReader(t.SampleData))
		dec.UseNumber()
		_ = dec.Decode(&v.SampleData)
	}
	return v
}

// setFields stores fields on t, with their count for lists. Names found in
// a file (a tag, a PDF field name) may hold a NUL, which no database column
// can keep (PostgreSQL's jsonb refuses \u0000): such a template is refused.
func setFields(t *store.Template, fields []render.Field) error {
	if fields == nil {
		fields = []render.Field{}
	}
	for _, f := range fields {
		if strings.ContainsRune(f.Name, 0) || strings.ContainsRune(f.Type, 0) || slices.ContainsFunc(f.Options, func(o string) bool { return strings.ContainsRune(o, 0) }) {
			return errs.New(errs.InvalidTemplate, "field %q: the names and options of fields must not contain NUL (\\u0000) characters", f.Name)
		}
	}
	raw, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	t.Fields, t.FieldsCount = raw, len(fields)
	return nil
}

func decodeFields(raw json.RawMessage) ([]render.Field, error) {
	fields := []render.Field{}
	if len(raw) == 0 {
		return fields, nil
	}
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, fmt.Errorf("templates: stored fields: %w", err)
	}
	return fields, nil
}

// keepTypes carries user-set types over to re-extracted fields of the same name.
func keepTypes(fresh, old []render.Field) []render.Field {
	types := make(map[string]string, len(old))
	for _, f := range old {
		types[f.Name] = f.Type
	}
	for i := range fresh {
		if t, ok := types[fresh[i].Name]; ok {
			fresh[i].Type = t
		}
	}
	return fresh
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
