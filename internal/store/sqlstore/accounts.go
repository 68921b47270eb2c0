package sqlstore

import (
	"context"

	"github.com/quirehq/quire/internal/store"
)

const accountColumns = `id, email, name, plan, created_at, sandbox_can_edit_templates`

// CreateAccount inserts a; an empty ID or CreatedAt is filled in.
// A taken email is store.ErrConflict.
func (s *Store) CreateAccount(ctx context.Context, a *store.Account) error {
	stamp(&a.ID, "acc", &a.CreatedAt, nil)
	return s.InTx(ctx, func(tx store.Store) error {
		_, err := tx.(*Store).q.Exec(ctx,
			`INSERT INTO accounts (`+accountColumns+`) VALUES ($1, $2, $3, $4, $5, $6)`,
			a.ID, a.Email, a.Name, a.Plan, s.timeArg(a.CreatedAt), a.SandboxCanEditTemplates)
		if err != nil {
			return s.mapErr(err)
		}
		return tx.CreateProject(ctx, &store.Project{AccountID: a.ID, Name: DefaultProjectName, IsDefault: true, CreatedAt: a.CreatedAt})
	})
}

func (s *Store) Account(ctx context.Context, id string) (*store.Account, error) {
	return s.oneAccount(ctx, `SELECT `+accountColumns+` FROM accounts WHERE id = $1`, id)
}

// AccountByEmail matches the email exactly; normalising case is the caller's job.
func (s *Store) AccountByEmail(ctx context.Context, email string) (*store.Account, error) {
	return s.oneAccount(ctx, `SELECT `+accountColumns+` FROM accounts WHERE email = $1`, email)
}

func (s *Store) oneAccount(ctx context.Context, sql string, args ...any) (*store.Account, error) {
	var a store.Account
	err := s.q.QueryRow(ctx, sql, args...).Scan(&a.ID, &a.Email, &a.Name, &a.Plan, scanTime(&a.CreatedAt), &a.SandboxCanEditTemplates)
	if err != nil {
		return nil, s.mapErr(err)
	}
	return &a, nil
}
