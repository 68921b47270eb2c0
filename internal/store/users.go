package store

import (
	"context"
	"time"
)

// User roles. The owner created the account; owners and admins may add people.
const (
	RoleOwner  = "owner"
	RoleAdmin  = "admin"
	RoleMember = "member"
)

// User is a person who signs in to an account with an email and password.
// Emails are unique across all accounts (a person signs in without naming
// an account) and stored lowercased.
type User struct {
	ID           string
	AccountID    string
	Email        string
	Name         string
	Role         string
	PasswordHash string // argon2id, parameters and salt included (see auth.HashPassword)
	CreatedAt    time.Time
}

// RefreshToken is one issued refresh JWT, kept by its SHA-256 hash so that
// each may be used once. Tokens rotated from one sign-in share a FamilyID:
// presenting a used token revokes the whole family.
type RefreshToken struct {
	ID        string // the JWT's jti
	FamilyID  string
	UserID    string
	AccountID string
	Hash      string // hex SHA-256 of the signed token
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time
}

// UserStore persists people, their refresh tokens and account settings
// people change.
type UserStore interface {
	CreateUser(ctx context.Context, u *User) error // ErrConflict on a taken email
	User(ctx context.Context, accountID, id string) (*User, error)
	UserByEmail(ctx context.Context, email string) (*User, error)
	Users(ctx context.Context, accountID string) ([]User, error) // oldest first

	// UpdateAccountName renames an account.
	UpdateAccountName(ctx context.Context, id, name string) error
	// SetSandboxCanEditTemplates sets whether the account's test keys may
	// change templates.
	SetSandboxCanEditTemplates(ctx context.Context, id string, on bool) error

	CreateRefreshToken(ctx context.Context, r *RefreshToken) error
	RefreshTokenByHash(ctx context.Context, hash string) (*RefreshToken, error)
	// UseRefreshToken marks an unused, unrevoked token used at at;
	// ErrNotFound when it is missing, already used or revoked, so that of
	// two concurrent uses exactly one succeeds.
	UseRefreshToken(ctx context.Context, id string, at time.Time) error
	// RevokeRefreshFamily revokes every not yet revoked token of a family.
	RevokeRefreshFamily(ctx context.Context, familyID string, at time.Time) error
	// DeleteExpiredRefreshTokens forgets a user's tokens that expired
	// before before: their JWTs are refused anyway.
	DeleteExpiredRefreshTokens(ctx context.Context, userID string, before time.Time) (int64, error)
}
