package batches

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// placeholder is a {{path}} of a filename pattern; {{@index}} is the item's index.
var placeholder = regexp.MustCompile(`\{\{\s*([@A-Za-z0-9_.\-]+)\s*\}\}`)

// itemFilename names item index's document: its filename_field's value,
// else the pattern with {{field.path}} and {{@index}} filled in, else
// "<template name>-<index>". The documents service cleans it and adds the
// extension.
func itemFilename(spec Spec, templateName string, index int, data map[string]any) string {
	if spec.FilenameField != "" {
		if v, ok := lookup(data, spec.FilenameField); ok && fmt.Sprint(v) != "" {
			return fmt.Sprint(v)
		}
	}
	if spec.Filename == "" {
		return templateName + "-" + strconv.Itoa(index)
	}
	return placeholder.ReplaceAllStringFunc(spec.Filename, func(m string) string {
		path := placeholder.FindStringSubmatch(m)[1]
		if path == "@index" {
			return strconv.Itoa(index)
		}
		if v, ok := lookup(data, path); ok && v != nil {
			if f, ok := v.(float64); ok {
				return strconv.FormatFloat(f, 'f', -1, 64)
			}
			return fmt.Sprint(v)
		}
		return ""
	})
}

func lookup(data map[string]any, path string) (any, bool) {
	var v any = data
	for _, seg := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[seg]; !ok {
			return nil, false
		}
	}
	return v, true
}
