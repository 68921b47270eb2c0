// Package render holds what every rendering engine shares: the field model a
// template exposes, and small PDF facts. Engines live in sub-packages and know
// nothing about tenants, databases or HTTP.
package render

// Field is one fillable input of a template, whatever its kind: a Handlebars
// path ("items[].qty"), an AcroForm field or a DOCX tag.
type Field struct {
	Name string `json:"name"`
	// Type is a user-facing type: string, number, boolean, array, object,
	// date, text, multiline, checkbox, radio, select, list, email, currency...
	Type string `json:"type"`
	// Options lists the allowed values of a radio group, combo or list box.
	Options []string `json:"options,omitempty"`
}
