package pdfform

import (
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// refreshStaleAppearances redraws text and choice fields the caller did
// not fill but whose appearance cannot be trusted: the form says viewers
// must regenerate appearances (NeedAppearances), or a widget has none. A
// viewer would redraw them from /V; once flattened nobody can, so this is
// done before flattening.
func (doc *document) refreshStaleAppearances(fields []*field, filled []fillValue, fonts *fontSet) error {
	done := make(map[*field]bool, len(filled))
	for _, fv := range filled {
		done[fv.f] = true
	}
	needAll := false
	if form, _ := doc.xref.DereferenceDict(doc.catalog["AcroForm"]); form != nil {
		if b, ok := form["NeedAppearances"].(types.Boolean); ok && bool(b) {
			needAll = true
		}
	}
	for _, f := range fields {
		if done[f] || f.ft != "Tx" && f.ft != "Ch" {
			continue
		}
		if !needAll && !doc.lacksAppearance(f) {
			continue
		}
		values := doc.currentValues(f)
		var err error
		switch f.kind {
		case TypeList:
			err = doc.setList(f, values, fonts)
		case TypeSelect:
			shown := ""
			if len(values) > 0 {
				shown = values[0]
				for i, o := range f.options {
					if o == shown && i < len(f.display) {
						shown = f.display[i]
					}
				}
			}
			err = doc.drawText(f, shown, false, fonts)
		default:
			text := ""
			if len(values) > 0 {
				text = values[0]
			}
			err = doc.drawText(f, text, f.kind == TypeMultiline, fonts)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (doc *document) lacksAppearance(f *field) bool {
	for _, wd := range f.widgets {
		ap, _ := doc.xref.DereferenceDict(wd["AP"])
		if ap == nil {
			return true
		}
		if _, isRef := ap["N"].(types.IndirectRef); !isRef {
			return true
		}
	}
	return false
}

// currentValues reads a field's /V: one text, or several for a list box.
func (doc *document) currentValues(f *field) []string {
	v, _ := doc.xref.Dereference(f.dict["V"])
	if a, ok := v.(types.Array); ok {
		return doc.textArray(a)
	}
	if s := doc.text(v); s != "" {
		return []string{s}
	}
	return nil
}
