package handlebars

import (
	"strings"

	"github.com/mailgun/raymond/v2"
)

func logicSpecs() []*helperSpec {
	cmp := func(name string, test func(int) bool) *helperSpec {
		return &helperSpec{name: name, minArgs: 2, maxArgs: 2, args: []argKind{argCompared}, impl: func(c *call) any {
			order, ok := compare(c.args[0], c.args[1])
			return ok && test(order)
		}}
	}
	cond := []argKind{argCondition}
	return []*helperSpec{
		{name: "eq", minArgs: 2, maxArgs: 2, args: []argKind{argCompared}, impl: func(c *call) any { return equal(c.args[0], c.args[1]) }},
		{name: "ne", minArgs: 2, maxArgs: 2, args: []argKind{argCompared}, impl: func(c *call) any { return !equal(c.args[0], c.args[1]) }},
		cmp("lt", func(o int) bool { return o < 0 }),
		cmp("lte", func(o int) bool { return o <= 0 }),
		cmp("gt", func(o int) bool { return o > 0 }),
		cmp("gte", func(o int) bool { return o >= 0 }),
		{name: "and", minArgs: 2, maxArgs: maxVariadicArgs, args: cond, impl: andHelper},
		{name: "or", minArgs: 2, maxArgs: maxVariadicArgs, args: cond, impl: orHelper},
		{name: "not", minArgs: 1, maxArgs: 1, args: cond, impl: func(c *call) any { return !raymond.IsTrue(c.args[0]) }},
	}
}

// equal compares numbers as numbers (1, 1.0, "1" and json.Number("1") are
// equal) and anything else by its printed text; a missing value only equals
// another missing value.
func equal(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if x, ok := toNumber(a); ok {
		if y, ok := toNumber(b); ok {
			return x == y
		}
	}
	return raymond.Str(a) == raymond.Str(b)
}

// compare orders two values: numerically when both are numbers, else by
// text (so ISO dates compare chronologically). ok is false when either value
// is missing: every ordering test on a missing value is false.
func compare(a, b any) (order int, ok bool) {
	if a == nil || b == nil {
		return 0, false
	}
	if x, okx := toNumber(a); okx {
		if y, oky := toNumber(b); oky {
			switch {
			case x < y:
				return -1, true
			case x > y:
				return 1, true
			}
			return 0, true
		}
	}
	return strings.Compare(raymond.Str(a), raymond.Str(b)), true
}

func andHelper(c *call) any {
	for _, a := range c.args {
		if !raymond.IsTrue(a) {
			return false
		}
	}
	return true
}

func orHelper(c *call) any {
	for _, a := range c.args {
		if raymond.IsTrue(a) {
			return true
		}
	}
	return false
}
