package usage

import (
	"context"
	"time"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"

	"github.com/quirehq/quire/internal/wire"
)

// Modes /v1/usage can filter by.
const (
	ModeAll = "all"
)

// ReportPeriod is the span a report covers.
type ReportPeriod struct {
	Start wire.Time `json:"start"`
	End   wire.Time `json:"end"` // last second of the period, as in the reference
}

// Report is GET /v1/usage: documents made this calendar month (UTC).
type Report struct {
	Mode     string       `json:"mode" enum:"live,test,all"`
	Fill     int          `json:"fill"`
	Generate int          `json:"generate"`
	Total    int          `json:"total"`
	Period   ReportPeriod `json:"period"`
}

// Report counts the caller's account's documents of mode ("live", "test"
// or "all"; "" = all) this calendar month. Test keys see sandbox usage only
// ("" = test): the live account's is not theirs to read.
func (s *Service) Report(ctx context.Context, p auth.Principal, mode string) (*Report, error) {
	switch {
	case p.Sandbox() && mode == "":
		mode = auth.ModeTest
	case p.Sandbox() && mode != auth.ModeTest:
		return nil, errs.New(errs.SandboxKeyForbidden, "test (sandbox) keys see sandbox usage only (mode=test), not mode=%s: use a live key", mode)
	case mode == "":
		mode = ModeAll
	}
	filter := mode
	switch mode {
	case ModeAll:
		filter = ""
	case auth.ModeLive, auth.ModeTest:
	default:
		return nil, errs.New(errs.Validation, "mode must be live, test or all")
	}
	m := MonthOf(s.now())
	c, err := s.deps.Store.CountUsage(ctx, p.AccountID, filter, m.Start, m.Next)
	if err != nil {
		return nil, err
	}
	return &Report{Mode: mode, Fill: c.Fill, Generate: c.Generate, Total: c.Fill + c.Generate,
		Period: ReportPeriod{Start: wire.At(m.Start), End: wire.At(m.Next.Add(-time.Second))}}, nil
}

// Quota is where an account stands against its monthly limit.
type Quota struct {
	Plan      string
	Limit     *int // nil = unlimited
	Used      int  // live documents this month
	Remaining *int // nil = unlimited
}

// Quota reports the account's live documents this month against its plan.
func (s *Service) Quota(ctx context.Context, accountID string) (*Quota, error) {
	plan, err := s.deps.Plans.Of(ctx, accountID)
	if err != nil {
		return nil, err
	}
	m := MonthOf(s.now())
	c, err := s.deps.Store.CountUsage(ctx, accountID, auth.ModeLive, m.Start, m.Next)
	if err != nil {
		return nil, err
	}
	q := &Quota{Plan: plan.Name, Used: c.Fill + c.Generate}
	if !plan.Unlimited() {
		limit, left := plan.MonthlyDocuments, max(plan.MonthlyDocuments-q.Used, 0)
		q.Limit, q.Remaining = &limit, &left
	}
	return q, nil
}

// Credits is what p may still make: the sandbox documents left today for
// a test key, the live documents left this month otherwise; nil = unlimited.
// It is DokJet's credits_left.
func (s *Service) Credits(ctx context.Context, p auth.Principal) (*int, error) {
	if !p.Sandbox() {
		q, err := s.Quota(ctx, p.AccountID)
		if err != nil {
			return nil, err
		}
		return q.Remaining, nil
	}
	sb, err := s.SandboxToday(ctx, p.AccountID)
	if err != nil {
		return nil, err
	}
	left := max(sb.Limit-sb.Used, 0)
	return &left, nil
}
