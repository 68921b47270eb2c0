package postgres

import (
	"testing"

	"github.com/quirehq/quire/internal/store/storetest"
)

// Migration 00050 counts the fields of templates stored before it.
func TestFieldsCountMigrationCountsExistingFields(t *testing.T) {
	url := oldSchema(t, 49,
		`INSERT INTO accounts (id, email, name, plan, created_at) VALUES ('acc_old', 'old@example.com', 'Old', 'free', now())`,
		`INSERT INTO templates (id, account_id, name, type, fields, created_at, updated_at) VALUES ('tpl_three', 'acc_old', 'T', 'html', '[{"name":"a"},{"name":"b"},{"name":"c"}]', now() - interval '1 minute', now())`,
		`INSERT INTO templates (id, account_id, name, type, created_at, updated_at) VALUES ('tpl_none', 'acc_old', 'T', 'html', now(), now())`,
	)
	s, err := Open(t.Context(), url) // runs the remaining migrations
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.WantFieldsCounts(t, s, "acc_old", map[string]int{"tpl_three": 3, "tpl_none": 0})
}
