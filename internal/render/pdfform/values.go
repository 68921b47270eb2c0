package pdfform

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// fillValue is a caller's value checked against its field and normalised.
type fillValue struct {
	f    *field
	text string   // text, date, radio and combo box values; a checkbox's export value
	on   bool     // checkbox
	list []string // list box values
}

// checkbox strings, matched case-insensitively.
var (
	checkedWords   = []string{"true", "yes", "on", "1", "checked"}
	uncheckedWords = []string{"false", "no", "off", "0", "unchecked", ""}
)

// normalize checks v against f; the returned FieldError (if any) is ready
// to show to the user.
func normalize(f *field, v any) (fillValue, *FieldError) {
	fv := fillValue{f: f}
	fail := func(reason string, allowed []string) (fillValue, *FieldError) {
		return fv, &FieldError{Field: f.name, Type: f.kind, Reason: reason, Allowed: allowed}
	}
	switch f.kind {
	case TypeSignature:
		return fail("signature fields cannot be filled", nil)

	case TypeCheckbox:
		on, ok := checkboxValue(f, v)
		if !ok {
			return fail(fmt.Sprintf("a checkbox takes true or false, not %s", describe(v)), nil)
		}
		fv.on = on
		if s, isString := v.(string); isString && slices.Contains(f.display, s) {
			fv.text = s // an export value checks only the widgets that carry it
		}
		return fv, nil

	case TypeRadio, TypeSelect:
		s, ok := scalarText(v)
		if !ok {
			return fail(fmt.Sprintf("takes one of its options, not %s", describe(v)), f.options)
		}
		if s == "" || slices.Contains(f.options, s) || f.kind == TypeSelect && f.flags&flagEdit != 0 {
			fv.text = s
			return fv, nil
		}
		if i := slices.Index(f.display, s); i >= 0 && f.kind == TypeSelect {
			fv.text = f.options[i] // the text shown rather than the export value
			return fv, nil
		}
		return fail(fmt.Sprintf("%q is not one of its options", s), f.options)

	case TypeList:
		values, ok := listValues(v)
		if !ok {
			return fail(fmt.Sprintf("takes a list of its options, not %s", describe(v)), f.options)
		}
		if len(values) > 1 && f.flags&flagMultiSelect == 0 {
			return fail("takes only one option", f.options)
		}
		for i, s := range values {
			if slices.Contains(f.options, s) {
				continue
			}
			if j := slices.Index(f.display, s); j >= 0 {
				values[i] = f.options[j]
				continue
			}
			return fail(fmt.Sprintf("%q is not one of its options", s), f.options)
		}
		fv.list = values
		return fv, nil

	default: // text, multiline, date
		s, ok := scalarText(v)
		if !ok {
			return fail(fmt.Sprintf("takes text, not %s", describe(v)), nil)
		}
		if !utf8.ValidString(s) {
			return fail("the text is not valid UTF-8", nil)
		}
		if f.maxLen > 0 && utf8.RuneCountInString(s) > f.maxLen {
			return fail(fmt.Sprintf("the text has %d characters, the field takes at most %d", utf8.RuneCountInString(s), f.maxLen), nil)
		}
		fv.text = s
		return fv, nil
	}
}

// checkboxValue accepts booleans, 0 and 1, the words above and the
// checkbox's own export values.
func checkboxValue(f *field, v any) (on, ok bool) {
	switch x := v.(type) {
	case nil:
		return false, true
	case bool:
		return x, true
	case string:
		w := strings.ToLower(strings.TrimSpace(x))
		if slices.Contains(checkedWords, w) {
			return true, true
		}
		if slices.Contains(uncheckedWords, w) {
			return false, true
		}
		return slices.Contains(f.display, x), slices.Contains(f.display, x)
	}
	if s, ok := scalarText(v); ok && (s == "0" || s == "1") {
		return s == "1", true
	}
	return false, false
}

// scalarText turns a string, number or date into the text to store.
func scalarText(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", false
		}
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32), true
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return fmt.Sprint(x), true
	case time.Time:
		return x.Format("2006-01-02"), true
	case fmt.Stringer:
		return x.String(), true
	}
	return "", false
}

// listValues accepts one option or a list of them.
func listValues(v any) ([]string, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case []string:
		return slices.Clone(x), true
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := scalarText(e)
			if !ok || e == nil {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	s, ok := scalarText(v)
	if !ok {
		return nil, false
	}
	if s == "" {
		return nil, true
	}
	return []string{s}, true
}

// describe names the kind of a wrong value for an error message.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("%q", x)
	case bool, float64, float32, int, int64, json.Number:
		return fmt.Sprint(x)
	case []any, []string:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("a %T", v)
}
