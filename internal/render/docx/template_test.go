package docx

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
)

func TestValues(t *testing.T) {
	docx := buildDOCX(t, p("Hello {{name}}, total {{total}} / {{price}} / {{paid}} / [{{missing}}] {{customer.address.city}}"), "", "")
	got := bodyParas(t, docx, map[string]any{
		"name": "Ann & <Bob>", "total": 3.0, "price": 9.99, "paid": true,
		"customer": map[string]any{"address": map[string]any{"city": "Zürich"}},
	})
	eq(t, got, []string{"Hello Ann & <Bob>, total 3 / 9.99 / true / [] Zürich"})
}

func TestTagSplitAcrossRunsKeepsFirstRunFormatting(t *testing.T) {
	body := para(
		run("Dear {{na", "<w:b/>"),
		`<w:proofErr w:type="spellStart"/>`,
		run("me}}", "<w:i/>"),
		`<w:proofErr w:type="spellEnd"/>`,
		run(", welcome", "<w:u/>"),
	) + para(
		run("{", `<w:color w:val="FF0000"/>`),
		`<w:bookmarkStart w:id="0" w:name="x"/>`,
		run("{city}"),
		`<w:bookmarkEnd w:id="0"/>`,
		run("}"),
		run("!"),
	)
	out := fill(t, buildDOCX(t, body, "", ""), map[string]any{"name": "Ann", "city": "Oslo"})
	doc := string(out["word/document.xml"])
	eq(t, paragraphs(t, out["word/document.xml"]), []string{"Dear Ann, welcome", "Oslo!"})
	for _, want := range []string{
		`<w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Dear Ann</w:t>`,
		`<w:rPr><w:color w:val="FF0000"/></w:rPr><w:t xml:space="preserve">Oslo</w:t>`,
		`<w:proofErr w:type="spellStart"/>`, // non-text elements stay
		`<w:bookmarkStart w:id="0" w:name="x"/>`,
		`<w:rPr><w:u/></w:rPr><w:t xml:space="preserve">, welcome</w:t>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("output lacks %s\n%s", want, doc)
		}
	}
	if strings.Contains(doc, "<w:i/>") {
		t.Errorf("the run emptied by the merge should be removed:\n%s", doc)
	}
}

func TestNewlinesTabsAndEscaping(t *testing.T) {
	out := fill(t, buildDOCX(t, p("{{address}}"), "", ""), map[string]any{"address": "1 Main St\nSpringfield\r\nUSA\tX <&> \x01"})
	eq(t, paragraphs(t, out["word/document.xml"]), []string{"1 Main St\nSpringfield\nUSA\tX <&> "})
	if !bytes.Contains(out["word/document.xml"], []byte(`1 Main St</w:t><w:br/><w:t xml:space="preserve">Springfield`)) {
		t.Errorf("newline not turned into w:br:\n%s", out["word/document.xml"])
	}
}

func TestUntouchedPartsAreByteIdentical(t *testing.T) {
	styles := `<?xml version="1.0"?><w:styles ` + wNS + `><w:style w:styleId="Normal"/></w:styles>`
	body := p("Before") + p("{{name}}") + para(run("After", "<w:b/>"), `<w:bookmarkStart w:id="1" w:name="b"/>`)
	in := buildDOCX(t, body, p("Plain header"), "", "word/styles.xml", styles)
	tpl, err := Parse(in, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	outDocx, err := tpl.Fill(map[string]any{"name": "X"})
	if err != nil {
		t.Fatal(err)
	}
	src, out := unzip(t, in), unzip(t, outDocx)
	for name, data := range src {
		if name == "word/document.xml" {
			continue
		}
		if !bytes.Equal(out[name], data) {
			t.Errorf("%s changed", name)
		}
	}
	// Outside the tag's text element the document keeps its bytes.
	doc, orig := string(out["word/document.xml"]), string(src["word/document.xml"])
	want := strings.Replace(orig, `<w:t xml:space="preserve">{{name}}</w:t>`, `<w:t xml:space="preserve">X</w:t>`, 1)
	if doc != want {
		t.Errorf("document changed beyond the tag:\n got %s\nwant %s", doc, want)
	}
	if len(tpl.compiled) != 1 {
		t.Errorf("only the body should be compiled, got %d parts", len(tpl.compiled))
	}
}

func TestParagraphLoop(t *testing.T) {
	body := p("Items:") + p("{{#each items}}") + p("- {{name}} x{{qty}} (#{{@index}}) {{../currency}}") + p("{{/each}}") + p("End")
	got := bodyParas(t, buildDOCX(t, body, "", ""), map[string]any{
		"currency": "EUR",
		"items":    []any{map[string]any{"name": "a", "qty": 1.0}, map[string]any{"name": "b", "qty": 2.5}},
	})
	eq(t, got, []string{"Items:", "- a x1 (#0) EUR", "- b x2.5 (#1) EUR", "End"})
}

func TestParagraphLoopEmptyLeavesNoParagraph(t *testing.T) {
	body := p("A") + p(" {{#each items}} ") + p("{{this}}") + p("{{/each}}") + p("B")
	eq(t, bodyParas(t, buildDOCX(t, body, "", ""), map[string]any{}), []string{"A", "B"})
}

func TestTableRowLoop(t *testing.T) {
	body := table(
		row(p("Name"), p("Qty")),
		row(p("{{#each items}}{{name}}"), para(run("{{qty}}", "<w:b/>"), run("{{/each}}"))),
		row(p("Total"), p("{{total}}")),
	)
	out := fill(t, buildDOCX(t, body, "", ""), map[string]any{
		"items": []any{map[string]any{"name": "a", "qty": 1.0}, map[string]any{"name": "b", "qty": 2.0}, map[string]any{"name": "c", "qty": 3.0}},
		"total": 6.0,
	})
	doc := out["word/document.xml"]
	eq(t, paragraphs(t, doc), []string{"Name", "Qty", "a", "1", "b", "2", "c", "3", "Total", "6"})
	if n := bytes.Count(doc, []byte("<w:tr>")); n != 5 {
		t.Errorf("want 5 rows, got %d", n)
	}
	if n := bytes.Count(doc, []byte(`<w:b/></w:rPr><w:t xml:space="preserve">`)); n != 3 {
		t.Errorf("bold run properties should repeat with each row, got %d", n)
	}
	// An empty list removes the row.
	out = fill(t, buildDOCX(t, body, "", ""), map[string]any{"items": []any{}})
	if n := bytes.Count(out["word/document.xml"], []byte("<w:tr>")); n != 2 {
		t.Errorf("want 2 rows for an empty list, got %d", n)
	}
}

func TestInlineLoopAndConditions(t *testing.T) {
	body := p("Tags: {{#each tags}}{{this}}{{#unless @last}}, {{/unless}}{{/each}}.") +
		p("Status: {{#if paid}}paid{{else}}due{{/if}}; {{#with customer}}{{name}} ({{../status}}){{/with}}")
	got := bodyParas(t, buildDOCX(t, body, "", ""), map[string]any{
		"tags": []any{"a", "b", "c"}, "paid": false, "status": "ok",
		"customer": map[string]any{"name": "Ann"},
	})
	eq(t, got, []string{"Tags: a, b, c.", "Status: due; Ann (ok)"})
}

func TestConditionParagraphs(t *testing.T) {
	body := p("Start") + p("{{#if paid}}") + p("PAID {{amount}}") + p("{{else}}") + p("DUE") + p("{{/if}}") +
		p("{{#unless paid}}") + p("Please pay.") + p("{{/unless}}") + p("End")
	docx := buildDOCX(t, body, "", "")
	eq(t, bodyParas(t, docx, map[string]any{"paid": true, "amount": 5.0}), []string{"Start", "PAID 5", "End"})
	eq(t, bodyParas(t, docx, map[string]any{"paid": false}), []string{"Start", "DUE", "Please pay.", "End"})
}

func TestRowCondition(t *testing.T) {
	body := table(row(p("A")), row(p("{{#if discount}}Discount"), p("{{discount}}{{/if}}")), row(p("B")))
	docx := buildDOCX(t, body, "", "")
	eq(t, bodyParas(t, docx, map[string]any{"discount": 0.0}), []string{"A", "B"})
	eq(t, bodyParas(t, docx, map[string]any{"discount": 5.0}), []string{"A", "Discount", "5", "B"})
}

func TestNestedRowLoopInParagraphLoop(t *testing.T) {
	body := p("{{#each orders}}") + p("Order {{id}}") +
		table(row(p("Item"), p("Qty")), row(p("{{#each lines}}{{sku}}"), p("{{qty}} {{../id}}{{/each}}"))) +
		p("{{/each}}")
	got := bodyParas(t, buildDOCX(t, body, "", ""), map[string]any{"orders": []any{
		map[string]any{"id": "A", "lines": []any{map[string]any{"sku": "x", "qty": 1.0}, map[string]any{"sku": "y", "qty": 2.0}}},
		map[string]any{"id": "B", "lines": []any{map[string]any{"sku": "z", "qty": 3.0}}},
	}})
	eq(t, got, []string{"Order A", "Item", "Qty", "x", "1 A", "y", "2 A", "Order B", "Item", "Qty", "z", "3 B"})
}

func TestParagraphLoopInsideCell(t *testing.T) {
	body := table(row(p("{{#each notes}}")+p("* {{this}}")+p("{{/each}}")+p("end"), p("x")))
	got := bodyParas(t, buildDOCX(t, body, "", ""), map[string]any{"notes": []any{"n1", "n2"}})
	eq(t, got, []string{"* n1", "* n2", "end", "x"})
}

func TestHeadersAndFooters(t *testing.T) {
	docx := buildDOCX(t, p("body"), p("Invoice {{number}}"), para(run("Page of {{company.name}}", "<w:sz w:val=\"16\"/>")))
	out := fill(t, docx, map[string]any{"number": 42.0, "company": map[string]any{"name": "ACME"}})
	eq(t, paragraphs(t, out["word/header1.xml"]), []string{"Invoice 42"})
	eq(t, paragraphs(t, out["word/footer1.xml"]), []string{"Page of ACME"})
}

func TestFootnotes(t *testing.T) {
	notes := headerXML("footnotes", `<w:footnote w:id="1">`+p("Source: {{source}}")+`</w:footnote>`)
	out := fill(t, buildDOCX(t, p("x"), "", "", "word/footnotes.xml", notes), map[string]any{"source": "ECB"})
	eq(t, paragraphs(t, out["word/footnotes.xml"]), []string{"Source: ECB"})
}

func TestFieldsAndMissing(t *testing.T) {
	body := p("{{customer.name}} {{@root.title}}") + p("{{#if paid}}") + p("x") + p("{{/if}}") +
		table(row(p("{{#each items}}{{name}}"), p("{{qty}} {{this.unit}} {{../currency}} {{@index}}{{/each}}"))) +
		p("{{#each tags}}{{this}}{{/each}}")
	tpl, err := Parse(buildDOCX(t, body, p("{{number}}"), ""), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(tpl.Fields())
	want := "[{currency string []} {customer.name string []} {items array []} {items[].name string []} {items[].qty string []} " +
		"{items[].unit string []} {number string []} {paid boolean []} {tags array []} {title string []}]"
	if got != want {
		t.Errorf("fields\n got %s\nwant %s", got, want)
	}
	missing := tpl.Missing(map[string]any{"customer": map[string]any{}, "number": nil,
		"items": []any{map[string]any{"name": "a"}}, "title": "T"})
	if fmt.Sprint(missing) != "[currency customer.name items[].qty items[].unit number tags]" {
		t.Errorf("missing: %v", missing)
	}
}

func TestHelpers(t *testing.T) {
	helpers := map[string]HelperFunc{
		"formatCurrency": func(args []any, hash map[string]any) (string, error) {
			return fmt.Sprintf("%s %.2f %v", args[1], args[0], hash["sep"]), nil
		},
		"upper": func(args []any, _ map[string]any) (string, error) {
			if len(args) == 0 {
				return "", fmt.Errorf("needs an argument")
			}
			return strings.ToUpper(fmt.Sprint(args[0])), nil
		},
		"boom": func([]any, map[string]any) (string, error) { panic("boom") },
	}
	docx := buildDOCX(t, p(`{{formatCurrency total "EUR" sep=','}} {{upper name}}`), "", "")
	tpl, err := ParseWithOptions(docx, ParseOptions{Helpers: helpers})
	if err != nil {
		t.Fatal(err)
	}
	out, err := tpl.Fill(map[string]any{"total": 9.5, "name": "<ann>"})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, paragraphs(t, unzip(t, out)["word/document.xml"]), []string{"EUR 9.50 , <ANN>"})
	if fmt.Sprint(tpl.Fields()) != "[{name string []} {total string []}]" {
		t.Errorf("fields: %v", tpl.Fields())
	}

	for _, tag := range []string{"{{upper}}", "{{boom}}"} {
		tpl, err := ParseWithOptions(buildDOCX(t, p("x "+tag), "", ""), ParseOptions{Helpers: helpers})
		if err != nil {
			t.Fatal(err)
		}
		_, err = tpl.Fill(nil)
		if !isKind(err, ErrHelper) || !strings.Contains(err.Error(), "paragraph 1") {
			t.Errorf("%s: want a located helper error, got %v", tag, err)
		}
	}
}

func TestWordTemplateBecomesDocument(t *testing.T) {
	docx := buildDOCX(t, p("{{a}}"), "", "")
	files := unzip(t, docx)
	ct := strings.Replace(string(files["[Content_Types].xml"]), "document.main+xml", "template.main+xml", 1)
	m := map[string]string{}
	for k, v := range files {
		m[k] = string(v)
	}
	m["[Content_Types].xml"] = ct
	out := fill(t, zipFiles(t, m), map[string]any{"a": "b"})
	if bytes.Contains(out["[Content_Types].xml"], []byte("template.main")) {
		t.Error("content type still declares a template")
	}
}

func TestConcurrentFill(t *testing.T) {
	body := p("{{#each items}}") + p("{{this}}") + p("{{/each}}")
	tpl, err := Parse(buildDOCX(t, body, "", ""), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := tpl.Fill(map[string]any{"items": []any{fmt.Sprint(i), "z"}})
			if err != nil {
				t.Error(err)
				return
			}
			got := paragraphs(t, unzip(t, out)["word/document.xml"])
			if fmt.Sprint(got) != fmt.Sprintf("[%d z]", i) {
				t.Errorf("goroutine %d got %q", i, got)
			}
		}()
	}
	wg.Wait()
}

func TestBlockFillingACellKeepsAParagraph(t *testing.T) {
	body := table(row(p("{{#if x}}")+p("yes")+p("{{/if}}"), p("other")))
	out := fill(t, buildDOCX(t, body, "", ""), map[string]any{})
	doc := string(out["word/document.xml"])
	if !strings.Contains(doc, `<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr><w:p/></w:tc>`) {
		t.Errorf("emptied cell must keep a paragraph:\n%s", doc)
	}
	eq(t, paragraphs(t, []byte(doc)), []string{"", "other"})
}

func TestSmartQuotesInHelperArguments(t *testing.T) {
	helpers := map[string]HelperFunc{"cur": func(args []any, _ map[string]any) (string, error) { return fmt.Sprint(args[0], " ", args[1]), nil }}
	tpl, err := ParseWithOptions(buildDOCX(t, p("{{cur “EUR” ‘x’}}"), "", ""), ParseOptions{Helpers: helpers})
	if err != nil {
		t.Fatal(err)
	}
	out, _ := tpl.Fill(nil)
	eq(t, paragraphs(t, unzip(t, out)["word/document.xml"]), []string{"EUR x"})
}

func TestSyntaxCorners(t *testing.T) {
	body := p("{{{raw}}}{{! a comment }}{{!-- another --}} {{ spaced.path }} {{~trim~}}") +
		p("{{items.1.name}} {{items.length}} {{[odd key]}}") +
		p("{{#each prices}}{{@key}}={{this}}{{#unless @last}};{{/unless}}{{/each}}") +
		p("{{#each none}}x{{else}}no items{{/each}}") +
		p("{{count}} {{big}} {{neg}} {{list}}")
	got := bodyParas(t, buildDOCX(t, body, "", ""), map[string]any{
		"raw": "<b>", "spaced": map[string]any{"path": "sp"}, "trim": "tr",
		"items": []any{map[string]any{"name": "a"}, map[string]any{"name": "b"}}, "odd key": "ok",
		"prices": map[string]any{"b": 2.0, "a": 1.5},
		"count":  7, "big": 1e21, "neg": -0.25, "list": []any{"x", 1.0},
	})
	eq(t, got, []string{"<b> sp tr", "b 2 ok", "a=1.5;b=2", "no items", "7 1000000000000000000000 -0.25 x,1"})
}

func TestElseIfChains(t *testing.T) {
	inline := buildDOCX(t, p("Grade: {{#if a}}A{{else if b}}B{{else unless c}}not C{{else}}C{{/if}}."), "", "")
	paras := buildDOCX(t, p("{{#if a}}")+p("A")+p("{{else if b}}")+p("B")+p("{{else}}")+p("other")+p("{{/if}}")+p("end"), "", "")
	for _, c := range []struct {
		data          map[string]any
		inline, paras []string
	}{
		{map[string]any{"a": true}, []string{"Grade: A."}, []string{"A", "end"}},
		{map[string]any{"b": true}, []string{"Grade: B."}, []string{"B", "end"}},
		{map[string]any{}, []string{"Grade: not C."}, []string{"other", "end"}},
		{map[string]any{"c": true}, []string{"Grade: C."}, []string{"other", "end"}},
	} {
		eq(t, bodyParas(t, inline, c.data), c.inline)
		eq(t, bodyParas(t, paras, c.data), c.paras)
	}
	tpl, _ := Parse(inline, Limits{})
	if fmt.Sprint(tpl.Fields()) != "[{a boolean []} {b boolean []} {c boolean []}]" {
		t.Errorf("fields: %v", tpl.Fields())
	}
	if _, err := Parse(buildDOCX(t, p("{{#if a}}x{{else if b}}y"), "", ""), Limits{}); !isKind(err, ErrSyntax) ||
		!strings.Contains(err.Error(), "{{#if a}} is never closed") {
		t.Errorf("unclosed chain: %v", err)
	}
}

func TestLoopOverAGroupOfRows(t *testing.T) {
	body := table(
		row(p("Item"), p("Price")),
		row(p("{{#each items}}{{name}}"), p("{{price}}")),
		row(p("{{note}}"), p("{{/each}}")),
		row(p("end"), p("")),
	)
	got := bodyParas(t, buildDOCX(t, body, "", ""), map[string]any{"items": []any{
		map[string]any{"name": "a", "price": 1.0, "note": "n1"},
		map[string]any{"name": "b", "price": 2.0, "note": "n2"},
	}})
	eq(t, got, []string{"Item", "Price", "a", "1", "n1", "", "b", "2", "n2", "", "end", ""})
}

func TestTableWithoutRowsIsRemoved(t *testing.T) {
	body := p("before") + table(row(p("{{#each items}}{{name}}"), p("{{/each}}"))) + p("after")
	out := fill(t, buildDOCX(t, body, "", ""), map[string]any{})
	doc := out["word/document.xml"]
	if bytes.Contains(doc, []byte("<w:tbl>")) {
		t.Errorf("a table left without rows must be removed:\n%s", doc)
	}
	eq(t, paragraphs(t, doc), []string{"before", "after"})
	eq(t, bodyParas(t, buildDOCX(t, body, "", ""), map[string]any{"items": []any{map[string]any{"name": "a"}}}),
		[]string{"before", "a", "", "after"})
}
