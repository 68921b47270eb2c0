package invoices

import (
	"strings"
	"time"
)

// labels are the words of the built-in invoice template per language.
var labels = map[string]map[string]string{
	"en": {
		"invoice": "Invoice", "credit_note": "Credit note", "number": "Invoice number", "date": "Invoice date",
		"due_date": "Due date", "buyer_reference": "Your reference", "currency": "Currency", "draft": "Draft",
		"corrects": "Cancels invoice", "description": "Description", "quantity": "Quantity", "unit_price": "Unit price",
		"vat": "VAT", "amount": "Amount", "total_net": "Net total", "total_gross": "Total due", "vat_id": "VAT ID",
		"tax_number": "Tax number", "payment": "Please transfer the amount to", "vat_of": "VAT %s %% on %s",
		"exempt_of": "%s: %s", "reverse_charge": "Reverse charge: VAT is due by the recipient",
	},
	"de": {
		"invoice": "Rechnung", "credit_note": "Gutschrift", "number": "Rechnungsnummer", "date": "Rechnungsdatum",
		"due_date": "Fällig am", "buyer_reference": "Ihre Referenz", "currency": "Währung", "draft": "Entwurf",
		"corrects": "Storno zu Rechnung", "description": "Beschreibung", "quantity": "Menge", "unit_price": "Einzelpreis",
		"vat": "USt.", "amount": "Betrag", "total_net": "Nettobetrag", "total_gross": "Gesamtbetrag", "vat_id": "USt-IdNr.",
		"tax_number": "Steuernummer", "payment": "Bitte überweisen Sie den Betrag auf", "vat_of": "USt. %s %% auf %s",
		"exempt_of": "%s: %s", "reverse_charge": "Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge)",
	},
	"fr": {
		"invoice": "Facture", "credit_note": "Avoir", "number": "Numéro de facture", "date": "Date de facture",
		"due_date": "Date d'échéance", "buyer_reference": "Votre référence", "currency": "Devise", "draft": "Brouillon",
		"corrects": "Annule la facture", "description": "Désignation", "quantity": "Quantité", "unit_price": "Prix unitaire",
		"vat": "TVA", "amount": "Montant HT", "total_net": "Total HT", "total_gross": "Total TTC", "vat_id": "N° TVA",
		"tax_number": "N° fiscal", "payment": "Merci de régler le montant sur", "vat_of": "TVA %s %% sur %s",
		"exempt_of": "%s : %s", "reverse_charge": "Autoliquidation : TVA due par le preneur",
	},
}

// formatNumber writes d with places decimals (-1: as many as it has) in
// the way of lang: 1,234.5 (en), 1.234,5 (de), 1 234,5 (fr).
func formatNumber(d Decimal, places int, lang string) string {
	s := d.String()
	if places >= 0 {
		s = d.Fixed(places)
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	group, point := ",", "."
	switch lang {
	case "de":
		group, point = ".", ","
	case "fr":
		group, point = "\u202f", ","
	}
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += point + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// formatDate writes a YYYY-MM-DD date the way of lang.
func formatDate(d, lang string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	switch lang {
	case "de":
		return t.Format("02.01.2006")
	case "fr":
		return t.Format("02/01/2006")
	}
	return t.Format("2 January 2006")
}
