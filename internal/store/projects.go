package store

import (
	"context"
	"time"
)

// Project groups an account's templates and documents. Every account has
// exactly one default project, created with the account; API keys may be
// limited to some projects.
type Project struct {
	ID        string
	AccountID string
	Name      string
	IsDefault bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ProjectStore persists projects.
type ProjectStore interface {
	CreateProject(ctx context.Context, p *Project) error
	Project(ctx context.Context, accountID, id string) (*Project, error)
	DefaultProject(ctx context.Context, accountID string) (*Project, error)
	Projects(ctx context.Context, accountID string) ([]Project, error) // default first, then oldest first
	UpdateProject(ctx context.Context, p *Project) error               // Name, by AccountID+ID
	// DeleteProject deletes a project that is not the default one and holds
	// no templates or documents; ErrConflict otherwise.
	DeleteProject(ctx context.Context, accountID, id string) error
}
