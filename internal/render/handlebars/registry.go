package handlebars

import (
	"reflect"
	"slices"
	"strconv"
	"sync"

	"github.com/mailgun/raymond/v2"
)

// argKind says how a helper uses one argument; field extraction types the
// paths passed there, and Compile checks literals where it can.
type argKind int

const (
	argAny       argKind = iota // any value, printed or compared
	argNumber                   // a number (float64, int, json.Number, numeric string)
	argCondition                // only its truthiness matters
	argArray                    // an array whose element fields the next args name
	argElemField                // a string literal naming a field of argArray's elements
	argDate                     // an ISO 8601 date or unix seconds
	argCompared                 // compared: a number when compared with a number literal
)

// helperSpec describes one helper: its arity, how it uses its arguments, the
// hash options it accepts and its implementation.
type helperSpec struct {
	name    string
	minArgs int
	maxArgs int
	args    []argKind // by position; the last kind repeats
	hash    []string  // accepted hash keys
	block   bool      // must be used as {{#name}}
	builtin bool      // provided by raymond itself, never renamed
	impl    func(c *call) any
}

func (s *helperSpec) kind(i int) argKind {
	if len(s.args) == 0 {
		return argAny
	}
	if i >= len(s.args) {
		return s.args[len(s.args)-1]
	}
	return s.args[i]
}

// maxVariadicArgs caps helpers taking "a b [c…]": every arity used gets its
// own registered function (see adapter), so their number must stay bounded.
const maxVariadicArgs = 20

// call is one invocation of one of our helpers: from a template (opts) or
// from Call (hash).
type call struct {
	name string
	args []any
	opts *raymond.Options
	hash map[string]any
}

var (
	specsOnce sync.Once
	specs     map[string]*helperSpec
)

func helperSpecs() map[string]*helperSpec {
	specsOnce.Do(func() {
		specs = make(map[string]*helperSpec)
		for _, list := range [][]*helperSpec{builtinSpecs(), mathSpecs(), formatSpecs(), logicSpecs(), textSpecs()} {
			for _, s := range list {
				specs[s.name] = s
			}
		}
	})
	return specs
}

func lookupSpec(name string) *helperSpec {
	if name == "" {
		return nil
	}
	return helperSpecs()[name]
}

// HelperNames lists every helper a template may call, sorted: raymond's
// built-in block helpers and lookup/log, plus Quire's own.
func HelperNames() []string {
	names := make([]string, 0, len(helperSpecs()))
	for name := range helperSpecs() {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// builtinSpecs describes the raymond built-ins templates may use. raymond
// also registers equal, ifGt, ifLt, ifEq, ifMatchesRegexStr and pluralize
// globally; Compile refuses them so templates only rely on documented helpers.
func builtinSpecs() []*helperSpec {
	return []*helperSpec{
		{name: "if", minArgs: 1, maxArgs: 1, args: []argKind{argCondition}, hash: []string{"includeZero"}, block: true, builtin: true},
		{name: "unless", minArgs: 1, maxArgs: 1, args: []argKind{argCondition}, hash: []string{"includeZero"}, block: true, builtin: true},
		{name: "each", minArgs: 1, maxArgs: 1, args: []argKind{argArray}, block: true, builtin: true},
		{name: "with", minArgs: 1, maxArgs: 1, block: true, builtin: true},
		{name: "lookup", minArgs: 2, maxArgs: 2, builtin: true},
		{name: "log", minArgs: 1, maxArgs: 1, builtin: true},
	}
}

// registeredName is the name a helper call is registered and rewritten
// under: raymond requires a helper's Go signature to match the number of
// arguments exactly, so each arity used gets its own registration.
func registeredName(name string, arity int) string {
	return name + "$" + strconv.Itoa(arity)
}

var (
	adaptersMu sync.Mutex
	adapters   = map[string]any{}
)

// adapter returns a function raymond can call with arity arguments plus
// *raymond.Options, forwarding them to spec.impl. Built once per (name, arity).
func adapter(spec *helperSpec, arity int) any {
	key := registeredName(spec.name, arity)
	adaptersMu.Lock()
	defer adaptersMu.Unlock()
	if fn, ok := adapters[key]; ok {
		return fn
	}
	anyType := reflect.TypeFor[any]()
	in := make([]reflect.Type, arity+1)
	for i := range arity {
		in[i] = anyType
	}
	in[arity] = reflect.TypeFor[*raymond.Options]()
	fnType := reflect.FuncOf(in, []reflect.Type{anyType}, false)
	impl := spec.impl
	name := spec.name
	fn := reflect.MakeFunc(fnType, func(vals []reflect.Value) []reflect.Value {
		c := &call{name: name, args: make([]any, arity)}
		for i := range arity {
			c.args[i] = vals[i].Interface()
		}
		c.opts, _ = vals[arity].Interface().(*raymond.Options)
		out := reflect.New(anyType).Elem()
		if res := impl(c); res != nil {
			chargeText(budgetOf(c.opts), res)
			out.Set(reflect.ValueOf(res))
		}
		return []reflect.Value{out}
	}).Interface()
	adapters[key] = fn
	return fn
}
