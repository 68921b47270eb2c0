package postgres

import (
	"github.com/quirehq/quire/internal/store/pgtest"
	"io/fs"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/store/sqlstore"
	"github.com/quirehq/quire/internal/store/storetest"
)

func openFresh(t testing.TB) *Store {
	t.Helper()
	s, err := Open(t.Context(), pgtest.SchemaURL(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() }) // registered after the schema's, so it runs first
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openFresh(t) })
}

func TestRawTxIsPgxTx(t *testing.T) {
	s := openFresh(t)
	err := s.InTx(t.Context(), func(tx store.Store) error {
		raw, ok := sqlstore.RawTx(tx)
		pgxTx, isPgxTx := raw.(pgx.Tx)
		if !ok || !isPgxTx {
			t.Fatalf("RawTx = %T, %v; want pgx.Tx, true", raw, ok)
		}
		// Writes through the raw transaction commit or roll back with ours.
		_, err := pgxTx.Exec(t.Context(), "INSERT INTO accounts (id, email, created_at) VALUES ('acc_raw', 'raw@example.com', now())")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Account(t.Context(), "acc_raw"); err != nil {
		t.Errorf("row written through RawTx was not committed: %v", err)
	}
}

func TestOpenUsesSearchPathAndMigratesOnce(t *testing.T) {
	u := pgtest.SchemaURL(t)
	for range 2 {
		s, err := Open(t.Context(), u)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		var schema string
		var versions int
		err = s.Pool().QueryRow(t.Context(),
			`SELECT current_schema(), (SELECT count(*) FROM goose_db_version WHERE version_id > 0)`).Scan(&schema, &versions)
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		if want := migrationCount(t); !strings.HasPrefix(schema, "quire_test_") || versions != want {
			t.Errorf("current_schema = %s with %d migrations, want the test schema with %d", schema, versions, want)
		}
	}
}

func TestOpenBadURL(t *testing.T) {
	if _, err := Open(t.Context(), "postgres://postgres@127.0.0.1:1/none?connect_timeout=2"); err == nil {
		t.Error("Open succeeded against a closed port")
	}
	if _, err := Open(t.Context(), "postgres://%zz"); err == nil {
		t.Error("Open accepted a malformed url")
	}
}

// TestConcurrentOpensMigrateOnce starts three nodes on one fresh schema at
// once: the advisory lock lets exactly one apply the migrations.
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	u := pgtest.SchemaURL(t)
	const nodes = 3
	stores := make([]*Store, nodes)
	errs := make([]error, nodes)
	var wg sync.WaitGroup
	for i := range nodes {
		wg.Go(func() { stores[i], errs[i] = Open(t.Context(), u) })
	}
	wg.Wait()
	for i := range nodes {
		if errs[i] != nil {
			t.Fatalf("node %d: %v", i, errs[i])
		}
		defer stores[i].Close()
	}
	var versions int
	err := stores[0].Pool().QueryRow(t.Context(), `SELECT count(*) FROM goose_db_version WHERE version_id > 0`).Scan(&versions)
	if err != nil {
		t.Fatal(err)
	}
	if want := migrationCount(t); versions != want {
		t.Errorf("%d migration rows, want %d", versions, want)
	}
}

// migrationCount is the number of embedded migration files.
func migrationCount(t *testing.T) int {
	t.Helper()
	files, err := fs.Glob(migrations, "migrations/postgres/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no embedded migrations: %v", err)
	}
	return len(files)
}
