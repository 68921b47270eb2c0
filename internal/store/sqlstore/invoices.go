package sqlstore

import (
	"context"
	"errors"

	"github.com/quirehq/quire/internal/store"
)

const invoiceColumns = `id, account_id, customer_id, type_code, status, number, invoice_date, currency, body,
	preceding_id, document_id, created_at, updated_at, finalized_at`

// CreateInvoice inserts inv; an empty ID, CreatedAt or UpdatedAt is filled in.
func (s *Store) CreateInvoice(ctx context.Context, inv *store.Invoice) error {
	stamp(&inv.ID, "inv", &inv.CreatedAt, &inv.UpdatedAt)
	_, err := s.q.Exec(ctx,
		`INSERT INTO invoices (`+invoiceColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		inv.ID, inv.AccountID, inv.CustomerID, inv.TypeCode, inv.Status, inv.Number, inv.InvoiceDate, inv.Currency,
		string(inv.Body), inv.PrecedingID, inv.DocumentID, s.timeArg(inv.CreatedAt), s.timeArg(inv.UpdatedAt),
		s.optTimeArg(inv.FinalizedAt))
	return s.mapErr(err)
}

func (s *Store) Invoice(ctx context.Context, accountID, id string) (*store.Invoice, error) {
	inv, err := scanInvoice(s.q.QueryRow(ctx,
		`SELECT `+invoiceColumns+` FROM invoices WHERE account_id = $1 AND id = $2`, accountID, id))
	if err != nil {
		return nil, s.mapErr(err)
	}
	return &inv, nil
}

func (s *Store) Invoices(ctx context.Context, accountID string) ([]store.Invoice, error) {
	rows, err := s.q.Query(ctx,
		`SELECT `+invoiceColumns+` FROM invoices WHERE account_id = $1 ORDER BY created_at DESC, id DESC`, accountID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	list, err := collect(rows, scanInvoice)
	return list, s.mapErr(err)
}

// NextInvoiceNumber increments the sequence row in one statement: on
// PostgreSQL the row lock it takes is held to the end of the transaction,
// on SQLite the transaction holds the only connection.
func (s *Store) NextInvoiceNumber(ctx context.Context, accountID string, year int) (int, error) {
	var n int
	err := s.q.QueryRow(ctx,
		`INSERT INTO invoice_sequences (account_id, year, last_number) VALUES ($1, $2, 1)
		 ON CONFLICT (account_id, year) DO UPDATE SET last_number = invoice_sequences.last_number + 1
		 RETURNING last_number`, accountID, year).Scan(&n)
	return n, s.mapErr(err)
}

// SetInvoiceState checks the status in the UPDATE itself: of two
// concurrent finalizations, the second changes nothing and is a conflict.
func (s *Store) SetInvoiceState(ctx context.Context, inv *store.Invoice, from string) error {
	updated := nowUTC()
	err := s.execOne(ctx,
		`UPDATE invoices SET status = $4, number = $5, body = $6, finalized_at = $7, updated_at = $8
		 WHERE account_id = $1 AND id = $2 AND status = $3`,
		inv.AccountID, inv.ID, from, inv.Status, inv.Number, string(inv.Body), s.optTimeArg(inv.FinalizedAt), s.timeArg(updated))
	if errors.Is(err, store.ErrNotFound) {
		if _, gone := s.Invoice(ctx, inv.AccountID, inv.ID); gone != nil {
			return gone
		}
		return store.ErrConflict
	}
	if err == nil {
		inv.UpdatedAt = updated
	}
	return err
}

func (s *Store) SetInvoiceDocument(ctx context.Context, accountID, id, documentID string) error {
	return s.execOne(ctx, `UPDATE invoices SET document_id = $3 WHERE account_id = $1 AND id = $2`, accountID, id, documentID)
}

func (s *Store) InvoiceSeller(ctx context.Context, accountID string) (*store.InvoiceSeller, error) {
	var body string
	out := store.InvoiceSeller{AccountID: accountID}
	err := s.q.QueryRow(ctx, `SELECT body, updated_at FROM invoice_sellers WHERE account_id = $1`, accountID).
		Scan(&body, scanTime(&out.UpdatedAt))
	if err != nil {
		return nil, s.mapErr(err)
	}
	out.Body = []byte(body)
	return &out, nil
}

// PutInvoiceSeller inserts or replaces the seller settings of an account.
func (s *Store) PutInvoiceSeller(ctx context.Context, seller *store.InvoiceSeller) error {
	seller.UpdatedAt = nowUTC()
	_, err := s.q.Exec(ctx,
		`INSERT INTO invoice_sellers (account_id, body, updated_at) VALUES ($1, $2, $3)
		 ON CONFLICT (account_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
		seller.AccountID, string(seller.Body), s.timeArg(seller.UpdatedAt))
	return s.mapErr(err)
}

func scanInvoice(r scanner) (store.Invoice, error) {
	var inv store.Invoice
	var body string
	var fin optTime
	err := r.Scan(&inv.ID, &inv.AccountID, &inv.CustomerID, &inv.TypeCode, &inv.Status, &inv.Number, &inv.InvoiceDate,
		&inv.Currency, &body, &inv.PrecedingID, &inv.DocumentID, scanTime(&inv.CreatedAt), scanTime(&inv.UpdatedAt), fin.dest())
	inv.Body = []byte(body)
	inv.FinalizedAt = fin.ptr()
	return inv, err
}
