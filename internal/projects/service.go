// Package projects manages the projects that group an account's templates
// and documents, and decides which project a request works in. It knows no
// HTTP.
package projects

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"

	"github.com/quirehq/quire/internal/wire"
)

// Service manages projects.
type Service struct {
	store store.Store
}

// New returns the projects service.
func New(st store.Store) *Service { return &Service{store: st} }

// Project is the public view of a project.
type Project struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	IsDefault bool      `json:"is_default"`
	CreatedAt wire.Time `json:"created_at"`
	UpdatedAt wire.Time `json:"updated_at"`
}

// List returns the projects the caller may see: default first, then oldest first.
func (s *Service) List(ctx context.Context, p auth.Principal) ([]Project, error) {
	rows, err := s.store.Projects(ctx, p.AccountID)
	if err != nil {
		return nil, err
	}
	out := make([]Project, 0, len(rows))
	for i := range rows {
		if p.InProject(rows[i].ID) {
			out = append(out, view(&rows[i]))
		}
	}
	return out, nil
}

// Get returns one project: another account's is not found, one outside
// the caller's projects is forbidden.
func (s *Service) Get(ctx context.Context, p auth.Principal, id string) (*Project, error) {
	row, err := s.row(ctx, p, id)
	if err != nil {
		return nil, err
	}
	v := view(row)
	return &v, nil
}

// Create adds a project to the caller's account.
func (s *Service) Create(ctx context.Context, p auth.Principal, name string) (*Project, error) {
	name, err := checkName(name)
	if err != nil {
		return nil, err
	}
	row := &store.Project{ID: ids.New("prj"), AccountID: p.AccountID, Name: name, CreatedAt: time.Now().UTC()}
	if err := s.store.CreateProject(ctx, row); err != nil {
		return nil, err
	}
	v := view(row)
	return &v, nil
}

// Rename changes a project's name.
func (s *Service) Rename(ctx context.Context, p auth.Principal, id, name string) (*Project, error) {
	name, err := checkName(name)
	if err != nil {
		return nil, err
	}
	row, err := s.row(ctx, p, id)
	if err != nil {
		return nil, err
	}
	row.Name = name
	if err := s.store.UpdateProject(ctx, row); err != nil {
		return nil, s.notFound(err, id)
	}
	v := view(row)
	return &v, nil
}

// Delete removes an empty project that is not the default one.
func (s *Service) Delete(ctx context.Context, p auth.Principal, id string) error {
	row, err := s.row(ctx, p, id)
	if err != nil {
		return err
	}
	if row.IsDefault {
		return errs.New(errs.DefaultProject, "project %s is the account's default project and cannot be deleted", id)
	}
	err = s.store.DeleteProject(ctx, p.AccountID, id)
	if errors.Is(err, store.ErrConflict) {
		return errs.New(errs.ProjectNotEmpty, "project %s still holds templates or documents: delete them first", id)
	}
	return s.notFound(err, id)
}

// Resolve picks the project a new template or document goes to: the one
// asked for (which must be the account's and within the caller's
// projects), else the caller's only project, else the default project.
func (s *Service) Resolve(ctx context.Context, p auth.Principal, requested string) (string, error) {
	if requested != "" {
		row, err := s.row(ctx, p, requested)
		if err != nil {
			return "", err
		}
		return row.ID, nil
	}
	if len(p.Projects) == 1 {
		return p.Projects[0], nil
	}
	def, err := s.store.DefaultProject(ctx, p.AccountID)
	if err != nil {
		return "", err
	}
	if !p.InProject(def.ID) {
		return "", errs.New(errs.Forbidden, "this API key may only touch projects %s: pass project_id", strings.Join(p.Projects, ", "))
	}
	return def.ID, nil
}

// Owned checks that every id is a project of the account and returns the
// ids without duplicates; nil stays nil (all projects).
func (s *Service) Owned(ctx context.Context, accountID string, projectIDs []string) ([]string, error) {
	if projectIDs == nil {
		return nil, nil
	}
	if len(projectIDs) == 0 {
		return nil, errs.New(errs.Validation, "projects must name at least one project (leave it out for all projects)")
	}
	out := []string{}
	for _, id := range projectIDs {
		if slices.Contains(out, id) {
			continue
		}
		if _, err := s.store.Project(ctx, accountID, id); err != nil {
			return nil, s.notFound(err, id)
		}
		out = append(out, id)
	}
	return out, nil
}

// CheckScope refuses a row of a project outside the caller's projects.
func CheckScope(p auth.Principal, projectID, what string) error {
	if p.InProject(projectID) {
		return nil
	}
	return errs.New(errs.Forbidden, "%s belongs to a project this API key may not touch", what)
}

// Filter is the project filter of a list: the projects asked for, each
// within the caller's projects, or all of the caller's projects (nil: all
// of the account's) when none are asked for.
func Filter(p auth.Principal, asked []string) ([]string, error) {
	if asked == nil {
		return p.Projects, nil
	}
	for _, id := range asked {
		if err := CheckScope(p, id, "project "+id); err != nil {
			return nil, err
		}
	}
	return asked, nil
}

func (s *Service) row(ctx context.Context, p auth.Principal, id string) (*store.Project, error) {
	row, err := s.store.Project(ctx, p.AccountID, id)
	if err != nil {
		return nil, s.notFound(err, id)
	}
	if err := CheckScope(p, row.ID, "project "+id); err != nil {
		return nil, err
	}
	return row, nil
}

func (s *Service) notFound(err error, id string) error {
	if errors.Is(err, store.ErrNotFound) {
		return errs.New(errs.ProjectNotFound, "project %q does not exist", id)
	}
	return err
}

func checkName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 255 {
		return "", errs.New(errs.Validation, "name must be 1-255 characters")
	}
	return name, nil
}

func view(p *store.Project) Project {
	return Project{ID: p.ID, Name: p.Name, IsDefault: p.IsDefault, CreatedAt: wire.At(p.CreatedAt), UpdatedAt: wire.At(p.UpdatedAt)}
}
