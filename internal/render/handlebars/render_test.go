package handlebars

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

func TestRenderEscapesHTML(t *testing.T) {
	tpl, err := Compile(`{{name}}|{{{name}}}`, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := tpl.Render(context.Background(), map[string]any{"name": `<b>"x" & 'y'</b>`})
	if err != nil {
		t.Fatal(err)
	}
	if want := `&lt;b&gt;&quot;x&quot; &amp; &apos;y&apos;&lt;/b&gt;|<b>"x" & 'y'</b>`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRenderErrors(t *testing.T) {
	cases := []struct {
		src  string
		data any
		want string
	}{
		{`{{#each items}}{{formatNumber price}}{{/each}}`, map[string]any{"items": []any{map[string]any{"price": "n/a"}}},
			`formatNumber: argument 1 is "n/a", not a number`},
		{`{{divide total count}}`, map[string]any{"total": 10, "count": 0}, "divide: division by zero"},
		{`{{formatCurrency 1 code}}`, map[string]any{"code": "EURO"}, `formatCurrency: unknown currency code "EURO"`},
		{`{{formatDate when}}`, map[string]any{"when": []any{1}}, "formatDate: argument 1 is [1] ([]interface {}), not a date"},
		// raymond's own evaluation error, made one line.
		{`{{a}}`, map[string]any{"a": func() {}}, "Helper function must return a string or a SafeString: a"},
	}
	for _, tc := range cases {
		tpl, err := Compile(tc.src, Limits{})
		if err != nil {
			t.Fatalf("Compile(%q, Limits{}): %v", tc.src, err)
		}
		out, err := tpl.Render(context.Background(), tc.data)
		var re *RenderError
		if !errors.As(err, &re) {
			t.Fatalf("Render(%q) = %q, %v; want a *RenderError", tc.src, out, err)
		}
		if out != "" || !strings.Contains(re.Message, tc.want) || strings.Contains(re.Message, "\n") {
			t.Errorf("Render(%q) = %q, %q; want message containing %q on one line", tc.src, out, re.Message, tc.want)
		}
	}
}

// TestRenderRecoversPanics feeds data raymond cannot print: its panic must
// come back as an error.
func TestRenderRecoversPanics(t *testing.T) {
	tpl, err := Compile(`{{f}}`, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := tpl.Render(context.Background(), map[string]any{"f": make(chan int)})
	if err == nil {
		t.Fatalf("Render = %q, want an error", out)
	}
}

func TestRenderNilAndStructData(t *testing.T) {
	tpl, err := Compile(`[{{a}}]{{#if b}}x{{/if}}`, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := tpl.Render(context.Background(), nil); err != nil || got != "[]" {
		t.Errorf("Render(nil) = %q, %v", got, err)
	}
}

func TestRenderConcurrent(t *testing.T) {
	tpl, err := Compile(invoiceTemplate, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := tpl.Render(context.Background(), invoiceData(20))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 25 {
				got, err := tpl.Render(context.Background(), invoiceData(20))
				if err != nil {
					errs <- err
					return
				}
				if got != want {
					errs <- fmt.Errorf("goroutine %d rendered different output", g)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestInvoiceRender(t *testing.T) {
	tpl, err := Compile(invoiceTemplate, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := tpl.Render(context.Background(), invoiceData(2))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<h1>Invoice INV-0042</h1>",
		"<p>Acme GmbH, Berlin</p>",
		"<p>Date: 5. März 2024, due 04.04.2024</p>",
		"<td>1</td><td>Item 1</td><td>1</td><td>1,50\u00a0€</td><td>1,50\u00a0€</td>",
		"<td>2</td><td>Item 2</td><td>2</td><td>3,00\u00a0€</td><td>6,00\u00a0€</td>",
		"<p>Net 7,50\u00a0€ VAT 1,43\u00a0€ Total 8,93\u00a0€</p>",
		"<p>Payment due</p>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("invoice output lacks %q:\n%s", want, got)
		}
	}
	if missing := tpl.Missing(invoiceData(2)); len(missing) != 0 {
		t.Errorf("Missing = %v", missing)
	}
}

const invoiceTemplate = `<html><body>
<h1>Invoice {{number}}</h1>
<p>{{customer.name}}, {{customer.city}}</p>
<p>Date: {{formatDate issued "long" locale=locale}}, due {{formatDate due "short" locale=locale}}</p>
<table>
{{#each items}}<tr><td>{{add @index 1}}</td><td>{{name}}</td><td>{{qty}}</td><td>{{formatCurrency price ../currency locale=../locale}}</td><td>{{formatCurrency (multiply qty price) ../currency locale=../locale}}</td></tr>
{{/each}}</table>
<p>Net {{formatCurrency (sumProduct items "qty" "price") currency locale=locale}} VAT {{formatCurrency (multiply (sumProduct items "qty" "price") vatRate) currency locale=locale}} Total {{formatCurrency (multiply (sumProduct items "qty" "price") (add 1 vatRate)) currency locale=locale}}</p>
{{#if (and (not paid) (gt (sumProduct items "qty" "price") 0))}}<p>Payment due</p>{{else}}<p>Paid, thank you</p>{{/if}}
</body></html>`

func invoiceData(n int) map[string]any {
	items := make([]any, n)
	for i := range items {
		items[i] = map[string]any{"name": fmt.Sprintf("Item %d", i+1), "qty": float64(i + 1), "price": 1.5 * float64(i+1)}
	}
	return map[string]any{
		"number":   "INV-0042",
		"customer": map[string]any{"name": "Acme GmbH", "city": "Berlin"},
		"issued":   "2024-03-05",
		"due":      "2024-04-04T00:00:00Z",
		"locale":   "de-DE",
		"currency": "EUR",
		"vatRate":  0.19,
		"paid":     false,
		"items":    items,
	}
}
