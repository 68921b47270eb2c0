package batches

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/render"
)

// Item file formats.
const (
	FormatJSON  = "json"  // one JSON array of objects
	FormatJSONL = "jsonl" // one JSON object per line (NDJSON)
	FormatCSV   = "csv"   // a header row of field names, then one row per item
)

// FormatOf names the format of an items file by its name's extension.
func FormatOf(filename string) (string, error) {
	switch strings.ToLower(filepath.Ext(filename)) {
	case ".json":
		return FormatJSON, nil
	case ".jsonl", ".ndjson":
		return FormatJSONL, nil
	case ".csv":
		return FormatCSV, nil
	}
	return "", errs.New(errs.Validation, "file %q: items files are .json (an array), .jsonl/.ndjson (one object per line) or .csv (a header row)", filename)
}

// parseItems reads the items of an uploaded file. CSV values are typed by
// the template's fields: number and currency fields become numbers,
// boolean and checkbox fields booleans, the rest stay text; dotted headers
// ("customer.name") nest.
func parseItems(format string, content []byte, fields []render.Field) ([]any, error) {
	switch format {
	case FormatJSON:
		var items []any
		if err := json.Unmarshal(content, &items); err != nil {
			return nil, errs.New(errs.Validation, "the items file is not a JSON array: %v", err)
		}
		return items, nil
	case FormatJSONL:
		return parseJSONL(content)
	case FormatCSV:
		return parseCSV(content, fields)
	}
	return nil, errs.New(errs.Validation, "unknown items format %q", format)
}

func parseJSONL(content []byte) ([]any, error) {
	var items []any
	sc := bufio.NewScanner(bytes.NewReader(content))
	sc.Buffer(make([]byte, 64<<10), len(content)+1)
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		var v any
		if err := json.Unmarshal(text, &v); err != nil {
			return nil, errs.New(errs.Validation, "line %d of the items file is not JSON: %v", line, err)
		}
		items = append(items, v)
	}
	if err := sc.Err(); err != nil {
		return nil, errs.Wrap(err, errs.Validation, "the items file cannot be read: %v", err)
	}
	return items, nil
}

func parseCSV(content []byte, fields []render.Field) ([]any, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(content, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, errs.New(errs.Validation, "the CSV file is empty: its first row must name the fields")
	}
	if err != nil {
		return nil, errs.New(errs.Validation, "the CSV file cannot be read: %v", err)
	}
	types := make(map[string]string, len(fields))
	for _, f := range fields {
		types[f.Name] = f.Type
	}
	var items []any
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			return items, nil
		}
		if err != nil {
			return nil, errs.New(errs.Validation, "the CSV file cannot be read: %v", err)
		}
		if len(row) > len(header) {
			return nil, errs.New(errs.Validation, "CSV row %d has %d values for %d header names", len(items)+2, len(row), len(header))
		}
		item := map[string]any{}
		for c, value := range row {
			name := strings.TrimSpace(header[c])
			if name == "" {
				continue
			}
			if strings.TrimSpace(value) == "" && !textual(types[name]) {
				continue // an empty cell of a typed field is a value left out
			}
			if err := setPath(item, strings.Split(name, "."), typed(value, types[name])); err != nil {
				return nil, errs.New(errs.Validation, "CSV header %q: %v", name, err)
			}
		}
		items = append(items, item)
	}
}

// typed converts a CSV cell to its field's type when it reads as one;
// otherwise it stays text, and validation names the field.
func typed(value, fieldType string) any {
	switch fieldType {
	case "number", "currency":
		if n, err := strconv.ParseFloat(strings.TrimSpace(value), 64); err == nil {
			return n
		}
	case "boolean", "checkbox":
		if b, ok := parseBool(value); ok {
			return b
		}
	}
	return value
}

// textual says whether a field of type t takes any text ("" = not a field).
func textual(t string) bool {
	switch t {
	case "", "string", "text", "multiline":
		return true
	}
	return false
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "y", "1", "on", "x":
		return true, true
	case "false", "no", "n", "0", "off", "":
		return false, true
	}
	return false, false
}

// setPath puts v at the dotted path segs of m, making objects on the way.
func setPath(m map[string]any, segs []string, v any) error {
	for i, seg := range segs[:len(segs)-1] {
		next, ok := m[seg]
		if !ok {
			child := map[string]any{}
			m[seg] = child
			m = child
			continue
		}
		child, ok := next.(map[string]any)
		if !ok {
			return fmt.Errorf("%s is a value and an object", strings.Join(segs[:i+1], "."))
		}
		m = child
	}
	last := segs[len(segs)-1]
	if _, ok := m[last].(map[string]any); ok {
		return fmt.Errorf("%s is a value and an object", strings.Join(segs, "."))
	}
	m[last] = v
	return nil
}
