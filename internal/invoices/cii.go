package invoices

import (
	"bytes"
	"context"
	"encoding/xml"
	"strconv"
	"strings"

	"github.com/quirehq/quire/internal/errs"
)

// GuidelineEN16931 is BT-24 of the Factur-X EN 16931 (COMFORT) profile.
const GuidelineEN16931 = "urn:cen.eu:en16931:2017"

// CII writes a finalized invoice as UN/CEFACT Cross Industry Invoice XML of
// the Factur-X / ZUGFeRD EN 16931 profile: the XML a Factur-X PDF carries
// as factur-x.xml. Elements follow the order of the official XSD.
func CII(inv *Invoice) ([]byte, error) {
	if inv.Number == nil {
		return nil, errs.New(errs.InvoiceNotFinalized, "invoice %s is a draft: only finalized invoices have an e-invoice", inv.ID)
	}
	w := &xmlWriter{}
	w.b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.open(`rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"` +
		` xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100"` +
		` xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"` +
		` xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"`)

	w.open("rsm:ExchangedDocumentContext")
	w.open("ram:GuidelineSpecifiedDocumentContextParameter")
	w.leaf("ram:ID", GuidelineEN16931)
	w.close("ram:GuidelineSpecifiedDocumentContextParameter")
	w.close("rsm:ExchangedDocumentContext")

	w.open("rsm:ExchangedDocument")
	w.leaf("ram:ID", *inv.Number)
	w.leaf("ram:TypeCode", inv.TypeCode)
	w.date("ram:IssueDateTime", "udt", inv.InvoiceDate)
	if inv.Notes != "" {
		w.open("ram:IncludedNote")
		w.leaf("ram:Content", inv.Notes)
		w.close("ram:IncludedNote")
	}
	w.close("rsm:ExchangedDocument")

	w.open("rsm:SupplyChainTradeTransaction")
	for i, ln := range inv.Positions {
		w.line(i+1, ln)
	}
	w.open("ram:ApplicableHeaderTradeAgreement")
	if inv.BuyerReference != "" {
		w.leaf("ram:BuyerReference", inv.BuyerReference)
	}
	w.party("ram:SellerTradeParty", inv.seller.Party)
	w.party("ram:BuyerTradeParty", inv.Buyer)
	w.close("ram:ApplicableHeaderTradeAgreement")

	w.open("ram:ApplicableHeaderTradeDelivery")
	w.open("ram:ActualDeliverySupplyChainEvent")
	w.date("ram:OccurrenceDateTime", "udt", inv.InvoiceDate)
	w.close("ram:ActualDeliverySupplyChainEvent")
	w.close("ram:ApplicableHeaderTradeDelivery")

	w.settlement(inv)
	w.close("rsm:SupplyChainTradeTransaction")
	w.close("rsm:CrossIndustryInvoice")
	return w.b.Bytes(), nil
}

func (w *xmlWriter) line(n int, ln Line) {
	w.open("ram:IncludedSupplyChainTradeLineItem")
	w.open("ram:AssociatedDocumentLineDocument")
	w.leaf("ram:LineID", strconv.Itoa(n))
	w.close("ram:AssociatedDocumentLineDocument")
	w.open("ram:SpecifiedTradeProduct")
	w.leaf("ram:Name", ln.Description)
	w.close("ram:SpecifiedTradeProduct")
	w.open("ram:SpecifiedLineTradeAgreement")
	w.open("ram:NetPriceProductTradePrice")
	w.leaf("ram:ChargeAmount", ln.UnitPrice.Fixed(max(2, ln.UnitPrice.Places())))
	w.close("ram:NetPriceProductTradePrice")
	w.close("ram:SpecifiedLineTradeAgreement")
	w.open("ram:SpecifiedLineTradeDelivery")
	w.leafAttr("ram:BilledQuantity", "unitCode", ln.Unit, ln.Quantity.Fixed(max(0, ln.Quantity.Places())))
	w.close("ram:SpecifiedLineTradeDelivery")
	w.open("ram:SpecifiedLineTradeSettlement")
	w.open("ram:ApplicableTradeTax")
	w.leaf("ram:TypeCode", "VAT")
	w.leaf("ram:CategoryCode", ln.VATCategory)
	w.leaf("ram:RateApplicablePercent", ln.VATRate.Fixed(2))
	w.close("ram:ApplicableTradeTax")
	w.open("ram:SpecifiedTradeSettlementLineMonetarySummation")
	w.leaf("ram:LineTotalAmount", ln.NetAmount.Fixed(2))
	w.close("ram:SpecifiedTradeSettlementLineMonetarySummation")
	w.close("ram:SpecifiedLineTradeSettlement")
	w.close("ram:IncludedSupplyChainTradeLineItem")
}

func (w *xmlWriter) party(tag string, p Party) {
	w.open(tag)
	w.leaf("ram:Name", p.Name)
	w.open("ram:PostalTradeAddress")
	w.optLeaf("ram:PostcodeCode", p.PostalCode)
	w.optLeaf("ram:LineOne", p.Line1)
	w.optLeaf("ram:LineTwo", p.Line2)
	w.optLeaf("ram:CityName", p.City)
	w.leaf("ram:CountryID", p.Country)
	w.close("ram:PostalTradeAddress")
	if p.Email != "" {
		w.open("ram:URIUniversalCommunication")
		w.leafAttr("ram:URIID", "schemeID", "EM", p.Email)
		w.close("ram:URIUniversalCommunication")
	}
	for _, reg := range []struct{ scheme, id string }{{"VA", p.VATID}, {"FC", p.TaxNumber}} {
		if reg.id != "" {
			w.open("ram:SpecifiedTaxRegistration")
			w.leafAttr("ram:ID", "schemeID", reg.scheme, reg.id)
			w.close("ram:SpecifiedTaxRegistration")
		}
	}
	w.close(tag)
}

func (w *xmlWriter) settlement(inv *Invoice) {
	w.open("ram:ApplicableHeaderTradeSettlement")
	w.leaf("ram:PaymentReference", *inv.Number)
	w.leaf("ram:InvoiceCurrencyCode", inv.Currency)
	if inv.seller.IBAN != "" {
		w.open("ram:SpecifiedTradeSettlementPaymentMeans")
		w.leaf("ram:TypeCode", "58") // SEPA credit transfer
		w.open("ram:PayeePartyCreditorFinancialAccount")
		w.leaf("ram:IBANID", inv.seller.IBAN)
		w.close("ram:PayeePartyCreditorFinancialAccount")
		if inv.seller.BIC != "" {
			w.open("ram:PayeeSpecifiedCreditorFinancialInstitution")
			w.leaf("ram:BICID", inv.seller.BIC)
			w.close("ram:PayeeSpecifiedCreditorFinancialInstitution")
		}
		w.close("ram:SpecifiedTradeSettlementPaymentMeans")
	}
	for _, g := range inv.VATBreakdown {
		w.open("ram:ApplicableTradeTax")
		w.leaf("ram:CalculatedAmount", g.TaxAmount.Fixed(2))
		w.leaf("ram:TypeCode", "VAT")
		w.optLeaf("ram:ExemptionReason", g.ExemptionReason)
		w.leaf("ram:BasisAmount", g.TaxableAmount.Fixed(2))
		w.leaf("ram:CategoryCode", g.Category)
		if g.Category == CategoryReverseCharge {
			w.leaf("ram:ExemptionReasonCode", "VATEX-EU-AE")
		}
		w.leaf("ram:RateApplicablePercent", g.Rate.Fixed(2))
		w.close("ram:ApplicableTradeTax")
	}
	if inv.DueDate != "" {
		w.open("ram:SpecifiedTradePaymentTerms")
		w.date("ram:DueDateDateTime", "udt", inv.DueDate)
		w.close("ram:SpecifiedTradePaymentTerms")
	}
	w.open("ram:SpecifiedTradeSettlementHeaderMonetarySummation")
	w.leaf("ram:LineTotalAmount", inv.Net.Fixed(2))
	w.leaf("ram:TaxBasisTotalAmount", inv.Net.Fixed(2))
	w.leafAttr("ram:TaxTotalAmount", "currencyID", inv.Currency, inv.VAT.Fixed(2))
	w.leaf("ram:GrandTotalAmount", inv.Gross.Fixed(2))
	w.leaf("ram:DuePayableAmount", inv.Due.Fixed(2))
	w.close("ram:SpecifiedTradeSettlementHeaderMonetarySummation")
	if inv.Corrects != nil {
		w.open("ram:InvoiceReferencedDocument")
		w.leaf("ram:IssuerAssignedID", inv.Corrects.Number)
		w.date("ram:FormattedIssueDateTime", "qdt", inv.Corrects.Date)
		w.close("ram:InvoiceReferencedDocument")
	}
	w.close("ram:ApplicableHeaderTradeSettlement")
}

// xmlWriter writes indented XML element by element.
type xmlWriter struct {
	b     bytes.Buffer
	depth int
}

func (w *xmlWriter) indent() { w.b.WriteString(strings.Repeat("  ", w.depth)) }

func (w *xmlWriter) open(tag string) {
	w.indent()
	w.b.WriteString("<" + tag + ">\n")
	w.depth++
}

func (w *xmlWriter) close(tag string) {
	w.depth--
	w.indent()
	w.b.WriteString("</" + tag + ">\n")
}

func (w *xmlWriter) leaf(tag, value string) { w.leafAttr(tag, "", "", value) }

func (w *xmlWriter) optLeaf(tag, value string) {
	if value != "" {
		w.leaf(tag, value)
	}
}

func (w *xmlWriter) leafAttr(tag, attr, attrValue, value string) {
	w.indent()
	w.b.WriteString("<" + tag)
	if attr != "" {
		w.b.WriteString(" " + attr + `="`)
		_ = xml.EscapeText(&w.b, []byte(attrValue))
		w.b.WriteString(`"`)
	}
	w.b.WriteString(">")
	_ = xml.EscapeText(&w.b, []byte(value))
	w.b.WriteString("</" + tag + ">\n")
}

// date writes a date element holding a format-102 (YYYYMMDD) date string
// of namespace prefix ns (udt or qdt).
func (w *xmlWriter) date(tag, ns, isoDate string) {
	w.open(tag)
	w.leafAttr(ns+":DateTimeString", "format", "102", strings.ReplaceAll(isoDate, "-", ""))
	w.close(tag)
}

// XML is the CII XML of an account's finalized invoice and its file name.
func (s *Service) XML(ctx context.Context, accountID, id string) ([]byte, string, error) {
	inv, err := s.Invoice(ctx, accountID, id)
	if err != nil {
		return nil, "", err
	}
	xml, err := CII(inv)
	if err != nil {
		return nil, "", err
	}
	return xml, *inv.Number + ".xml", nil
}
