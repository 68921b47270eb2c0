package sqlstore

import (
	"context"
	"time"

	"github.com/quirehq/quire/internal/store"
)

const apiKeyColumns = `id, account_id, name, mode, prefix, hash, created_at, last_used_at, expires_at, revoked_at,
	projects, permissions`

// CreateAPIKey inserts k; an empty ID or CreatedAt is filled in. A hash that
// already exists is store.ErrConflict.
func (s *Store) CreateAPIKey(ctx context.Context, k *store.APIKey) error {
	return s.CreateAPIKeyWithin(ctx, k, 0)
}

// CreateAPIKeyWithin is CreateAPIKey that counts the account's active keys
// in the same statement, so that concurrent creations cannot pass the limit.
func (s *Store) CreateAPIKeyWithin(ctx context.Context, k *store.APIKey, limit int) error {
	if limit <= 0 {
		limit = int(^uint32(0) >> 1)
	}
	stamp(&k.ID, "ak", &k.CreatedAt, nil)
	n, err := s.q.Exec(ctx,
		`INSERT INTO api_keys (`+apiKeyColumns+`)
		 SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12
		 WHERE (SELECT count(*) FROM api_keys WHERE account_id = $2 AND revoked_at IS NULL
		        AND (expires_at IS NULL OR expires_at > $7)) < $13`,
		k.ID, k.AccountID, k.Name, k.Mode, k.Prefix, k.Hash, s.timeArg(k.CreatedAt),
		s.optTimeArg(k.LastUsedAt), s.optTimeArg(k.ExpiresAt), s.optTimeArg(k.RevokedAt),
		stringListArg(k.Projects), stringListArg(k.Permissions), int64(limit))
	if err != nil {
		return s.mapErr(err)
	}
	if n == 0 {
		return store.ErrLimitReached
	}
	return nil
}

func (s *Store) APIKeyByHash(ctx context.Context, hash string) (*store.APIKey, error) {
	k, err := scanAPIKey(s.q.QueryRow(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE hash = $1`, hash))
	if err != nil {
		return nil, s.mapErr(err)
	}
	return &k, nil
}

func (s *Store) APIKeys(ctx context.Context, accountID string) ([]store.APIKey, error) {
	rows, err := s.q.Query(ctx,
		`SELECT `+apiKeyColumns+` FROM api_keys
		 WHERE account_id = $1 AND revoked_at IS NULL
		 ORDER BY created_at DESC, id DESC`, accountID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	keys, err := collect(rows, scanAPIKey)
	return keys, s.mapErr(err)
}

// RevokeAPIKey marks the key revoked at at. A revoked key is gone from the
// account's point of view (it leaves the list), so revoking it again is
// ErrNotFound and keeps the first revocation time.
func (s *Store) RevokeAPIKey(ctx context.Context, accountID, id string, at time.Time) error {
	return s.execOne(ctx,
		`UPDATE api_keys SET revoked_at = $3 WHERE account_id = $1 AND id = $2 AND revoked_at IS NULL`,
		accountID, id, s.timeArg(at))
}

// TouchAPIKey records a use of the key. It is not tenant-scoped: the caller
// has just authenticated with this key.
func (s *Store) TouchAPIKey(ctx context.Context, id string, at time.Time) error {
	return s.execOne(ctx, `UPDATE api_keys SET last_used_at = $2 WHERE id = $1`, id, s.timeArg(at))
}

func scanAPIKey(r scanner) (store.APIKey, error) {
	var k store.APIKey
	var lastUsed, expires, revoked optTime
	var projects, permissions *string
	err := r.Scan(&k.ID, &k.AccountID, &k.Name, &k.Mode, &k.Prefix, &k.Hash, scanTime(&k.CreatedAt),
		lastUsed.dest(), expires.dest(), revoked.dest(), &projects, &permissions)
	if err != nil {
		return k, err
	}
	k.LastUsedAt, k.ExpiresAt, k.RevokedAt = lastUsed.ptr(), expires.ptr(), revoked.ptr()
	if k.Projects, err = scanStringList(projects); err != nil {
		return k, err
	}
	k.Permissions, err = scanStringList(permissions)
	return k, err
}
