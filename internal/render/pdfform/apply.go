package pdfform

import (
	"encoding/hex"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// apply writes one checked value into the form: the field's /V (and /I)
// and, for text and choice fields, fresh appearance streams.
func (doc *document) apply(fv fillValue, fonts *fontSet) error {
	clearWidgetValues(fv.f)
	f := fv.f
	switch f.kind {
	case TypeCheckbox:
		for i := range f.widgets {
			if fv.on && f.onState[i] == "" {
				if err := doc.addCheckAppearance(f, i, fonts); err != nil {
					return err
				}
			}
		}
		doc.setButtons(f, func(i int) bool { return fv.on && (fv.text == "" || f.exports[i] == fv.text) })
		return nil
	case TypeRadio:
		doc.setButtons(f, func(i int) bool { return fv.text != "" && f.exports[i] == fv.text })
		return nil
	case TypeList:
		return doc.setList(f, fv.list, fonts)
	case TypeSelect:
		shown := fv.text
		if i := slices.Index(f.options, fv.text); i >= 0 && i < len(f.display) {
			shown = f.display[i]
		}
		idx := types.Array{}
		if i := slices.Index(f.options, fv.text); i >= 0 {
			idx = append(idx, types.Integer(i))
		}
		for _, n := range f.nodes {
			setOrDelete(n, "V", fv.text != "", textString(fv.text))
			setOrDelete(n, "I", len(idx) > 0, idx)
		}
		return doc.drawText(f, shown, false, fonts)
	default:
		for _, n := range f.nodes {
			n["V"] = textString(fv.text)
			delete(n, "RV") // a stale rich-text value would win over /V in Acrobat
		}
		return doc.drawText(f, fv.text, f.kind == TypeMultiline, fonts)
	}
}

// setButtons turns each widget of a checkbox or radio group on or off and
// sets the field's value to the state of the (first) widget turned on.
func (doc *document) setButtons(f *field, on func(widget int) bool) {
	value := types.Name("Off")
	for i, wd := range f.widgets {
		state := f.onState[i]
		if on(i) && state != "" {
			wd["AS"] = types.Name(state)
			if value == "Off" {
				value = types.Name(state)
			}
			continue
		}
		wd["AS"] = types.Name("Off")
	}
	for _, n := range f.nodes {
		n["V"] = value
	}
}

func setOrDelete(d map[string]types.Object, key string, set bool, v types.Object) {
	if set {
		d[key] = v
		return
	}
	delete(d, key)
}

// textString encodes s as a PDF text string: literal when ASCII, UTF-16BE
// with a byte order mark otherwise.
func textString(s string) types.Object {
	ascii := true
	for _, r := range s {
		if r < 32 && r != '\n' && r != '\r' && r != '\t' || r > 126 {
			ascii = false
			break
		}
	}
	if ascii {
		e, err := types.Escape(s)
		if err == nil {
			return types.StringLiteral(*e)
		}
	}
	b := []byte{0xFE, 0xFF}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return types.HexLiteral(strings.ToUpper(hex.EncodeToString(b)))
}

// widgetStyle resolves the text style of one widget and the face to draw
// texts with.
func (doc *document) widgetStyle(f *field, wd types.Dict, fonts *fontSet, texts ...string) (textStyle, face, error) {
	da := f.da
	if s := doc.text(wd["DA"]); s != "" {
		da = s
	}
	st := parseDA(da)
	fc, err := fonts.pick(doc.formFontBase(st.font), texts...)
	if err != nil {
		return st, nil, err
	}
	if _, ok := fc.(*unicodeFace); ok {
		doc.useFormFont(f, wd, st, fc)
	}
	return st, fc, nil
}

// formFontBase returns the BaseFont of a font resource of the AcroForm's
// default resources.
func (doc *document) formFontBase(res string) string {
	form, _ := doc.xref.DereferenceDict(doc.catalog["AcroForm"])
	if form == nil || res == "" {
		return ""
	}
	dr, _ := doc.xref.DereferenceDict(form["DR"])
	if dr == nil {
		return ""
	}
	fontsDict, _ := doc.xref.DereferenceDict(dr["Font"])
	if fontsDict == nil {
		return ""
	}
	fd, _ := doc.xref.DereferenceDict(fontsDict[res])
	if fd == nil {
		return res
	}
	return doc.text(fd["BaseFont"])
}

// useFormFont makes the embedded font the field's default font, so that a
// viewer regenerating the appearance (while editing) can draw the text.
func (doc *document) useFormFont(f *field, wd types.Dict, st textStyle, fc face) {
	form, _ := doc.xref.DereferenceDict(doc.catalog["AcroForm"])
	if form == nil {
		return
	}
	dr, _ := doc.xref.DereferenceDict(form["DR"])
	if dr == nil {
		dr = types.Dict{}
		form["DR"] = dr
	}
	fontsDict, _ := doc.xref.DereferenceDict(dr["Font"])
	if fontsDict == nil {
		fontsDict = types.Dict{}
		dr["Font"] = fontsDict
	}
	fontsDict[fc.resName()] = fc.ref()
	da := fmt.Sprintf("/%s %s Tf %s", fc.resName(), num(st.size), st.color)
	for _, n := range f.nodes {
		n["DA"] = types.StringLiteral(da)
	}
	if _, ok := wd["DA"]; ok {
		wd["DA"] = types.StringLiteral(da)
	}
}

// drawText regenerates the appearance of each widget of a text field or
// combo box.
func (doc *document) drawText(f *field, text string, multiline bool, fonts *fontSet) error {
	if f.flags&flagPassword != 0 {
		text = strings.Repeat("*", len([]rune(text)))
	}
	comb := 0
	if f.flags&flagComb != 0 && f.maxLen > 0 {
		comb = f.maxLen
	}
	for _, wd := range f.widgets {
		box, ok := doc.widgetBox(wd)
		if !ok {
			continue
		}
		st, fc, err := doc.widgetStyle(f, wd, fonts, text)
		if err != nil {
			return err
		}
		q := f.quadding
		if v, ok := doc.number(wd["Q"]); ok {
			q = int(v)
		}
		content := textContent(box, st, fc, textLayout{text: text, multiline: multiline, comb: comb, quadding: q})
		if err := doc.setNormalAppearance(wd, box, fc, content); err != nil {
			return err
		}
	}
	return nil
}

// setList stores a list box's selection and redraws it.
func (doc *document) setList(f *field, values []string, fonts *fontSet) error {
	selected := map[int]bool{}
	idx := types.Array{}
	for i, o := range f.options {
		if slices.Contains(values, o) {
			selected[i] = true
			idx = append(idx, types.Integer(i))
		}
	}
	for _, n := range f.nodes {
		switch {
		case len(values) == 0:
			delete(n, "V")
		case f.flags&flagMultiSelect != 0:
			arr := types.Array{}
			for _, v := range values {
				arr = append(arr, textString(v))
			}
			n["V"] = arr
		default:
			n["V"] = textString(values[0])
		}
		setOrDelete(n, "I", len(idx) > 0, idx)
	}
	top := 0
	if v, ok := doc.number(f.dict["TI"]); ok {
		top = int(v)
	}
	if len(idx) > 0 {
		first := int(idx[0].(types.Integer))
		if first < top {
			top = first
		}
	}
	for _, wd := range f.widgets {
		box, ok := doc.widgetBox(wd)
		if !ok {
			continue
		}
		st, fc, err := doc.widgetStyle(f, wd, fonts, f.display...)
		if err != nil {
			return err
		}
		content := listContent(box, st, fc, f.display, selected, top)
		if err := doc.setNormalAppearance(wd, box, fc, content); err != nil {
			return err
		}
	}
	return nil
}

// clearWidgetValues removes value entries some producers leave on widget
// kids, which are not fields: a viewer reading the widget would show the
// stale value instead of the field's new one.
func clearWidgetValues(f *field) {
	for _, wd := range f.widgets {
		if slices.ContainsFunc(f.nodes, func(n types.Dict) bool { return sameDict(n, wd) }) {
			continue
		}
		delete(wd, "V")
		delete(wd, "RV")
		delete(wd, "I")
	}
}

// sameDict reports whether a and b are one dictionary (not equal copies).
func sameDict(a, b types.Dict) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}
