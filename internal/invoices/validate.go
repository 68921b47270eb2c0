package invoices

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/quirehq/quire/internal/errs"
)

// invalid is a 400 naming the field.
func invalid(field, format string, args ...any) error {
	return errs.New(errs.Validation, "%s: %s", field, fmt.Sprintf(format, args...))
}

// text trims s and checks it has at most max characters.
func text(field, s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > max {
		return "", invalid(field, "at most %d characters", max)
	}
	return s, nil
}

func checkCurrency(field, c string) (string, error) {
	c = strings.ToUpper(strings.TrimSpace(c))
	if c != "" && !iso4217[c] {
		return "", invalid(field, "%q is not an ISO 4217 currency code", c)
	}
	return c, nil
}

func checkCountry(field, c string) (string, error) {
	c = strings.ToUpper(strings.TrimSpace(c))
	if c != "" && !iso3166[c] {
		return "", invalid(field, "%q is not an ISO 3166-1 alpha-2 country code", c)
	}
	return c, nil
}

func checkLanguage(field, l string) (string, error) {
	l = strings.ToLower(strings.TrimSpace(l))
	if l != "" && !languages[l] {
		return "", invalid(field, "%q is not a supported language (en, de, fr)", l)
	}
	return l, nil
}

func checkEmail(field, e string) (string, error) {
	e = strings.TrimSpace(e)
	if e == "" {
		return "", nil
	}
	if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
		return "", invalid(field, "%q is not an email address", e)
	}
	return e, nil
}

// checkDate reads a YYYY-MM-DD date; "" stays "".
func checkDate(field, d string) (string, error) {
	d = strings.TrimSpace(d)
	if d == "" {
		return "", nil
	}
	if _, err := time.Parse(time.DateOnly, d); err != nil {
		return "", invalid(field, "%q is not a date (YYYY-MM-DD)", d)
	}
	return d, nil
}

// checkAddress cleans a postal address; prefix names its fields.
func checkAddress(prefix string, a Address) (Address, error) {
	var err error
	for _, f := range []struct {
		name string
		v    *string
		max  int
	}{{"address_line1", &a.Line1, 255}, {"address_line2", &a.Line2, 255}, {"postal_code", &a.PostalCode, 32}, {"city", &a.City, 255}} {
		if *f.v, err = text(prefix+f.name, *f.v, f.max); err != nil {
			return a, err
		}
	}
	a.Country, err = checkCountry(prefix+"country", a.Country)
	return a, err
}

var hundred = MustDecimal("100")

// checkPositions validates the lines of an invoice and fills in their VAT
// category when left out (S for a positive rate, Z for 0).
func checkPositions(ps []Position) ([]Position, error) {
	if len(ps) == 0 {
		return nil, invalid("positions", "at least one position is required")
	}
	if len(ps) > 1000 {
		return nil, invalid("positions", "at most 1000 positions")
	}
	out := make([]Position, len(ps))
	for i, p := range ps {
		f := fmt.Sprintf("positions[%d].", i)
		var err error
		if p.Description, err = text(f+"description", p.Description, 1000); err != nil {
			return nil, err
		}
		if p.Description == "" {
			return nil, invalid(f+"description", "is required")
		}
		if p.Quantity.Sign() <= 0 {
			return nil, invalid(f+"quantity", "must be greater than 0 (cancel an invoice for a credit note)")
		}
		if pl := p.Quantity.Places(); pl < 0 || pl > 4 {
			return nil, invalid(f+"quantity", "at most 4 decimals")
		}
		if p.UnitPrice.Sign() < 0 {
			return nil, invalid(f+"unit_price", "must not be negative")
		}
		if pl := p.UnitPrice.Places(); pl < 0 || pl > 4 {
			return nil, invalid(f+"unit_price", "at most 4 decimals")
		}
		if p.VATRate.Sign() < 0 || p.VATRate.Cmp(hundred) >= 0 {
			return nil, invalid(f+"vat_rate", "must be a percentage from 0 to below 100")
		}
		if pl := p.VATRate.Places(); pl < 0 || pl > 2 {
			return nil, invalid(f+"vat_rate", "at most 2 decimals")
		}
		p.Unit = strings.ToUpper(strings.TrimSpace(p.Unit))
		if p.Unit != "" && (len(p.Unit) > 3 || strings.Trim(p.Unit, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != "") {
			return nil, invalid(f+"unit", "%q is not a UN/ECE Recommendation 20 unit code (such as C62, HUR, DAY)", p.Unit)
		}
		if p, err = checkCategory(f, p); err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}

// checkCategory applies the rules of each VAT category: S has a positive
// rate; Z, E and AE a rate of 0; E and AE an exemption reason (AE's
// defaults to "Reverse charge").
func checkCategory(f string, p Position) (Position, error) {
	p.VATCategory = strings.ToUpper(strings.TrimSpace(p.VATCategory))
	if p.VATCategory == "" {
		p.VATCategory = CategoryStandard
		if p.VATRate.IsZero() {
			p.VATCategory = CategoryZero
		}
	}
	var err error
	if p.ExemptionReason, err = text(f+"exemption_reason", p.ExemptionReason, 255); err != nil {
		return p, err
	}
	switch p.VATCategory {
	case CategoryStandard:
		if p.VATRate.IsZero() {
			return p, invalid(f+"vat_rate", "must be greater than 0 in VAT category S (use Z, E or AE for 0)")
		}
	case CategoryZero, CategoryExempt, CategoryReverseCharge:
		if !p.VATRate.IsZero() {
			return p, invalid(f+"vat_rate", "must be 0 in VAT category %s", p.VATCategory)
		}
	default:
		return p, invalid(f+"vat_category", "%q is not one of S, Z, E, AE", p.VATCategory)
	}
	switch {
	case p.VATCategory == CategoryExempt && p.ExemptionReason == "":
		return p, invalid(f+"exemption_reason", "is required in VAT category E (exempt)")
	case p.VATCategory == CategoryReverseCharge && p.ExemptionReason == "":
		p.ExemptionReason = "Reverse charge"
	case p.VATCategory != CategoryExempt && p.VATCategory != CategoryReverseCharge:
		p.ExemptionReason = ""
	}
	return p, nil
}
