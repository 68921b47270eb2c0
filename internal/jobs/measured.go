package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/quirehq/quire/internal/metrics"
)

// measured records each worked job: its kind, how long it waited past its
// scheduled time, how long it ran and whether it failed.
type measured struct {
	river.MiddlewareDefaults
	m *metrics.Metrics
}

func (w *measured) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	start := time.Now()
	err := doInner(ctx)
	w.m.Job(job.Kind, start.Sub(job.ScheduledAt), time.Since(start), err)
	return err
}
