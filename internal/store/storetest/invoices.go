package storetest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/store"
)

func newCustomer(t *testing.T, s store.Store, accountID string) *store.Customer {
	t.Helper()
	c := &store.Customer{AccountID: accountID, Name: "Acme GmbH", Email: "billing@acme.example", City: "Berlin", Country: "DE", CreatedAt: base}
	must(t, s.CreateCustomer(ctx(t), c), "CreateCustomer")
	return c
}

func newInvoice(t *testing.T, s store.Store, accountID, customerID string) *store.Invoice {
	t.Helper()
	inv := &store.Invoice{AccountID: accountID, CustomerID: customerID, TypeCode: "380", Status: "draft",
		InvoiceDate: "2026-03-05", Currency: "EUR", Body: json.RawMessage(`{"positions":[]}`), CreatedAt: base}
	must(t, s.CreateInvoice(ctx(t), inv), "CreateInvoice")
	return inv
}

func testCustomers(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	c := newCustomer(t, s, acc.ID)
	got, err := s.Customer(ctx(t), acc.ID, c.ID)
	must(t, err, "Customer")
	if got.Name != "Acme GmbH" || got.Country != "DE" || got.Email != "billing@acme.example" {
		t.Errorf("Customer = %+v", got)
	}
	sameTime(t, "CreatedAt", got.CreatedAt, base)
	got.VATID, got.Currency = "DE123456789", "CHF"
	must(t, s.UpdateCustomer(ctx(t), got), "UpdateCustomer")
	again, err := s.Customer(ctx(t), acc.ID, c.ID)
	must(t, err, "Customer after update")
	if again.VATID != "DE123456789" || again.Currency != "CHF" {
		t.Errorf("after update %+v", again)
	}
	second := &store.Customer{AccountID: acc.ID, Name: "Later SARL", Country: "FR", CreatedAt: base.Add(time.Hour)}
	must(t, s.CreateCustomer(ctx(t), second), "CreateCustomer(later)")
	list, err := s.Customers(ctx(t), acc.ID)
	must(t, err, "Customers")
	if len(list) != 2 || list[0].ID != c.ID || list[1].ID != second.ID {
		t.Errorf("Customers = %+v", list)
	}
	// A customer an invoice names stays; one without goes.
	inv := newInvoice(t, s, acc.ID, c.ID)
	wantErr(t, s.DeleteCustomer(ctx(t), acc.ID, c.ID), store.ErrConflict, "DeleteCustomer(with an invoice)")
	must(t, s.DeleteCustomer(ctx(t), acc.ID, second.ID), "DeleteCustomer")
	wantErr(t, s.DeleteCustomer(ctx(t), acc.ID, second.ID), store.ErrNotFound, "DeleteCustomer(again)")
	gotInv, err := s.Invoice(ctx(t), acc.ID, inv.ID)
	must(t, err, "Invoice")
	if gotInv.CustomerID != c.ID || gotInv.Status != "draft" || gotInv.FinalizedAt != nil || string(gotInv.Body) != `{"positions":[]}` {
		t.Errorf("Invoice = %+v", gotInv)
	}
}

func testInvoiceTenancy(t *testing.T, s store.Store) {
	mine, theirs := newAccount(t, s), newAccount(t, s)
	c := newCustomer(t, s, mine.ID)
	inv := newInvoice(t, s, mine.ID, c.ID)
	_, err := s.Customer(ctx(t), theirs.ID, c.ID)
	wantErr(t, err, store.ErrNotFound, "another account's customer")
	_, err = s.Invoice(ctx(t), theirs.ID, inv.ID)
	wantErr(t, err, store.ErrNotFound, "another account's invoice")
	wantErr(t, s.DeleteCustomer(ctx(t), theirs.ID, c.ID), store.ErrNotFound, "deleting another account's customer")
	other := *c
	other.AccountID, other.Name = theirs.ID, "Hijacked"
	wantErr(t, s.UpdateCustomer(ctx(t), &other), store.ErrNotFound, "updating another account's customer")
	stolen := *inv
	stolen.AccountID, stolen.Status = theirs.ID, "finalized"
	wantErr(t, s.SetInvoiceState(ctx(t), &stolen, "draft"), store.ErrNotFound, "finalizing another account's invoice")
	for _, acc := range []string{theirs.ID} {
		list, err := s.Invoices(ctx(t), acc)
		must(t, err, "Invoices")
		cs, err := s.Customers(ctx(t), acc)
		must(t, err, "Customers")
		if len(list) != 0 || len(cs) != 0 {
			t.Errorf("another account sees %d invoices and %d customers", len(list), len(cs))
		}
	}
	_, err = s.InvoiceSeller(ctx(t), theirs.ID)
	wantErr(t, err, store.ErrNotFound, "seller settings never set")
	must(t, s.PutInvoiceSeller(ctx(t), &store.InvoiceSeller{AccountID: mine.ID, Body: json.RawMessage(`{"name":"A"}`)}), "PutInvoiceSeller")
	must(t, s.PutInvoiceSeller(ctx(t), &store.InvoiceSeller{AccountID: mine.ID, Body: json.RawMessage(`{"name":"B"}`)}), "PutInvoiceSeller again")
	seller, err := s.InvoiceSeller(ctx(t), mine.ID)
	must(t, err, "InvoiceSeller")
	if string(seller.Body) != `{"name":"B"}` {
		t.Errorf("seller body %s", seller.Body)
	}
}

// testInvoiceNumbering: numbers per account and year, given back by a
// rolled-back transaction, and one invoice finalized once.
func testInvoiceNumbering(t *testing.T, s store.Store) {
	a, b := newAccount(t, s), newAccount(t, s)
	next := func(acc string, year int) int {
		n, err := s.NextInvoiceNumber(ctx(t), acc, year)
		must(t, err, "NextInvoiceNumber")
		return n
	}
	if got := []int{next(a.ID, 2026), next(a.ID, 2026), next(b.ID, 2026), next(a.ID, 2027)}; got[0] != 1 || got[1] != 2 || got[2] != 1 || got[3] != 1 {
		t.Errorf("numbers %v, want [1 2 1 1]", got)
	}
	_ = s.InTx(ctx(t), func(tx store.Store) error {
		_, err := tx.NextInvoiceNumber(ctx(t), a.ID, 2026)
		must(t, err, "NextInvoiceNumber in a transaction")
		return store.ErrConflict // roll back
	})
	if n := next(a.ID, 2026); n != 3 {
		t.Errorf("after a rollback the next number is %d, want 3", n)
	}
	c := newCustomer(t, s, a.ID)
	inv := newInvoice(t, s, a.ID, c.ID)
	inv.Status, inv.Number, inv.FinalizedAt = "finalized", "2026-0004", &base
	must(t, s.SetInvoiceState(ctx(t), inv, "draft"), "SetInvoiceState")
	wantErr(t, s.SetInvoiceState(ctx(t), inv, "draft"), store.ErrConflict, "finalizing twice")
	dup := newInvoice(t, s, a.ID, c.ID)
	dup.Status, dup.Number = "finalized", "2026-0004"
	wantErr(t, s.SetInvoiceState(ctx(t), dup, "draft"), store.ErrConflict, "a number used twice")
	got, err := s.Invoice(ctx(t), a.ID, inv.ID)
	must(t, err, "Invoice")
	if got.Number != "2026-0004" || got.FinalizedAt == nil {
		t.Errorf("finalized invoice %+v", got)
	}
	must(t, s.SetInvoiceDocument(ctx(t), a.ID, inv.ID, "doc_x"), "SetInvoiceDocument")
	if got, _ := s.Invoice(ctx(t), a.ID, inv.ID); got.DocumentID != "doc_x" {
		t.Errorf("document id %q", got.DocumentID)
	}
}
