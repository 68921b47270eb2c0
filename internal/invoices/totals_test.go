package invoices

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/errs"
)

func pos(desc, qty, price, rate string) Position {
	return Position{Description: desc, Quantity: MustDecimal(qty), UnitPrice: MustDecimal(price), VATRate: MustDecimal(rate)}
}

func TestTotalsFollowEN16931(t *testing.T) {
	ps, err := checkPositions([]Position{
		pos("Consulting", "10", "150.00", "19"),
		pos("Book", "3", "0.335", "7"),      // 1.005 → 1.01 (half away from zero)
		pos("Pen", "1", "0.333", "7"),       // 0.333 → 0.33
		pos("Travel", "1.5", "19.99", "19"), // 29.985 → 29.99
	})
	if err != nil {
		t.Fatal(err)
	}
	var inv Invoice
	compute(&inv, ps)
	got, _ := json.Marshal(struct {
		Lines []Line     `json:"l"`
		VAT   []VATGroup `json:"v"`
		Totals
	}{inv.Positions, inv.VATBreakdown, inv.Totals})
	// VAT per rate over the sum of its lines: 19 % of 1529.99 = 290.6981 → 290.70;
	// 7 % of 1.34 = 0.0938 → 0.09 (per-line VAT would give 0.07 + 0.02).
	for _, want := range []string{
		`"net_amount":1500.00`, `"net_amount":1.01`, `"net_amount":0.33`, `"net_amount":29.99`,
		`{"category":"S","rate":19,"taxable_amount":1529.99,"tax_amount":290.70}`,
		`{"category":"S","rate":7,"taxable_amount":1.34,"tax_amount":0.09}`,
		`"total_net":1531.33,"total_vat":290.79,"total_gross":1822.12,"amount_due":1822.12`,
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("totals lack %s:\n%s", want, got)
		}
	}
}

func TestExemptAndReverseChargeGroups(t *testing.T) {
	e := pos("Training", "2", "100", "0")
	e.VATCategory, e.ExemptionReason = "E", "Exempt under § 4 Nr. 21 UStG"
	ae := pos("Licence", "1", "50", "0")
	ae.VATCategory = "ae"
	ps, err := checkPositions([]Position{e, ae, pos("Food", "1", "10", "0")})
	if err != nil {
		t.Fatal(err)
	}
	var inv Invoice
	compute(&inv, ps)
	cats := []string{}
	for _, g := range inv.VATBreakdown {
		cats = append(cats, g.Category+":"+g.TaxableAmount.Fixed(2)+":"+g.ExemptionReason)
	}
	want := "AE:50.00:Reverse charge E:200.00:Exempt under § 4 Nr. 21 UStG Z:10.00:"
	if strings.Join(cats, " ") != want {
		t.Errorf("breakdown %q, want %q", strings.Join(cats, " "), want)
	}
	if inv.VAT.Fixed(2) != "0.00" || inv.Gross.Fixed(2) != "260.00" {
		t.Errorf("totals %+v", inv.Totals)
	}
}

func TestInvalidPositionsNameTheField(t *testing.T) {
	exempt := pos("x", "1", "1", "0")
	exempt.VATCategory = "E"
	for _, tc := range []struct {
		p     Position
		field string
	}{
		{pos("x", "-1", "1", "19"), "positions[0].quantity"},
		{pos("x", "1", "-1", "19"), "positions[0].unit_price"},
		{pos("x", "1", "1", "100"), "positions[0].vat_rate"},
		{pos("x", "1", "1", "19.123"), "positions[0].vat_rate"},
		{pos("", "1", "1", "19"), "positions[0].description"},
		{exempt, "positions[0].exemption_reason"},
		{Position{Description: "x", Quantity: MustDecimal("1"), VATRate: MustDecimal("19"), VATCategory: "Q"}, "positions[0].vat_category"},
		{Position{Description: "x", Quantity: MustDecimal("1"), VATRate: MustDecimal("19"), VATCategory: "Z"}, "positions[0].vat_rate"},
	} {
		_, err := checkPositions([]Position{tc.p})
		if errs.CodeOf(err) != errs.Validation || !strings.HasPrefix(err.(*errs.Error).Message, tc.field+":") {
			t.Errorf("%+v: got %v, want a validation error naming %s", tc.p, err, tc.field)
		}
	}
	if _, err := checkCurrency("currency", "EUX"); err == nil || !strings.Contains(err.Error(), "currency:") {
		t.Errorf("unknown currency: %v", err)
	}
}

func TestDecimalJSONIsExact(t *testing.T) {
	var p Position
	if err := json.Unmarshal([]byte(`{"quantity":0.1,"unit_price":"0.2","vat_rate":19.0}`), &p); err != nil {
		t.Fatal(err)
	}
	if got := p.Quantity.Add(p.UnitPrice).String(); got != "0.3" {
		t.Errorf("0.1 + 0.2 = %s", got)
	}
	if got := MustDecimal("-2.345").Round(2).String(); got != "-2.35" {
		t.Errorf("round(-2.345) = %s", got)
	}
	if !validIBAN("DE89370400440532013000") || validIBAN("DE89370400440532013001") {
		t.Error("IBAN check digits")
	}
}
