package dashboard

import (
	"strings"
	"time"

	"github.com/quirehq/quire/internal/render"
)

// sampleData builds example data with the shape of a template's fields
// ("invoice.number", "items[].qty"), so the preview has something to show
// before a person types their own.
func sampleData(fields []render.Field) map[string]any {
	root := map[string]any{}
	for _, f := range fields {
		parts := strings.Split(f.Name, ".")
		node := root
		for i, part := range parts {
			name, isArray := strings.CutSuffix(part, "[]")
			last := i == len(parts)-1
			switch {
			case isArray:
				list, _ := node[name].([]any)
				if len(list) == 0 {
					list = []any{map[string]any{}}
					node[name] = list
				}
				item, ok := list[0].(map[string]any)
				if !ok {
					item = map[string]any{}
					list[0] = item
				}
				node = item
			case last:
				if _, set := node[name]; !set {
					node[name] = sampleValue(name, f)
				}
			default:
				child, ok := node[name].(map[string]any)
				if !ok {
					child = map[string]any{}
					node[name] = child
				}
				node = child
			}
		}
	}
	return root
}

func sampleValue(name string, f render.Field) any {
	if len(f.Options) > 0 {
		return f.Options[0]
	}
	lower := strings.ToLower(name)
	switch f.Type {
	case "number", "currency":
		return 1
	case "boolean", "checkbox":
		return false
	case "date":
		return time.Now().UTC().Format("2006-01-02")
	case "array", "list":
		return []any{}
	case "object":
		return map[string]any{}
	}
	switch {
	case lower == "locale":
		return "en-US"
	case lower == "currency":
		return "USD"
	case strings.Contains(lower, "email"):
		return "jane@example.com"
	}
	return "Sample " + strings.ReplaceAll(name, "_", " ")
}
