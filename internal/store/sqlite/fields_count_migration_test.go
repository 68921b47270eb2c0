package sqlite

import (
	"testing"

	"github.com/quirehq/quire/internal/store/storetest"
)

// Migration 00050 counts the fields of templates stored before it.
func TestFieldsCountMigrationCountsExistingFields(t *testing.T) {
	path := oldDatabase(t, 49,
		`INSERT INTO accounts (id, email, name, plan, created_at) VALUES ('acc_old', 'old@example.com', 'Old', 'free', 1)`,
		`INSERT INTO templates (id, account_id, name, type, fields, created_at, updated_at) VALUES ('tpl_three', 'acc_old', 'T', 'html', '[{"name":"a"},{"name":"b"},{"name":"c"}]', 1, 1)`,
		`INSERT INTO templates (id, account_id, name, type, fields, created_at, updated_at) VALUES ('tpl_none', 'acc_old', 'T', 'html', '[]', 2, 2)`,
	)
	s, err := Open(t.Context(), path) // runs the remaining migrations
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.WantFieldsCounts(t, s, "acc_old", map[string]int{"tpl_three": 3, "tpl_none": 0})
}
