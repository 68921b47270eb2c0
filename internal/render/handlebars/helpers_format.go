package handlebars

import (
	"math"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"
	"golang.org/x/text/number"
)

// nbsp separates an amount from its currency symbol wherever the locale puts
// a space there. All spaces Quire's formatters emit are U+00A0 (golang.org/x/text
// also groups French digits with U+00A0), so output is consistent and never
// wraps between a number and its unit.
const nbsp = "\u00a0"

// defaultDecimals is the most fraction digits formatNumber shows when no
// decimals are given (as Intl.NumberFormat does).
const defaultDecimals = 3

func formatSpecs() []*helperSpec {
	return []*helperSpec{
		{name: "formatNumber", minArgs: 1, maxArgs: 2, args: []argKind{argNumber}, hash: []string{"locale"}, impl: formatNumberHelper},
		{name: "formatCurrency", minArgs: 2, maxArgs: 2, args: []argKind{argNumber, argAny}, hash: []string{"locale", "decimals"}, impl: formatCurrencyHelper},
		{name: "formatDate", minArgs: 1, maxArgs: 2, args: []argKind{argDate, argAny}, hash: []string{"locale"}, impl: formatDateHelper},
	}
}

// formatNumberHelper: {{formatNumber value [decimals] locale="de-DE"}}.
func formatNumberHelper(c *call) any {
	v := c.number(0)
	tag := c.locale()
	if len(c.args) > 1 {
		d := c.decimals(1)
		return formatDecimal(tag, v, d, d)
	}
	return formatDecimal(tag, v, 0, defaultDecimals)
}

// formatDecimal rounds half away from zero to maxDigits, then lets x/text
// group and localize it.
func formatDecimal(tag language.Tag, v float64, minDigits, maxDigits int) string {
	v = roundHalfAway(v, maxDigits)
	return printerFor(tag).Sprint(number.Decimal(v,
		number.MinFractionDigits(minDigits), number.MaxFractionDigits(maxDigits)))
}

// formatCurrencyHelper: {{formatCurrency value "EUR" locale="de-DE"}}.
func formatCurrencyHelper(c *call) any {
	v := c.number(0)
	code := c.text(1)
	unit, err := currency.ParseISO(code)
	if err != nil {
		fail(c.name, "unknown currency code %q", code)
	}
	tag := c.locale()
	decimals, _ := currency.Standard.Rounding(unit)
	if d := c.hashText("decimals"); d != "" {
		n, ok := parseNumber(d)
		if !ok || n != math.Trunc(n) || n < 0 || n > 20 {
			fail(c.name, "decimals must be a whole number from 0 to 20, got %q", d)
		}
		decimals = int(n)
	}
	amount := formatDecimal(tag, math.Abs(v), decimals, decimals)
	symbol := printerFor(tag).Sprint(currency.Symbol(unit))
	sign := ""
	if roundHalfAway(v, decimals) < 0 {
		sign = "-"
	}
	switch symbolPlacement(tag) {
	case symbolAfter:
		return sign + amount + nbsp + symbol
	case symbolBeforeSpaced:
		return sign + symbol + nbsp + amount
	default:
		if r, _ := utf8.DecodeLastRuneInString(symbol); unicode.IsLetter(r) {
			return sign + symbol + nbsp + amount // "CHF 1,234.50"
		}
		return sign + symbol + amount
	}
}

type placement int

const (
	symbolBefore       placement = iota // $1,234.50
	symbolBeforeSpaced                  // € 1.234,50
	symbolAfter                         // 1.234,50 €
)

// suffixLanguages put the symbol after the amount (CLDR "#,##0.00 ¤").
var suffixLanguages = map[string]bool{
	"de": true, "fr": true, "es": true, "it": true, "pt": true, "pl": true,
	"cs": true, "sk": true, "sv": true, "da": true, "fi": true, "nb": true,
	"no": true, "ru": true, "uk": true, "hu": true, "ro": true, "bg": true,
	"hr": true, "sl": true, "el": true, "lt": true, "lv": true, "et": true,
	"ca": true, "is": true, "sr": true,
}

// spacedPrefixLocales put the symbol first, followed by a space.
var spacedPrefixLocales = map[string]bool{
	"nl": true, "de-AT": true, "de-CH": true, "de-LI": true, "pt-BR": true,
}

func symbolPlacement(tag language.Tag) placement {
	base, _ := tag.Base()
	region, _ := tag.Region()
	if spacedPrefixLocales[base.String()+"-"+region.String()] || spacedPrefixLocales[base.String()] {
		return symbolBeforeSpaced
	}
	if suffixLanguages[base.String()] {
		return symbolAfter
	}
	return symbolBefore
}
