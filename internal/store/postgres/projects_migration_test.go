package postgres

import (
	"io/fs"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/quirehq/quire/internal/store/pgtest"
	"github.com/quirehq/quire/internal/store/storetest"
)

// Rows written before projects existed move into their account's new
// default project when migration 00032 runs.
func TestProjectsMigrationMovesExistingRows(t *testing.T) {
	url := oldSchema(t, 31,
		`INSERT INTO accounts (id, email, name, plan, created_at) VALUES ('acc_old', 'old@example.com', 'Old', 'free', now())`,
		`INSERT INTO templates (id, account_id, name, type, created_at, updated_at) VALUES ('tpl_old', 'acc_old', 'T', 'html', now(), now())`,
		`INSERT INTO documents (id, account_id, status, created_at, updated_at) VALUES ('doc_old', 'acc_old', 'completed', now(), now())`,
	)
	s, err := Open(t.Context(), url) // runs the remaining migrations
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
}

// oldSchema makes a schema migrated up to version only, runs stmts in it
// and returns its URL: Open then runs the migrations after version.
func oldSchema(t *testing.T, version int64, stmts ...string) string {
	t.Helper()
	url := pgtest.SchemaURL(t)
	pool, err := pgxpool.New(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	fsys, err := fs.Sub(migrations, "migrations/postgres")
	if err != nil {
		t.Fatal(err)
	}
	storetest.MigrateTo(t, db, goose.DialectPostgres, fsys, version, stmts...)
	return url
}
