package sqlstore

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/quirehq/quire/internal/store"
)

// templateColumns are what lists read: all but the field list, which can
// be megabytes; one template is read with its fields.
const templateColumns = `id, account_id, name, type, fields_count, blob_key, size_bytes, created_at, updated_at, project_id`

// CreateTemplate inserts t; an empty ID, CreatedAt or UpdatedAt is filled
// in, and empty Fields are stored as [].
func (s *Store) CreateTemplate(ctx context.Context, t *store.Template) error {
	stamp(&t.ID, "tpl", &t.CreatedAt, &t.UpdatedAt)
	t.Fields = fieldsOrEmpty(t.Fields)
	var err error
	if t.ProjectID, err = s.defaultProjectID(ctx, t.AccountID, t.ProjectID); err != nil {
		return err
	}
	_, err = s.q.Exec(ctx,
		`INSERT INTO templates (`+templateColumns+`, fields, sample_data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		t.ID, t.AccountID, t.Name, t.Type, t.FieldsCount, t.BlobKey, t.SizeBytes,
		s.timeArg(t.CreatedAt), s.timeArg(t.UpdatedAt), t.ProjectID, string(t.Fields), string(t.SampleData))
	return s.mapErr(err)
}

func (s *Store) Template(ctx context.Context, accountID, id string) (*store.Template, error) {
	var t store.Template
	var fields, sample string
	err := s.q.QueryRow(ctx, `SELECT `+templateColumns+`, fields, sample_data FROM templates WHERE account_id = $1 AND id = $2`,
		accountID, id).Scan(append(templateDest(&t), &fields, &sample)...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	t.Fields = json.RawMessage(fields)
	if sample != "" {
		t.SampleData = json.RawMessage(sample)
	}
	return &t, nil
}

func (s *Store) Templates(ctx context.Context, accountID string) ([]store.Template, error) {
	rows, err := s.q.Query(ctx,
		`SELECT `+templateColumns+` FROM templates WHERE account_id = $1
		 ORDER BY created_at DESC, id DESC`, accountID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	ts, err := collect(rows, scanTemplate)
	return ts, s.mapErr(err)
}

// UpdateTemplate rewrites the mutable columns of the template identified by
// t.AccountID and t.ID, and sets t.UpdatedAt to now.
func (s *Store) UpdateTemplate(ctx context.Context, t *store.Template) error {
	t.Fields = fieldsOrEmpty(t.Fields)
	updated := nowUTC()
	err := s.execOne(ctx,
		`UPDATE templates SET name = $3, type = $4, fields = $5, fields_count = $6, blob_key = $7, size_bytes = $8, updated_at = $9, sample_data = $10
		 WHERE account_id = $1 AND id = $2`,
		t.AccountID, t.ID, t.Name, t.Type, string(t.Fields), t.FieldsCount, t.BlobKey, t.SizeBytes, s.timeArg(updated), string(t.SampleData))
	if err == nil {
		t.UpdatedAt = updated
	}
	return err
}

// DeleteTemplate removes the template; documents made from it keep their
// template_id and template_name.
func (s *Store) DeleteTemplate(ctx context.Context, accountID, id string) error {
	return s.execOne(ctx, `DELETE FROM templates WHERE account_id = $1 AND id = $2`, accountID, id)
}

// scanTemplate reads templateColumns.
func scanTemplate(r scanner) (store.Template, error) {
	var t store.Template
	err := r.Scan(templateDest(&t)...)
	return t, err
}

// templateDest is where the templateColumns of a row go.
func templateDest(t *store.Template) []any {
	return []any{&t.ID, &t.AccountID, &t.Name, &t.Type, &t.FieldsCount, &t.BlobKey, &t.SizeBytes,
		scanTime(&t.CreatedAt), scanTime(&t.UpdatedAt), &t.ProjectID}
}

// fieldsOrEmpty stores a missing field list as an empty JSON array, so the
// column always holds valid JSON.
func fieldsOrEmpty(f json.RawMessage) json.RawMessage {
	trimmed := bytes.TrimSpace(f)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		return json.RawMessage("[]")
	}
	return f
}
