package pdfform

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// createPDF runs pdfcpu's JSON page creation, our independent way to build
// test forms.
func createPDF(t testing.TB, js string) []byte {
	t.Helper()
	var out bytes.Buffer
	conf := model.NewDefaultConfiguration()
	if err := api.Create(nil, strings.NewReader(js), &out, conf); err != nil {
		t.Fatalf("pdfcpu create: %v", err)
	}
	return out.Bytes()
}

var (
	testFormOnce sync.Once
	testForm     []byte
)

// allFieldsForm is a 3-page form with every field type pdfcpu can create:
// page 1 text fields, a multiline text and a date; page 2 checkboxes and a
// radio group; page 3 a combo box and two list boxes.
func allFieldsForm(t testing.TB) []byte {
	t.Helper()
	testFormOnce.Do(func() { testForm = createPDF(t, allFieldsJSON) })
	return testForm
}

const allFieldsJSON = `{
 "paper": "A4P", "origin": "LowerLeft",
 "fonts": {"label": {"name": "Helvetica", "size": 11}, "input": {"name": "Helvetica", "size": 11}},
 "pages": {
  "1": {"content": {
   "text": [{"value": "Page one: who you are", "pos": [40, 780], "font": {"name": "$label"}}],
   "textfield": [
    {"id": "firstName", "value": "", "pos": [150, 700], "width": 250, "border": {"width": 1, "col": "Gray"},
     "label": {"value": "First name:", "width": 90, "gap": 10, "align": "left", "pos": "left"}},
    {"id": "lastName", "value": "", "pos": [150, 670], "width": 250, "border": {"width": 1, "col": "Gray"},
     "label": {"value": "Last name:", "width": 90, "gap": 10, "align": "left", "pos": "left"}},
    {"id": "notes", "multiline": true, "value": "", "pos": [150, 520], "width": 250, "height": 100,
     "border": {"width": 1, "col": "Gray"}}
   ],
   "datefield": [
    {"id": "dob", "format": "yyyy-mm-dd", "value": "", "pos": [150, 640], "width": 100, "border": {"width": 1, "col": "Gray"},
     "label": {"value": "Born:", "width": 90, "gap": 10, "align": "left", "pos": "left"}}
   ]
  }},
  "2": {"content": {
   "text": [{"value": "Page two: choices", "pos": [40, 780], "font": {"name": "$label"}}],
   "checkbox": [
    {"id": "agree", "value": false, "pos": [150, 700], "width": 14,
     "label": {"value": "I agree", "width": 90, "gap": 10, "align": "left", "pos": "left"}},
    {"id": "newsletter", "value": false, "pos": [150, 670], "width": 14,
     "label": {"value": "Newsletter", "width": 90, "gap": 10, "align": "left", "pos": "left"}}
   ],
   "radiobuttongroup": [
    {"id": "size", "orientation": "hor", "value": "", "pos": [150, 630], "width": 14,
     "buttons": {"values": ["small", "medium", "large"], "label": {"value": "x", "width": 50, "gap": 5, "pos": "right"}},
     "label": {"value": "Size:", "width": 90, "gap": 10, "align": "left", "pos": "left"}}
   ]
  }},
  "3": {"content": {
   "text": [{"value": "Page three: lists", "pos": [40, 780], "font": {"name": "$label"}}],
   "combobox": [
    {"id": "city", "options": ["London", "Paris", "Vienna"], "value": "", "pos": [150, 700], "width": 200,
     "border": {"width": 1, "col": "Gray"},
     "label": {"value": "City:", "width": 90, "gap": 10, "align": "left", "pos": "left"}}
   ],
   "listbox": [
    {"id": "colour", "options": ["Red", "Green", "Blue"], "pos": [150, 600], "width": 200, "height": 50,
     "border": {"width": 1, "col": "Gray"},
     "label": {"value": "Colour:", "width": 90, "gap": 10, "align": "left", "pos": "left"}},
    {"id": "langs", "options": ["Go", "Rust", "Zig"], "multi": true, "pos": [150, 500], "width": 200, "height": 50,
     "border": {"width": 1, "col": "Gray"},
     "label": {"value": "Languages:", "width": 90, "gap": 10, "align": "left", "pos": "left"}}
   ]
  }}
 }
}`

// plainPDF has one page of text and no form.
func plainPDF(t testing.TB) []byte {
	t.Helper()
	return createPDF(t, `{"paper": "A4P", "origin": "LowerLeft", "pages": {"1": {"content": {
	 "text": [{"value": "No form here", "pos": [40, 780], "font": {"name": "Helvetica", "size": 12}}]}}}}`)
}
