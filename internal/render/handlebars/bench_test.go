package handlebars

import (
	"context"
	"testing"
)

// BenchmarkCompile compiles the invoice template (lex, grammar check, parse,
// analysis, raymond parse of the rewritten source, helper registration).
func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(invoiceTemplate, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender renders the invoice template with 20 line items.
func BenchmarkRender(b *testing.B) {
	tpl, err := Compile(invoiceTemplate, Limits{})
	if err != nil {
		b.Fatal(err)
	}
	data := invoiceData(20)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tpl.Render(context.Background(), data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMissing checks the invoice data for absent fields.
func BenchmarkMissing(b *testing.B) {
	tpl, err := Compile(invoiceTemplate, Limits{})
	if err != nil {
		b.Fatal(err)
	}
	data := invoiceData(20)
	b.ReportAllocs()
	for b.Loop() {
		tpl.Missing(data)
	}
}
