package handlebars

import (
	"math"
	"reflect"
	"strings"
)

func mathSpecs() []*helperSpec {
	num := []argKind{argNumber}
	return []*helperSpec{
		{name: "add", minArgs: 2, maxArgs: maxVariadicArgs, args: num, impl: addHelper},
		{name: "subtract", minArgs: 2, maxArgs: 2, args: num, impl: subtractHelper},
		{name: "multiply", minArgs: 2, maxArgs: maxVariadicArgs, args: num, impl: multiplyHelper},
		{name: "divide", minArgs: 2, maxArgs: 2, args: num, impl: divideHelper},
		{name: "round", minArgs: 1, maxArgs: 2, args: num, impl: roundHelper},
		{name: "sum", minArgs: 1, maxArgs: 2, args: []argKind{argArray, argElemField}, impl: sumHelper},
		{name: "sumProduct", minArgs: 3, maxArgs: maxVariadicArgs, args: []argKind{argArray, argElemField}, impl: sumProductHelper},
	}
}

// result checks an arithmetic result is finite and cleans float noise.
func (c *call) result(f float64) any {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		fail(c.name, "result is out of range")
	}
	return cleanFloat(f)
}

func addHelper(c *call) any {
	total := 0.0
	for i := range c.args {
		total += c.number(i)
	}
	return c.result(total)
}

func subtractHelper(c *call) any { return c.result(c.number(0) - c.number(1)) }

func multiplyHelper(c *call) any {
	product := 1.0
	for i := range c.args {
		product *= c.number(i)
	}
	return c.result(product)
}

func divideHelper(c *call) any {
	divisor := c.number(1)
	if divisor == 0 {
		fail(c.name, "division by zero")
	}
	return c.result(c.number(0) / divisor)
}

func roundHelper(c *call) any {
	decimals := 0
	if len(c.args) > 1 {
		decimals = c.decimals(1)
	}
	return c.result(roundHalfAway(c.number(0), decimals))
}

// sumHelper adds a field over an array ({{sum items "price"}}), or the
// elements themselves when no field is named ({{sum amounts}}).
func sumHelper(c *call) any {
	var fields []string
	if len(c.args) > 1 {
		fields = []string{c.text(1)}
	}
	return c.result(c.sumOfProducts(c.args[0], fields))
}

// sumProductHelper adds the product of fields over an array: the invoice
// total {{sumProduct items "qty" "price"}}.
func sumProductHelper(c *call) any {
	fields := make([]string, 0, len(c.args)-1)
	for i := 1; i < len(c.args); i++ {
		fields = append(fields, c.text(i))
	}
	return c.result(c.sumOfProducts(c.args[0], fields))
}

func (c *call) sumOfProducts(list any, fields []string) float64 {
	if list == nil {
		return 0
	}
	rv := reflect.ValueOf(list)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		fail(c.name, "argument 1 is %s, not an array", describeValue(list))
	}
	total := 0.0
	for i := range rv.Len() {
		elem := rv.Index(i).Interface()
		if len(fields) == 0 {
			f, ok := toNumber(elem)
			if !ok {
				fail(c.name, "element %d is %s, not a number", i+1, describeValue(elem))
			}
			total += f
			continue
		}
		product := 1.0
		for _, field := range fields {
			v := fieldValue(elem, field)
			f, ok := toNumber(v)
			if !ok {
				fail(c.name, "%q of element %d is %s, not a number", field, i+1, describeValue(v))
			}
			product *= f
		}
		total += product
	}
	return total
}

// fieldValue reads a dotted field path from a map (JSON object) value.
func fieldValue(v any, path string) any {
	for part := range strings.SplitSeq(path, ".") {
		v = child(v, part)
		if v == nil {
			return nil
		}
	}
	return v
}

// child reads one key of a map with string keys, nil when absent.
func child(v any, key string) any {
	if m, ok := v.(map[string]any); ok {
		return m[key]
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Map && rv.Type().Key().Kind() == reflect.String {
		got := rv.MapIndex(reflect.ValueOf(key).Convert(rv.Type().Key()))
		if got.IsValid() {
			return got.Interface()
		}
	}
	return nil
}
