package usage_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/plans"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/store/pgtest"
	"github.com/quirehq/quire/internal/store/postgres"
	"github.com/quirehq/quire/internal/store/sqlite"
	"github.com/quirehq/quire/internal/usage"
)

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
