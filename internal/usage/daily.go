package usage

import (
	"context"
	"time"

	"github.com/quirehq/quire/internal/auth"
)

// Day is the live documents one account made on one UTC day.
type Day struct {
	Date  time.Time
	Count int
}

// Daily counts the account's live documents on each of the last days UTC
// days, oldest first, today last.
func (s *Service) Daily(ctx context.Context, accountID string, days int) ([]Day, error) {
	today := startOfDay(s.now())
	out := make([]Day, 0, days)
	for i := days - 1; i >= 0; i-- {
		day := today.AddDate(0, 0, -i)
		c, err := s.deps.Store.CountUsage(ctx, accountID, auth.ModeLive, day, day.AddDate(0, 0, 1))
		if err != nil {
			return nil, err
		}
		out = append(out, Day{Date: day, Count: c.Fill + c.Generate})
	}
	return out, nil
}

// Sandbox is an account's test-key documents today against the daily cap.
type Sandbox struct {
	Used  int
	Limit int
}

// SandboxToday reports the account's sandbox documents today.
func (s *Service) SandboxToday(ctx context.Context, accountID string) (*Sandbox, error) {
	day := startOfDay(s.now())
	c, err := s.deps.Store.CountUsage(ctx, accountID, auth.ModeTest, day, day.Add(24*time.Hour))
	if err != nil {
		return nil, err
	}
	return &Sandbox{Used: c.Fill + c.Generate, Limit: s.sandboxDaily()}, nil
}
