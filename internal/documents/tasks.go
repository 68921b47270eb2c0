package documents

import (
	"context"
	"time"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
)

// TaskState is where an async document stands: pending, processing, then
// completed (with the document, as a synchronous request returns it),
// failed (with why) or, later, expired.
type TaskState struct {
	TaskID   string     `json:"task_id"`
	Status   string     `json:"status" enum:"pending,processing,completed,failed,expired"`
	Document *Result    `json:"document,omitempty"`
	Error    *ErrorInfo `json:"error,omitempty"`
}

// Task returns the state of the async document id (a task id is its
// document's id); another account's id is DOCUMENT_NOT_FOUND.
func (s *Service) Task(ctx context.Context, p auth.Principal, id string) (*TaskState, error) {
	d, err := s.row(ctx, p, id)
	if err != nil {
		return nil, err
	}
	st := &TaskState{TaskID: d.ID, Status: d.Status}
	expired := d.Status == StatusExpired || (d.Status == StatusCompleted && d.ExpiresAt != nil && !time.Now().Before(*d.ExpiresAt))
	switch {
	case expired:
		st.Status = StatusExpired
		st.Error = &ErrorInfo{Code: errs.DocumentExpired, Message: "document " + d.ID + " has expired and its file was removed"}
	case d.Status == StatusCompleted:
		st.Document = s.result(d)
	case d.Status == StatusFailed:
		st.Error = &ErrorInfo{Code: d.ErrorCode, Message: d.ErrorMessage}
	}
	return st, nil
}
