package jobs

import (
	"time"

	"github.com/riverqueue/river/rivertype"
)

// doubling retries a failed job after base, 2·base, 4·base… capped at max.
// River's default (attempt⁴ seconds) waits over four minutes before a fifth
// attempt; renders fail for short outages (a browser restarting), so
// shorter, configurable waits serve better.
type doubling struct {
	base, max time.Duration
}

func (p *doubling) NextRetry(job *rivertype.JobRow) time.Time {
	base, maxWait := p.base, p.max
	if base <= 0 {
		base = time.Second
	}
	if maxWait <= 0 {
		maxWait = 5 * time.Minute
	}
	wait := base
	for i := 1; i < job.Attempt && wait < maxWait; i++ {
		wait *= 2
	}
	return time.Now().Add(min(wait, maxWait))
}
