package invoices

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/quirehq/quire/internal/store"
)

// maxLogo bounds the seller's logo (a data: URL).
const maxLogo = 512 << 10

// Seller returns the account's invoicing settings; an account that never
// set them gets empty ones.
func (s *Service) Seller(ctx context.Context, accountID string) (*Seller, error) {
	row, err := s.Store.InvoiceSeller(ctx, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return defaults(&Seller{}), nil
	}
	if err != nil {
		return nil, err
	}
	var out Seller
	if err := json.Unmarshal(row.Body, &out); err != nil {
		return nil, err
	}
	return defaults(&out), nil
}

// PutSeller replaces the account's invoicing settings.
func (s *Service) PutSeller(ctx context.Context, accountID string, in Seller) (*Seller, error) {
	var err error
	fields := []struct {
		name string
		v    *string
		max  int
	}{{"name", &in.Name, 255}, {"vat_id", &in.VATID, 64}, {"tax_number", &in.TaxNumber, 64}, {"phone", &in.Phone, 64},
		{"bic", &in.BIC, 11}, {"bank_name", &in.BankName, 255}, {"template_id", &in.TemplateID, 64}}
	for _, f := range fields {
		if *f.v, err = text(f.name, *f.v, f.max); err != nil {
			return nil, err
		}
	}
	if in.Email, err = checkEmail("email", in.Email); err != nil {
		return nil, err
	}
	if in.Address, err = checkAddress("", in.Address); err != nil {
		return nil, err
	}
	in.IBAN = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(in.IBAN), " ", ""))
	if in.IBAN != "" && !validIBAN(in.IBAN) {
		return nil, invalid("iban", "%q is not a valid IBAN", in.IBAN)
	}
	if in.Logo != "" && (len(in.Logo) > maxLogo || !validLogo(in.Logo)) {
		return nil, invalid("logo", "must be a data: URL of a PNG, JPEG or SVG image of at most %d KB", maxLogo>>10)
	}
	if in.DefaultCurrency, err = checkCurrency("default_currency", in.DefaultCurrency); err != nil {
		return nil, err
	}
	if in.DefaultLanguage, err = checkLanguage("default_language", in.DefaultLanguage); err != nil {
		return nil, err
	}
	if in.PaymentTermsDays < 0 || in.PaymentTermsDays > 365 {
		return nil, invalid("payment_terms_days", "must be 0-365")
	}
	defaults(&in)
	body, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	if err := s.Store.PutInvoiceSeller(ctx, &store.InvoiceSeller{AccountID: accountID, Body: body}); err != nil {
		return nil, err
	}
	return &in, nil
}

func defaults(s *Seller) *Seller {
	if s.DefaultCurrency == "" {
		s.DefaultCurrency = "EUR"
	}
	if s.DefaultLanguage == "" {
		s.DefaultLanguage = "en"
	}
	if s.PaymentTermsDays == 0 {
		s.PaymentTermsDays = 30
	}
	return s
}

func validLogo(s string) bool {
	for _, p := range []string{"data:image/png;base64,", "data:image/jpeg;base64,", "data:image/svg+xml;base64,"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// validIBAN checks an IBAN's form and its ISO 7064 mod 97 check digits.
func validIBAN(iban string) bool {
	if len(iban) < 15 || len(iban) > 34 || !iso3166[iban[:2]] {
		return false
	}
	rem := 0
	for _, r := range iban[4:] + iban[:4] {
		switch {
		case r >= '0' && r <= '9':
			rem = (rem*10 + int(r-'0')) % 97
		case r >= 'A' && r <= 'Z':
			rem = (rem*100 + int(r-'A'+10)) % 97
		default:
			return false
		}
	}
	return rem == 1
}
