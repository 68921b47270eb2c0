package sqlstore

import (
	"context"
	"errors"

	"github.com/quirehq/quire/internal/store"
)

const customerColumns = `id, account_id, name, email, address_line1, address_line2, postal_code, city,
	country, vat_id, currency, language, created_at, updated_at`

// CreateCustomer inserts c; an empty ID, CreatedAt or UpdatedAt is filled in.
func (s *Store) CreateCustomer(ctx context.Context, c *store.Customer) error {
	stamp(&c.ID, "cus", &c.CreatedAt, &c.UpdatedAt)
	_, err := s.q.Exec(ctx,
		`INSERT INTO customers (`+customerColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		c.ID, c.AccountID, c.Name, c.Email, c.AddressLine1, c.AddressLine2, c.PostalCode, c.City,
		c.Country, c.VATID, c.Currency, c.Language, s.timeArg(c.CreatedAt), s.timeArg(c.UpdatedAt))
	return s.mapErr(err)
}

func (s *Store) Customer(ctx context.Context, accountID, id string) (*store.Customer, error) {
	c, err := scanCustomer(s.q.QueryRow(ctx,
		`SELECT `+customerColumns+` FROM customers WHERE account_id = $1 AND id = $2`, accountID, id))
	if err != nil {
		return nil, s.mapErr(err)
	}
	return &c, nil
}

func (s *Store) Customers(ctx context.Context, accountID string) ([]store.Customer, error) {
	rows, err := s.q.Query(ctx,
		`SELECT `+customerColumns+` FROM customers WHERE account_id = $1 ORDER BY created_at, id`, accountID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	cs, err := collect(rows, scanCustomer)
	return cs, s.mapErr(err)
}

// UpdateCustomer writes every field of c (by AccountID and ID) and sets
// c.UpdatedAt to now.
func (s *Store) UpdateCustomer(ctx context.Context, c *store.Customer) error {
	updated := nowUTC()
	err := s.execOne(ctx,
		`UPDATE customers SET name = $3, email = $4, address_line1 = $5, address_line2 = $6, postal_code = $7,
		 city = $8, country = $9, vat_id = $10, currency = $11, language = $12, updated_at = $13
		 WHERE account_id = $1 AND id = $2`,
		c.AccountID, c.ID, c.Name, c.Email, c.AddressLine1, c.AddressLine2, c.PostalCode,
		c.City, c.Country, c.VATID, c.Currency, c.Language, s.timeArg(updated))
	if err == nil {
		c.UpdatedAt = updated
	}
	return err
}

// DeleteCustomer checks in the DELETE itself that no invoice names the
// customer, so that an invoice created meanwhile keeps its buyer.
func (s *Store) DeleteCustomer(ctx context.Context, accountID, id string) error {
	err := s.execOne(ctx,
		`DELETE FROM customers WHERE account_id = $1 AND id = $2
		 AND NOT EXISTS (SELECT 1 FROM invoices WHERE account_id = $1 AND customer_id = $2)`,
		accountID, id)
	if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if _, gone := s.Customer(ctx, accountID, id); gone != nil {
		return gone
	}
	return store.ErrConflict
}

func scanCustomer(r scanner) (store.Customer, error) {
	var c store.Customer
	err := r.Scan(&c.ID, &c.AccountID, &c.Name, &c.Email, &c.AddressLine1, &c.AddressLine2, &c.PostalCode, &c.City,
		&c.Country, &c.VATID, &c.Currency, &c.Language, scanTime(&c.CreatedAt), scanTime(&c.UpdatedAt))
	return c, err
}
