package documents

import (
	"context"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/projects"
	"github.com/quirehq/quire/internal/store"
)

// rawProject picks the project of a raw-HTML document: the one asked for,
// else the caller's only project, else the default project.
func (s *Service) rawProject(ctx context.Context, p auth.Principal, requested string) (string, error) {
	if s.deps.Projects == nil {
		return requested, nil
	}
	return s.deps.Projects.Resolve(ctx, p, requested)
}

// templateProject is the project of a document made from a template: the
// template's. A project_id naming another project is a mistake worth saying.
func templateProject(requested, templateID, projectID string) (string, error) {
	if requested != "" && requested != projectID {
		return "", errs.New(errs.Validation, "template %s is in project %s, not %s: its documents go to its project", templateID, projectID, requested)
	}
	return projectID, nil
}

// scoped refuses a document of a project outside the caller's projects.
func scoped(p auth.Principal, d *store.Document) error {
	return projects.CheckScope(p, d.ProjectID, "document "+d.ID)
}
