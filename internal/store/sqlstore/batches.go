package sqlstore

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/quirehq/quire/internal/store"
)

const batchColumns = `id, account_id, project_id, template_id, template_name, mode, key_id, status, output, total, spec,
	render_path, prints, result_document_id, error_code, error_message, created_at, updated_at, completed_at`

const batchItemColumns = `batch_id, idx, status, data, filename, document_id, pages, error_code, error_message`

// batchItemRows is how many items one INSERT writes: 9 values each, well
// under the bind limits of SQLite and PostgreSQL.
const batchItemRows = 200

// CreateBatch inserts b, then its items a few hundred rows per statement.
func (s *Store) CreateBatch(ctx context.Context, b *store.Batch, items []store.BatchItem) error {
	stamp(&b.ID, "bat", &b.CreatedAt, &b.UpdatedAt)
	_, err := s.q.Exec(ctx,
		`INSERT INTO batches (`+batchColumns+`)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
		b.ID, b.AccountID, b.ProjectID, b.TemplateID, b.TemplateName, b.Mode, b.KeyID, b.Status, b.Output, b.Total,
		string(b.Spec), b.RenderPath, b.Prints, b.ResultDocumentID, b.ErrorCode, b.ErrorMessage,
		s.timeArg(b.CreatedAt), s.timeArg(b.UpdatedAt), s.optTimeArg(b.CompletedAt))
	if err != nil {
		return s.mapErr(err)
	}
	for start := 0; start < len(items); start += batchItemRows {
		chunk := items[start:min(start+batchItemRows, len(items))]
		var sql strings.Builder
		sql.WriteString(`INSERT INTO batch_items (` + batchItemColumns + `) VALUES `)
		args := make([]any, 0, len(chunk)*9)
		for i := range chunk {
			it := &chunk[i]
			it.BatchID = b.ID
			if i > 0 {
				sql.WriteString(", ")
			}
			sql.WriteString("(")
			for c := range 9 {
				if c > 0 {
					sql.WriteString(", ")
				}
				sql.WriteString("$" + strconv.Itoa(len(args)+c+1))
			}
			sql.WriteString(")")
			args = append(args, it.BatchID, int64(it.Index), it.Status, string(it.Data), it.Filename, it.DocumentID,
				pagesArg(it.Pages), it.ErrorCode, it.ErrorMessage)
		}
		if _, err := s.q.Exec(ctx, sql.String(), args...); err != nil {
			return s.mapErr(err)
		}
	}
	return nil
}

func (s *Store) Batch(ctx context.Context, accountID, id string) (*store.Batch, error) {
	b, err := scanBatch(s.q.QueryRow(ctx,
		`SELECT `+batchColumns+` FROM batches WHERE account_id = $1 AND id = $2`, accountID, id))
	if err != nil {
		return nil, s.mapErr(err)
	}
	return &b, nil
}

func (s *Store) Batches(ctx context.Context, f store.BatchFilter) ([]store.Batch, int, error) {
	conds := []string{"account_id = $1", "($2 = '' OR mode = $2)"}
	args := []any{f.AccountID, f.Mode}
	conds, args = projectIn(conds, args, f.ProjectIDs)
	where := strings.Join(conds, " AND ")
	var total int64
	if err := s.q.QueryRow(ctx, `SELECT count(*) FROM batches WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, s.mapErr(err)
	}
	n := len(args)
	rows, err := s.q.Query(ctx,
		`SELECT `+batchColumns+` FROM batches WHERE `+where+` ORDER BY created_at DESC, id DESC LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2),
		append(args, noLimit(f.Limit), int64(max(f.Offset, 0)))...)
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	list, err := collect(rows, scanBatch)
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	return list, int(total), nil
}

// SetBatchStatus checks the status in the UPDATE itself: of two runs that
// finish a batch at once, the second changes nothing and is a conflict.
func (s *Store) SetBatchStatus(ctx context.Context, b *store.Batch, from string) error {
	updated := nowUTC()
	err := s.execOne(ctx,
		`UPDATE batches SET status = $4, result_document_id = $5, error_code = $6, error_message = $7,
		        completed_at = $8, updated_at = $9
		 WHERE account_id = $1 AND id = $2 AND status = $3`,
		b.AccountID, b.ID, from, b.Status, b.ResultDocumentID, b.ErrorCode, b.ErrorMessage, s.optTimeArg(b.CompletedAt), s.timeArg(updated))
	if errors.Is(err, store.ErrNotFound) {
		if _, gone := s.Batch(ctx, b.AccountID, b.ID); gone != nil {
			return gone
		}
		return store.ErrConflict
	}
	if err == nil {
		b.UpdatedAt = updated
	}
	return err
}

func (s *Store) AddBatchPrints(ctx context.Context, id, path string, prints int) error {
	return s.execOne(ctx,
		`UPDATE batches SET prints = prints + $2,
		        render_path = CASE WHEN render_path = '' OR render_path = $3 THEN $3 ELSE 'mixed' END
		 WHERE id = $1`, id, int64(prints), path)
}

func (s *Store) BatchItems(ctx context.Context, f store.BatchItemFilter) ([]store.BatchItem, int, error) {
	to := int64(f.To)
	if to <= 0 {
		to = math.MaxInt32
	}
	where := `batch_id = $1 AND ($2 = '' OR status = $2) AND idx >= $3 AND idx < $4`
	args := []any{f.BatchID, f.Status, int64(f.From), to}
	var total int64
	if err := s.q.QueryRow(ctx, `SELECT count(*) FROM batch_items WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, s.mapErr(err)
	}
	rows, err := s.q.Query(ctx, `SELECT `+batchItemColumns+` FROM batch_items WHERE `+where+` ORDER BY idx LIMIT $5 OFFSET $6`,
		append(args, noLimit(f.Limit), int64(max(f.Offset, 0)))...)
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	list, err := collect(rows, scanBatchItem)
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	return list, int(total), nil
}

func (s *Store) BatchCounts(ctx context.Context, batchID string) (map[string]int, error) {
	rows, err := s.q.Query(ctx, `SELECT status, count(*) FROM batch_items WHERE batch_id = $1 GROUP BY status`, batchID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var status string
		var n int64
		if err := rows.Scan(&status, &n); err != nil {
			return nil, s.mapErr(err)
		}
		out[status] = int(n)
	}
	return out, s.mapErr(rows.Err())
}

// FinishBatchItem changes only a pending item: a second run of the same
// item changes nothing and is a conflict, rolling its document back.
func (s *Store) FinishBatchItem(ctx context.Context, it *store.BatchItem) error {
	err := s.execOne(ctx,
		`UPDATE batch_items SET status = $3, filename = $4, document_id = $5, pages = $6, error_code = $7, error_message = $8
		 WHERE batch_id = $1 AND idx = $2 AND status = 'pending'`,
		it.BatchID, int64(it.Index), it.Status, it.Filename, it.DocumentID, pagesArg(it.Pages), it.ErrorCode, it.ErrorMessage)
	if errors.Is(err, store.ErrNotFound) {
		return store.ErrConflict
	}
	return err
}

func (s *Store) CancelBatchItems(ctx context.Context, batchID string) ([]int, error) {
	rows, err := s.q.Query(ctx,
		`UPDATE batch_items SET status = 'canceled' WHERE batch_id = $1 AND status = 'pending' RETURNING idx`, batchID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var i int64
		if err := rows.Scan(&i); err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, int(i))
	}
	return out, s.mapErr(rows.Err())
}

// noLimit is limit, or the largest one: both databases need a LIMIT to
// take an OFFSET.
func noLimit(limit int) int64 {
	if limit <= 0 {
		return math.MaxInt64
	}
	return int64(limit)
}

func scanBatch(r scanner) (store.Batch, error) {
	var b store.Batch
	var spec string
	var total, prints int64
	var done optTime
	err := r.Scan(&b.ID, &b.AccountID, &b.ProjectID, &b.TemplateID, &b.TemplateName, &b.Mode, &b.KeyID, &b.Status, &b.Output,
		&total, &spec, &b.RenderPath, &prints, &b.ResultDocumentID, &b.ErrorCode, &b.ErrorMessage,
		scanTime(&b.CreatedAt), scanTime(&b.UpdatedAt), done.dest())
	b.Spec, b.Total, b.Prints, b.CompletedAt = []byte(spec), int(total), int(prints), done.ptr()
	return b, err
}

func scanBatchItem(r scanner) (store.BatchItem, error) {
	var it store.BatchItem
	var data string
	var idx int64
	var pages *int64
	err := r.Scan(&it.BatchID, &idx, &it.Status, &data, &it.Filename, &it.DocumentID, &pages, &it.ErrorCode, &it.ErrorMessage)
	it.Index, it.Data = int(idx), []byte(data)
	if pages != nil {
		p := int(*pages)
		it.Pages = &p
	}
	return it, err
}
