package postgres

import "testing"

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
	list, err := s.Templates(t.Context(), "acc_old")
	if err != nil || len(list) != 2 {
		t.Fatalf("Templates = %v, %v", list, err)
	}
	if list[0].ID != "tpl_none" || list[0].FieldsCount != 0 || list[1].ID != "tpl_three" || list[1].FieldsCount != 3 {
		t.Fatalf("counts after the migration: %+v", list)
	}
}
