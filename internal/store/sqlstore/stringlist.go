package sqlstore

import (
	"encoding/json"
	"fmt"
)

// A list column holds NULL for "no restriction" (a nil slice) and a JSON
// array otherwise, so that an empty list (nothing allowed) stays distinct
// from no list (everything allowed).
func stringListArg(list []string) any {
	if list == nil {
		return nil
	}
	b, _ := json.Marshal(list) // a []string always encodes
	return string(b)
}

func scanStringList(col *string) ([]string, error) {
	if col == nil {
		return nil, nil
	}
	out := []string{}
	if err := json.Unmarshal([]byte(*col), &out); err != nil {
		return nil, fmt.Errorf("sqlstore: list column: %w", err)
	}
	return out, nil
}
