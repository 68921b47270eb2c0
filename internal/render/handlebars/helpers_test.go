package handlebars

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// helperCase renders src with data and expects want, or an error containing
// wantErr.
type helperCase struct {
	name    string
	src     string
	data    map[string]any
	want    string
	wantErr string
}

func runHelperCases(t *testing.T, cases []helperCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tpl, err := Compile(tc.src, Limits{})
			if err != nil {
				t.Fatalf("Compile(%q, Limits{}): %v", tc.src, err)
			}
			got, err := tpl.Render(context.Background(), tc.data)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Render(%q) = %q, %v; want error containing %q", tc.src, got, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Render(%q): %v", tc.src, err)
			}
			if got != tc.want {
				t.Errorf("Render(%q) = %q, want %q", tc.src, got, tc.want)
			}
		})
	}
}

const nb = "\u00a0"

func TestFormatNumber(t *testing.T) {
	runHelperCases(t, []helperCase{
		{"default en-US", `{{formatNumber 1234.5}}`, nil, "1,234.5", ""},
		{"default max 3 decimals", `{{formatNumber 1234.56789}}`, nil, "1,234.568", ""},
		{"decimals", `{{formatNumber 1234.5 2}}`, nil, "1,234.50", ""},
		{"zero decimals rounds half away", `{{formatNumber 2.5 0}}`, nil, "3", ""},
		{"2.675 rounds up", `{{formatNumber 2.675 2}}`, nil, "2.68", ""},
		{"negative", `{{formatNumber -1234.5 2}}`, nil, "-1,234.50", ""},
		{"de-DE", `{{formatNumber 1234567.891 2 locale="de-DE"}}`, nil, "1.234.567,89", ""},
		{"fr-FR", `{{formatNumber 1234567.891 2 locale="fr-FR"}}`, nil, "1" + nb + "234" + nb + "567,89", ""},
		{"en-GB", `{{formatNumber 1234.5 1 locale="en-GB"}}`, nil, "1,234.5", ""},
		{"de-CH", `{{formatNumber 1234.5 2 locale="de-CH"}}`, nil, "1’234.50", ""},
		{"underscore locale", `{{formatNumber 1234.5 2 locale="de_DE"}}`, nil, "1.234,50", ""},
		{"float64 field", `{{formatNumber n 2}}`, map[string]any{"n": 1234.5}, "1,234.50", ""},
		{"int field", `{{formatNumber n}}`, map[string]any{"n": 42}, "42", ""},
		{"int64 field", `{{formatNumber n}}`, map[string]any{"n": int64(1) << 40}, "1,099,511,627,776", ""},
		{"json.Number", `{{formatNumber n 1}}`, map[string]any{"n": json.Number("3.25")}, "3.3", ""},
		{"numeric string", `{{formatNumber n 2}}`, map[string]any{"n": " 12.5 "}, "12.50", ""},
		{"locale from data", `{{formatNumber n 2 locale=loc}}`, map[string]any{"n": 1.5, "loc": "de-DE"}, "1,50", ""},
		{"not a number", `{{formatNumber n}}`, map[string]any{"n": "abc"}, "", `formatNumber: argument 1 is "abc", not a number`},
		{"missing", `{{formatNumber n}}`, nil, "", "formatNumber: argument 1 is a missing value, not a number"},
		{"bool", `{{formatNumber n}}`, map[string]any{"n": true}, "", "not a number"},
		{"bad decimals", `{{formatNumber 1 1.5}}`, nil, "", "decimals must be a whole number"},
		{"bad locale", `{{formatNumber 1 locale="??"}}`, nil, "", `unknown locale "??"`},
	})
}

func TestFormatCurrency(t *testing.T) {
	runHelperCases(t, []helperCase{
		{"en-US USD", `{{formatCurrency 1234.5 "USD"}}`, nil, "$1,234.50", ""},
		{"explicit en-US", `{{formatCurrency 1234.5 "USD" locale="en-US"}}`, nil, "$1,234.50", ""},
		{"en-US EUR", `{{formatCurrency 1234.5 "EUR" locale="en-US"}}`, nil, "€1,234.50", ""},
		{"en-GB GBP", `{{formatCurrency 1234.5 "GBP" locale="en-GB"}}`, nil, "£1,234.50", ""},
		{"en-GB USD", `{{formatCurrency 1234.5 "USD" locale="en-GB"}}`, nil, "US$1,234.50", ""},
		{"de-DE EUR", `{{formatCurrency 1234.5 "EUR" locale="de-DE"}}`, nil, "1.234,50" + nb + "€", ""},
		{"fr-FR EUR", `{{formatCurrency 1234.5 "EUR" locale="fr-FR"}}`, nil, "1" + nb + "234,50" + nb + "€", ""},
		{"nl-NL EUR", `{{formatCurrency 1234.5 "EUR" locale="nl-NL"}}`, nil, "€" + nb + "1.234,50", ""},
		{"en-US CHF letters get a space", `{{formatCurrency 1234.5 "CHF"}}`, nil, "CHF" + nb + "1,234.50", ""},
		{"JPY has no decimals", `{{formatCurrency 1234.5 "JPY"}}`, nil, "¥1,235", ""},
		{"decimals option", `{{formatCurrency 1234.5 "EUR" locale="de-DE" decimals=0}}`, nil, "1.235" + nb + "€", ""},
		{"negative prefix", `{{formatCurrency -1234.5 "USD"}}`, nil, "-$1,234.50", ""},
		{"negative suffix", `{{formatCurrency -1234.5 "EUR" locale="de-DE"}}`, nil, "-1.234,50" + nb + "€", ""},
		{"tiny negative rounds to zero", `{{formatCurrency -0.001 "USD"}}`, nil, "$0.00", ""},
		{"lower-case code", `{{formatCurrency 5 "eur" locale="de-DE"}}`, nil, "5,00" + nb + "€", ""},
		{"from data", `{{formatCurrency total cur locale=loc}}`, map[string]any{"total": json.Number("99.9"), "cur": "EUR", "loc": "fr-FR"}, "99,90" + nb + "€", ""},
		{"escaped output", `{{formatCurrency 1 "USD"}}`, nil, "$1.00", ""},
		{"unknown code", `{{formatCurrency 1 "XYZ1"}}`, nil, "", `formatCurrency: unknown currency code "XYZ1"`},
		{"not a number", `{{formatCurrency t "EUR"}}`, map[string]any{"t": "12,50"}, "", `formatCurrency: argument 1 is "12,50", not a number`},
	})
}

func TestFormatDate(t *testing.T) {
	d := map[string]any{"d": "2024-03-05T14:07:09Z", "day": "2024-03-05", "unix": 1709647629.0, "num": json.Number("1709647629")}
	runHelperCases(t, []helperCase{
		{"default medium en-US", `{{formatDate day}}`, d, "Mar 5, 2024", ""},
		{"short en-US", `{{formatDate day "short"}}`, d, "03/05/2024", ""},
		{"long en-US", `{{formatDate day "long"}}`, d, "March 5, 2024", ""},
		{"full en-US", `{{formatDate day "full"}}`, d, "Tuesday, March 5, 2024", ""},
		{"short en-GB", `{{formatDate day "short" locale="en-GB"}}`, d, "05/03/2024", ""},
		{"medium en-GB", `{{formatDate day "medium" locale="en-GB"}}`, d, "5 Mar 2024", ""},
		{"long en-GB", `{{formatDate day "long" locale="en-GB"}}`, d, "5 March 2024", ""},
		{"short de", `{{formatDate day "short" locale="de-DE"}}`, d, "05.03.2024", ""},
		{"long de", `{{formatDate day "long" locale="de-DE"}}`, d, "5. März 2024", ""},
		{"full de", `{{formatDate day "full" locale="de"}}`, d, "Dienstag, 5. März 2024", ""},
		{"short fr", `{{formatDate day "short" locale="fr-FR"}}`, d, "05/03/2024", ""},
		{"medium fr", `{{formatDate day "medium" locale="fr-FR"}}`, d, "5 mars 2024", ""},
		{"full fr", `{{formatDate day "full" locale="fr-FR"}}`, d, "mardi 5 mars 2024", ""},
		{"iso", `{{formatDate d "iso"}}`, d, "2024-03-05", ""},
		{"tokens", `{{formatDate d "DD.MM.YYYY HH:mm:ss"}}`, d, "05.03.2024 14:07:09", ""},
		{"tokens YYYY-MM-DD", `{{formatDate d "YYYY-MM-DD"}}`, d, "2024-03-05", ""},
		{"tokens names de", `{{formatDate d "dddd, D. MMMM YY" locale="de-DE"}}`, d, "Dienstag, 5. März 24", ""},
		{"tokens abbreviations fr", `{{formatDate d "ddd D MMM" locale="fr-FR"}}`, d, "mar. 5 mars", ""},
		{"tokens 12h and literal", `{{formatDate d "h:mm A [on] M/D"}}`, d, "2:07 PM on 3/5", ""},
		{"go layout", `{{formatDate d "2006-01-02 15:04"}}`, d, "2024-03-05 14:07", ""},
		{"go layout localized", `{{formatDate d "Monday, 2 January 2006" locale="de-DE"}}`, d, "Dienstag, 5 März 2024", ""},
		{"go layout abbreviations fr", `{{formatDate d "Mon 2 Jan" locale="fr"}}`, d, "mar. 5 mars", ""},
		{"unix seconds float64", `{{formatDate unix "iso"}}`, d, "2024-03-05", ""},
		{"unix seconds json.Number", `{{formatDate num "YYYY-MM-DD HH:mm"}}`, d, "2024-03-05 14:07", ""},
		{"unix seconds literal", `{{formatDate 0 "iso"}}`, nil, "1970-01-01", ""},
		{"offset kept", `{{formatDate "2024-03-05T23:30:00+01:00" "YYYY-MM-DD HH:mm"}}`, nil, "2024-03-05 23:30", ""},
		{"local datetime", `{{formatDate "2024-03-05T08:00" "HH:mm"}}`, nil, "08:00", ""},
		{"other language falls back to English", `{{formatDate day "long" locale="es-ES"}}`, d, "5 March 2024", ""},
		{"not a date", `{{formatDate "05/03/2024"}}`, nil, "", `formatDate: argument 1 is "05/03/2024", not an ISO 8601 date or unix seconds`},
		{"missing", `{{formatDate x}}`, nil, "", "formatDate: argument 1 is a missing value, not a date"},
	})
}

func TestArithmetic(t *testing.T) {
	items := []any{
		map[string]any{"qty": 3.0, "price": 9.99, "unit": map[string]any{"price": 2}},
		map[string]any{"qty": json.Number("2"), "price": "0.5", "unit": map[string]any{"price": 3.5}},
	}
	data := map[string]any{"items": items, "amounts": []any{1.5, 2, json.Number("3")}, "a": 7, "b": 2.0, "s": "x"}
	runHelperCases(t, []helperCase{
		{"add", `{{add 1 2}}`, nil, "3", ""},
		{"add float noise cleaned", `{{add 0.1 0.2}}`, nil, "0.3", ""},
		{"add many", `{{add a b "1.5"}}`, data, "10.5", ""},
		{"subtract", `{{subtract a b}}`, data, "5", ""},
		{"multiply", `{{multiply 3 9.99}}`, nil, "29.97", ""},
		{"multiply many", `{{multiply 2 3 4}}`, nil, "24", ""},
		{"divide", `{{divide a b}}`, data, "3.5", ""},
		{"divide by zero", `{{divide a 0}}`, data, "", "divide: division by zero"},
		{"divide by zero string", `{{divide a "0"}}`, data, "", "divide: division by zero"},
		{"add non-number", `{{add a s}}`, data, "", `add: argument 2 is "x", not a number`},
		{"add missing", `{{add a nope}}`, data, "", "add: argument 2 is a missing value, not a number"},
		{"overflow", `{{multiply 1e308 10}}`, nil, "", "multiply: result is out of range"},
		{"round", `{{round 2.5}}`, nil, "3", ""},
		{"round negative half away", `{{round -2.5}}`, nil, "-3", ""},
		{"round decimals", `{{round 1.005 2}}`, nil, "1.01", ""},
		{"round keeps short values", `{{round 1.5 3}}`, nil, "1.5", ""},
		{"round carry", `{{round 9.999 2}}`, nil, "10", ""},
		{"sum field", `{{sum items "price"}}`, data, "10.49", ""},
		{"sum nested field", `{{sum items "unit.price"}}`, data, "5.5", ""},
		{"sum numbers", `{{sum amounts}}`, data, "6.5", ""},
		{"sum missing array", `{{sum nothing "price"}}`, data, "0", ""},
		{"sum not an array", `{{sum a "price"}}`, data, "", "sum: argument 1 is 7 (int), not an array"},
		{"sum bad element", `{{sum items "qty"}}{{sum items "nope"}}`, data, "", `sum: "nope" of element 1 is a missing value, not a number`},
		{"sumProduct", `{{sumProduct items "qty" "price"}}`, data, "30.97", ""},
		{"sumProduct three fields", `{{sumProduct items "qty" "price" "unit.price"}}`, data, "63.44", ""},
		{"line total formatted", `{{#each items}}{{formatCurrency (multiply qty price) "USD"}};{{/each}}`, data, "$29.97;$1.00;", ""},
		{"nested subexpressions", `{{round (divide (add a b) 3) 2}}`, data, "3", ""},
	})
}

func TestLogic(t *testing.T) {
	data := map[string]any{"n": 5.0, "s": "paid", "z": 0, "e": "", "t": true, "f": false, "list": []any{}, "d1": "2024-01-31", "d2": "2024-02-01", "num": json.Number("5")}
	runHelperCases(t, []helperCase{
		{"eq strings", `{{#if (eq s "paid")}}yes{{else}}no{{/if}}`, data, "yes", ""},
		{"eq number and string", `{{eq n "5"}}`, data, "true", ""},
		{"eq json.Number", `{{eq n num}}`, data, "true", ""},
		{"eq int and float", `{{eq z 0.0}}`, data, "true", ""},
		{"eq different", `{{eq s "due"}}`, data, "false", ""},
		{"eq missing", `{{eq nope ""}}`, data, "false", ""},
		{"eq both missing", `{{eq nope nada}}`, data, "true", ""},
		{"ne", `{{ne s "due"}}`, data, "true", ""},
		{"lt", `{{lt n 10}}`, data, "true", ""},
		{"lt numeric not lexical", `{{lt 9 10}} {{lt "9" "10"}}`, nil, "true true", ""},
		{"lte equal", `{{lte n 5}}`, data, "true", ""},
		{"gt", `{{gt n 5}}`, data, "false", ""},
		{"gte", `{{gte n 5}}`, data, "true", ""},
		{"gt dates as text", `{{gt d2 d1}}`, data, "true", ""},
		{"gt missing is false", `{{gt nope 0}} {{lt nope 0}}`, data, "false false", ""},
		{"and", `{{and t n s}}`, data, "true", ""},
		{"and falsy", `{{and t z}} {{and t e}} {{and t list}}`, data, "false false false", ""},
		{"or", `{{or f z s}}`, data, "true", ""},
		{"or none", `{{or f z e}}`, data, "false", ""},
		{"not", `{{not f}} {{not s}}`, data, "true false", ""},
		{"in if with else if", `{{#if (gt n 10)}}big{{else if (and t (gte n 5))}}medium{{else}}small{{/if}}`, data, "medium", ""},
		{"unless", `{{#unless (eq s "paid")}}due{{else}}paid{{/unless}}`, data, "paid", ""},
	})
}

func TestTextHelpers(t *testing.T) {
	data := map[string]any{"name": "Ada <Lovelace>", "e": "", "z": 0, "f": false, "de": "Straße"}
	runHelperCases(t, []helperCase{
		{"default missing", `{{default nope "n/a"}}`, data, "n/a", ""},
		{"default empty", `{{default e "n/a"}}`, data, "n/a", ""},
		{"default keeps zero and false", `{{default z "n/a"}} {{default f "n/a"}}`, data, "0 false", ""},
		{"default keeps value", `{{default name "n/a"}}`, data, "Ada &lt;Lovelace&gt;", ""},
		{"default to field", `{{default nope name}}`, data, "Ada &lt;Lovelace&gt;", ""},
		{"upper escapes", `{{upper name}}`, data, "ADA &lt;LOVELACE&gt;", ""},
		{"upper unicode", `{{upper de}}`, data, "STRASSE", ""},
		{"lower", `{{lower "ÉCOLE"}}`, nil, "école", ""},
		{"upper of missing", `{{upper nope}}`, data, "", ""},
		{"triple stash unescaped", `{{{upper name}}}`, data, "ADA <LOVELACE>", ""},
	})
}

func TestBuiltins(t *testing.T) {
	data := map[string]any{
		"items":    []any{map[string]any{"n": "a"}, map[string]any{"n": "b"}},
		"customer": map[string]any{"name": "Acme"},
		"title":    "T",
		"key":      "name",
	}
	runHelperCases(t, []helperCase{
		{"each index first last", `{{#each items}}{{@index}}{{n}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}},{{/each}}`, data, "0aF,1bL,", ""},
		{"each parent", `{{#each items}}{{../title}}{{@root.title}}{{/each}}`, data, "TTTT", ""},
		{"each else", `{{#each nope}}x{{else}}empty{{/each}}`, data, "empty", ""},
		{"block params", `{{#each items as |it i|}}{{i}}={{it.n}} {{/each}}`, data, "0=a 1=b ", ""},
		{"with", `{{#with customer}}{{name}}{{/with}}`, data, "Acme", ""},
		{"lookup", `{{lookup customer key}}`, data, "Acme", ""},
		{"length", `{{items.length}}`, data, "2", ""},
		{"whitespace control", "{{#each items~}}\n  {{n}}\n{{~/each}}", data, "ab", ""},
		{"comment", `a{{! hidden }}b{{!-- {{also}} --}}c`, nil, "abc", ""},
		{"helper in hash value", `{{formatNumber 1.5 1 locale=(lower "DE-de")}}`, nil, "1,5", ""},
		{"helper as with context", `{{#with (add 1 2)}}{{this}}{{/with}}`, nil, "3", ""},
		{"helper in block params each", `{{#each items as |it|}}{{upper it.n}}{{/each}}`, data, "AB", ""},
	})
}

func TestCaseLocale(t *testing.T) {
	runHelperCases(t, []helperCase{
		{"turkish upper", `{{upper "istanbul" locale="tr"}}`, nil, "İSTANBUL", ""},
		{"neutral upper", `{{upper "istanbul"}}`, nil, "ISTANBUL", ""},
	})
}
