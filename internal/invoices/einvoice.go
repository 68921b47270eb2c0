package invoices

import (
	"errors"
	"strings"

	"github.com/quirehq/quire/internal/errs"
)

// EInvoice is an invoice given whole, not stored: what POST
// /v1/documents/generate takes as options.facturx.invoice so that an
// account's own template can produce a Factur-X e-invoice. Totals are
// computed here as for stored invoices.
type EInvoice struct {
	Number         string     `json:"number" minLength:"1" doc:"Invoice number (BT-1)"`
	TypeCode       string     `json:"type_code,omitempty" enum:"380,381" doc:"380 invoice (default) or 381 credit note"`
	InvoiceDate    string     `json:"invoice_date" doc:"YYYY-MM-DD"`
	DueDate        string     `json:"due_date,omitempty" doc:"YYYY-MM-DD"`
	Currency       string     `json:"currency" doc:"ISO 4217"`
	Language       string     `json:"language,omitempty" doc:"en, de or fr: the language of the PDF's title"`
	BuyerReference string     `json:"buyer_reference,omitempty"`
	Notes          string     `json:"notes,omitempty"`
	Seller         Seller     `json:"seller" doc:"name, address, country, vat_id, iban…"`
	Buyer          Party      `json:"buyer" doc:"name, address, country, vat_id…"`
	Positions      []Position `json:"positions"`
	Corrects       *Reference `json:"corrects,omitempty" doc:"A credit note: the invoice it corrects (number, invoice_date)"`
}

// CII checks e and writes its Factur-X XML and title; errors name the
// field under prefix (such as "options.facturx.invoice.").
func (e EInvoice) CII(prefix string) ([]byte, string, error) {
	xml, title, err := e.cii()
	var de *errs.Error
	if errors.As(err, &de) && de.Code == errs.Validation {
		return nil, "", errs.New(errs.Validation, "%s%s", prefix, de.Message)
	}
	return xml, title, err
}

func (e EInvoice) cii() ([]byte, string, error) {
	var err error
	if e.Number, err = text("number", e.Number, 100); err != nil || e.Number == "" {
		return nil, "", invalid("number", "is required (at most 100 characters)")
	}
	if e.TypeCode == "" {
		e.TypeCode = TypeInvoice
	}
	if e.TypeCode != TypeInvoice && e.TypeCode != TypeCreditNote {
		return nil, "", invalid("type_code", "must be 380 (invoice) or 381 (credit note)")
	}
	if e.InvoiceDate, err = checkDate("invoice_date", e.InvoiceDate); err != nil {
		return nil, "", err
	}
	if e.InvoiceDate == "" {
		return nil, "", invalid("invoice_date", "is required")
	}
	if e.DueDate, err = checkDate("due_date", e.DueDate); err != nil {
		return nil, "", err
	}
	if e.Currency, err = checkCurrency("currency", e.Currency); err != nil {
		return nil, "", err
	}
	if e.Currency == "" {
		return nil, "", invalid("currency", "is required")
	}
	if e.Language, err = checkLanguage("language", e.Language); err != nil {
		return nil, "", err
	}
	for _, p := range []struct {
		name string
		a    *Address
	}{{"seller.", &e.Seller.Address}, {"buyer.", &e.Buyer.Address}} {
		if *p.a, err = checkAddress(p.name, *p.a); err != nil {
			return nil, "", err
		}
	}
	e.Seller.IBAN = strings.ToUpper(strings.ReplaceAll(e.Seller.IBAN, " ", ""))
	if e.Seller.IBAN != "" && !validIBAN(e.Seller.IBAN) {
		return nil, "", invalid("seller.iban", "%q is not a valid IBAN", e.Seller.IBAN)
	}
	if err := checkSeller(&e.Seller); err != nil {
		return nil, "", err
	}
	if strings.TrimSpace(e.Buyer.Name) == "" {
		return nil, "", invalid("buyer.name", "is required")
	}
	positions, err := checkPositions(e.Positions)
	if err != nil {
		return nil, "", err
	}
	if err := checkBuyer(e.Buyer, &e.Seller, positions); err != nil {
		return nil, "", err
	}
	if e.Corrects != nil {
		if e.Corrects.Date, err = checkDate("corrects.invoice_date", e.Corrects.Date); err != nil {
			return nil, "", err
		}
		if e.Corrects.Number == "" || e.Corrects.Date == "" {
			return nil, "", invalid("corrects", "needs the number and invoice_date of the corrected invoice")
		}
	}
	inv := &Invoice{Number: &e.Number, TypeCode: e.TypeCode, InvoiceDate: e.InvoiceDate, DueDate: e.DueDate,
		Currency: e.Currency, Language: e.Language, BuyerReference: e.BuyerReference, Notes: e.Notes,
		Buyer: e.Buyer, Seller: e.Seller.Party, seller: e.Seller, Corrects: e.Corrects, Status: StatusFinalized}
	compute(inv, positions)
	xml, err := CII(inv)
	return xml, Title(inv), err
}
