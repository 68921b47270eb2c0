package docx

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// formatValue prints a data value the way Handlebars would show it.
func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return formatFloat(x, 64)
	case float32:
		return formatFloat(float64(x), 32)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case uint:
		return strconv.FormatUint(uint64(x), 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case uint32:
		return strconv.FormatUint(uint64(x), 10)
	case bool:
		return strconv.FormatBool(x)
	case json.Number:
		return x.String()
	case fmt.Stringer:
		return x.String()
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = formatValue(e)
		}
		return strings.Join(parts, ",")
	case map[string]any:
		return ""
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map, reflect.Struct, reflect.Func, reflect.Chan:
		return ""
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return ""
		}
		return formatValue(rv.Elem().Interface())
	}
	return fmt.Sprint(v)
}

// formatFloat prints 3 as "3" and 9.99 as "9.99", never in exponent form.
func formatFloat(f float64, bits int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	return strconv.FormatFloat(f, 'f', -1, bits)
}

// truthy follows Handlebars: false, null, "", 0 and empty lists are false.
func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case float64:
		return x != 0 && !math.IsNaN(x)
	case int:
		return x != 0
	case []any:
		return len(x) > 0
	case map[string]any:
		return true
	case json.Number:
		f, err := x.Float64()
		return err != nil || f != 0
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		return rv.Len() > 0
	case reflect.Pointer, reflect.Interface:
		return !rv.IsNil() && truthy(rv.Elem().Interface())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return rv.Uint() != 0
	case reflect.Float32:
		return rv.Float() != 0
	}
	return true
}

// property looks up one path segment in a value: a map key, a list index
// or an exported struct field.
func property(v any, name string) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		r, ok := x[name]
		return r, ok
	case []any:
		i, err := strconv.Atoi(name)
		if err != nil || i < 0 || i >= len(x) {
			if name == "length" {
				return float64(len(x)), true
			}
			return nil, false
		}
		return x[i], true
	case nil:
		return nil, false
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return nil, false
		}
		rv = rv.Elem()
	}
	switch rv.Kind() {
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return nil, false
		}
		r := rv.MapIndex(reflect.ValueOf(name).Convert(rv.Type().Key()))
		if !r.IsValid() {
			return nil, false
		}
		return r.Interface(), true
	case reflect.Slice, reflect.Array:
		i, err := strconv.Atoi(name)
		if err != nil || i < 0 || i >= rv.Len() {
			return nil, false
		}
		return rv.Index(i).Interface(), true
	case reflect.Struct:
		f := rv.FieldByName(name)
		if !f.IsValid() || !f.CanInterface() {
			return nil, false
		}
		return f.Interface(), true
	}
	return nil, false
}

// iterItem is one step of an {{#each}}.
type iterItem struct {
	value any
	key   string
}

// items lists what {{#each}} walks: list elements in order, or map entries
// sorted by key.
func items(v any) []iterItem {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		out := make([]iterItem, len(x))
		for i, e := range x {
			out[i] = iterItem{value: e, key: strconv.Itoa(i)}
		}
		return out
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make([]iterItem, len(keys))
		for i, k := range keys {
			out[i] = iterItem{value: x[k], key: k}
		}
		return out
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		out := make([]iterItem, rv.Len())
		for i := range out {
			out[i] = iterItem{value: rv.Index(i).Interface(), key: strconv.Itoa(i)}
		}
		return out
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return nil
		}
		keys := rv.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		out := make([]iterItem, len(keys))
		for i, k := range keys {
			out[i] = iterItem{value: rv.MapIndex(k).Interface(), key: k.String()}
		}
		return out
	}
	return nil
}

// writeRunText writes s inside an open <w:t>: XML-escaped, with line breaks
// and tabs turned into w:br and w:tab (which live between text elements)
// and characters XML cannot carry dropped.
func writeRunText(b *bytes.Buffer, s, prefix string) {
	start := 0
	flush := func(i int) {
		if start < i {
			b.WriteString(s[start:i])
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '&' && c != '<' && c != '>' {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if (r == utf8.RuneError && size == 1) || r == 0xFFFE || r == 0xFFFF {
				flush(i)
				if r == utf8.RuneError {
					b.WriteString("\uFFFD")
				}
				i += size
				start = i
				continue
			}
			i += size
			continue
		}
		flush(i)
		switch c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\r', '\n':
			if c == '\r' && i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			fmt.Fprintf(b, `</%st><%sbr/><%st xml:space="preserve">`, prefix, prefix, prefix)
		case '\t':
			fmt.Fprintf(b, `</%st><%stab/><%st xml:space="preserve">`, prefix, prefix, prefix)
		}
		i++
		start = i
	}
	flush(len(s))
}
