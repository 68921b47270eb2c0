package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"github.com/quirehq/quire/internal/store/pgtest"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/store/postgres"
	"github.com/quirehq/quire/internal/store/sqlite"
)

// stores runs fn on a fresh SQLite file and a fresh PostgreSQL schema.
func stores(t *testing.T, fn func(t *testing.T, st store.Store, count func(kind string) int)) {
	t.Run("sqlite", func(t *testing.T) {
		st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "quire.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close() })
		fn(t, st, func(kind string) int {
			var n int
			if err := st.DB().QueryRowContext(t.Context(), "SELECT count(*) FROM river_job WHERE kind = $1", kind).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		})
	})
	t.Run("postgres", func(t *testing.T) {
		st, err := postgres.Open(t.Context(), pgtest.SchemaURL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close() })
		fn(t, st, func(kind string) int {
			var n int
			if err := st.Pool().QueryRow(t.Context(), "SELECT count(*) FROM river_job WHERE kind = $1", kind).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		})
	})
}

type docArgs struct {
	AccountID  string `json:"account_id"`
	DocumentID string `json:"document_id"`
}

func (docArgs) Kind() string { return "jobs_test_doc" }

type rolledBackArgs struct{}

func (rolledBackArgs) Kind() string { return "jobs_test_rolled_back" }

// docWorker reads the row its job is about from outside the transaction
// that enqueued it, and completes the job in the transaction that marks the
// row done.
type docWorker struct {
	river.WorkerDefaults[docArgs]
	st   store.Store
	q    *Queue
	seen chan error
}

func (w *docWorker) Work(ctx context.Context, job *river.Job[docArgs]) error {
	err := w.st.InTx(ctx, func(tx store.Store) error {
		d, err := tx.Document(ctx, job.Args.AccountID, job.Args.DocumentID)
		if err != nil {
			return fmt.Errorf("the job ran but its row is not visible: %w", err)
		}
		d.Status = "completed"
		if err := tx.UpdateDocument(ctx, d); err != nil {
			return err
		}
		return w.q.CompleteTx(ctx, tx, job.JobRow)
	})
	w.seen <- err
	return err
}

type nopWorker struct {
	river.WorkerDefaults[rolledBackArgs]
}

func (nopWorker) Work(context.Context, *river.Job[rolledBackArgs]) error { return nil }

func TestInsertTxFollowsTheTransaction(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store, count func(string) int) {
		ctx := t.Context()
		q, err := New(ctx, st, Config{Concurrency: 2, PollInterval: 20 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		w := &docWorker{st: st, q: q, seen: make(chan error, 10)}
		if err := q.Register(func(ws *river.Workers) {
			river.AddWorker(ws, w)
			river.AddWorker(ws, nopWorker{})
		}); err != nil {
			t.Fatal(err)
		}
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = q.Stop(context.Background()) })
		if err := q.Register(func(*river.Workers) {}); !errors.Is(err, ErrSealed) {
			t.Errorf("Register after Start: %v, want ErrSealed", err)
		}

		acc := &store.Account{Email: ids.Random(8) + "@example.com"}
		if err := st.CreateAccount(ctx, acc); err != nil {
			t.Fatal(err)
		}

		// Rolled back: neither the row nor the job exists.
		errAbort := errors.New("abort")
		err = st.InTx(ctx, func(tx store.Store) error {
			if err := q.InsertTx(ctx, tx, rolledBackArgs{}, nil); err != nil {
				return err
			}
			if n := countIn(t, tx); n != 1 {
				return fmt.Errorf("the transaction does not see its own job (%d)", n)
			}
			// Outside the transaction nobody sees it yet (on SQLite the
			// transaction holds the only connection: nobody else can look).
			if _, ok := st.(*postgres.Store); ok {
				if n := count(rolledBackArgs{}.Kind()); n != 0 {
					return fmt.Errorf("%d uncommitted jobs visible outside their transaction", n)
				}
			}
			return errAbort
		})
		if !errors.Is(err, errAbort) {
			t.Fatal(err)
		}
		if n := count(rolledBackArgs{}.Kind()); n != 0 {
			t.Errorf("%d jobs of a rolled back transaction exist", n)
		}

		// Committed: the job runs, sees the row, and completes with it.
		d := &store.Document{AccountID: acc.ID, Status: "pending"}
		err = st.InTx(ctx, func(tx store.Store) error {
			if err := tx.CreateDocument(ctx, d); err != nil {
				return err
			}
			return q.InsertTx(ctx, tx, docArgs{AccountID: acc.ID, DocumentID: d.ID}, nil)
		})
		if err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-w.seen:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("the committed job was not worked")
		}
		got, err := st.Document(ctx, acc.ID, d.ID)
		if err != nil || got.Status != "completed" {
			t.Fatalf("document after the job: %+v, %v", got, err)
		}

		// Outside a transaction InsertTx refuses; Insert works.
		if err := q.InsertTx(ctx, st, rolledBackArgs{}, nil); err == nil {
			t.Error("InsertTx accepted a Store that is not a transaction")
		}
		if err := q.Insert(ctx, rolledBackArgs{}, nil); err != nil {
			t.Error(err)
		}
	})
}

// countIn counts rolled-back-kind jobs through the transaction itself (on
// SQLite it holds the only connection).
func countIn(t *testing.T, tx store.Store) int {
	t.Helper()
	const q = "SELECT count(*) FROM river_job WHERE kind = $1"
	var n int
	var err error
	raw, _ := sqlRawTx(tx)
	switch r := raw.(type) {
	case *sql.Tx:
		err = r.QueryRowContext(t.Context(), q, rolledBackArgs{}.Kind()).Scan(&n)
	case pgx.Tx:
		err = r.QueryRow(t.Context(), q, rolledBackArgs{}.Kind()).Scan(&n)
	default:
		t.Fatalf("raw transaction %T", raw)
	}
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestNewRefusesOtherStores(t *testing.T) {
	if _, err := New(t.Context(), struct{ store.Store }{}, Config{}); err == nil {
		t.Fatal("New accepted a store that is neither SQLite nor PostgreSQL")
	}
}

type slowArgs struct {
	AccountID  string `json:"account_id"`
	DocumentID string `json:"document_id"`
}

func (slowArgs) Kind() string { return "jobs_test_slow" }

// slowWorker waits to be released, then finishes like a render: its row
// and the job's completion in one transaction.
type slowWorker struct {
	river.WorkerDefaults[slowArgs]
	st      store.Store
	q       *Queue
	started chan struct{}
	release chan struct{}
}

func (w *slowWorker) Work(ctx context.Context, job *river.Job[slowArgs]) error {
	close(w.started)
	<-w.release
	return w.st.InTx(ctx, func(tx store.Store) error {
		d, err := tx.Document(ctx, job.Args.AccountID, job.Args.DocumentID)
		if err != nil {
			return err
		}
		d.Status = "completed"
		if err := tx.UpdateDocument(ctx, d); err != nil {
			return err
		}
		return w.q.CompleteTx(ctx, tx, job.JobRow)
	})
}

// TestStopLetsRunningJobsFinish: a graceful stop waits for the running job,
// which completes itself in its own transaction meanwhile.
func TestStopLetsRunningJobsFinish(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store, count func(string) int) {
		ctx := t.Context()
		q, err := New(ctx, st, Config{Concurrency: 1, PollInterval: 20 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		w := &slowWorker{st: st, q: q, started: make(chan struct{}), release: make(chan struct{})}
		if err := q.Register(func(ws *river.Workers) { river.AddWorker(ws, w) }); err != nil {
			t.Fatal(err)
		}
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		acc := &store.Account{Email: ids.Random(8) + "@example.com"}
		if err := st.CreateAccount(ctx, acc); err != nil {
			t.Fatal(err)
		}
		d := &store.Document{AccountID: acc.ID, Status: "pending"}
		err = st.InTx(ctx, func(tx store.Store) error {
			if err := tx.CreateDocument(ctx, d); err != nil {
				return err
			}
			return q.InsertTx(ctx, tx, slowArgs{AccountID: acc.ID, DocumentID: d.ID}, nil)
		})
		if err != nil {
			t.Fatal(err)
		}
		<-w.started
		stopped := make(chan error, 1)
		go func() {
			stopCtx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			stopped <- q.Stop(stopCtx)
		}()
		close(w.release)
		if err := <-stopped; err != nil {
			t.Fatalf("Stop: %v", err)
		}
		got, err := st.Document(ctx, acc.ID, d.ID)
		if err != nil || got.Status != "completed" {
			t.Fatalf("document after a graceful stop: %+v, %v", got, err)
		}
	})
}
