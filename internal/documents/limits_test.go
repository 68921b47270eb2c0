package documents

import (
	"testing"

	"github.com/quirehq/quire/internal/errs"
)

// Data limits hold exactly: at the limit accepted, one past refused.
func TestDataLimitsBoundaries(t *testing.T) {
	nest := func(levels int) map[string]any {
		var v any = "leaf"
		for range levels - 1 {
			v = []any{v}
		}
		return map[string]any{"a": v}
	}
	l := DataLimits{MaxDepth: 4, MaxItems: 3}
	for _, c := range []struct {
		name string
		data map[string]any
		ok   bool
	}{
		{"depth at the limit", nest(4), true}, // the data object, then 3 arrays
		{"depth past the limit", nest(5), false},
		{"array at the limit", map[string]any{"a": []any{1, 2, 3}}, true},
		{"array past the limit", map[string]any{"a": map[string]any{"b": []any{1, 2, 3, 4}}}, false},
		{"scalars only", map[string]any{"a": 1, "b": "x"}, true},
	} {
		err := l.check(c.data)
		if c.ok != (err == nil) || (err != nil && errs.CodeOf(err) != errs.DataTooComplex) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	// 100,000 levels are walked without recursion.
	if err := (DataLimits{MaxDepth: 64}).check(nest(100000)); errs.CodeOf(err) != errs.DataTooComplex {
		t.Fatalf("deep data: %v", err)
	}
}
