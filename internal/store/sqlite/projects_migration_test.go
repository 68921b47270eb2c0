package sqlite

import (
	"database/sql"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/quirehq/quire/internal/store/storetest"
)

// Rows written before projects existed move into their account's new
// default project when migration 00032 runs.
func TestProjectsMigrationMovesExistingRows(t *testing.T) {
	path := oldDatabase(t, 31,
		`INSERT INTO accounts (id, email, name, plan, created_at) VALUES ('acc_old', 'old@example.com', 'Old', 'free', 1)`,
		`INSERT INTO templates (id, account_id, name, type, created_at, updated_at) VALUES ('tpl_old', 'acc_old', 'T', 'html', 1, 1)`,
		`INSERT INTO documents (id, account_id, status, created_at, updated_at) VALUES ('doc_old', 'acc_old', 'completed', 1, 1)`,
	)
	s, err := Open(t.Context(), path) // runs the remaining migrations
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	def, err := s.DefaultProject(t.Context(), "acc_old")
	if err != nil {
		t.Fatalf("no default project after the migration: %v", err)
	}
	tpl, err := s.Template(t.Context(), "acc_old", "tpl_old")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := s.Document(t.Context(), "acc_old", "doc_old")
	if err != nil {
		t.Fatal(err)
	}
	if tpl.ProjectID != def.ID || doc.ProjectID != def.ID {
		t.Fatalf("template in %q, document in %q; want both in the default project %q", tpl.ProjectID, doc.ProjectID, def.ID)
	}
	list, err := s.Projects(t.Context(), "acc_old")
	if err != nil || len(list) != 1 {
		t.Fatalf("Projects = %v, %v; want just the default one", list, err)
	}
}

// oldDatabase makes a SQLite file migrated up to version only, runs stmts
// in it and returns its path: Open then runs the migrations after version.
func oldDatabase(t *testing.T, version int64, stmts ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := fs.Sub(migrations, "migrations/sqlite")
	if err != nil {
		t.Fatal(err)
	}
	storetest.MigrateTo(t, db, goose.DialectSQLite3, fsys, version, stmts...)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}
