package invoices

import (
	"context"
	"errors"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/wire"
)

// CustomerInput is a customer to create or change; nil fields are left out
// (PATCH keeps them; create and PUT make them empty).
type CustomerInput struct {
	Name         *string `json:"name,omitempty" doc:"Name (1-255 characters; required to create)"`
	Email        *string `json:"email,omitempty" doc:"Billing email"`
	AddressLine1 *string `json:"address_line1,omitempty"`
	AddressLine2 *string `json:"address_line2,omitempty"`
	PostalCode   *string `json:"postal_code,omitempty"`
	City         *string `json:"city,omitempty"`
	Country      *string `json:"country,omitempty" doc:"ISO 3166-1 alpha-2 code (DE, FR, …)"`
	VATID        *string `json:"vat_id,omitempty" doc:"VAT identification number (DE123456789)"`
	Currency     *string `json:"currency,omitempty" doc:"ISO 4217 code of its invoices; empty: the seller's default"`
	Language     *string `json:"language,omitempty" doc:"Language of its invoices: en, de or fr; empty: the seller's default"`
}

// CreateCustomer adds a customer to the account.
func (s *Service) CreateCustomer(ctx context.Context, accountID string, in CustomerInput) (*Customer, error) {
	c := &store.Customer{AccountID: accountID}
	if err := applyCustomer(c, in, true); err != nil {
		return nil, err
	}
	if err := s.Store.CreateCustomer(ctx, c); err != nil {
		return nil, err
	}
	return customerView(c), nil
}

// Customer returns one customer of the account.
func (s *Service) Customer(ctx context.Context, accountID, id string) (*Customer, error) {
	c, err := s.customerRow(ctx, accountID, id)
	if err != nil {
		return nil, err
	}
	return customerView(c), nil
}

// Customers lists the account's customers, oldest first.
func (s *Service) Customers(ctx context.Context, accountID string) ([]Customer, error) {
	rows, err := s.Store.Customers(ctx, accountID)
	if err != nil {
		return nil, err
	}
	out := make([]Customer, len(rows))
	for i := range rows {
		out[i] = *customerView(&rows[i])
	}
	return out, nil
}

// UpdateCustomer changes a customer: replace sets every field (PUT),
// otherwise only those given (PATCH). Invoices already finalized keep the
// buyer they were finalized with.
func (s *Service) UpdateCustomer(ctx context.Context, accountID, id string, in CustomerInput, replace bool) (*Customer, error) {
	c, err := s.customerRow(ctx, accountID, id)
	if err != nil {
		return nil, err
	}
	if err := applyCustomer(c, in, replace); err != nil {
		return nil, err
	}
	if err := s.Store.UpdateCustomer(ctx, c); err != nil {
		return nil, customerErr(err, id)
	}
	return customerView(c), nil
}

// DeleteCustomer deletes a customer no invoice names.
func (s *Service) DeleteCustomer(ctx context.Context, accountID, id string) error {
	err := s.Store.DeleteCustomer(ctx, accountID, id)
	if errors.Is(err, store.ErrConflict) {
		return errs.New(errs.CustomerHasInvoices, "customer %s has invoices and cannot be deleted", id)
	}
	return customerErr(err, id)
}

func (s *Service) customerRow(ctx context.Context, accountID, id string) (*store.Customer, error) {
	c, err := s.Store.Customer(ctx, accountID, id)
	if err != nil {
		return nil, customerErr(err, id)
	}
	return c, nil
}

func customerErr(err error, id string) error {
	if errors.Is(err, store.ErrNotFound) {
		return errs.New(errs.CustomerNotFound, "customer %q does not exist", id)
	}
	return err
}

// applyCustomer validates in and writes it into c; all means fields left
// out become empty.
func applyCustomer(c *store.Customer, in CustomerInput, all bool) error {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		} else if all {
			*dst = ""
		}
	}
	set(&c.Name, in.Name)
	set(&c.Email, in.Email)
	set(&c.AddressLine1, in.AddressLine1)
	set(&c.AddressLine2, in.AddressLine2)
	set(&c.PostalCode, in.PostalCode)
	set(&c.City, in.City)
	set(&c.Country, in.Country)
	set(&c.VATID, in.VATID)
	set(&c.Currency, in.Currency)
	set(&c.Language, in.Language)
	var err error
	if c.Name, err = text("name", c.Name, 255); err != nil {
		return err
	}
	if c.Name == "" {
		return invalid("name", "is required")
	}
	if c.Email, err = checkEmail("email", c.Email); err != nil {
		return err
	}
	a, err := checkAddress("", Address{c.AddressLine1, c.AddressLine2, c.PostalCode, c.City, c.Country})
	if err != nil {
		return err
	}
	c.AddressLine1, c.AddressLine2, c.PostalCode, c.City, c.Country = a.Line1, a.Line2, a.PostalCode, a.City, a.Country
	if c.VATID, err = text("vat_id", c.VATID, 64); err != nil {
		return err
	}
	if c.Currency, err = checkCurrency("currency", c.Currency); err != nil {
		return err
	}
	c.Language, err = checkLanguage("language", c.Language)
	return err
}

func customerView(c *store.Customer) *Customer {
	return &Customer{
		ID: c.ID, Name: c.Name, Email: c.Email,
		Address: Address{c.AddressLine1, c.AddressLine2, c.PostalCode, c.City, c.Country},
		VATID:   c.VATID, Currency: c.Currency, Language: c.Language,
		CreatedAt: wire.At(c.CreatedAt), UpdatedAt: wire.At(c.UpdatedAt),
	}
}

// buyer is the party a customer is on an invoice.
func buyer(c *store.Customer) Party {
	return Party{Name: c.Name, Email: c.Email, VATID: c.VATID,
		Address: Address{c.AddressLine1, c.AddressLine2, c.PostalCode, c.City, c.Country}}
}
