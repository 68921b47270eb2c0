package sqlite

import (
	"database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/store/sqlstore"
	"github.com/quirehq/quire/internal/store/storetest"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "nested", "dir", "quire.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

func TestRawTxIsSQLTx(t *testing.T) {
	s := openTemp(t)
	err := s.InTx(t.Context(), func(tx store.Store) error {
		raw, ok := sqlstore.RawTx(tx)
		if _, isSQLTx := raw.(*sql.Tx); !ok || !isSQLTx {
			t.Errorf("RawTx = %T, %v; want *sql.Tx, true", raw, ok)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestPragmas(t *testing.T) {
	s := openTemp(t)
	for pragma, want := range map[string]string{
		"journal_mode": "wal",
		"foreign_keys": "1",
		"busy_timeout": "10000",
		"synchronous":  "1", // NORMAL
	} {
		var got string
		if err := s.DB().QueryRowContext(t.Context(), "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s: %v", pragma, err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
		}
	}
	if n := s.DB().Stats().MaxOpenConnections; n != 1 {
		t.Errorf("MaxOpenConnections = %d, want 1", n)
	}
}

// TestDollarPlaceholders pins the driver behaviour the shared SQL relies on:
// $N binds argument N, in any order and more than once.
func TestDollarPlaceholders(t *testing.T) {
	s := openTemp(t)
	var a, b, c string
	err := s.DB().QueryRowContext(t.Context(), "SELECT $2, $1, $2 || $1", "x", "y").Scan(&a, &b, &c)
	if err != nil {
		t.Fatal(err)
	}
	if a != "y" || b != "x" || c != "yx" {
		t.Errorf("got %q %q %q, want y x yx", a, b, c)
	}
}

func TestReopenKeepsDataAndSkipsMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "quire.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	a := &store.Account{Email: "a@example.com"}
	if err := s.CreateAccount(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(t.Context(), path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	if _, err := s.Account(t.Context(), a.ID); err != nil {
		t.Errorf("account lost on reopen: %v", err)
	}
	var versions int
	if err := s.DB().QueryRowContext(t.Context(), "SELECT count(*) FROM goose_db_version WHERE version_id > 0").Scan(&versions); err != nil {
		t.Fatal(err)
	}
	files, err := fs.Glob(migrations, "migrations/sqlite/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no embedded migrations: %v", err)
	}
	if versions != len(files) {
		t.Errorf("%d migration rows after two opens, want %d", versions, len(files))
	}
}

func TestForeignKeysEnforced(t *testing.T) {
	s := openTemp(t)
	err := s.CreateDocument(t.Context(), &store.Document{AccountID: "acc_nobody", Status: "pending"})
	if err == nil {
		t.Fatal("a document of a missing account was accepted")
	}
}

func TestPathWithSpacesAndPercent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "my data 100%", "quirè.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.CreateAccount(t.Context(), &store.Account{Email: "a@example.com"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not at %s: %v", path, err)
	}
	if _, err := Open(t.Context(), filepath.Join(t.TempDir(), "what?.db")); err == nil {
		t.Error("a path with '?' was accepted (the driver would read it as options)")
	}
}
