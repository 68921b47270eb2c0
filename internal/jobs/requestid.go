package jobs

import (
	"context"
	"encoding/json"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/quirehq/quire/internal/reqid"
)

// requestIDs carries the request id of the context that enqueues a job in
// the job's metadata, and puts it back into the context the job is worked
// in, so the job's logs and the webhooks it sends name the request.
type requestIDs struct{ river.MiddlewareDefaults }

const metadataRequestID = "request_id"

func (*requestIDs) InsertMany(ctx context.Context, many []*rivertype.JobInsertParams, doInner func(context.Context) ([]*rivertype.JobInsertResult, error)) ([]*rivertype.JobInsertResult, error) {
	if id := reqid.From(ctx); id != "" {
		for _, p := range many {
			meta := map[string]any{}
			if len(p.Metadata) > 0 {
				_ = json.Unmarshal(p.Metadata, &meta)
			}
			meta[metadataRequestID] = id
			if b, err := json.Marshal(meta); err == nil {
				p.Metadata = b
			}
		}
	}
	return doInner(ctx)
}

func (*requestIDs) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	var meta struct {
		RequestID string `json:"request_id"`
	}
	if len(job.Metadata) > 0 && json.Unmarshal(job.Metadata, &meta) == nil && reqid.Valid(meta.RequestID) {
		ctx = reqid.With(ctx, meta.RequestID)
	}
	return doInner(ctx)
}
