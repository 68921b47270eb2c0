package usage_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/plans"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/store/pgtest"
	"github.com/quirehq/quire/internal/store/postgres"
	"github.com/quirehq/quire/internal/store/sqlite"
	"github.com/quirehq/quire/internal/usage"
)

func setup(t *testing.T, now *time.Time) (*usage.Service, store.Store, *store.Account) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	catalog, _ := plans.Parse(`{"free": {"monthly_documents": 2}}`)
	acc := &store.Account{Email: "a@example.com", Plan: "free"}
	if err := st.CreateAccount(ctx, acc); err != nil {
		t.Fatal(err)
	}
	svc := usage.New(usage.Deps{Store: st, Plans: plans.New(st, catalog), SandboxDaily: 2, Now: func() time.Time { return *now }})
	return svc, st, acc
}

// make reserves and records one document, as the documents service does.
func makeDoc(t *testing.T, svc *usage.Service, st store.Store, p auth.Principal) error {
	t.Helper()
	hold := ids.New("use")
	if err := svc.Reserve(context.Background(), p, hold); err != nil {
		return err
	}
	d := &store.Document{ID: ids.New("doc"), AccountID: p.AccountID, Mode: p.Mode}
	return st.InTx(context.Background(), func(tx store.Store) error { return svc.Record(context.Background(), tx, d, usage.KindGenerate, hold) })
}

func TestSandboxCapResetsAtMidnightUTC(t *testing.T) {
	now := time.Date(2026, 11, 22, 23, 59, 0, 0, time.UTC)
	svc, st, acc := setup(t, &now)
	p := auth.Principal{AccountID: acc.ID, KeyID: "ak_1", Mode: auth.ModeTest}
	for range 2 {
		if err := makeDoc(t, svc, st, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := makeDoc(t, svc, st, p); errs.CodeOf(err) != errs.SandboxDailyLimit {
		t.Fatalf("third sandbox document today: %v", err)
	}
	// Sandbox documents never touch the monthly quota.
	live := auth.Principal{AccountID: acc.ID, KeyID: "ak_2", Mode: auth.ModeLive}
	if err := makeDoc(t, svc, st, live); err != nil {
		t.Fatal(err)
	}
	now = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	if err := makeDoc(t, svc, st, p); err != nil {
		t.Fatalf("after midnight UTC: %v", err)
	}
	if left, _ := svc.Credits(context.Background(), p); left == nil || *left != 1 {
		t.Fatalf("sandbox credits: %v", left)
	}
}

func TestMonthlyQuotaResetsWithTheMonthAndReleasedHoldsComeBack(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	svc, st, acc := setup(t, &now)
	ctx := context.Background()
	p := auth.Principal{AccountID: acc.ID, KeyID: "ak_1", Mode: auth.ModeLive}
	if err := makeDoc(t, svc, st, p); err != nil {
		t.Fatal(err)
	}
	if err := svc.Reserve(ctx, p, "use_failed"); err != nil {
		t.Fatal(err)
	}
	if err := makeDoc(t, svc, st, p); errs.CodeOf(err) != errs.UsageLimitExceeded {
		t.Fatalf("a held unit must count: %v", err)
	}
	if err := svc.Release(ctx, acc.ID, "use_failed"); err != nil {
		t.Fatal(err)
	}
	if err := makeDoc(t, svc, st, p); err != nil {
		t.Fatalf("after the release: %v", err)
	}
	q, _ := svc.Quota(ctx, acc.ID)
	if q.Used != 2 || *q.Remaining != 0 || *q.Limit != 2 {
		t.Fatalf("quota %+v", q)
	}
	r, _ := svc.Report(ctx, auth.Principal{AccountID: acc.ID, Mode: auth.ModeLive}, "all")
	if r.Total != 2 || r.Generate != 2 || !r.Period.Start.Equal(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)) ||
		!r.Period.End.Equal(time.Date(2026, 11, 30, 23, 59, 59, 0, time.UTC)) {
		t.Fatalf("report %+v", r)
	}
	// A test key sees the sandbox's usage only: none here.
	sandbox := auth.Principal{AccountID: acc.ID, Kind: auth.KindAPIKey, Mode: auth.ModeTest}
	if r, err := svc.Report(ctx, sandbox, ""); err != nil || r.Mode != auth.ModeTest || r.Total != 0 {
		t.Fatalf("sandbox report %+v %v", r, err)
	}
	for _, mode := range []string{"all", "live"} {
		if _, err := svc.Report(ctx, sandbox, mode); errs.CodeOf(err) != errs.SandboxKeyForbidden {
			t.Fatalf("sandbox report of mode %s: %v", mode, err)
		}
	}
	now = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	if err := makeDoc(t, svc, st, p); err != nil {
		t.Fatalf("in a new month: %v", err)
	}
	if _, err := svc.Report(ctx, auth.Principal{AccountID: acc.ID, Mode: auth.ModeLive}, "prod"); errs.CodeOf(err) != errs.Validation {
		t.Fatalf("bad mode: %v", err)
	}
}

// TestKeptHoldsOutliveTheHoldTime: a batch's holds, kept while it runs,
// still count two hours after they were taken, so the quota stays shut;
// holds not kept go stale after the hold time and the quota opens again
// (the overshoot the keeping prevents). The clock is advanced, not slept.
func TestKeptHoldsOutliveTheHoldTime(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "q.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		keptHolds(t, st)
	})
	t.Run("postgres", func(t *testing.T) {
		st, err := postgres.Open(context.Background(), pgtest.SchemaURL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		keptHolds(t, st)
	})
}

func keptHolds(t *testing.T, st store.Store) {
	ctx := context.Background()
	now := time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)
	catalog, _ := plans.Parse(`{"free": {"monthly_documents": 5}}`)
	acc := &store.Account{Email: "keep@example.com", Plan: "free"}
	if err := st.CreateAccount(ctx, acc); err != nil {
		t.Fatal(err)
	}
	svc := usage.New(usage.Deps{Store: st, Plans: plans.New(st, catalog), Now: func() time.Time { return now }})
	p := auth.Principal{AccountID: acc.ID, KeyID: "ak_1", Mode: auth.ModeLive}
	kept := []string{"use_bat_kept_0", "use_bat_kept_1", "use_bat_kept_2"}
	if err := svc.ReserveMany(ctx, p, kept); err != nil {
		t.Fatal(err)
	}
	// The batch runs for two hours, its chunks keeping its holds every 20 minutes.
	for range 6 {
		now = now.Add(20 * time.Minute)
		if err := svc.KeepHolds(ctx, acc.ID, "use_bat_kept_"); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.ReserveMany(ctx, p, []string{"use_x_0", "use_x_1", "use_x_2"}); errs.CodeOf(err) != errs.UsageLimitExceeded {
		t.Fatalf("3 more past a limit of 5 with 3 kept holds: %v", err)
	}
	// Holds nobody keeps go stale after the hold time.
	for _, h := range kept {
		if err := svc.Release(ctx, acc.ID, h); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.ReserveMany(ctx, p, []string{"use_bat_left_0", "use_bat_left_1", "use_bat_left_2"}); err != nil {
		t.Fatal(err)
	}
	now = now.Add(usage.DefaultHoldFor + time.Minute)
	if err := svc.ReserveMany(ctx, p, []string{"use_y_0", "use_y_1", "use_y_2"}); err != nil {
		t.Fatalf("holds left for over the hold time still count: %v", err)
	}
}
