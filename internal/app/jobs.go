package app

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/quirehq/quire/internal/jobs"
)

// openJobs builds the job queue on the store's database; services register
// their workers on it before StartWorkers.
// With Config.Workers 0 the queue only inserts: async requests are
// accepted and wait for a `quire worker` (or a restart with workers).
func (a *App) openJobs(ctx context.Context) error {
	// The longest job is a render that waits for a browser tab or for
	// LibreOffice, then runs into its own timeout.
	jobTimeout := 2*a.Config.RenderTimeout + a.Config.OfficeTimeout + 10*time.Second
	if r := a.Config.JobRescueAfter; r > 0 && r < jobTimeout {
		return fmt.Errorf("config: job-rescue-after must be at least %v (2 × render-timeout + office-timeout + 10s), or a job could run twice at once", jobTimeout)
	}
	q, err := jobs.New(ctx, a.Store, jobs.Config{
		Concurrency: a.Config.Workers,
		JobTimeout:  jobTimeout,
		RescueAfter: a.Config.JobRescueAfter,
		RetryBase:   a.Config.JobRetryBase,
		Logger:      a.Logger,
		Metrics:     a.Metrics,
	})
	if err != nil {
		return err
	}
	a.Jobs = q
	depth := func(later bool) func() float64 {
		return func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			ready, scheduled, err := q.Depth(ctx)
			switch {
			case err != nil:
				return math.NaN()
			case later:
				return float64(scheduled)
			}
			return float64(ready)
		}
	}
	a.Metrics.Gauge("quire_jobs_ready", "Jobs ready to run now, in the whole queue (every node's).", depth(false))
	a.Metrics.Gauge("quire_jobs_scheduled", "Jobs waiting for a later time (retries included), in the whole queue.", depth(true))
	return nil
}

// StartWorkers starts working jobs when Config.Workers > 0. Renders need
// the renderer: call StartRenderer first.
func (a *App) StartWorkers(ctx context.Context) error {
	// Not ctx itself: its end (a signal) must not cut running jobs short;
	// StopWorkers ends them gracefully.
	if err := a.Jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	if a.Jobs.Works() {
		a.Logger.Info("working background jobs", "workers", a.Config.Workers)
	}
	return nil
}

// StopWorkers lets running jobs finish until ctx ends; unfinished ones are
// run again later (by this or another process).
func (a *App) StopWorkers(ctx context.Context) error {
	return a.Jobs.Stop(ctx)
}
