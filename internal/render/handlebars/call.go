package handlebars

import (
	"errors"
	"fmt"
	"slices"

	"github.com/mailgun/raymond/v2"
)

// InlineHelperNames lists the helpers Call accepts: Quire's own helpers
// that print a value (not block helpers, not raymond's built-ins). Other
// template kinds (DOCX) offer exactly these, so users learn one language.
func InlineHelperNames() []string {
	var names []string
	for name, s := range helperSpecs() {
		if !s.builtin && !s.block {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// Call runs one helper outside a template, with the same checks and
// results as inside one: `{{formatCurrency total "EUR" locale="de-DE"}}` is
// Call("formatCurrency", []any{total, "EUR"}, map[string]any{"locale": "de-DE"}).
func Call(name string, args []any, hash map[string]any) (out string, err error) {
	s := lookupSpec(name)
	if s == nil || s.builtin || s.block {
		return "", fmt.Errorf("unknown helper %q", name)
	}
	if len(args) < s.minArgs || len(args) > s.maxArgs {
		return "", fmt.Errorf("%s takes %s, got %d", name, arityText(s), len(args))
	}
	for key := range hash {
		if !slices.Contains(s.hash, key) {
			return "", fmt.Errorf("%s has no option %q", name, key)
		}
	}
	defer func() {
		if r := recover(); r != nil {
			var he *helperError
			if e, ok := r.(error); ok && errors.As(e, &he) {
				out, err = "", he
				return
			}
			out, err = "", fmt.Errorf("%s: %v", name, r)
		}
	}()
	if hash == nil {
		hash = map[string]any{}
	}
	return raymond.Str(s.impl(&call{name: name, args: args, hash: hash})), nil
}
