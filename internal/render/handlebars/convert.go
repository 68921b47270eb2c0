package handlebars

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/mailgun/raymond/v2"
	"golang.org/x/text/language"
)

// toNumber reads a JSON-ish number: float64 (encoding/json's default), any Go
// integer or float type, json.Number, or a string holding a finite number.
func toNumber(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, !math.IsNaN(n) && !math.IsInf(n, 0)
	case json.Number:
		return parseNumber(string(n))
	case string:
		return parseNumber(n)
	case raymond.SafeString:
		return parseNumber(string(n))
	case nil, bool:
		return 0, false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return float64(rv.Uint()), true
	case reflect.Float32, reflect.Float64:
		f := rv.Float()
		return f, !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	return 0, false
}

func parseNumber(s string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// describeValue shows a value in an error message.
func describeValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "a missing value"
	case string:
		if len(v) > 40 {
			v = v[:40] + "…"
		}
		return strconv.Quote(v)
	}
	s := fmt.Sprint(v)
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return fmt.Sprintf("%s (%T)", s, v)
}

// number returns argument i as a number or aborts the helper.
func (c *call) number(i int) float64 {
	f, ok := toNumber(c.args[i])
	if !ok {
		fail(c.name, "argument %d is %s, not a number", i+1, describeValue(c.args[i]))
	}
	return f
}

// decimals returns argument i as a count of decimals (0..20).
func (c *call) decimals(i int) int {
	f := c.number(i)
	if f != math.Trunc(f) || f < 0 || f > 20 {
		fail(c.name, "decimals must be a whole number from 0 to 20, got %s", describeValue(c.args[i]))
	}
	return int(f)
}

// text returns argument i the way raymond prints it.
func (c *call) text(i int) string { return raymond.Str(c.args[i]) }

// hashText returns a hash option as text, "" when absent.
func (c *call) hashText(key string) string {
	var v any
	switch {
	case c.hash != nil:
		v = c.hash[key]
	case c.opts != nil:
		v = c.opts.HashProp(key)
	}
	if v == nil {
		return ""
	}
	return raymond.Str(v)
}

// locale returns the locale= option, en-US by default.
func (c *call) locale() language.Tag {
	s := c.hashText("locale")
	if s == "" {
		return language.AmericanEnglish
	}
	tag, err := language.Parse(strings.ReplaceAll(s, "_", "-"))
	if err != nil {
		fail(c.name, "unknown locale %q", s)
	}
	return tag
}

// cleanFloat drops binary floating-point noise from arithmetic results
// (0.1+0.2 gives 0.3, not 0.30000000000000004) by keeping 15 significant
// digits, the precision float64 guarantees.
func cleanFloat(f float64) float64 {
	g, err := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
	if err != nil {
		return f
	}
	return g
}

// roundHalfAway rounds to the given decimals, halves away from zero, on the
// decimal representation (so 2.675 rounds to 2.68, as a person expects, even
// though its float64 is slightly below 2.675).
func roundHalfAway(f float64, decimals int) float64 {
	s := strconv.FormatFloat(cleanFloat(f), 'f', -1, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	if len(frac) <= decimals {
		return f
	}
	digits := []byte(intPart + frac[:decimals])
	if frac[decimals] >= '5' {
		i := len(digits) - 1
		for ; i >= 0; i-- {
			if digits[i] == '9' {
				digits[i] = '0'
				continue
			}
			digits[i]++
			break
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
		}
	}
	out := string(digits)
	if decimals > 0 {
		out = out[:len(out)-decimals] + "." + out[len(out)-decimals:]
	}
	r, _ := strconv.ParseFloat(out, 64)
	if neg && r != 0 {
		r = -r
	}
	return r
}
