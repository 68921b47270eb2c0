package store

import (
	"context"
	"encoding/json"
	"time"
)

// Customer is a buyer an account invoices.
type Customer struct {
	ID           string
	AccountID    string
	Name         string
	Email        string
	AddressLine1 string
	AddressLine2 string
	PostalCode   string
	City         string
	Country      string // ISO 3166-1 alpha-2
	VATID        string
	Currency     string // ISO 4217; "" = the seller's default
	Language     string // en, de, fr; "" = the seller's default
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Invoice is an invoice or credit note of an account. Its positions, the
// buyer and seller it was finalized with and the rest of its content are
// Body (JSON owned by the invoices service); the columns are what lists,
// numbering and state changes need.
type Invoice struct {
	ID          string
	AccountID   string
	CustomerID  string
	TypeCode    string // "380" invoice, "381" credit note
	Status      string // draft, finalized, cancelled
	Number      string // "" while a draft
	InvoiceDate string // YYYY-MM-DD
	Currency    string
	Body        json.RawMessage
	PrecedingID string // a credit note: the invoice it cancels
	DocumentID  string // the PDF document last made of it; "" = none
	CreatedAt   time.Time
	UpdatedAt   time.Time
	FinalizedAt *time.Time
}

// InvoiceSeller is the account's invoicing settings: who it is on its
// invoices (JSON owned by the invoices service). An account that never set
// them has none (ErrNotFound).
type InvoiceSeller struct {
	AccountID string
	Body      json.RawMessage
	UpdatedAt time.Time
}

// InvoiceStore persists customers, invoices, their numbering and the
// seller settings. Every read takes the account id.
type InvoiceStore interface {
	CreateCustomer(ctx context.Context, c *Customer) error
	Customer(ctx context.Context, accountID, id string) (*Customer, error)
	Customers(ctx context.Context, accountID string) ([]Customer, error) // oldest first
	UpdateCustomer(ctx context.Context, c *Customer) error               // by AccountID+ID
	// DeleteCustomer deletes a customer no invoice names; ErrConflict otherwise.
	DeleteCustomer(ctx context.Context, accountID, id string) error

	CreateInvoice(ctx context.Context, inv *Invoice) error
	Invoice(ctx context.Context, accountID, id string) (*Invoice, error)
	Invoices(ctx context.Context, accountID string) ([]Invoice, error) // newest first
	// NextInvoiceNumber takes the next number of the account's sequence of
	// year (1, 2, …). Call it inside InTx with the write that uses the
	// number: a rolled-back transaction gives its number back, so the
	// sequence has no gaps, and concurrent callers wait for each other, so
	// it has no duplicates.
	NextInvoiceNumber(ctx context.Context, accountID string, year int) (int, error)
	// SetInvoiceState moves an invoice from status from to inv.Status,
	// writing its Number, Body and FinalizedAt; ErrConflict when it is not
	// (or no longer) in status from.
	SetInvoiceState(ctx context.Context, inv *Invoice, from string) error
	// SetInvoiceDocument records the PDF document made of an invoice.
	SetInvoiceDocument(ctx context.Context, accountID, id, documentID string) error

	InvoiceSeller(ctx context.Context, accountID string) (*InvoiceSeller, error)
	PutInvoiceSeller(ctx context.Context, s *InvoiceSeller) error
}
