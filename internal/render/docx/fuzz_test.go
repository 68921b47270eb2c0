package docx

import (
	"fmt"
	"strings"
	"testing"
)

// FuzzParse wraps arbitrary text as the body of word/document.xml. Parse
// must never panic, and whatever it accepts must fill into well-formed XML.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		p("Hello {{name}}"),
		para(run("{{na"), `<w:proofErr w:type="spellStart"/>`, run("me}}")),
		p("{{#each items}}") + p("{{name}} {{@index}} {{../title}}") + p("{{/each}}"),
		table(row(p("{{#each items}}{{name}}"), p("{{qty}}{{/each}}"))),
		p("{{#if a}}x{{else}}y{{/if}} {{#unless b}}z{{/unless}}"),
		p("{{#each items}}") + table(row(p("{{#each tags}}{{this}}"), p("{{/each}}"))) + p("{{/each}}"),
		p("{{upper name}} {{! comment }} {{{raw}}}"),
		p("{{#if a}}") + p("{{/if}}{{"),
	} {
		f.Add(s)
	}
	helpers := map[string]HelperFunc{"upper": func(args []any, _ map[string]any) (string, error) {
		return strings.ToUpper(fmt.Sprint(args...)), nil
	}}
	data := map[string]any{
		"name": "A & B\nC", "title": "T", "a": true, "b": false, "raw": "<x>",
		"items": []any{
			map[string]any{"name": "one", "qty": 1.0, "tags": []any{"x", "y"}},
			map[string]any{"name": "two", "qty": 2.5, "tags": []any{}},
		},
	}
	f.Fuzz(func(t *testing.T, body string) {
		docx := zipFiles(t, map[string]string{
			"[Content_Types].xml": "<Types/>",
			"word/document.xml":   documentXML(body),
		})
		tpl, err := ParseWithOptions(docx, ParseOptions{Helpers: helpers})
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		tpl.Fields()
		tpl.Missing(data)
		out, err := tpl.Fill(data)
		if err != nil {
			t.Fatalf("Fill: %v", err)
		}
		paragraphs(t, unzip(t, out)["word/document.xml"]) // fails on malformed XML
	})
}
