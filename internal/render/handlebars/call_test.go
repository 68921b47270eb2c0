package handlebars

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestCallMatchesTemplates(t *testing.T) {
	cases := []struct {
		tpl  string
		name string
		args []any
		hash map[string]any
	}{
		{`{{formatCurrency 1234.5 "EUR" locale="de-DE"}}`, "formatCurrency", []any{1234.5, "EUR"}, map[string]any{"locale": "de-DE"}},
		{`{{formatNumber 1234.567 2}}`, "formatNumber", []any{1234.567, 2.0}, nil},
		{`{{formatDate "2026-11-02" "long"}}`, "formatDate", []any{"2026-11-02", "long"}, nil},
		{`{{multiply 3 9.99}}`, "multiply", []any{3.0, 9.99}, nil},
		{`{{upper "zoë"}}`, "upper", []any{"zoë"}, nil},
	}
	for _, c := range cases {
		tpl, err := Compile(c.tpl, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		want, err := tpl.Render(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Call(c.name, c.args, c.hash)
		if err != nil || got != want {
			t.Errorf("%s: Call = %q, %v; template = %q", c.name, got, err, want)
		}
	}
}

func TestCallErrors(t *testing.T) {
	for _, c := range []struct {
		name, mention string
		args          []any
		hash          map[string]any
	}{
		{"nope", "unknown helper", nil, nil},
		{"if", "unknown helper", []any{true}, nil},
		{"divide", "division by zero", []any{1.0, 0.0}, nil},
		{"formatCurrency", "takes 2 arguments", []any{1.0}, nil},
		{"formatNumber", "no option", []any{1.0}, map[string]any{"locle": "de"}},
		{"add", "", []any{"x", 1.0}, nil},
	} {
		if _, err := Call(c.name, c.args, c.hash); err == nil || !strings.Contains(err.Error(), c.mention) {
			t.Errorf("%s: err %v, want mention of %q", c.name, err, c.mention)
		}
	}
	names := InlineHelperNames()
	if !slices.Contains(names, "formatCurrency") || slices.Contains(names, "each") || slices.Contains(names, "if") {
		t.Fatalf("InlineHelperNames = %v", names)
	}
}
