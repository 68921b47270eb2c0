package pdfform

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Field flags (PDF 32000-1, tables 221, 226, 228, 230).
const (
	flagReadOnly    = 1 << 0
	flagMultiline   = 1 << 12
	flagPassword    = 1 << 13
	flagRadio       = 1 << 15
	flagPushbutton  = 1 << 16
	flagCombo       = 1 << 17
	flagEdit        = 1 << 18
	flagMultiSelect = 1 << 21
	flagComb        = 1 << 24
)

// Field types as Detect reports them.
const (
	TypeText      = "text"
	TypeMultiline = "multiline"
	TypeCheckbox  = "checkbox"
	TypeRadio     = "radio"
	TypeSelect    = "select"
	TypeList      = "list"
	TypeDate      = "date"
	TypeSignature = "signature"
)

// field is one terminal AcroForm field with what filling it needs. Values
// a child may inherit from its ancestors (FT, Ff, DA, Q, Opt, MaxLen) are
// already resolved.
type field struct {
	name     string
	ft       string // Tx, Btn, Ch or Sig
	flags    int
	kind     string       // one of the Type constants
	dict     types.Dict   // the terminal field dictionary
	nodes    []types.Dict // every terminal dictionary with this name (usually one)
	widgets  []types.Dict
	da       string
	quadding int
	maxLen   int
	options  []string // export values of a radio group or choice field
	display  []string // text shown for each option of a choice field
	onState  []string // per widget of a button: its "on" state as a raw (encoded) name
	exports  []string // per widget of a button: the value that turns it on
	opt      []string // a button field's /Opt: one export value per widget
}

// inherited carries the inheritable entries down the field tree.
type inherited struct {
	ft, da          string
	flags, quadding int
	maxLen          int
	opt             types.Array
	hasFlags        bool
}

// collectFields returns the terminal fields of the document's AcroForm in
// tree order, without push buttons (they hold no value).
func (doc *document) collectFields() ([]*field, error) {
	form, err := doc.xref.DereferenceDict(doc.catalog["AcroForm"])
	if err != nil {
		return nil, fmt.Errorf("AcroForm: %w", err)
	}
	if form == nil {
		return nil, nil
	}
	roots, err := doc.xref.DereferenceArray(form["Fields"])
	if err != nil {
		return nil, fmt.Errorf("AcroForm Fields: %w", err)
	}
	w := fieldWalker{doc: doc, seen: map[int]bool{}, byName: map[string]*field{}}
	if da := doc.text(form["DA"]); da != "" {
		w.formDA = da
	}
	if q := form.IntEntry("Q"); q != nil {
		w.formQ = *q
	}
	for _, r := range roots {
		if err := w.walk(r, "", inherited{da: w.formDA, quadding: w.formQ}, 0); err != nil {
			return nil, err
		}
	}
	return w.fields, nil
}

type fieldWalker struct {
	doc    *document
	seen   map[int]bool
	byName map[string]*field
	fields []*field
	formDA string
	formQ  int
}

func (w *fieldWalker) walk(o types.Object, parent string, inh inherited, depth int) error {
	if depth > maxTreeDepth {
		return errors.New("field tree too deep")
	}
	if ref, ok := o.(types.IndirectRef); ok {
		if w.seen[ref.ObjectNumber.Value()] {
			return nil // a cycle or a field listed twice
		}
		w.seen[ref.ObjectNumber.Value()] = true
	}
	d, err := w.doc.xref.DereferenceDict(o)
	if err != nil {
		return err
	}
	if d == nil {
		return nil
	}
	name := parent
	if t, ok := d["T"]; ok {
		partial := w.doc.text(t)
		if parent == "" {
			name = partial
		} else {
			name = parent + "." + partial
		}
	}
	inh = w.inherit(d, inh)

	kids, err := w.doc.xref.DereferenceArray(d["Kids"])
	if err != nil {
		return err
	}
	var widgets []types.Dict
	for _, k := range kids {
		kd, err := w.doc.xref.DereferenceDict(k)
		if err != nil {
			return err
		}
		if kd == nil {
			continue
		}
		if _, named := kd["T"]; named || kd["Kids"] != nil {
			if err := w.walk(k, name, inh, depth+1); err != nil {
				return err
			}
			continue
		}
		widgets = append(widgets, kd)
	}
	if len(kids) == 0 {
		widgets = []types.Dict{d}
	}
	if len(widgets) > 0 && name != "" {
		w.add(name, d, inh, widgets)
	}
	return nil
}

func (w *fieldWalker) inherit(d types.Dict, inh inherited) inherited {
	if ft := d.NameEntry("FT"); ft != nil {
		inh.ft = *ft
	}
	if o, ok := d["Ff"]; ok {
		if i, err := w.doc.xref.DereferenceInteger(o); err == nil && i != nil {
			inh.flags, inh.hasFlags = int(*i), true
		}
	}
	if da, ok := d["DA"]; ok {
		inh.da = w.doc.text(da)
	}
	if o, ok := d["Q"]; ok {
		if i, err := w.doc.xref.DereferenceInteger(o); err == nil && i != nil {
			inh.quadding = int(*i)
		}
	}
	if o, ok := d["MaxLen"]; ok {
		if i, err := w.doc.xref.DereferenceInteger(o); err == nil && i != nil {
			inh.maxLen = int(*i)
		}
	}
	if o, ok := d["Opt"]; ok {
		if a, err := w.doc.xref.DereferenceArray(o); err == nil {
			inh.opt = a
		}
	}
	return inh
}

// add records a terminal field; two terminal fields with one name are one
// field with more widgets, as viewers treat them.
func (w *fieldWalker) add(name string, d types.Dict, inh inherited, widgets []types.Dict) {
	if inh.ft == "Btn" && inh.flags&flagPushbutton != 0 {
		return
	}
	if inh.ft != "Tx" && inh.ft != "Btn" && inh.ft != "Ch" && inh.ft != "Sig" {
		return
	}
	if f, ok := w.byName[name]; ok {
		if f.ft == inh.ft {
			f.nodes = append(f.nodes, d)
			f.widgets = append(f.widgets, widgets...)
			w.doc.describeButtons(f)
		}
		return
	}
	f := &field{
		name: name, ft: inh.ft, flags: inh.flags, dict: d, nodes: []types.Dict{d}, widgets: widgets,
		da: inh.da, quadding: inh.quadding, maxLen: inh.maxLen,
	}
	switch f.ft {
	case "Tx":
		f.kind = TypeText
		if f.flags&flagMultiline != 0 {
			f.kind = TypeMultiline
		}
		if w.doc.hasDateFormat(d) {
			f.kind = TypeDate
		}
	case "Btn":
		f.kind = TypeCheckbox
		if f.flags&flagRadio != 0 {
			f.kind = TypeRadio
		}
		f.opt = w.doc.textArray(inh.opt)
		w.doc.describeButtons(f)
	case "Ch":
		f.kind = TypeList
		if f.flags&flagCombo != 0 {
			f.kind = TypeSelect
		}
		f.options, f.display = w.doc.choiceOptions(inh.opt)
	case "Sig":
		f.kind = TypeSignature
	}
	w.byName[name] = f
	w.fields = append(w.fields, f)
}

// describeButtons finds each button widget's "on" state and, for a radio
// group, the group's options (export values).
func (doc *document) describeButtons(f *field) {
	if f.ft != "Btn" {
		return
	}
	opt := f.opt
	if len(opt) != len(f.widgets) {
		opt = nil // /Opt must name one export value per widget
	}
	f.onState = make([]string, len(f.widgets))
	f.exports = make([]string, len(f.widgets))
	var options []string
	seen := map[string]bool{}
	for i, wd := range f.widgets {
		f.onState[i] = doc.onState(wd)
		export := decodeName(f.onState[i])
		if opt != nil {
			export = opt[i]
		}
		f.exports[i] = export
		if export != "" && !seen[export] {
			seen[export] = true
			options = append(options, export)
		}
	}
	if f.kind == TypeRadio {
		f.options = options
	} else {
		f.options = nil
	}
	f.display = options // for a checkbox: its export values, used to accept them as "checked"
}

// onState returns the raw name of a button widget's appearance state that
// is not Off, or "" when it has none.
func (doc *document) onState(widget types.Dict) string {
	ap, err := doc.xref.DereferenceDict(widget["AP"])
	if err != nil || ap == nil {
		return ""
	}
	for _, key := range []string{"N", "D"} {
		states, err := doc.xref.DereferenceDict(ap[key])
		if err != nil || states == nil {
			continue
		}
		keys := make([]string, 0, len(states))
		for k := range states {
			if decodeName(k) != "Off" {
				keys = append(keys, k)
			}
		}
		if len(keys) > 0 {
			sort.Strings(keys) // a broken widget may have several; pick one deterministically
			return keys[0]
		}
	}
	return ""
}

// choiceOptions reads a choice field's /Opt: each entry is a text or a
// pair [export value, text shown].
func (doc *document) choiceOptions(opt types.Array) (exports, display []string) {
	for _, o := range opt {
		o, _ = doc.xref.Dereference(o)
		if pair, ok := o.(types.Array); ok {
			if len(pair) == 0 {
				continue
			}
			e := doc.text(pair[0])
			s := e
			if len(pair) > 1 {
				s = doc.text(pair[1])
			}
			exports, display = append(exports, e), append(display, s)
			continue
		}
		s := doc.text(o)
		exports, display = append(exports, s), append(display, s)
	}
	return exports, display
}

func (doc *document) textArray(a types.Array) []string {
	var out []string
	for _, o := range a {
		out = append(out, doc.text(o))
	}
	return out
}

// text decodes a PDF text string (PDFDocEncoding or UTF-16) or a name; it
// returns "" for anything else.
func (doc *document) text(o types.Object) string {
	o, err := doc.xref.Dereference(o)
	if err != nil || o == nil {
		return ""
	}
	switch v := o.(type) {
	case types.Name:
		return decodeName(string(v))
	case types.StringLiteral, types.HexLiteral:
		s, err := doc.xref.DereferenceText(v)
		if err != nil {
			return ""
		}
		return s
	}
	return ""
}

// hasDateFormat reports whether a text field's format or keystroke action
// calls Acrobat's AFDate_ functions: the only reliable sign of a date field.
func (doc *document) hasDateFormat(d types.Dict) bool {
	aa, err := doc.xref.DereferenceDict(d["AA"])
	if err != nil || aa == nil {
		return false
	}
	for _, key := range []string{"F", "K"} {
		action, err := doc.xref.DereferenceDict(aa[key])
		if err != nil || action == nil {
			continue
		}
		if strings.Contains(doc.script(action["JS"]), "AFDate_") {
			return true
		}
	}
	return false
}

// script returns the JavaScript of an action's JS entry, a string or a stream.
func (doc *document) script(o types.Object) string {
	o, err := doc.xref.Dereference(o)
	if err != nil || o == nil {
		return ""
	}
	if sd, ok := o.(types.StreamDict); ok {
		if err := sd.DecodeWithLimit(1 << 20); err != nil {
			return ""
		}
		return string(sd.Content)
	}
	return doc.text(o)
}

// decodeName undoes #xx escapes of a raw PDF name.
func decodeName(raw string) string {
	s, err := types.DecodeName(raw)
	if err != nil {
		return raw
	}
	return s
}
