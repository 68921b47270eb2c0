// Package frompdf turns a static PDF into an HTML/Handlebars template: its
// text runs, rules, boxes and images are laid out again in HTML at the same
// positions, and the values it can recognise (labelled values, dates,
// amounts, emails, phone numbers, blanks, form fields, table rows) become
// Handlebars fields whose sample data reproduces the original.
//
// It reads PDFs with PDFium compiled to WebAssembly (no cgo). It knows no
// HTTP and no database, and it calls no outside service unless an AI
// endpoint is configured (see AI).
package frompdf
