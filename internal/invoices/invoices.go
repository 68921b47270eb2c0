package invoices

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/wire"
)

// NewInvoice is an invoice to create, as docs101's POST /api/invoices/ takes it.
type NewInvoice struct {
	CustomerID     string     `json:"customer_id" doc:"The customer billed"`
	InvoiceDate    string     `json:"invoice_date,omitempty" doc:"YYYY-MM-DD; default today"`
	DueDate        string     `json:"due_date,omitempty" doc:"YYYY-MM-DD; default the invoice date plus the seller's payment terms"`
	Currency       string     `json:"currency,omitempty" doc:"ISO 4217; default the customer's, else the seller's default"`
	Language       string     `json:"language,omitempty" doc:"en, de or fr; default the customer's, else the seller's default"`
	BuyerReference string     `json:"buyer_reference,omitempty" doc:"The buyer's reference (purchase order, Leitweg-ID)"`
	Notes          string     `json:"notes,omitempty"`
	TemplateID     string     `json:"template_id,omitempty" doc:"An HTML template of the account to print this invoice with; default the seller's template_id, else the built-in one"`
	Positions      []Position `json:"positions" doc:"Lines: description, quantity, unit_price, vat_rate (percent), optional unit, vat_category (S, Z, E, AE) and exemption_reason"`
}

// content is the stored body of an invoice: what the columns do not hold.
type content struct {
	DueDate        string     `json:"due_date"`
	Language       string     `json:"language"`
	BuyerReference string     `json:"buyer_reference,omitempty"`
	Notes          string     `json:"notes,omitempty"`
	TemplateID     string     `json:"template_id,omitempty"`
	Positions      []Position `json:"positions"`
	// Seller and Buyer are frozen in when the invoice is finalized.
	Seller     *Seller    `json:"seller,omitempty"`
	Buyer      *Party     `json:"buyer,omitempty"`
	Corrects   *Reference `json:"corrects,omitempty"`
	CreditNote *Reference `json:"credit_note,omitempty"`
}

// CreateInvoice adds a draft invoice.
func (s *Service) CreateInvoice(ctx context.Context, accountID string, in NewInvoice) (*Invoice, error) {
	cust, err := s.Store.Customer(ctx, accountID, in.CustomerID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, invalid("customer_id", "no customer %q", in.CustomerID)
	}
	if err != nil {
		return nil, err
	}
	seller, err := s.Seller(ctx, accountID)
	if err != nil {
		return nil, err
	}
	c := content{BuyerReference: in.BuyerReference, Notes: in.Notes, TemplateID: strings.TrimSpace(in.TemplateID)}
	if c.BuyerReference, err = text("buyer_reference", c.BuyerReference, 255); err != nil {
		return nil, err
	}
	if c.Notes, err = text("notes", c.Notes, 5000); err != nil {
		return nil, err
	}
	date, err := checkDate("invoice_date", in.InvoiceDate)
	if err != nil {
		return nil, err
	}
	if date == "" {
		date = s.now().Format(time.DateOnly)
	}
	if c.DueDate, err = checkDate("due_date", in.DueDate); err != nil {
		return nil, err
	}
	if c.DueDate == "" {
		d, _ := time.Parse(time.DateOnly, date)
		c.DueDate = d.AddDate(0, 0, seller.PaymentTermsDays).Format(time.DateOnly)
	} else if c.DueDate < date {
		return nil, invalid("due_date", "must not be before invoice_date")
	}
	currency, err := checkCurrency("currency", in.Currency)
	if err != nil {
		return nil, err
	}
	currency = firstOf(currency, cust.Currency, seller.DefaultCurrency)
	if c.Language, err = checkLanguage("language", in.Language); err != nil {
		return nil, err
	}
	// A language left out follows the customer (or seller) until finalized.
	if c.Positions, err = checkPositions(in.Positions); err != nil {
		return nil, err
	}
	if err := checkReverseCharge(c.Positions, buyer(cust)); err != nil {
		return nil, err
	}
	body, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	row := &store.Invoice{AccountID: accountID, CustomerID: cust.ID, TypeCode: TypeInvoice, Status: StatusDraft,
		InvoiceDate: date, Currency: currency, Body: body}
	if err := s.Store.CreateInvoice(ctx, row); err != nil {
		return nil, err
	}
	return s.view(ctx, row)
}

// checkReverseCharge: a reverse-charge line needs the buyer's VAT id (BR-AE-02).
func checkReverseCharge(ps []Position, b Party) error {
	for i, p := range ps {
		if p.VATCategory == CategoryReverseCharge && b.VATID == "" {
			return invalid(fmt.Sprintf("positions[%d].vat_category", i), "reverse charge (AE) needs the customer's vat_id")
		}
	}
	return nil
}

// Invoice returns one invoice of the account.
func (s *Service) Invoice(ctx context.Context, accountID, id string) (*Invoice, error) {
	row, err := s.invoiceRow(ctx, accountID, id)
	if err != nil {
		return nil, err
	}
	return s.view(ctx, row)
}

// Invoices lists the account's invoices and credit notes, newest first.
func (s *Service) Invoices(ctx context.Context, accountID string) ([]Invoice, error) {
	rows, err := s.Store.Invoices(ctx, accountID)
	if err != nil {
		return nil, err
	}
	out := make([]Invoice, 0, len(rows))
	for i := range rows {
		v, err := s.view(ctx, &rows[i])
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, nil
}

// Finalize gives a draft the next number of its year's sequence and
// freezes it with the seller and buyer as they are now.
func (s *Service) Finalize(ctx context.Context, accountID, id string) (*Invoice, error) {
	seller, err := s.readySeller(ctx, accountID)
	if err != nil {
		return nil, err
	}
	var row *store.Invoice
	err = s.Store.InTx(ctx, func(tx store.Store) error {
		row, err = tx.Invoice(ctx, accountID, id)
		if err != nil {
			return invoiceErr(err, id)
		}
		if row.Status != StatusDraft {
			return errs.New(errs.InvoiceFrozen, "invoice %s is %s: finalized invoices cannot change", id, row.Status)
		}
		cust, err := tx.Customer(ctx, accountID, row.CustomerID)
		if err != nil {
			return err
		}
		c, err := decode(row)
		if err != nil {
			return err
		}
		b := buyer(cust)
		if err := checkBuyer(b, seller, c.Positions); err != nil {
			return err
		}
		c.Seller, c.Buyer = seller, &b
		c.Language = firstOf(c.Language, cust.Language, seller.DefaultLanguage)
		return s.finalizeIn(ctx, tx, row, c)
	})
	if errors.Is(err, store.ErrConflict) {
		return nil, errs.New(errs.InvoiceFrozen, "invoice %s was finalized meanwhile", id)
	}
	if err != nil {
		return nil, err
	}
	return s.view(ctx, row)
}

// finalizeIn numbers row and writes it finalized with c, in tx.
func (s *Service) finalizeIn(ctx context.Context, tx store.Store, row *store.Invoice, c content) error {
	year, _ := strconv.Atoi(row.InvoiceDate[:4])
	n, err := tx.NextInvoiceNumber(ctx, row.AccountID, year)
	if err != nil {
		return err
	}
	body, err := json.Marshal(c)
	if err != nil {
		return err
	}
	now := s.now()
	from := row.Status
	row.Number, row.Status, row.Body, row.FinalizedAt = fmt.Sprintf("%d-%04d", year, n), StatusFinalized, body, &now
	if from == "" { // a new row (a credit note)
		return tx.CreateInvoice(ctx, row)
	}
	return tx.SetInvoiceState(ctx, row, from)
}

// Cancel cancels a finalized invoice with a credit note (type 381) of the
// same lines referencing it, numbered in the same sequence; it returns the
// credit note.
func (s *Service) Cancel(ctx context.Context, accountID, id string) (*Invoice, error) {
	var note *store.Invoice
	err := s.Store.InTx(ctx, func(tx store.Store) error {
		orig, err := tx.Invoice(ctx, accountID, id)
		if err != nil {
			return invoiceErr(err, id)
		}
		switch {
		case orig.TypeCode == TypeCreditNote:
			return errs.New(errs.InvoiceFrozen, "%s is a credit note: it cannot be cancelled", id)
		case orig.Status == StatusDraft:
			return errs.New(errs.InvoiceNotFinalized, "invoice %s is a draft: only finalized invoices are cancelled with a credit note", id)
		case orig.Status == StatusCancelled:
			return errs.New(errs.InvoiceFrozen, "invoice %s is already cancelled", id)
		}
		oc, err := decode(orig)
		if err != nil {
			return err
		}
		today := s.now().Format(time.DateOnly)
		nc := oc
		nc.DueDate, nc.Corrects, nc.CreditNote = today, &Reference{ID: orig.ID, Number: orig.Number, Date: orig.InvoiceDate}, nil
		note = &store.Invoice{AccountID: accountID, CustomerID: orig.CustomerID, TypeCode: TypeCreditNote,
			InvoiceDate: today, Currency: orig.Currency, PrecedingID: orig.ID}
		if err := s.finalizeIn(ctx, tx, note, nc); err != nil {
			return err
		}
		oc.CreditNote = &Reference{ID: note.ID, Number: note.Number, Date: note.InvoiceDate}
		if orig.Body, err = json.Marshal(oc); err != nil {
			return err
		}
		orig.Status = StatusCancelled
		return tx.SetInvoiceState(ctx, orig, StatusFinalized)
	})
	if errors.Is(err, store.ErrConflict) {
		return nil, errs.New(errs.InvoiceFrozen, "invoice %s was cancelled meanwhile", id)
	}
	if err != nil {
		return nil, err
	}
	return s.view(ctx, note)
}

// readySeller is the account's seller, complete enough to invoice.
func (s *Service) readySeller(ctx context.Context, accountID string) (*Seller, error) {
	seller, err := s.Seller(ctx, accountID)
	if err != nil {
		return nil, err
	}
	return seller, checkSeller(seller)
}

// checkSeller holds what an invoice needs of its seller.
func checkSeller(seller *Seller) error {
	switch {
	case seller.Name == "":
		return errs.New(errs.Validation, "seller.name: set the seller's name (PUT /v1/account/invoicing) before finalizing")
	case seller.Country == "" || seller.City == "" || seller.Line1 == "" || seller.PostalCode == "":
		return errs.New(errs.Validation, "seller.address: set the seller's address and country (PUT /v1/account/invoicing) before finalizing")
	case seller.VATID == "":
		// EN 16931 BR-CO-26 identifies the seller by it (Quire keeps no
		// other seller identifier).
		return errs.New(errs.Validation, "seller.vat_id: set the seller's VAT id (PUT /v1/account/invoicing) before finalizing")
	}
	return nil
}

// checkBuyer holds the rules a finalized invoice needs of its parties.
func checkBuyer(b Party, seller *Seller, ps []Position) error {
	if b.Country == "" {
		return errs.New(errs.Validation, "customer.country: the customer needs a country before an invoice is finalized")
	}
	for i, p := range ps {
		if p.VATCategory != CategoryZero && seller.VATID == "" && seller.TaxNumber == "" {
			return invalid(fmt.Sprintf("positions[%d].vat_category", i), "VAT category %s needs the seller's vat_id or tax_number", p.VATCategory)
		}
		if p.VATCategory == CategoryReverseCharge && (seller.VATID == "" || b.VATID == "") {
			return invalid(fmt.Sprintf("positions[%d].vat_category", i), "reverse charge (AE) needs the seller's and the customer's vat_id")
		}
	}
	return nil
}

func (s *Service) invoiceRow(ctx context.Context, accountID, id string) (*store.Invoice, error) {
	row, err := s.Store.Invoice(ctx, accountID, id)
	if err != nil {
		return nil, invoiceErr(err, id)
	}
	return row, nil
}

func invoiceErr(err error, id string) error {
	if errors.Is(err, store.ErrNotFound) {
		return errs.New(errs.InvoiceNotFound, "invoice %q does not exist", id)
	}
	return err
}

func decode(row *store.Invoice) (content, error) {
	var c content
	err := json.Unmarshal(row.Body, &c)
	return c, err
}

// view is the public form of row: drafts show the current seller and
// customer, finalized invoices the ones frozen into them.
func (s *Service) view(ctx context.Context, row *store.Invoice) (*Invoice, error) {
	c, err := decode(row)
	if err != nil {
		return nil, err
	}
	inv := &Invoice{
		ID: row.ID, TypeCode: row.TypeCode, Type: "invoice", Status: row.Status, CustomerID: row.CustomerID,
		InvoiceDate: row.InvoiceDate, DueDate: c.DueDate, Currency: row.Currency, Language: c.Language,
		BuyerReference: c.BuyerReference, Notes: c.Notes, TemplateID: c.TemplateID, Corrects: c.Corrects, CreditNote: c.CreditNote,
		CreatedAt: wire.At(row.CreatedAt), UpdatedAt: wire.At(row.UpdatedAt), FinalizedAt: wire.AtPtr(row.FinalizedAt),
	}
	if row.TypeCode == TypeCreditNote {
		inv.Type = "credit_note"
	}
	if row.Number != "" {
		inv.Number = &row.Number
	}
	if row.DocumentID != "" {
		inv.DocumentID = &row.DocumentID
	}
	if c.Seller != nil && c.Buyer != nil {
		inv.seller, inv.Buyer = *c.Seller, *c.Buyer
	} else {
		seller, err := s.Seller(ctx, row.AccountID)
		if err != nil {
			return nil, err
		}
		cust, err := s.Store.Customer(ctx, row.AccountID, row.CustomerID)
		if err != nil {
			return nil, err
		}
		inv.seller, inv.Buyer = *seller, buyer(cust)
		inv.Language = firstOf(c.Language, cust.Language, seller.DefaultLanguage)
	}
	inv.Seller = inv.seller.Party
	compute(inv, c.Positions)
	return inv, nil
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
