package invoices

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
)

// Decimal is an exact decimal number (a rational held by math/big): money
// and quantities are never floats. The zero value is 0.
type Decimal struct{ r *big.Rat }

// ParseDecimal reads a plain decimal ("12", "-3.5", "150.00"; no exponent).
func ParseDecimal(s string) (Decimal, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "eE/") {
		return Decimal{}, fmt.Errorf("%q is not a decimal number", s)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return Decimal{}, fmt.Errorf("%q is not a decimal number", s)
	}
	return Decimal{r}, nil
}

// MustDecimal is ParseDecimal for constants.
func MustDecimal(s string) Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

func (d Decimal) rat() *big.Rat {
	if d.r == nil {
		return new(big.Rat)
	}
	return d.r
}

func (d Decimal) Add(o Decimal) Decimal { return Decimal{new(big.Rat).Add(d.rat(), o.rat())} }
func (d Decimal) Sub(o Decimal) Decimal { return Decimal{new(big.Rat).Sub(d.rat(), o.rat())} }
func (d Decimal) Mul(o Decimal) Decimal { return Decimal{new(big.Rat).Mul(d.rat(), o.rat())} }
func (d Decimal) Neg() Decimal          { return Decimal{new(big.Rat).Neg(d.rat())} }
func (d Decimal) Sign() int             { return d.rat().Sign() }
func (d Decimal) Cmp(o Decimal) int     { return d.rat().Cmp(o.rat()) }
func (d Decimal) IsZero() bool          { return d.Sign() == 0 }

// Percent is d/100.
func (d Decimal) Percent() Decimal { return Decimal{new(big.Rat).Quo(d.rat(), big.NewRat(100, 1))} }

// Round rounds to places decimals, half away from zero (commercial rounding).
func (d Decimal) Round(places int) Decimal {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	scaled := new(big.Rat).Mul(d.rat(), new(big.Rat).SetInt(scale))
	num, den := new(big.Int).Abs(scaled.Num()), scaled.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(m, big.NewInt(2)).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if scaled.Sign() < 0 {
		q.Neg(q)
	}
	return Decimal{new(big.Rat).SetFrac(q, scale)}
}

// Places is the number of decimals d needs to be written exactly; -1 when
// it has no finite decimal form (such as 1/3): the larger of the powers of
// 2 and 5 in its reduced denominator, when those are its only factors.
func (d Decimal) Places() int {
	x := new(big.Int).Set(d.rat().Denom())
	places := 0
	for _, p := range []int64{2, 5} {
		bp, n := big.NewInt(p), 0
		for new(big.Int).Mod(x, bp).Sign() == 0 {
			x.Quo(x, bp)
			n++
		}
		places = max(places, n)
	}
	if !x.IsInt64() || x.Int64() != 1 {
		return -1
	}
	return places
}

// Fixed writes d with exactly places decimals (d rounded first).
func (d Decimal) Fixed(places int) string { return d.Round(places).rat().FloatString(places) }

// String writes d with as many decimals as it has (at least none).
func (d Decimal) String() string {
	p := d.Places()
	if p < 0 {
		p = 10
	}
	return d.rat().FloatString(p)
}

// MarshalJSON writes d as a JSON number.
func (d Decimal) MarshalJSON() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalJSON reads a JSON number or a string holding one, exactly.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	s := string(b)
	if len(s) >= 2 && s[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	v, err := ParseDecimal(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Amount is a money amount: always written with two decimals.
type Amount struct{ Decimal }

// MarshalJSON writes a as a JSON number with two decimals (1785.00).
func (a Amount) MarshalJSON() ([]byte, error) { return []byte(a.Fixed(2)), nil }

// amount rounds d to cents.
func amount(d Decimal) Amount { return Amount{d.Round(2)} }
