package pdfform

import (
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// FillOptions tune Fill.
type FillOptions struct {
	// Flatten draws the filled fields into the pages and removes the form:
	// the result can no longer be edited.
	Flatten bool
	// IgnoreUnknownFields skips values whose name is not a field instead of
	// failing.
	IgnoreUnknownFields bool
	// FontPath is a TrueType font used for text that the standard fonts
	// cannot draw (outside Windows-1252). Empty: DejaVu Sans or Liberation
	// Sans from their usual system locations.
	FontPath string
}

// Fill sets the given fields of an AcroForm PDF and returns the new PDF.
// Fields without a value keep theirs. Every problem with the values is
// reported at once, as a *ValidationError.
func Fill(pdf []byte, values map[string]any, o FillOptions) (out []byte, err error) {
	defer guard(&err)
	doc, err := readDocument(pdf)
	if err != nil {
		return nil, err
	}
	fields, err := doc.collectFields()
	if err != nil {
		return nil, damaged(err)
	}
	if len(fields) == 0 {
		return nil, ErrNoFields
	}
	if doc.signed(fields) {
		return nil, ErrSigned
	}
	plan, err := plan(fields, values, o.IgnoreUnknownFields)
	if err != nil {
		return nil, err
	}
	fonts := newFontSet(doc.xref, o.FontPath)
	for _, fv := range plan {
		if err := doc.apply(fv, fonts); err != nil {
			return nil, err
		}
	}
	doc.dropStaleParts()
	if o.Flatten {
		if err := doc.flatten(); err != nil {
			return nil, err
		}
	}
	if err := fonts.finish(); err != nil {
		return nil, err
	}
	return doc.write()
}

// plan checks every value and returns them in field name order.
func plan(fields []*field, values map[string]any, ignoreUnknown bool) ([]fillValue, error) {
	byName := make(map[string]*field, len(fields))
	for _, f := range fields {
		byName[f.name] = f
	}
	verr := &ValidationError{}
	var out []fillValue
	for name, v := range values {
		f, ok := byName[name]
		if !ok {
			if !ignoreUnknown {
				verr.Unknown = append(verr.Unknown, name)
			}
			continue
		}
		fv, fe := normalize(f, v)
		if fe != nil {
			verr.Fields = append(verr.Fields, *fe)
			continue
		}
		out = append(out, fv)
	}
	if !verr.empty() {
		verr.sort()
		return nil, verr
	}
	sort.Slice(out, func(i, j int) bool { return out[i].f.name < out[j].f.name })
	return out, nil
}

// signed reports whether a signature field holds a signature.
func (doc *document) signed(fields []*field) bool {
	for _, f := range fields {
		if f.kind != TypeSignature {
			continue
		}
		for _, n := range f.nodes {
			if v, _ := doc.xref.DereferenceDict(n["V"]); v != nil {
				return true
			}
		}
	}
	return false
}

// dropStaleParts removes what would contradict the new values: XFA data
// (viewers that read XFA would show the old values) and usage-rights
// signatures (invalid once the file changes; Reader would warn).
func (doc *document) dropStaleParts() {
	if form, _ := doc.xref.DereferenceDict(doc.catalog["AcroForm"]); form != nil {
		delete(form, "XFA")
	}
	if perms, _ := doc.xref.DereferenceDict(doc.catalog["Perms"]); perms != nil {
		delete(perms, "UR")
		delete(perms, "UR3")
		if len(perms) == 0 {
			delete(doc.catalog, "Perms")
		}
	}
}

func (doc *document) apply(fv fillValue, fonts *fontSet) error {
	f := fv.f
	switch f.kind {
	case TypeCheckbox:
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
