package docx

import (
	"bytes"
	"encoding/xml"
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

// FuzzTags builds structured documents from text so that the fuzzer spends
// its time on tags rather than on XML syntax: lines are paragraphs, lines
// starting with "|" are table rows (cells split on "|"), and "^" splits a
// paragraph into runs with a proofErr between them.
func FuzzTags(f *testing.F) {
	for _, s := range []string{
		"Hello {{na^me}}",
		"{{#each items}}\n{{name}} {{@index}}\n{{/each}}",
		"|{{#each items}}{{name}}|{{qty}}{{/each}}\n|total|{{title}}",
		"{{#if a}}\nA\n{{else if b}}\nB\n{{else}}\nC\n{{/if}}",
		"{{#each items}}\n|{{#each tags}}{{this}}|{{../name}}{{/each}}\n{{/each}}",
		"x {{#if a}} y\nz {{/if}} w",
		"|{{#if a}}\n|{{/if}}",
		"{^{^#each items}^}{{this}}{{/e^ach}}",
		"{{#each\nitems}}\n{{name}}\n{{/each}}",
		"Hi {{#if\na\n}}yes{{/if}} there\n|{{x|}}",
	} {
		f.Add(s)
	}
	data := map[string]any{
		"title": "T", "a": true, "b": false,
		"items": []any{
			map[string]any{"name": "one\ttwo", "qty": 1.0, "tags": []any{"x", "y"}},
			map[string]any{"name": "three", "qty": 2.5, "tags": []any{}},
		},
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4000 {
			return
		}
		docx := zipFiles(t, map[string]string{
			"[Content_Types].xml": "<Types/>",
			"word/document.xml":   documentXML(textToBody(s)),
		})
		tpl, err := Parse(docx, Limits{})
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		out, err := tpl.Fill(data)
		if err != nil {
			t.Fatalf("Fill: %v", err)
		}
		doc := unzip(t, out)["word/document.xml"]
		paragraphs(t, doc)
		checkTables(t, doc)
	})
}

// checkTables fails when a table lost all its rows, a row all its cells or
// a cell all its paragraphs: Word refuses such documents.
func checkTables(t *testing.T, doc []byte) {
	d := xml.NewDecoder(bytes.NewReader(doc))
	type frame struct {
		name     string
		children map[string]int
	}
	var stack []frame
	need := map[string]string{"tbl": "tr", "tr": "tc", "tc": "p"}
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if len(stack) > 0 {
				stack[len(stack)-1].children[e.Name.Local]++
			}
			stack = append(stack, frame{e.Name.Local, map[string]int{}})
		case xml.EndElement:
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if child, ok := need[f.name]; ok && f.children[child] == 0 {
				t.Fatalf("a w:%s without w:%s:\n%s", f.name, child, doc)
			}
		}
	}
}

func textToBody(s string) string {
	var b strings.Builder
	var rows []string
	flush := func() {
		if len(rows) > 0 {
			b.WriteString(table(rows...))
			rows = nil
		}
	}
	paraOf := func(text string) string {
		var runs []string
		for i, r := range strings.Split(text, "^") {
			if i > 0 {
				runs = append(runs, `<w:proofErr w:type="spellStart"/>`)
			}
			runs = append(runs, run(r))
		}
		return para(runs...)
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "|") {
			var cells []string
			for _, c := range strings.Split(line[1:], "|") {
				cells = append(cells, paraOf(c))
			}
			rows = append(rows, row(cells...))
			continue
		}
		flush()
		b.WriteString(paraOf(line))
	}
	flush()
	return b.String()
}
