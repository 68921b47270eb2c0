package storetest

import (
	"database/sql"
	"io/fs"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/quirehq/quire/internal/store"
)

// MigrateTo applies the migrations in fsys to db up to version only, then
// runs stmts: the rows an older Quire left, for testing the migrations
// after version (which the driver's Open then runs).
func MigrateTo(t *testing.T, db *sql.DB, dialect goose.Dialect, fsys fs.FS, version int64, stmts ...string) {
	t.Helper()
	p, err := goose.NewProvider(dialect, db, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(t.Context(), version); err != nil {
		t.Fatalf("migrate to %d: %v", version, err)
	}
	for _, stmt := range stmts {
		if _, err := db.ExecContext(t.Context(), stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
}

// WantFieldsCounts checks that accountID's templates, listed, carry the
// field counts in want (by template id) and no others.
func WantFieldsCounts(t *testing.T, s store.Store, accountID string, want map[string]int) {
	t.Helper()
	list, err := s.Templates(t.Context(), accountID)
	if err != nil || len(list) != len(want) {
		t.Fatalf("Templates = %+v, %v; want %d templates", list, err, len(want))
	}
	for _, tpl := range list {
		if n, ok := want[tpl.ID]; !ok || tpl.FieldsCount != n {
			t.Errorf("template %s lists %d fields, want %d", tpl.ID, tpl.FieldsCount, n)
		}
	}
}

// WantInvoicingOn checks that an account made before the invoicing
// migration can have customers and numbered invoices after it.
func WantInvoicingOn(t *testing.T, s store.Store, accountID string) {
	t.Helper()
	c := newCustomer(t, s, accountID)
	inv := newInvoice(t, s, accountID, c.ID)
	n, err := s.NextInvoiceNumber(ctx(t), accountID, 2026)
	must(t, err, "NextInvoiceNumber")
	if n != 1 {
		t.Errorf("the first number of an old account is %d, want 1", n)
	}
	if got, err := s.Invoices(ctx(t), accountID); err != nil || len(got) != 1 || got[0].ID != inv.ID {
		t.Errorf("Invoices = %v, %v", got, err)
	}
}
