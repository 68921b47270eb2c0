package sqlstore

import (
	"context"
	"time"

	"github.com/quirehq/quire/internal/store"
)

const userColumns = `id, account_id, email, name, role, password_hash, created_at`

// CreateUser inserts u; an empty ID or CreatedAt is filled in. A taken
// email is store.ErrConflict.
func (s *Store) CreateUser(ctx context.Context, u *store.User) error {
	stamp(&u.ID, "usr", &u.CreatedAt, nil)
	_, err := s.q.Exec(ctx,
		`INSERT INTO users (`+userColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		u.ID, u.AccountID, u.Email, u.Name, u.Role, u.PasswordHash, s.timeArg(u.CreatedAt))
	return s.mapErr(err)
}

func (s *Store) User(ctx context.Context, accountID, id string) (*store.User, error) {
	return s.oneUser(ctx, `SELECT `+userColumns+` FROM users WHERE account_id = $1 AND id = $2`, accountID, id)
}

// UserByEmail matches the email exactly; normalising case is the caller's job.
func (s *Store) UserByEmail(ctx context.Context, email string) (*store.User, error) {
	return s.oneUser(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email)
}

func (s *Store) Users(ctx context.Context, accountID string) ([]store.User, error) {
	rows, err := s.q.Query(ctx,
		`SELECT `+userColumns+` FROM users WHERE account_id = $1 ORDER BY created_at, id`, accountID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	us, err := collect(rows, scanUser)
	return us, s.mapErr(err)
}

func (s *Store) UpdateAccountName(ctx context.Context, id, name string) error {
	return s.execOne(ctx, `UPDATE accounts SET name = $2 WHERE id = $1`, id, name)
}

func (s *Store) SetSandboxCanEditTemplates(ctx context.Context, id string, on bool) error {
	return s.execOne(ctx, `UPDATE accounts SET sandbox_can_edit_templates = $2 WHERE id = $1`, id, on)
}

func (s *Store) oneUser(ctx context.Context, sql string, args ...any) (*store.User, error) {
	u, err := scanUser(s.q.QueryRow(ctx, sql, args...))
	if err != nil {
		return nil, s.mapErr(err)
	}
	return &u, nil
}

func scanUser(r scanner) (store.User, error) {
	var u store.User
	err := r.Scan(&u.ID, &u.AccountID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, scanTime(&u.CreatedAt))
	return u, err
}

const refreshTokenColumns = `id, family_id, user_id, account_id, hash, created_at, expires_at, used_at, revoked_at`

// CreateRefreshToken inserts r; an empty CreatedAt is filled in.
func (s *Store) CreateRefreshToken(ctx context.Context, r *store.RefreshToken) error {
	if r.CreatedAt.IsZero() {
		r.CreatedAt = nowUTC()
	}
	r.CreatedAt, r.ExpiresAt = normTime(r.CreatedAt), normTime(r.ExpiresAt)
	_, err := s.q.Exec(ctx,
		`INSERT INTO refresh_tokens (`+refreshTokenColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		r.ID, r.FamilyID, r.UserID, r.AccountID, r.Hash, s.timeArg(r.CreatedAt), s.timeArg(r.ExpiresAt),
		s.optTimeArg(r.UsedAt), s.optTimeArg(r.RevokedAt))
	return s.mapErr(err)
}

func (s *Store) RefreshTokenByHash(ctx context.Context, hash string) (*store.RefreshToken, error) {
	var r store.RefreshToken
	var used, revoked optTime
	err := s.q.QueryRow(ctx, `SELECT `+refreshTokenColumns+` FROM refresh_tokens WHERE hash = $1`, hash).Scan(
		&r.ID, &r.FamilyID, &r.UserID, &r.AccountID, &r.Hash, scanTime(&r.CreatedAt), scanTime(&r.ExpiresAt),
		used.dest(), revoked.dest())
	if err != nil {
		return nil, s.mapErr(err)
	}
	r.UsedAt, r.RevokedAt = used.ptr(), revoked.ptr()
	return &r, nil
}

func (s *Store) UseRefreshToken(ctx context.Context, id string, at time.Time) error {
	return s.execOne(ctx,
		`UPDATE refresh_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL`,
		id, s.timeArg(at))
}

func (s *Store) DeleteExpiredRefreshTokens(ctx context.Context, userID string, before time.Time) (int64, error) {
	n, err := s.q.Exec(ctx, `DELETE FROM refresh_tokens WHERE user_id = $1 AND expires_at < $2`, userID, s.timeArg(before))
	return n, s.mapErr(err)
}

func (s *Store) RevokeRefreshFamily(ctx context.Context, familyID string, at time.Time) error {
	_, err := s.q.Exec(ctx,
		`UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`,
		familyID, s.timeArg(at))
	return s.mapErr(err)
}
