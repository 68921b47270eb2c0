package sqlite

import (
	"testing"

	"github.com/quirehq/quire/internal/store/storetest"
)

// Migration 00090 adds invoicing to accounts made before it.
func TestInvoicesMigrationServesOldAccounts(t *testing.T) {
	path := oldDatabase(t, 60,
		`INSERT INTO accounts (id, email, name, plan, created_at) VALUES ('acc_old', 'old@example.com', 'Old', 'free', 1)`)
	s, err := Open(t.Context(), path) // runs the remaining migrations
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.WantInvoicingOn(t, s, "acc_old")
}
