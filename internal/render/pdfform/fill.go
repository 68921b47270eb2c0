package pdfform

import "sort"

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
	todo, err := plan(fields, values, o.IgnoreUnknownFields)
	if err != nil {
		return nil, err
	}
	if err := doc.repairFieldTree(); err != nil {
		return nil, err
	}
	fonts := newFontSet(doc.xref, o.FontPath)
	fonts.full = !o.Flatten
	for _, fv := range todo {
		if err := doc.apply(fv, fonts); err != nil {
			return nil, err
		}
	}
	doc.dropStaleParts()
	if o.Flatten {
		if err := doc.refreshStaleAppearances(fields, todo, fonts); err != nil {
			return nil, err
		}
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
