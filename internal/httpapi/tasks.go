package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/documents"
)

// taskBody is an async task as clients see it: where it stands and where
// to ask again.
type taskBody struct {
	*documents.TaskState
	CheckStatusURL string `json:"check_status_url" doc:"GET this URL (with your API key) to follow the task"`
}

// createdOutput answers a request that makes a document: 201 with the
// document, or 202 with a task when it was asked for asynchronously.
type createdOutput struct {
	Status int
	Body   any
}

// taskURL is where a task's state is read.
func taskURL(baseURL, id string) string {
	return strings.TrimRight(baseURL, "/") + "/v1/tasks/" + id
}

// created wraps a finished document as a 201, or its error as the envelope.
func created(res *documents.Result, err error) (*createdOutput, error) {
	if err != nil {
		return nil, fail(context.Background(), err)
	}
	return &createdOutput{Status: http.StatusCreated, Body: res}, nil
}

// accepted returns a wrapper of an accepted task as a 202, or of its error.
func accepted(baseURL string) func(*documents.Accepted, error) (*createdOutput, error) {
	return func(a *documents.Accepted, err error) (*createdOutput, error) {
		if err != nil {
			return nil, fail(context.Background(), err)
		}
		return &createdOutput{Status: http.StatusAccepted, Body: taskBody{
			TaskState:      &documents.TaskState{TaskID: a.TaskID, Status: a.Status},
			CheckStatusURL: taskURL(baseURL, a.TaskID),
		}}, nil
	}
}

type taskIDInput struct {
	ID string `path:"task_id" doc:"Task id (the task_id of a 202 answer; the id of its document)"`
}

func registerTasks(api huma.API, svc *documents.Service, baseURL string) {
	register(api, needs(auth.PermDocumentsRead), huma.Operation{
		OperationID: "get-task", Method: http.MethodGet, Path: "/v1/tasks/{task_id}", Tags: []string{"Documents"},
		Summary: "Follow an async document",
		Description: "Status goes pending → processing → completed (with `document`, as the synchronous 201 body) or failed (with `error`); " +
			"a completed document later becomes expired. The task id is the document's id.",
	}, func(ctx context.Context, in *taskIDInput) (*body[taskBody], error) {
		st, err := svc.Task(ctx, principal(ctx), in.ID)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &body[taskBody]{Body: taskBody{TaskState: st, CheckStatusURL: taskURL(baseURL, st.TaskID)}}, nil
	})
}
