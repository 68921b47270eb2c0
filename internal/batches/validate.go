package batches

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quirehq/quire/internal/render"
)

// itemProblem is why an item cannot be rendered: the path of the field
// ("items[3].due_date") and what is wrong with it.
type itemProblem struct {
	Index   int
	Path    string
	Problem string
}

func (p itemProblem) Error() string { return p.Path + ": " + p.Problem }

// validateItem checks one item against the template's fields: it must be
// an object, and each field it has must hold a value of the field's type.
// Fields it lacks are no error (Handlebars renders them empty, forms leave
// them blank); nor are keys that are not fields.
func validateItem(index int, item any, fields []render.Field) (map[string]any, *itemProblem) {
	base := "items[" + strconv.Itoa(index) + "]"
	data, ok := item.(map[string]any)
	if !ok {
		return nil, &itemProblem{Index: index, Path: base, Problem: "must be an object of field values, not " + kindOf(item)}
	}
	for _, f := range fields {
		if p := checkField(data, base, strings.Split(strings.ReplaceAll(f.Name, "[]", ".[]"), "."), f); p != nil {
			p.Index = index
			return nil, p
		}
	}
	return data, nil
}

// checkField walks segs from v ("[]" means every element of an array).
func checkField(v any, path string, segs []string, f render.Field) *itemProblem {
	if v == nil {
		return nil
	}
	if len(segs) == 0 {
		if problem := checkValue(v, f); problem != "" {
			return &itemProblem{Path: path, Problem: problem}
		}
		return nil
	}
	seg := segs[0]
	if seg == "" {
		return checkField(v, path, segs[1:], f)
	}
	if seg == "[]" {
		list, ok := v.([]any)
		if !ok {
			return &itemProblem{Path: path, Problem: "must be an array, not " + kindOf(v)}
		}
		for i, el := range list {
			if p := checkField(el, path+"["+strconv.Itoa(i)+"]", segs[1:], f); p != nil {
				return p
			}
		}
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return &itemProblem{Path: path, Problem: "must be an object, not " + kindOf(v)}
	}
	child, ok := m[seg]
	if !ok {
		return nil
	}
	return checkField(child, path+"."+seg, segs[1:], f)
}

// checkValue says what is wrong with v as a value of f; "" when nothing.
func checkValue(v any, f render.Field) string {
	switch f.Type {
	case "number", "currency":
		switch x := v.(type) {
		case float64:
			return ""
		case string:
			if _, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil {
				return ""
			}
		}
		return "must be a number (field type " + f.Type + "), not " + describe(v)
	case "boolean", "checkbox":
		if _, ok := v.(bool); ok {
			return ""
		}
		if s, ok := v.(string); ok {
			if _, ok := parseBool(s); ok {
				return ""
			}
		}
		return "must be true or false (field type " + f.Type + "), not " + describe(v)
	case "date":
		s, ok := v.(string)
		if ok && isDate(s) {
			return ""
		}
		return "must be a date such as 2026-12-31 (field type date), not " + describe(v)
	case "email":
		if s, ok := v.(string); ok && strings.Contains(s, "@") {
			return ""
		}
		return "must be an email address, not " + describe(v)
	case "array", "list":
		if _, ok := v.([]any); ok {
			return ""
		}
		if s, ok := v.(string); ok && f.Type == "list" && inOptions(s, f.Options) {
			return ""
		}
		return "must be an array (field type " + f.Type + "), not " + describe(v)
	case "object":
		if _, ok := v.(map[string]any); ok {
			return ""
		}
		return "must be an object (field type object), not " + describe(v)
	case "radio", "select":
		s := fmt.Sprint(v)
		if inOptions(s, f.Options) {
			return ""
		}
		return fmt.Sprintf("must be one of %s, not %s", strings.Join(f.Options, ", "), describe(v))
	}
	switch v.(type) {
	case map[string]any, []any:
		return "must be text (field type " + f.Type + "), not " + kindOf(v)
	}
	return ""
}

func inOptions(s string, options []string) bool {
	return len(options) == 0 || slices.Contains(options, s)
}

func isDate(s string) bool {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.DateOnly, time.RFC3339, "2006-01-02T15:04:05", time.RFC3339Nano} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	}
	return fmt.Sprintf("%T", v)
}

// describe shows a short value in an error.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		if len(x) > 40 {
			x = x[:40] + "…"
		}
		return strconv.Quote(x)
	case float64, bool:
		return fmt.Sprint(x)
	}
	return kindOf(v)
}
