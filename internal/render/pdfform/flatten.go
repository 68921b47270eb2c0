package pdfform

import (
	"bytes"
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Annotation flags (PDF 32000-1, table 165).
const (
	annotHidden = 1 << 1
	annotNoView = 1 << 5
)

// flatten draws the normal appearance of every visible widget into its
// page and removes the widgets and the form. pdfcpu has no flattening;
// this follows PDF 32000-1 12.5.5: the appearance's BBox, mapped by its
// Matrix, is fitted onto the widget's Rect.
func (doc *document) flatten() error {
	for _, page := range doc.pages {
		if err := doc.flattenPage(page); err != nil {
			return err
		}
	}
	delete(doc.catalog, "AcroForm")
	return nil
}

func (doc *document) flattenPage(page types.Dict) error {
	annots, err := doc.xref.DereferenceArray(page["Annots"])
	if err != nil || annots == nil {
		return nil
	}
	var (
		keep  types.Array
		draw  bytes.Buffer
		names = map[int]string{} // appearance object number -> XObject name
		xobjs types.Dict
	)
	for _, a := range annots {
		ad, err := doc.xref.DereferenceDict(a)
		if err != nil || ad == nil {
			continue
		}
		if st := ad.NameEntry("Subtype"); st == nil || *st != "Widget" {
			keep = append(keep, a)
			continue
		}
		ref, placement, ok := doc.widgetPlacement(ad)
		if !ok {
			continue // nothing visible: the widget just goes
		}
		if xobjs == nil {
			if xobjs, err = doc.pageXObjects(page); err != nil {
				return err
			}
		}
		name, ok := names[ref.ObjectNumber.Value()]
		if !ok {
			name = freeName(xobjs, "QuireFlat", len(names)+1)
			xobjs[name] = ref
			names[ref.ObjectNumber.Value()] = name
		}
		fmt.Fprintf(&draw, "q %s cm /%s Do Q\n", placement, name)
	}
	if len(keep) == 0 {
		delete(page, "Annots")
	} else {
		page["Annots"] = keep
	}
	if draw.Len() == 0 {
		return nil
	}
	return doc.appendContent(page, draw.Bytes())
}

// widgetPlacement returns the appearance stream to draw for a widget and
// the cm operands that place it; ok is false when nothing should show.
func (doc *document) widgetPlacement(ad types.Dict) (types.IndirectRef, string, bool) {
	var none types.IndirectRef
	if f, ok := doc.number(ad["F"]); ok && int(f)&(annotHidden|annotNoView) != 0 {
		return none, "", false
	}
	ap, _ := doc.xref.DereferenceDict(ad["AP"])
	if ap == nil {
		return none, "", false
	}
	n := ap["N"]
	if states, _ := doc.xref.DereferenceDict(n); states != nil {
		as := ad.NameEntry("AS")
		if as == nil {
			return none, "", false
		}
		n = states[*as]
	}
	ref, ok := n.(types.IndirectRef)
	if !ok {
		return none, "", false
	}
	sd, _, err := doc.xref.DereferenceStreamDict(ref)
	if err != nil || sd == nil {
		return none, "", false
	}
	bbox, ok := doc.rect(sd.Dict["BBox"])
	if !ok {
		return none, "", false
	}
	m := identity
	if v, ok := doc.numbers(sd.Dict["Matrix"]); ok && len(v) == 6 {
		copy(m[:], v)
	}
	box := m.transformRect(bbox)
	r, ok := doc.rect(ad["Rect"])
	if !ok || box.w() <= 0 || box.h() <= 0 || r.w() <= 0 || r.h() <= 0 {
		return none, "", false
	}
	// Some producers omit these; a Do operator needs a form XObject.
	sd.Dict["Type"] = types.Name("XObject")
	sd.Dict["Subtype"] = types.Name("Form")
	sx, sy := r.w()/box.w(), r.h()/box.h()
	placement := fmt.Sprintf("%s 0 0 %s %s %s", num(sx), num(sy), num(r.x0-box.x0*sx), num(r.y0-box.y0*sy))
	return ref, placement, true
}

// pageXObjects returns the page's XObject resources, ready to add to. A
// page inheriting its resources gets its own copy first.
func (doc *document) pageXObjects(page types.Dict) (types.Dict, error) {
	res, err := doc.xref.DereferenceDict(page["Resources"])
	if err != nil {
		return nil, err
	}
	if _, own := page["Resources"]; !own {
		res = types.Dict{}
		if inh := doc.inheritedResources(page); inh != nil {
			for k, v := range inh {
				res[k] = v
			}
		}
		page["Resources"] = res
	}
	if res == nil {
		res = types.Dict{}
		page["Resources"] = res
	}
	xobjs, err := doc.xref.DereferenceDict(res["XObject"])
	if err != nil {
		return nil, err
	}
	if xobjs == nil {
		xobjs = types.Dict{}
		res["XObject"] = xobjs
	}
	return xobjs, nil
}

func (doc *document) inheritedResources(page types.Dict) types.Dict {
	node := page
	for i := 0; i < maxTreeDepth; i++ {
		parent, _ := doc.xref.DereferenceDict(node["Parent"])
		if parent == nil {
			return nil
		}
		if res, _ := doc.xref.DereferenceDict(parent["Resources"]); res != nil {
			return res
		}
		node = parent
	}
	return nil
}

func freeName(d types.Dict, prefix string, n int) string {
	for {
		name := fmt.Sprintf("%s%d", prefix, n)
		if _, taken := d[name]; !taken {
			return name
		}
		n++
	}
}

// appendContent adds content after the page's own, which is wrapped in
// q/Q so that its graphics state cannot leak into what we draw.
func (doc *document) appendContent(page types.Dict, content []byte) error {
	var existing types.Array
	switch c := page["Contents"].(type) {
	case nil:
	case types.IndirectRef:
		o, err := doc.xref.Dereference(c)
		if err != nil {
			return damaged(err)
		}
		if a, ok := o.(types.Array); ok {
			existing = a
		} else {
			existing = types.Array{c}
		}
	case types.Array:
		existing = c
	}
	open, err := newStream(doc.xref, []byte("q\n"), nil)
	if err != nil {
		return err
	}
	closeAndDraw, err := newStream(doc.xref, append([]byte("Q\n"), content...), nil)
	if err != nil {
		return err
	}
	contents := types.Array{*open}
	contents = append(contents, existing...)
	page["Contents"] = append(contents, *closeAndDraw)
	return nil
}
