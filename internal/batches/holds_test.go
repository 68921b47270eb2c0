package batches_test

import (
	"context"
	"database/sql"
	"net/http"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/quirehq/quire/internal/apptest"
	"github.com/quirehq/quire/internal/config"
	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/store/pgtest"
	"github.com/quirehq/quire/internal/usage"
)

// TestARunningBatchKeepsItsHolds: a batch's holds, aged past the hold time
// (as if the batch had run for two hours), count again once a chunk of it
// runs, so the quota stays shut: here the chunk then fails (its spec is
// broken) and waits an hour for its next attempt, its items still pending.
func TestARunningBatchKeepsItsHolds(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { runningBatchKeepsHolds(t, false) })
	t.Run("postgres", func(t *testing.T) { runningBatchKeepsHolds(t, true) })
}

func runningBatchKeepsHolds(t *testing.T, pg bool) {
	s := apptest.New(t, func(c *config.Config) {
		limitedPlan(c)
		c.BatchChunk = 5
		c.AsyncAttempts = 5
		c.JobRetryBase = time.Hour
		if pg {
			c.DatabaseURL = pgtest.SchemaURL(t)
		}
	})
	acc := s.NewAccount(t, "holds@example.com")
	tpl := uploadTemplate(t, s, acc.Key)
	five := []any{map[string]any{"number": "1"}, map[string]any{"number": "2"}, map[string]any{"number": "3"}, map[string]any{"number": "4"}, map[string]any{"number": "5"}}
	id := s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{"template_id": tpl, "items": five}).WantStatus(t, 202).JSON(t)["id"].(string)

	ctx := t.Context()
	prefix := "use_" + id + "_"
	// Two hours on: the holds are stale and the quota looks open.
	if _, err := s.App.Store.RefreshUsageHolds(ctx, acc.ID, prefix, time.Now().Add(time.Hour), time.Now().Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := heldOrUsed(t, s.App.Store, acc.ID); n != 0 {
		t.Fatalf("%d units count after the holds aged, want 0", n)
	}
	exec(t, s, "UPDATE batches SET spec = 'not json' WHERE id = $1", id)
	if err := s.App.StartWorkers(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.App.StopWorkers(context.WithoutCancel(ctx)) })
	deadline := time.Now().Add(2 * time.Minute)
	for heldOrUsed(t, s.App.Store, acc.ID) != 5 {
		if time.Now().After(deadline) {
			t.Fatal("the batch's chunk ran without keeping its holds")
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.Call(t, http.MethodPost, "/v1/batches", acc.Key, map[string]any{"template_id": tpl, "items": five[:1]}).
		WantError(t, 429, "USAGE_LIMIT_EXCEEDED", "0 left")
}

// heldOrUsed is how many units of the account's live quota count now:
// documents made this month plus holds younger than the hold time (asked
// with a limit of 0, so nothing is held).
func heldOrUsed(t *testing.T, st store.Store, accountID string) int {
	t.Helper()
	now := time.Now().UTC()
	_, used, err := st.HoldUsageMany(t.Context(), []store.UsageHold{{ID: ids.New("use"), AccountID: accountID, Mode: "live", CreatedAt: now}},
		usage.MonthOf(now).Start, now.Add(-usage.DefaultHoldFor), 0)
	if err != nil {
		t.Fatal(err)
	}
	return used
}

// exec runs one statement on the app's database, SQLite or PostgreSQL.
func exec(t *testing.T, s *apptest.Server, query string, args ...any) {
	t.Helper()
	var err error
	switch db := s.App.Store.(type) {
	case interface{ DB() *sql.DB }:
		_, err = db.DB().ExecContext(t.Context(), query, args...)
	case interface{ Pool() *pgxpool.Pool }:
		_, err = db.Pool().Exec(t.Context(), query, args...)
	default:
		t.Fatalf("no raw access to a %T", s.App.Store)
	}
	if err != nil {
		t.Fatal(err)
	}
}
