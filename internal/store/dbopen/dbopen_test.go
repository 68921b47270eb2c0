package dbopen

import (
	"github.com/quirehq/quire/internal/store/pgtest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/store/postgres"
	"github.com/quirehq/quire/internal/store/sqlite"
)

// openWorks opens databaseURL, checks the store is the expected driver and
// usable, and closes it.
func openWorks(t *testing.T, databaseURL, dataDir string) store.Store {
	t.Helper()
	s, err := Open(t.Context(), databaseURL, dataDir)
	if err != nil {
		t.Fatalf("Open(%q, %q): %v", databaseURL, dataDir, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.CreateAccount(t.Context(), &store.Account{Email: ids.Random(8) + "@example.com"}); err != nil {
		t.Fatalf("store from Open(%q) does not work: %v", databaseURL, err)
	}
	return s
}

func assertFile(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("expected the database file at %s: %v", path, err)
	}
}

func TestEmptyURLUsesDataDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if _, ok := openWorks(t, "", dir).(*sqlite.Store); !ok {
		t.Error("empty URL did not open SQLite")
	}
	assertFile(t, filepath.Join(dir, "quire.db"))
}

func TestSQLiteAbsolutePath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "elsewhere", "q.db")
	if _, ok := openWorks(t, "sqlite://"+path, "/unused").(*sqlite.Store); !ok {
		t.Error("sqlite:// URL did not open SQLite")
	}
	assertFile(t, path)
}

func TestSQLiteRelativePath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	openWorks(t, "sqlite://rel/q.db", "/unused")
	assertFile(t, filepath.Join(dir, "rel", "q.db"))
}

func TestBadURLs(t *testing.T) {
	for _, u := range []string{"mysql://root@localhost/quire", "/var/lib/quire.db", "sqlite://", "sqlite:///"} {
		_, err := Open(t.Context(), u, t.TempDir())
		if err == nil {
			t.Errorf("Open(%q) succeeded", u)
			continue
		}
		if !strings.Contains(err.Error(), "sqlite://") {
			t.Errorf("Open(%q) error %q does not say which URLs work", u, err)
		}
	}
	if _, err := Open(t.Context(), "", ""); err == nil {
		t.Error("Open with no URL and no data dir succeeded")
	}
}

func TestPostgresURL(t *testing.T) {
	u, err := url.Parse(pgtest.SchemaURL(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, scheme := range []string{"postgres", "postgresql"} {
		u.Scheme = scheme
		if _, ok := openWorks(t, u.String(), t.TempDir()).(*postgres.Store); !ok {
			t.Errorf("%s:// did not open PostgreSQL", scheme)
		}
	}
}
