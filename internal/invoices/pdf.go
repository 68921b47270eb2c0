package invoices

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
)

// builtinTemplate is the invoice template every account has: Handlebars,
// rendered with TemplateData like any HTML template.
//
//go:embed template/invoice.hbs
var builtinTemplate string

// PDF is an invoice printed: the bytes of its stored document and its name.
type PDF struct {
	DocumentID string
	Filename   string
	Data       []byte
}

// PDF prints an invoice with the built-in template through the documents
// service: a normal document of the account (listed, kept, announced,
// counted). A finalized invoice is printed once and its document served
// again while it is kept; a draft is printed each time. facturX makes it
// a Factur-X PDF/A-3 with the invoice's CII XML inside (nil: the seller's
// default).
func (s *Service) PDF(ctx context.Context, p auth.Principal, id string, facturX *bool) (*PDF, error) {
	if s.Renderer == nil {
		return nil, errs.New(errs.Unavailable, "PDF rendering is not available")
	}
	row, err := s.invoiceRow(ctx, p.AccountID, id)
	if err != nil {
		return nil, err
	}
	inv, err := s.view(ctx, row)
	if err != nil {
		return nil, err
	}
	fx := inv.seller.FacturX
	if facturX != nil {
		fx = *facturX
	}
	if fx && inv.Number == nil {
		return nil, errs.New(errs.InvoiceNotFinalized, "invoice %s is a draft: finalize it for a Factur-X PDF", id)
	}
	name := "invoice-" + row.ID + ".pdf"
	if inv.Number != nil {
		name = *inv.Number + ".pdf"
	}
	if fx {
		name = "factur-x-" + name
	}
	// The stored document is reused when it is of the same kind.
	if row.DocumentID != "" && row.Status != StatusDraft {
		if data, err := s.Renderer.Stored(ctx, p, row.DocumentID); err == nil && IsFacturX(data) == fx {
			return &PDF{DocumentID: row.DocumentID, Filename: name, Data: data}, nil
		}
	}
	var xml []byte
	if fx {
		if xml, err = CII(inv); err != nil {
			return nil, err
		}
	}
	html := Printable{Template: builtinTemplate, TemplateID: firstOf(inv.TemplateID, inv.seller.TemplateID), Data: TemplateData(inv)}
	docID, data, err := s.Renderer.Render(ctx, p, html, name, xml, Title(inv))
	if err != nil {
		return nil, err
	}
	if row.Status != StatusDraft {
		if err := s.Store.SetInvoiceDocument(ctx, p.AccountID, row.ID, docID); err != nil {
			return nil, err
		}
	}
	return &PDF{DocumentID: docID, Filename: name, Data: data}, nil
}

// Title is how an invoice is named: "Rechnung 2026-0001", in its language.
func Title(inv *Invoice) string {
	_, l := labelsOf(inv.Language)
	return strings.TrimSpace(kindLabel(inv, l) + " " + deref(inv.Number))
}

// labelsOf is the language the built-in template writes in for lang
// (English when it has none) and its labels.
func labelsOf(lang string) (string, map[string]string) {
	if l, ok := labels[lang]; ok {
		return lang, l
	}
	return "en", labels["en"]
}

// kindLabel names what inv is: an invoice or a credit note.
func kindLabel(inv *Invoice, l map[string]string) string {
	if inv.TypeCode == TypeCreditNote {
		return l["credit_note"]
	}
	return l["invoice"]
}

// Printable is an HTML template and the data to render it with: the
// account's template TemplateID when set, else the Handlebars source
// Template.
type Printable struct {
	Template   string
	TemplateID string
	Data       map[string]any
}

// TemplateData is what an invoice template is rendered with: the invoice
// with amounts, quantities and dates written in its language, and that
// language's labels. Accounts' own templates get the same.
func TemplateData(inv *Invoice) map[string]any {
	lang, l := labelsOf(inv.Language)
	money := func(a Amount) string { return formatNumber(a.Decimal, 2, lang) + " " + inv.Currency }
	var lines []map[string]any
	for i, ln := range inv.Positions {
		lines = append(lines, map[string]any{
			"position": strconv.Itoa(i + 1), "description": ln.Description,
			"quantity": formatNumber(ln.Quantity, -1, lang), "unit": unitLabel(ln.Unit),
			"unit_price": formatNumber(ln.UnitPrice, max(2, ln.UnitPrice.Places()), lang),
			"vat":        formatNumber(ln.VATRate, -1, lang) + " %", "net": money(ln.NetAmount),
		})
	}
	var vat []map[string]any
	var exemptions []string
	for _, g := range inv.VATBreakdown {
		vat = append(vat, map[string]any{
			"label": fmt.Sprintf(l["vat_of"], formatNumber(g.Rate, -1, lang), money(g.TaxableAmount)),
			"rate":  formatNumber(g.Rate, -1, lang), "taxable": money(g.TaxableAmount), "tax": money(g.TaxAmount),
			"category": g.Category, "reason": g.ExemptionReason,
		})
		switch g.Category {
		case CategoryReverseCharge:
			exemptions = append(exemptions, l["reverse_charge"])
		case CategoryExempt:
			exemptions = append(exemptions, fmt.Sprintf(l["exempt_of"], money(g.TaxableAmount), g.ExemptionReason))
		}
	}
	party := func(p Party) map[string]any {
		var m map[string]any
		b, _ := json.Marshal(p)
		_ = json.Unmarshal(b, &m)
		return m
	}
	seller := party(inv.seller.Party)
	seller["logo"] = inv.seller.Logo
	data := map[string]any{
		"lang": lang, "labels": l, "title": kindLabel(inv, l), "draft": inv.Status == StatusDraft,
		"invoice": map[string]any{
			"number": deref(inv.Number), "date": formatDate(inv.InvoiceDate, lang), "due_date": formatDate(inv.DueDate, lang),
			"currency": inv.Currency, "buyer_reference": inv.BuyerReference, "type_code": inv.TypeCode,
		},
		"seller": seller, "buyer": party(inv.Buyer),
		"lines": lines, "vat": vat, "exemptions": exemptions, "notes": inv.Notes,
		"totals":  map[string]any{"net": money(inv.Net), "vat": money(inv.VAT), "gross": money(inv.Gross), "due": money(inv.Due)},
		"payment": map[string]any{"iban": groupIBAN(inv.seller.IBAN), "bic": inv.seller.BIC, "bank": inv.seller.BankName},
	}
	if inv.Corrects != nil {
		data["corrects"] = map[string]any{"number": inv.Corrects.Number, "date": formatDate(inv.Corrects.Date, lang)}
	}
	return data
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// groupIBAN writes an IBAN in groups of four, as printed.
func groupIBAN(iban string) string {
	out := ""
	for i, r := range iban {
		if i > 0 && i%4 == 0 {
			out += " "
		}
		out += string(r)
	}
	return out
}

// unitLabel is how a unit code is printed: C62 (one) is not.
func unitLabel(code string) string {
	switch code {
	case "C62", "H87", "":
		return ""
	case "HUR":
		return "h"
	case "DAY":
		return "d"
	case "KGM":
		return "kg"
	case "MTR":
		return "m"
	}
	return code
}

// IsFacturX reports whether a PDF carries a factur-x.xml attachment.
func IsFacturX(pdf []byte) bool { return bytes.Contains(pdf, []byte("factur-x.xml")) }
