package handlebars

import (
	"reflect"
	"slices"
	"strings"

	"github.com/quirehq/quire/internal/render"
)

// arrayMark is the path segment standing for "every element of the array".
const arrayMark = "[]"

// use is one way a template uses a field.
type use int

const (
	usePrint     use = iota // printed, compared or passed as text
	useNumber               // passed where a helper wants a number
	useCondition            // tested for truth (#if, #unless, and/or/not)
	useArray                // iterated (#each, sum, sumProduct, .length)
	useObject               // entered with #with or a section block
	useDate                 // formatted as a date
)

// fieldUse accumulates every use of one field path.
type fieldUse struct {
	segs                              []string
	name                              string
	printed, number, condition, array bool
	object, date                      bool
}

// fieldSet keeps fields in order of first appearance, at most max of them.
type fieldSet struct {
	byName map[string]*fieldUse
	order  []*fieldUse
	max    int
}

func newFieldSet(max int) *fieldSet { return &fieldSet{byName: map[string]*fieldUse{}, max: max} }

// fieldName renders segments as the API shows them: "items[].tags[]".
func fieldName(segs []string) string {
	var b strings.Builder
	for i, s := range segs {
		if s != arrayMark && i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}

// add records a use of the field at segs; it is false when that field
// would be one more than max.
func (fs *fieldSet) add(segs []string, u use) bool {
	if len(segs) == 0 || segs[0] == arrayMark || segs[len(segs)-1] == arrayMark {
		return true // the data root or an array element itself ({{this}}) is not a field
	}
	name := fieldName(segs)
	f := fs.byName[name]
	if f == nil {
		if len(fs.order) >= fs.max {
			return false
		}
		f = &fieldUse{segs: slices.Clone(segs), name: name}
		fs.byName[name] = f
		fs.order = append(fs.order, f)
	}
	switch u {
	case usePrint:
		f.printed = true
	case useNumber:
		f.number = true
	case useCondition:
		f.condition = true
	case useArray:
		f.array = true
	case useObject:
		f.object = true
	case useDate:
		f.date = true
	}
	return true
}

// hasChildren reports whether another field lives under f.
func (fs *fieldSet) hasChildren(f *fieldUse) bool {
	for _, g := range fs.order {
		if len(g.segs) > len(f.segs) && slices.Equal(g.segs[:len(f.segs)], f.segs) {
			return true
		}
	}
	return false
}

// typeOf infers the user-facing type: array beats object beats number beats
// date; a
// field only ever tested for truth is a boolean; anything else is a string.
func (fs *fieldSet) typeOf(f *fieldUse) string {
	switch {
	case f.array:
		return "array"
	case f.object || fs.hasChildren(f):
		return "object"
	case f.number:
		return "number"
	case f.date:
		return "date"
	case f.condition && !f.printed:
		return "boolean"
	}
	return "string"
}

func (fs *fieldSet) fields() []render.Field {
	out := make([]render.Field, 0, len(fs.order))
	for _, f := range fs.order {
		out = append(out, render.Field{Name: f.name, Type: fs.typeOf(f)})
	}
	return out
}

// present reports whether data has a non-null value at segs. Below an
// array, every element must have it (an empty array has nothing missing).
func present(v any, segs []string) bool {
	if v == nil {
		return false
	}
	if len(segs) == 0 {
		return true
	}
	rv := reflect.ValueOf(v)
	isList := rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array
	if segs[0] == arrayMark || isList {
		if !isList {
			return false
		}
		rest := segs
		if segs[0] == arrayMark {
			rest = segs[1:]
		}
		for i := range rv.Len() {
			if !present(rv.Index(i).Interface(), rest) {
				return false
			}
		}
		return true
	}
	return present(child(v, segs[0]), segs[1:])
}
