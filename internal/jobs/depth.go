package jobs

import (
	"context"

	"github.com/riverqueue/river/rivertype"
)

// Depth is how many jobs wait in the whole queue (every node's): ready to
// run now, and scheduled for later (retries included).
func (q *Queue) Depth(ctx context.Context) (ready, later int, err error) {
	b, err := q.backend()
	if err != nil {
		return 0, 0, err
	}
	n, err := b.counts(ctx)
	if err != nil {
		return 0, 0, err
	}
	return n[rivertype.JobStateAvailable], n[rivertype.JobStateScheduled] + n[rivertype.JobStateRetryable], nil
}
