package pdfform

import (
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// formRepair is what collectFields found missing from the field tree:
// the roots /Fields should list and subtrees their parent's /Kids lacks.
// Fill writes it back, so that the filled form lists every field it
// filled for the next reader, whatever it reads.
type formRepair struct {
	roots  types.Array // nil when /Fields already lists exactly the roots
	attach []attachment
}

func (w *fieldWalker) repairs() formRepair {
	var r formRepair
	if !sameObjects(w.fields0, w.roots) {
		r.roots = append(types.Array{}, w.roots...)
	}
	r.attach = w.attach
	return r
}

func sameObjects(a types.Array, b []types.Object) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		ra, okA := a[i].(types.IndirectRef)
		rb, okB := b[i].(types.IndirectRef)
		if okA != okB || okA && ra.ObjectNumber != rb.ObjectNumber {
			return false
		}
	}
	return true
}

// repairFieldTree lists every field root in the AcroForm's /Fields
// (creating the AcroForm if a viewer dropped it) and every subtree in its
// parent's /Kids.
func (doc *document) repairFieldTree() error {
	for _, a := range doc.repair.attach {
		if kids, _ := doc.xref.DereferenceArray(a.parent["Kids"]); kids != nil {
			a.parent["Kids"] = append(kids, a.kid)
		}
	}
	if doc.repair.roots == nil {
		return nil
	}
	form, err := doc.xref.DereferenceDict(doc.catalog["AcroForm"])
	if err != nil {
		return damaged(err)
	}
	if form == nil {
		ref, err := doc.xref.IndRefForNewObject(types.Dict{})
		if err != nil {
			return err
		}
		doc.catalog["AcroForm"] = *ref
		form, _ = doc.xref.DereferenceDict(*ref)
	}
	form["Fields"] = doc.repair.roots
	return nil
}
