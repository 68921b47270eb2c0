package sqlstore

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/quirehq/quire/internal/store"
)

// DefaultProjectName names the project every account starts with.
const DefaultProjectName = "Default"

const projectColumns = `id, account_id, name, is_default, created_at, updated_at`

// CreateProject inserts p; an empty ID, CreatedAt or UpdatedAt is filled
// in. A second default project of an account is store.ErrConflict.
func (s *Store) CreateProject(ctx context.Context, p *store.Project) error {
	stamp(&p.ID, "prj", &p.CreatedAt, &p.UpdatedAt)
	_, err := s.q.Exec(ctx,
		`INSERT INTO projects (`+projectColumns+`) VALUES ($1, $2, $3, $4, $5, $6)`,
		p.ID, p.AccountID, p.Name, p.IsDefault, s.timeArg(p.CreatedAt), s.timeArg(p.UpdatedAt))
	return s.mapErr(err)
}

func (s *Store) Project(ctx context.Context, accountID, id string) (*store.Project, error) {
	return s.oneProject(ctx, `SELECT `+projectColumns+` FROM projects WHERE account_id = $1 AND id = $2`, accountID, id)
}

func (s *Store) DefaultProject(ctx context.Context, accountID string) (*store.Project, error) {
	return s.oneProject(ctx, `SELECT `+projectColumns+` FROM projects WHERE account_id = $1 AND is_default`, accountID)
}

func (s *Store) Projects(ctx context.Context, accountID string) ([]store.Project, error) {
	rows, err := s.q.Query(ctx,
		`SELECT `+projectColumns+` FROM projects WHERE account_id = $1
		 ORDER BY is_default DESC, created_at, id`, accountID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	ps, err := collect(rows, scanProject)
	return ps, s.mapErr(err)
}

// UpdateProject renames the project identified by p.AccountID and p.ID and
// sets p.UpdatedAt to now.
func (s *Store) UpdateProject(ctx context.Context, p *store.Project) error {
	updated := nowUTC()
	err := s.execOne(ctx, `UPDATE projects SET name = $3, updated_at = $4 WHERE account_id = $1 AND id = $2`,
		p.AccountID, p.ID, p.Name, s.timeArg(updated))
	if err == nil {
		p.UpdatedAt = updated
	}
	return err
}

// DeleteProject checks emptiness in the DELETE itself, so that a template
// created meanwhile cannot be orphaned.
func (s *Store) DeleteProject(ctx context.Context, accountID, id string) error {
	err := s.execOne(ctx,
		`DELETE FROM projects WHERE account_id = $1 AND id = $2 AND NOT is_default
		 AND NOT EXISTS (SELECT 1 FROM templates WHERE account_id = $1 AND project_id = $2)
		 AND NOT EXISTS (SELECT 1 FROM documents WHERE account_id = $1 AND project_id = $2)`,
		accountID, id)
	if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if _, gone := s.Project(ctx, accountID, id); gone != nil {
		return gone
	}
	return store.ErrConflict
}

// defaultProjectID fills an empty project id with the account's default
// project; an account without one (impossible after migration) keeps "".
func (s *Store) defaultProjectID(ctx context.Context, accountID, projectID string) (string, error) {
	if projectID != "" {
		return projectID, nil
	}
	p, err := s.DefaultProject(ctx, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return p.ID, nil
}

// projectIn adds "project_id IN (…)" for a project filter to a WHERE
// clause under construction; nil adds nothing, an empty list matches nothing.
func projectIn(conds []string, args []any, ids []string) ([]string, []any) {
	return columnIn(conds, args, "project_id", ids)
}

// columnIn adds "column IN (…)" to a WHERE clause under construction; nil
// adds nothing, an empty list matches nothing.
func columnIn(conds []string, args []any, column string, ids []string) ([]string, []any) {
	if ids == nil {
		return conds, args
	}
	if len(ids) == 0 {
		return append(conds, "1 = 0"), args
	}
	marks := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		marks[i] = "$" + strconv.Itoa(len(args))
	}
	return append(conds, column+" IN ("+strings.Join(marks, ", ")+")"), args
}

func (s *Store) oneProject(ctx context.Context, sql string, args ...any) (*store.Project, error) {
	p, err := scanProject(s.q.QueryRow(ctx, sql, args...))
	if err != nil {
		return nil, s.mapErr(err)
	}
	return &p, nil
}

func scanProject(r scanner) (store.Project, error) {
	var p store.Project
	err := r.Scan(&p.ID, &p.AccountID, &p.Name, &p.IsDefault, scanTime(&p.CreatedAt), scanTime(&p.UpdatedAt))
	return p, err
}
