package invoices_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/quirehq/quire/internal/accounts"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/invoices"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/store/pgtest"
	"github.com/quirehq/quire/internal/store/postgres"
	"github.com/quirehq/quire/internal/store/sqlite"
)

func ptr(s string) *string { return &s }

// drivers opens the service on both databases.
func drivers(t *testing.T) map[string]store.Store {
	t.Helper()
	lite, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "quire.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = lite.Close() })
	pg, err := postgres.Open(t.Context(), pgtest.SchemaURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pg.Close() })
	return map[string]store.Store{"sqlite": lite, "postgres": pg}
}

// readyAccount is an account with seller settings and a customer.
func readyAccount(t *testing.T, svc *invoices.Service, email string) (string, string) {
	t.Helper()
	acc, err := accounts.New(svc.Store, "").Ensure(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.PutSeller(t.Context(), acc.ID, invoices.Seller{Party: invoices.Party{Name: "Quire Demo GmbH", VATID: "DE123456789",
		Address: invoices.Address{Line1: "Hauptstr. 1", PostalCode: "10115", City: "Berlin", Country: "DE"}}, IBAN: "DE89370400440532013000"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.CreateCustomer(t.Context(), acc.ID, invoices.CustomerInput{Name: ptr("Acme SARL"), Country: ptr("FR"), City: ptr("Paris"),
		AddressLine1: ptr("1 rue de Rivoli"), PostalCode: ptr("75001"), VATID: ptr("FR12345678901")})
	if err != nil {
		t.Fatal(err)
	}
	return acc.ID, c.ID
}

func draft(t *testing.T, svc *invoices.Service, acc, cust, date string) *invoices.Invoice {
	t.Helper()
	inv, err := svc.CreateInvoice(t.Context(), acc, invoices.NewInvoice{CustomerID: cust, InvoiceDate: date,
		Positions: []invoices.Position{{Description: "Consulting", Quantity: invoices.MustDecimal("10"),
			UnitPrice: invoices.MustDecimal("150.00"), VATRate: invoices.MustDecimal("19")}}})
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// TestConcurrentFinalizeNumbersWithoutGapsOrDuplicates: 8 workers race to
// finalize the same 24 drafts (each tries every one) on both databases;
// every invoice gets exactly one number and the numbers are 1…24.
func TestConcurrentFinalizeNumbersWithoutGapsOrDuplicates(t *testing.T) {
	for name, st := range drivers(t) {
		t.Run(name, func(t *testing.T) {
			svc := &invoices.Service{Store: st}
			acc, cust := readyAccount(t, svc, name+"-race@example.com")
			const drafts, workers = 24, 8
			var ids []string
			for range drafts {
				ids = append(ids, draft(t, svc, acc, cust, "2026-03-05").ID)
			}
			var wg sync.WaitGroup
			var mu sync.Mutex
			won := map[string]string{}
			for w := range workers {
				wg.Go(func() {
					for i := range ids {
						id := ids[(i+w*3)%len(ids)]
						inv, err := svc.Finalize(t.Context(), acc, id)
						if errs.CodeOf(err) == errs.InvoiceFrozen {
							continue // another worker finalized it first
						}
						if err != nil {
							t.Errorf("finalize %s: %v", id, err)
							return
						}
						mu.Lock()
						if prev, ok := won[id]; ok {
							t.Errorf("%s finalized twice: %s and %s", id, prev, *inv.Number)
						}
						won[id] = *inv.Number
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			var numbers, want []string
			for _, id := range ids {
				inv, err := svc.Invoice(t.Context(), acc, id)
				if err != nil {
					t.Fatal(err)
				}
				if inv.Status != invoices.StatusFinalized || inv.Number == nil || won[id] != *inv.Number {
					t.Fatalf("invoice %s: status %s, number %v, finalize answered %q", id, inv.Status, inv.Number, won[id])
				}
				numbers = append(numbers, *inv.Number)
			}
			for i := 1; i <= drafts; i++ {
				want = append(want, fmt.Sprintf("2026-%04d", i))
			}
			slices.Sort(numbers)
			if !slices.Equal(numbers, want) {
				t.Errorf("numbers %v, want %v", numbers, want)
			}
			// Another year starts again at 1; another account has its own sequence.
			next, err := svc.Finalize(t.Context(), acc, draft(t, svc, acc, cust, "2027-01-02").ID)
			if err != nil || *next.Number != "2027-0001" {
				t.Errorf("first of 2027: %v, %v", next, err)
			}
			acc2, cust2 := readyAccount(t, svc, name+"-other@example.com")
			other, err := svc.Finalize(t.Context(), acc2, draft(t, svc, acc2, cust2, "2026-05-01").ID)
			if err != nil || *other.Number != "2026-0001" {
				t.Errorf("another account's first: %v, %v", other, err)
			}
			if _, err := svc.Invoice(t.Context(), acc2, ids[0]); errs.CodeOf(err) != errs.InvoiceNotFound {
				t.Errorf("another account's invoice: %v", err)
			}
		})
	}
}

func TestFinalizedInvoicesAreFrozenAndCancelMakesACreditNote(t *testing.T) {
	st := drivers(t)["sqlite"]
	svc := &invoices.Service{Store: st}
	acc, cust := readyAccount(t, svc, "freeze@example.com")
	inv := draft(t, svc, acc, cust, "2026-03-05")
	if _, err := svc.Cancel(t.Context(), acc, inv.ID); errs.CodeOf(err) != errs.InvoiceNotFinalized {
		t.Errorf("cancel a draft: %v", err)
	}
	fin, err := svc.Finalize(t.Context(), acc, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Changing the customer or the seller afterwards leaves the invoice as it was.
	if _, err := svc.UpdateCustomer(t.Context(), acc, cust, invoices.CustomerInput{Name: ptr("Renamed")}, false); err != nil {
		t.Fatal(err)
	}
	again, _ := svc.Invoice(t.Context(), acc, inv.ID)
	if again.Buyer.Name != "Acme SARL" || again.Seller.Name != "Quire Demo GmbH" {
		t.Errorf("finalized invoice changed: buyer %q, seller %q", again.Buyer.Name, again.Seller.Name)
	}
	if _, err := svc.Finalize(t.Context(), acc, inv.ID); errs.CodeOf(err) != errs.InvoiceFrozen {
		t.Errorf("finalize twice: %v", err)
	}
	note, err := svc.Cancel(t.Context(), acc, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if note.TypeCode != "381" || note.Type != "credit_note" || *note.Number != "2026-0002" || note.Corrects == nil ||
		note.Corrects.Number != *fin.Number || note.Gross.Fixed(2) != "1785.00" {
		t.Errorf("credit note %+v", note)
	}
	orig, _ := svc.Invoice(t.Context(), acc, inv.ID)
	if orig.Status != invoices.StatusCancelled || orig.CreditNote == nil || orig.CreditNote.ID != note.ID {
		t.Errorf("cancelled invoice %+v", orig)
	}
	if _, err := svc.Cancel(t.Context(), acc, inv.ID); errs.CodeOf(err) != errs.InvoiceFrozen {
		t.Errorf("cancel twice: %v", err)
	}
	if err := svc.DeleteCustomer(t.Context(), acc, cust); errs.CodeOf(err) != errs.CustomerHasInvoices {
		t.Errorf("delete a customer with invoices: %v", err)
	}
}
