package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/projects"
)

type projectIDInput struct {
	ID string `path:"id" doc:"Project id (prj_…)"`
}

type projectBody struct {
	Name string `json:"name" doc:"Project name (1-255 characters)"`
}

type createProjectInput struct {
	Body projectBody
}

type updateProjectInput struct {
	ID   string `path:"id" doc:"Project id (prj_…)"`
	Body projectBody
}

type projectList struct {
	Data []projects.Project `json:"data"`
}

func registerProjects(api huma.API, svc *projects.Service) {
	tags := []string{"Projects"}
	register(api, anyCaller, huma.Operation{
		OperationID: "list-projects", Method: http.MethodGet, Path: "/v1/projects", Tags: tags,
		Summary:     "List projects",
		Description: "Projects group templates and documents; every account has a default project. Default first, then oldest first; an API key limited to some projects sees only those.",
	}, func(ctx context.Context, _ *struct{}) (*body[projectList], error) {
		list, err := svc.List(ctx, principal(ctx))
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &body[projectList]{Body: projectList{Data: list}}, nil
	})
	register(api, personOnly, huma.Operation{
		OperationID: "create-project", Method: http.MethodPost, Path: "/v1/projects", Tags: tags,
		Summary: "Create a project", Description: "Needs a signed-in person (access JWT).",
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *createProjectInput) (*body[*projects.Project], error) {
		return reply(svc.Create(ctx, principal(ctx), in.Body.Name))
	})
	register(api, anyCaller, huma.Operation{
		OperationID: "get-project", Method: http.MethodGet, Path: "/v1/projects/{id}", Tags: tags,
		Summary: "Get a project", Description: "404 PROJECT_NOT_FOUND for another account's project; 403 for one outside your key's projects.",
	}, func(ctx context.Context, in *projectIDInput) (*body[*projects.Project], error) {
		return reply(svc.Get(ctx, principal(ctx), in.ID))
	})
	register(api, personOnly, huma.Operation{
		OperationID: "update-project", Method: http.MethodPatch, Path: "/v1/projects/{id}", Tags: tags,
		Summary: "Rename a project", Description: "Needs a signed-in person (access JWT).",
	}, func(ctx context.Context, in *updateProjectInput) (*body[*projects.Project], error) {
		return reply(svc.Rename(ctx, principal(ctx), in.ID, in.Body.Name))
	})
	register(api, personOnly, huma.Operation{
		OperationID: "delete-project", Method: http.MethodDelete, Path: "/v1/projects/{id}", Tags: tags,
		Summary: "Delete an empty project",
		Description: "Needs a signed-in person (access JWT). 409 DEFAULT_PROJECT for the default project, " +
			"409 PROJECT_NOT_EMPTY while it holds templates or documents.",
	}, func(ctx context.Context, in *projectIDInput) (*body[deleted], error) {
		if err := svc.Delete(ctx, principal(ctx), in.ID); err != nil {
			return nil, fail(ctx, err)
		}
		return &body[deleted]{Body: deleted{Deleted: true}}, nil
	})
}
