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

// collectFields returns the terminal fields of the document in tree order,
// without push buttons (they hold no value). It starts from the AcroForm's
// /Fields and then adds the fields of widgets on the pages that /Fields
// does not reach: viewers that re-save a form (macOS Preview) may drop
// entries of /Fields, or the whole AcroForm, and keep the widgets, which
// every viewer still shows as fields.
func (doc *document) collectFields() ([]*field, error) {
	w := fieldWalker{doc: doc, seen: map[int]bool{}, byName: map[string]*field{}}
	form, err := doc.xref.DereferenceDict(doc.catalog["AcroForm"])
	if err != nil {
		return nil, fmt.Errorf("AcroForm: %w", err)
	}
	var roots types.Array
	if form != nil {
		if roots, err = doc.xref.DereferenceArray(form["Fields"]); err != nil {
			return nil, fmt.Errorf("AcroForm Fields: %w", err)
		}
		w.formDA = doc.text(form["DA"])
		if q := form.IntEntry("Q"); q != nil {
			w.formQ = *q
		}
	}
	for _, r := range roots {
		if err := w.walkFrom(r); err != nil {
			return nil, err
		}
	}
	w.fields0 = roots
	for _, page := range doc.pages {
		annots, _ := doc.xref.DereferenceArray(page["Annots"])
		for _, a := range annots {
			ref, ok := a.(types.IndirectRef)
			if !ok || w.seen[ref.ObjectNumber.Value()] {
				continue
			}
			ad, _ := doc.xref.DereferenceDict(a)
			if st := ad.NameEntry("Subtype"); st == nil || *st != "Widget" {
				continue
			}
			if _, named := ad["T"]; !named && ad["Parent"] == nil {
				continue // a widget that belongs to no field
			}
			if err := w.walkFrom(a); err != nil {
				return nil, err
			}
		}
	}
	w.nameUnnamed()
	doc.repair = w.repairs()
	return w.fields, nil
}

type fieldWalker struct {
	doc     *document
	seen    map[int]bool // field and widget objects already walked
	byName  map[string]*field
	fields  []*field
	unnamed []*field
	formDA  string
	formQ   int
	fields0 types.Array    // the AcroForm's /Fields as found
	roots   []types.Object // field tree roots walked, in order
	attach  []attachment   // subtrees found through a widget, missing from their parent's Kids
}

// attachment is a field subtree whose parent does not list it in /Kids.
type attachment struct {
	parent types.Dict
	kid    types.IndirectRef
}

// walkFrom walks the field tree that o belongs to. o may be a root, but
// also a kid listed in /Fields by mistake (a radio group's widgets instead
// of the group) or a widget found on a page: then the walk starts at its
// highest ancestor not walked yet, with the name and the inherited
// entries of the ancestors above.
func (w *fieldWalker) walkFrom(o types.Object) error {
	var chain []types.Object // o, its parent, … up to the root
	visited := map[int]bool{}
	for cur := o; cur != nil && len(chain) <= maxTreeDepth; {
		if ref, ok := cur.(types.IndirectRef); ok {
			if visited[ref.ObjectNumber.Value()] {
				break // a /Parent cycle
			}
			visited[ref.ObjectNumber.Value()] = true
		}
		d, err := w.doc.xref.DereferenceDict(cur)
		if err != nil || d == nil {
			break
		}
		chain = append(chain, cur)
		cur = d["Parent"]
	}
	start := -1
	for i := len(chain) - 1; i >= 0; i-- {
		if !w.walked(chain[i]) {
			start = i
			break
		}
	}
	if start < 0 {
		return nil
	}
	name, inh := "", inherited{da: w.formDA, quadding: w.formQ}
	for i := len(chain) - 1; i > start; i-- {
		d, _ := w.doc.xref.DereferenceDict(chain[i])
		name = joinName(name, w.doc.text(d["T"]))
		inh = w.inherit(d, inh)
	}
	if start == len(chain)-1 {
		w.roots = append(w.roots, chain[start])
	} else if ref, ok := chain[start].(types.IndirectRef); ok {
		parent, _ := w.doc.xref.DereferenceDict(chain[start+1])
		w.attach = append(w.attach, attachment{parent: parent, kid: ref})
	}
	return w.walk(chain[start], name, inh, 0)
}

func (w *fieldWalker) walked(o types.Object) bool {
	ref, ok := o.(types.IndirectRef)
	return ok && w.seen[ref.ObjectNumber.Value()]
}

// joinName appends a partial name; an empty partial name adds nothing, so
// that a widget with /T () belongs to its parent field.
func joinName(parent, partial string) string {
	switch {
	case partial == "":
		return parent
	case parent == "":
		return partial
	}
	return parent + "." + partial
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
	name := joinName(parent, w.doc.text(d["T"]))
	inh = w.inherit(d, inh)

	kids, err := w.doc.xref.DereferenceArray(d["Kids"])
	if err != nil {
		return err
	}
	var widgets []types.Dict
	for _, k := range kids {
		if w.walked(k) {
			continue
		}
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
		if ref, ok := k.(types.IndirectRef); ok {
			w.seen[ref.ObjectNumber.Value()] = true
		}
		widgets = append(widgets, kd)
	}
	if len(kids) == 0 {
		widgets = []types.Dict{d}
	}
	if len(widgets) > 0 {
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
	if f, ok := w.byName[name]; ok && name != "" {
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
	if name == "" {
		w.unnamed = append(w.unnamed, f)
	} else {
		w.byName[name] = f
	}
	w.fields = append(w.fields, f)
}

// nameUnnamed gives fields without a name (no /T anywhere on their path,
// or only empty ones) a name derived from their place in the tree order,
// "field1", "field2", …, skipping names the form already uses; the name is
// written into the field so that a filled form shows it too.
func (w *fieldWalker) nameUnnamed() {
	n := 0
	for _, f := range w.unnamed {
		for {
			n++
			name := fmt.Sprintf("field%d", n)
			if _, taken := w.byName[name]; !taken {
				f.name = name
				break
			}
		}
		w.byName[f.name] = f
		f.dict["T"] = types.StringLiteral(f.name)
	}
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
