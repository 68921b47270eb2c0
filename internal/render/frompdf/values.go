package frompdf

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Field types, as the reference names them.
const (
	TypeText     = "text"
	TypeDate     = "date"
	TypeCurrency = "currency"
	TypeNumber   = "number"
	TypeEmail    = "email"
	TypeCheckbox = "checkbox"
)

const months = `jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre`

var (
	reEmail = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)
	reDate  = regexp.MustCompile(`(?i)\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:` + months + `)\.?,?\s+\d{4}|(?:` + months + `)\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})\b`)
	// reMoney is an amount with a currency sign or code on either side.
	reMoney = regexp.MustCompile(`(?:[$€£¥₹]|\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK|PLN|CZK|INR)\b)\s?-?\d{1,3}(?:[,.' \x{00a0}]?\d{3})*(?:[.,]\d{1,2})?|-?\d{1,3}(?:[,.' \x{00a0}]?\d{3})*(?:[.,]\d{1,2})?\s?(?:[$€£¥₹]|\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK|PLN|CZK|INR)\b)`)
	// reDecimal is a number with two decimals, as prices are written.
	reDecimal = regexp.MustCompile(`(?:^|[^\w.,])(-?\d{1,3}(?:[,.' ]\d{3})*[.,]\d{2})(?:$|[^\w,]|[.,](?:\s|$))`)
	reNumber  = regexp.MustCompile(`^[-+]?\d+(?:[.,]\d+)?%?$`)
	rePhone   = regexp.MustCompile(`(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,5}(?:[\s./-]\d{2,5}){1,4}`)
	reBlank   = regexp.MustCompile(`_{3,}|\.{6,}|…{3,}`)
	// reLabelValue is "Label: value" inside one run.
	reLabelValue = regexp.MustCompile(`^([^:]{2,40}?)\s*:\s+(\S.*)$`)
)

var amountWords = []string{"total", "amount", "price", "subtotal", "sum", "tax", "vat", "balance", "due", "fee", "cost", "rate", "paid", "betrag", "summe", "preis", "montant", "prix", "importe", "net", "gross", "discount", "charge"}

var phoneWords = []string{"phone", "tel", "fax", "mobile", "cell", "telefon", "téléphone", "handy"}

// digits counts the digits in s.
func digits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

// valueType guesses the type of a value, knowing its label.
func valueType(value, label string) string {
	v := strings.TrimSpace(value)
	l := strings.ToLower(label)
	switch {
	case reEmail.MatchString(v) && reEmail.FindString(v) == v:
		return TypeEmail
	case reDate.MatchString(v) && len(reDate.FindString(v)) >= len(v)-2:
		return TypeDate
	case reMoney.MatchString(v) && len(reMoney.FindString(v)) >= len(v)-1:
		return TypeCurrency
	case reNumber.MatchString(strings.ReplaceAll(strings.ReplaceAll(v, ",", ""), " ", "")) && digits(v) > 0:
		if containsAny(l, amountWords) && strings.ContainsAny(v, ".,") {
			return TypeCurrency
		}
		return TypeNumber
	case reDecimal.MatchString(v) && containsAny(l, amountWords):
		return TypeCurrency
	}
	return TypeText
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// snake turns a label into a snake_case field name ("Invoice No." →
// "invoice_number"); "" when nothing is left.
func snake(label string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	s, _, err := transform.String(t, label)
	if err != nil {
		s = label
	}
	s = strings.ReplaceAll(s, "#", " number ")
	s = strings.ReplaceAll(s, "ß", "ss")
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		switch w {
		case "no", "nr", "num", "nº", "n":
			w = "number"
		case "the", "a", "an", "of", "your", "our", "please", "enter", "here":
			continue
		}
		words = append(words, w)
	}
	if len(words) > 4 {
		words = words[:4]
	}
	out := strings.Join(words, "_")
	if out == "" {
		return ""
	}
	if out[0] >= '0' && out[0] <= '9' {
		out = "f_" + out
	}
	return out
}

// looksLikeLabel reports whether a run's text reads as a label: short,
// mostly letters, not a value itself.
func looksLikeLabel(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len([]rune(s)) > 40 || digits(s) > 2 {
		return false
	}
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2 && len(strings.Fields(s)) <= 5
}
