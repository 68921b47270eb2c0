package invoices

import (
	"slices"
	"strings"
)

// compute fills in the lines, VAT breakdown and totals of inv from
// positions, as EN 16931 computes them: a line's net amount is quantity ×
// unit price rounded to cents (BT-131); the VAT of a category and rate is
// its rate applied to the sum of its lines, rounded to cents (BT-117), not
// a sum of per-line VAT; the document totals are sums of those (BT-106,
// BT-110, BT-112, BT-115).
func compute(inv *Invoice, positions []Position) {
	inv.Positions = make([]Line, len(positions))
	type key struct{ cat, rate string }
	groups := map[key]*VATGroup{}
	var order []key
	net := Decimal{}
	for i, p := range positions {
		lineNet := p.Quantity.Mul(p.UnitPrice).Round(2)
		unit := p.Unit
		if unit == "" {
			unit = "C62"
		}
		inv.Positions[i] = Line{Position: p, Unit: unit, NetAmount: Amount{lineNet}}
		net = net.Add(lineNet)
		k := key{p.VATCategory, p.VATRate.String()}
		g, ok := groups[k]
		if !ok {
			g = &VATGroup{Category: p.VATCategory, Rate: p.VATRate}
			groups[k] = g
			order = append(order, k)
		}
		g.TaxableAmount = Amount{g.TaxableAmount.Add(lineNet)}
		if p.ExemptionReason != "" && !strings.Contains(g.ExemptionReason, p.ExemptionReason) {
			if g.ExemptionReason != "" {
				g.ExemptionReason += "; "
			}
			g.ExemptionReason += p.ExemptionReason
		}
	}
	// Highest rate first, then by category: the order printed and sent.
	slices.SortStableFunc(order, func(a, b key) int {
		if c := groups[b].Rate.Cmp(groups[a].Rate); c != 0 {
			return c
		}
		return strings.Compare(a.cat, b.cat)
	})
	vat := Decimal{}
	inv.VATBreakdown = make([]VATGroup, 0, len(order))
	for _, k := range order {
		g := groups[k]
		g.TaxAmount = amount(g.TaxableAmount.Mul(g.Rate.Percent()))
		vat = vat.Add(g.TaxAmount.Decimal)
		inv.VATBreakdown = append(inv.VATBreakdown, *g)
	}
	inv.Totals = Totals{Net: amount(net), VAT: amount(vat), Gross: amount(net.Add(vat)), Due: amount(net.Add(vat))}
}
