package handlebars

import (
	"context"
	"reflect"
	"slices"
	"strings"

	"github.com/mailgun/raymond/v2"
)

// Names of the helpers loopRewrites hands loops and prints to, and of the
// private data they use. "$" cannot start a helper a user writes.
const (
	indexedEach   = "each$"    // + index parameter name
	indexData     = "bp$"      // + index parameter name: @bp$i
	sectionHelper = "section$" // {{#field}} blocks
	printHelper   = "print$"   // {{field}}
	budgetData    = "quire$budget"
)

// budget is one render's allowance: raymond has no context and no output
// limit, so the helpers that loop or print (the only ones whose output
// grows with the data) charge it, and it aborts the render by panicking
// with an error, which raymond returns from Exec.
type budget struct {
	ctx     context.Context
	max     int // MaxOutputBytes
	printed int // bytes printed by fields and helpers, all counted once
	held    int // bytes held by loops still running
	ticks   int
}

// String keeps the budget out of a template that prints @quire$budget.
func (budget) String() string { return "" }

func budgetOf(o *raymond.Options) *budget {
	if o == nil || o.DataFrame() == nil {
		return nil
	}
	b, _ := o.DataFrame().Get(budgetData).(*budget)
	return b
}

// tick checks the request's deadline every few steps.
func (b *budget) tick() {
	b.ticks++
	if b.ticks%64 == 0 {
		if err := b.ctx.Err(); err != nil {
			panic(err)
		}
	}
}

func (b *budget) print(n int) {
	b.printed += n
	if b.printed > b.max {
		panic(b.tooLarge())
	}
	b.tick()
}

func (b *budget) hold(n int) {
	b.held += n
	if b.held > b.max {
		panic(b.tooLarge())
	}
	b.tick()
}

func (b *budget) tooLarge() *LimitError {
	return &LimitError{Limit: LimitOutputBytes, Max: b.max, Detail: "the template and data make more HTML than allowed"}
}

// registerExecHelpers gives tpl the budget-aware loops and prints, and
// replaces raymond's lookup (its output is unbounded) and log (it writes
// to the server's log).
func registerExecHelpers(tpl *raymond.Template, indexes []string) {
	tpl.RegisterHelper("each", func(v any, o *raymond.Options) any { return iterate(v, o, "", true) })
	for _, name := range indexes {
		tpl.RegisterHelper(indexedEach+name, func(v any, o *raymond.Options) any { return iterate(v, o, name, true) })
	}
	tpl.RegisterHelper(sectionHelper, func(v any, o *raymond.Options) any {
		if !raymond.IsTrue(v) {
			return o.Inverse()
		}
		if k := reflect.ValueOf(v).Kind(); k == reflect.Slice || k == reflect.Array {
			return iterate(v, o, "", false)
		}
		return o.FnWith(v)
	})
	tpl.RegisterHelper(printHelper, func(v any, o *raymond.Options) any { return printable(v, budgetOf(o)) })
	tpl.RegisterHelper("lookup", func(obj any, field string, o *raymond.Options) any {
		return printable(o.Eval(obj, field), budgetOf(o))
	})
	tpl.RegisterHelper("log", func(any) any { return "" })
}

// iterate renders o's block once per element of an array (or, with
// maps, per entry in key order) into one buffer, charging the budget per
// element. index names the block's index parameter ("" for none).
func iterate(v any, o *raymond.Options, index string, maps bool) any {
	if !raymond.IsTrue(v) {
		return o.Inverse()
	}
	b := budgetOf(o)
	var out strings.Builder
	run := func(ctx any, i, n int, key any) {
		frame := o.NewDataFrame()
		frame.Set("index", i)
		frame.Set("key", key)
		frame.Set("first", i == 0)
		frame.Set("last", i == n-1)
		if index != "" {
			frame.Set(indexData+index, i)
			if key != nil {
				frame.Set(indexData+index, key)
			}
		}
		s := o.FnCtxData(ctx, frame)
		if b != nil {
			b.hold(len(s))
		}
		out.WriteString(s)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		n := rv.Len()
		for i := range n {
			run(rv.Index(i).Interface(), i, n, nil)
		}
	case reflect.Map:
		if !maps {
			break
		}
		keys := rv.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int {
			return strings.Compare(raymond.Str(a.Interface()), raymond.Str(b.Interface()))
		})
		for i, k := range keys {
			run(rv.MapIndex(k).Interface(), i, len(keys), k.Interface())
		}
	}
	if b != nil {
		b.held -= out.Len()
	}
	return out.String()
}

// chargeText charges a helper's text result to b (nil: no budget, as in
// Call): text helpers return as much as they are given, and a template may
// call them many times.
func chargeText(b *budget, res any) {
	if b == nil {
		return
	}
	switch s := res.(type) {
	case string:
		b.print(len(s))
	case raymond.SafeString:
		b.print(len(s))
	}
}

// printable is v as raymond prints it, charged to b.
func printable(v any, b *budget) any {
	if safe, ok := v.(raymond.SafeString); ok {
		chargeText(b, safe)
		return safe
	}
	s := text(v)
	chargeText(b, s)
	return s
}

// text prints v as raymond.Str does, but arrays in linear time (raymond
// concatenates their elements with +=).
func text(v any) string {
	rv := reflect.ValueOf(v)
	if k := rv.Kind(); k != reflect.Slice && k != reflect.Array {
		return raymond.Str(v)
	}
	var out strings.Builder
	for i := range rv.Len() {
		out.WriteString(text(rv.Index(i).Interface()))
	}
	return out.String()
}
