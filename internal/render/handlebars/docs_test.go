package handlebars

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDocsExamples renders every "| `template` | `output` |" row of
// docs/helpers.md with the JSON data block of that page, so the
// documentation cannot drift from the helpers.
func TestDocsExamples(t *testing.T) {
	doc, err := os.ReadFile("../../../docs/helpers.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	start := strings.Index(text, "```json\n")
	end := strings.Index(text[start+8:], "```")
	if start < 0 || end < 0 {
		t.Fatal("docs/helpers.md has no JSON data block")
	}
	var data map[string]any
	if err := json.Unmarshal([]byte(text[start+8:start+8+end]), &data); err != nil {
		t.Fatalf("data block: %v", err)
	}
	row := regexp.MustCompile("(?m)^\\| `(\\{\\{.*\\}\\})` \\| `(.*)` \\|$")
	rows := row.FindAllStringSubmatch(text, -1)
	if len(rows) < 60 {
		t.Fatalf("found only %d examples in docs/helpers.md", len(rows))
	}
	documented := map[string]bool{}
	for _, r := range rows {
		src, want := r[1], r[2]
		tpl, err := Compile(src, Limits{})
		if err != nil {
			t.Errorf("Compile(%q, Limits{}): %v", src, err)
			continue
		}
		got, err := tpl.Render(context.Background(), data)
		if err != nil {
			t.Errorf("Render(%q): %v", src, err)
			continue
		}
		// The page shows U+00A0 as a plain space.
		got = strings.ReplaceAll(got, "\u00a0", " ")
		if got != want {
			t.Errorf("docs example %s\n got %q\nwant %q", src, got, want)
		}
		for _, name := range HelperNames() {
			if strings.HasPrefix(src, "{{"+name+" ") || strings.HasPrefix(src, "{{#"+name+" ") {
				documented[name] = true
			}
		}
	}
	for _, name := range HelperNames() {
		if !documented[name] && name != "log" {
			t.Errorf("helper %q has no example in docs/helpers.md", name)
		}
	}
}
