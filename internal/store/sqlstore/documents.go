package sqlstore

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/quirehq/quire/internal/store"
)

const documentColumns = `id, account_id, template_id, template_name, status, filename, content_type,
	blob_key, mode, size_bytes, pages, error_code, error_message, created_at, updated_at, expires_at, project_id`

// CreateDocument inserts d; an empty ID, CreatedAt or UpdatedAt is filled in.
func (s *Store) CreateDocument(ctx context.Context, d *store.Document) error {
	stamp(&d.ID, "doc", &d.CreatedAt, &d.UpdatedAt)
	var err error
	if d.ProjectID, err = s.defaultProjectID(ctx, d.AccountID, d.ProjectID); err != nil {
		return err
	}
	_, err = s.q.Exec(ctx,
		`INSERT INTO documents (`+documentColumns+`)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
		d.ID, d.AccountID, d.TemplateID, d.TemplateName, d.Status, d.Filename, d.ContentType,
		d.BlobKey, d.Mode, d.SizeBytes, pagesArg(d.Pages), d.ErrorCode, d.ErrorMessage,
		s.timeArg(d.CreatedAt), s.timeArg(d.UpdatedAt), s.optTimeArg(d.ExpiresAt), d.ProjectID)
	return s.mapErr(err)
}

func (s *Store) Document(ctx context.Context, accountID, id string) (*store.Document, error) {
	d, err := scanDocument(s.q.QueryRow(ctx,
		`SELECT `+documentColumns+` FROM documents WHERE account_id = $1 AND id = $2`, accountID, id))
	if err != nil {
		return nil, s.mapErr(err)
	}
	return &d, nil
}

// Documents lists one account's documents, newest first. total counts every
// row matching the filter, ignoring Limit and Offset.
func (s *Store) Documents(ctx context.Context, f store.DocumentFilter) ([]store.Document, int, error) {
	if len(f.IDs) > store.MaxDocumentIDs {
		return nil, 0, fmt.Errorf("sqlstore: %d document ids in one filter; the most is %d", len(f.IDs), store.MaxDocumentIDs)
	}
	where, args := s.documentWhere(f)
	var total int64 = -1 // without Limit and Offset, the rows are the total: one query
	if f.Limit > 0 || f.Offset > 0 {
		if err := s.q.QueryRow(ctx, `SELECT count(*) FROM documents WHERE `+where, args...).Scan(&total); err != nil {
			return nil, 0, s.mapErr(err)
		}
	}
	limit := int64(f.Limit)
	if limit <= 0 {
		limit = math.MaxInt64 // both SQLite and PostgreSQL need a LIMIT to take an OFFSET
	}
	offset := max(int64(f.Offset), 0)
	n := len(args)
	rows, err := s.q.Query(ctx,
		`SELECT `+documentColumns+` FROM documents WHERE `+where+
			` ORDER BY created_at DESC, id DESC LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2),
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	docs, err := collect(rows, scanDocument)
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	if total < 0 {
		total = int64(len(docs))
	}
	return docs, int(total), nil
}

// documentWhere builds the WHERE clause (without the keyword) of a filter.
func (s *Store) documentWhere(f store.DocumentFilter) (string, []any) {
	conds := []string{"account_id = $1"}
	args := []any{f.AccountID}
	add := func(column, value string) {
		args = append(args, value)
		conds = append(conds, column+" = $"+strconv.Itoa(len(args)))
	}
	if f.Status != "" {
		add("status", f.Status)
	}
	if f.TemplateID != "" {
		add("template_id", f.TemplateID)
	}
	if f.Mode != "" {
		add("mode", f.Mode)
	}
	if !f.CreatedFrom.IsZero() {
		args = append(args, s.timeArg(f.CreatedFrom))
		conds = append(conds, "created_at >= $"+strconv.Itoa(len(args)))
	}
	if !f.CreatedBefore.IsZero() {
		args = append(args, s.timeArg(f.CreatedBefore))
		conds = append(conds, "created_at < $"+strconv.Itoa(len(args)))
	}
	conds, args = projectIn(conds, args, f.ProjectIDs)
	conds, args = columnIn(conds, args, "id", f.IDs)
	return strings.Join(conds, " AND "), args
}

// UpdateDocument rewrites every mutable column of the document identified by
// d.AccountID and d.ID, and sets d.UpdatedAt to now.
func (s *Store) UpdateDocument(ctx context.Context, d *store.Document) error {
	updated := nowUTC()
	err := s.execOne(ctx,
		`UPDATE documents SET template_id = $3, template_name = $4, status = $5, filename = $6,
		 content_type = $7, blob_key = $8, mode = $9, size_bytes = $10, pages = $11,
		 error_code = $12, error_message = $13, updated_at = $14, expires_at = $15
		 WHERE account_id = $1 AND id = $2`,
		d.AccountID, d.ID, d.TemplateID, d.TemplateName, d.Status, d.Filename,
		d.ContentType, d.BlobKey, d.Mode, d.SizeBytes, pagesArg(d.Pages),
		d.ErrorCode, d.ErrorMessage, s.timeArg(updated), s.optTimeArg(d.ExpiresAt))
	if err == nil {
		d.UpdatedAt = updated
	}
	return err
}

func (s *Store) DeleteDocument(ctx context.Context, accountID, id string) error {
	return s.execOne(ctx, `DELETE FROM documents WHERE account_id = $1 AND id = $2`, accountID, id)
}

func pagesArg(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

func scanDocument(r scanner) (store.Document, error) {
	var d store.Document
	var pages *int64
	var expires optTime
	err := r.Scan(&d.ID, &d.AccountID, &d.TemplateID, &d.TemplateName, &d.Status, &d.Filename,
		&d.ContentType, &d.BlobKey, &d.Mode, &d.SizeBytes, &pages, &d.ErrorCode, &d.ErrorMessage,
		scanTime(&d.CreatedAt), scanTime(&d.UpdatedAt), expires.dest(), &d.ProjectID)
	if pages != nil {
		p := int(*pages)
		d.Pages = &p
	}
	d.ExpiresAt = expires.ptr()
	return d, err
}
