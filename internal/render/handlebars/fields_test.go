package handlebars

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// fieldList renders fields as "name:type" for compact comparisons.
func fieldList(t *testing.T, src string) string {
	t.Helper()
	tpl, err := Compile(src, Limits{})
	if err != nil {
		t.Fatalf("Compile(%q, Limits{}): %v", src, err)
	}
	var parts []string
	for _, f := range tpl.Fields() {
		parts = append(parts, f.Name+":"+f.Type)
	}
	return strings.Join(parts, " ")
}

func TestFields(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"simple", `{{company}} {{amount}}`, "company:string amount:string"},
		{"nested path", `{{customer.name}} {{customer.address.city}}`, "customer.name:string customer.address.city:string"},
		{"each", `{{#each items}}{{qty}}{{/each}}`, "items:array items[].qty:string"},
		{"with", `{{#with customer}}{{name}}{{/with}}`, "customer:object customer.name:string"},
		{"parent and root", `{{#each items}}{{../currency}}{{@root.company}}{{name}}{{/each}}`,
			"items:array currency:string company:string items[].name:string"},
		{"parent from nested each", `{{#each orders}}{{#each lines}}{{../id}}{{../../shop}}{{sku}}{{/each}}{{/each}}`,
			"orders:array orders[].lines:array orders[].id:string shop:string orders[].lines[].sku:string"},
		{"if does not add a level", `{{#each items}}{{#if on}}{{../title}}{{/if}}{{/each}}`,
			"items:array items[].on:boolean title:string"},
		{"not fields", `{{#each items}}{{this}}{{.}}{{@index}}{{@key}}{{@first}}{{@last}}{{/each}}`, "items:array"},
		{"helper params are fields", `{{formatCurrency total "EUR"}} {{upper name}}`, "total:number name:string"},
		{"hash values are fields", `{{formatNumber n 2 locale=customer.locale}}`, "n:number customer.locale:string"},
		{"nested each", `{{#each items}}{{#each tags}}{{label}}{{/each}}{{/each}}`,
			"items:array items[].tags:array items[].tags[].label:string"},
		{"number from arithmetic", `{{#each items}}{{multiply qty price}}{{/each}}{{add shipping 1}}`,
			"items:array items[].qty:number items[].price:number shipping:number"},
		{"boolean only in conditions", `{{#if paid}}x{{/if}}{{#unless draft}}y{{/unless}}{{#if (and a (not b))}}z{{/if}}`,
			"paid:boolean draft:boolean a:boolean b:boolean"},
		{"condition and printed is a string", `{{#if note}}{{note}}{{/if}}`, "note:string"},
		{"comparison with a number literal", `{{#if (gt due 0)}}{{due}}{{/if}}{{#if (eq status "paid")}}{{/if}}`,
			"due:number status:string"},
		{"date", `{{formatDate issued "long"}}`, "issued:date"},
		{"sum fields", `{{sum items "price"}} {{sumProduct lines "qty" "unit.price"}}`,
			"items:array items[].price:number lines:array lines[].qty:number lines[].unit.price:number"},
		{"dedup first appearance", `{{b}}{{a}}{{b}}{{formatNumber a}}`, "b:string a:number"},
		{"block params", `{{#each items as |item i|}}{{item.sku}}{{i}}{{title}}{{/each}}`,
			"items:array items[].sku:string items[].title:string"},
		{"with block param", `{{#with customer as |c|}}{{c.name}}{{/with}}`, "customer:object customer.name:string"},
		{"section block", `{{#customer}}{{name}}{{/customer}}{{^flag}}no{{/flag}}`, "customer:object customer.name:string flag:boolean"},
		{"length", `{{items.length}} {{#if (gt lines.length 0)}}{{/if}}`, "items:array lines:array"},
		{"path literal", `{{[first name]}}`, "first name:string"},
		{"this prefix", `{{#with c}}{{this.name}}{{./city}}{{/with}}`, "c:object c.name:string c.city:string"},
		{"lookup", `{{lookup rates currency}}`, "rates:string currency:string"},
		{"else branch in outer scope", `{{#each items}}{{n}}{{else}}{{emptyText}}{{/each}}`,
			"items:array items[].n:string emptyText:string"},
		{"parent of children is object", `{{customer}}{{customer.name}}`, "customer:object customer.name:string"},
		{"each over subexpression", `{{#each (lookup a "b")}}{{x}}{{../y}}{{/each}}`, "a:string y:string"},
		{"each with else if", `{{#if a}}{{else if (gte b 2)}}{{c}}{{/if}}`, "a:boolean b:number c:string"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := fieldList(t, tc.src); got != tc.want {
				t.Errorf("fields of %q\n got %s\nwant %s", tc.src, got, tc.want)
			}
		})
	}
}

func TestFieldsDeterministic(t *testing.T) {
	src := `{{#each items}}{{a}}{{b}}{{c}}{{/each}}{{x}}{{y}}{{z}}{{#with o}}{{p}}{{q}}{{/with}}`
	first := fieldList(t, src)
	for range 20 {
		if got := fieldList(t, src); got != first {
			t.Fatalf("fields changed between compiles: %s vs %s", got, first)
		}
	}
}

func TestFieldsReturnsCopy(t *testing.T) {
	tpl, err := Compile(`{{a}}`, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	tpl.Fields()[0].Name = "changed"
	if tpl.Fields()[0].Name != "a" {
		t.Error("Fields exposes the template's internal slice")
	}
}

func TestMissing(t *testing.T) {
	tpl, err := Compile(`{{customer.name}} {{customer.vat}} {{#each items}}{{qty}}{{#each tags}}{{label}}{{/each}}{{/each}}
{{#if paid}}{{/if}}{{formatDate issued}}{{#with seller}}{{name}}{{/with}}`, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var data map[string]any
	if err := json.Unmarshal([]byte(`{
		"customer": {"name": "Acme", "vat": null},
		"items": [{"qty": 1, "tags": [{"label": "a"}, {}]}, {"qty": 0, "tags": []}],
		"paid": false,
		"issued": ""
	}`), &data); err != nil {
		t.Fatal(err)
	}
	got := tpl.Missing(data)
	want := []string{"customer.vat", "items[].tags[].label", "seller"}
	if !slices.Equal(got, want) {
		t.Errorf("Missing = %v, want %v", got, want)
	}
	// Nothing at all: children of missing fields are not listed again.
	got = tpl.Missing(nil)
	want = []string{"customer.name", "customer.vat", "items", "paid", "issued", "seller"}
	if !slices.Equal(got, want) {
		t.Errorf("Missing(nil) = %v, want %v", got, want)
	}
	if got := tpl.Missing(map[string]any{
		"customer": map[string]any{"name": "x", "vat": "y"}, "items": []any{}, "paid": true,
		"issued": "2024-01-01", "seller": map[string]any{"name": "s"},
	}); len(got) != 0 {
		t.Errorf("Missing with everything present = %v", got)
	}
}

func ExampleTemplate_Fields() {
	tpl, _ := Compile(`{{customer.name}} {{#each items}}{{qty}} × {{formatCurrency price "EUR"}}{{/each}} {{#if paid}}paid{{/if}}`, Limits{})
	for _, f := range tpl.Fields() {
		fmt.Println(f.Name, f.Type)
	}
	// Output:
	// customer.name string
	// items array
	// items[].qty string
	// items[].price number
	// paid boolean
}
