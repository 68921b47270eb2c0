package docx

import (
	"bytes"
	"encoding/xml"
	"path"
	"regexp"
	"strings"
)

// StripExternal returns a copy of a DOCX in which nothing points outside
// the package any more, so that a program opening it (LibreOffice, to make
// a PDF) has nothing to fetch: no URL, no file of the server, no network
// share. What goes:
//   - every relationship with TargetMode="External", or whose target is an
//     absolute URI or path, in every part's .rels (linked pictures, linked
//     OLE objects, the attached template, subdocuments, frames, mail-merge
//     data sources, external altChunks, external chart data …), except
//     hyperlinks used only as hyperlinks: they are followed on a click,
//     never loaded;
//   - the elements that only exist to point outside (see droppedElements),
//     DOCTYPE declarations, the src/href attributes of VML elements, and
//     links out of SVG pictures;
//   - the fields that load content (see fetchingFields), in w:fldSimple and
//     in complex fields, which keep their cached result as plain text.
//
// References that go are removed (a dangling r:id leaves an empty picture
// frame), the rest of every part keeps its bytes, and parts that need no
// change are copied still compressed. It fails with ErrMalformedXML on an
// XML part it cannot read, since it cannot vouch for it; UTF-16 custom
// XML data parts (customXml/item*.xml, written by SharePoint) are the one
// exception: they hold data only and are copied as they are.
func StripExternal(docx []byte, l Limits) ([]byte, error) {
	parts, err := readPackage(docx, l.withDefaults())
	if err != nil {
		return nil, err
	}
	scans := map[string]*partScan{}
	changed := map[int][]byte{}
	var rels []int
	for i := range parts {
		p := &parts[i]
		name := p.header.Name
		if strings.HasSuffix(strings.ToLower(name), ".rels") {
			rels = append(rels, i) // after their owners, whose references they need
			continue
		}
		data, err := partContent(p)
		if err != nil {
			return nil, err
		}
		if !isXMLPart(name, data) || isUTF16Data(name, data) {
			continue
		}
		ps, err := scanExternal(data)
		if err != nil {
			return nil, inPart(err, name)
		}
		scans[name] = ps
		if len(ps.edits) > 0 {
			changed[i] = applyRewrites(data, ps.edits)
		}
	}
	for _, i := range rels {
		p := &parts[i]
		data, err := partContent(p)
		if err != nil {
			return nil, err
		}
		out, err := stripRels(data, scans[relsOwner(p.header.Name)])
		if err != nil {
			return nil, inPart(err, p.header.Name)
		}
		if !bytes.Equal(out, data) {
			changed[i] = out
		}
	}
	if len(changed) == 0 {
		return docx, nil
	}
	out, err := writePackage(parts, changed, len(docx))
	if err != nil {
		return nil, &Error{Kind: ErrNotZip, Detail: "the cleaned document could not be written", Err: err}
	}
	return out, nil
}

// partContent is a part's uncompressed content (readPackage has checked
// that it inflates within the limits).
func partContent(p *zipPart) ([]byte, error) {
	if p.data != nil {
		return p.data, nil
	}
	data, err := inflateRaw(p)
	if err != nil {
		return nil, &Error{Kind: ErrNotZip, Part: p.header.Name, Detail: "a part of the ZIP archive is damaged", Err: err}
	}
	return data, nil
}

func inPart(err error, name string) error {
	if e, ok := err.(*Error); ok && e.Part == "" {
		e.Part = name
	}
	return err
}

// isXMLPart reports whether a part is XML, by its name or its first bytes.
func isXMLPart(name string, data []byte) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".xml", ".vml":
		return true
	}
	return bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n"), []byte("<?xml"))
}

// isUTF16Data reports a UTF-16 custom XML data part.
func isUTF16Data(name string, data []byte) bool {
	return strings.HasPrefix(name, "customXml/") && path.Ext(name) == ".xml" &&
		(bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}))
}

// relsOwner is the part whose relationships a .rels part lists:
// word/_rels/document.xml.rels belongs to word/document.xml.
func relsOwner(name string) string {
	dir, file := path.Split(name)
	return path.Join(path.Dir(path.Clean(dir)), strings.TrimSuffix(file, ".rels"))
}

// absoluteTarget matches targets that name something outside the package
// even without TargetMode="External": a URI scheme (http:, file:, C:),
// a network path (//host, \\host).
var absoluteTarget = regexp.MustCompile(`^(?:[A-Za-z][A-Za-z0-9+.\-]*:|//|\\\\)`)

// stripRels removes the relationships of a .rels part that point outside
// the package, keeping hyperlinks that owner (its scanned owner part, nil
// if none) uses only as hyperlinks.
func stripRels(data []byte, owner *partScan) ([]byte, error) {
	ps, err := scanExternal(data) // DOCTYPE and processing instructions
	if err != nil {
		return nil, err
	}
	var cuts []rewrite
	start, drop := 0, false
	err = walkTokens(data, func(tok xml.Token, prev, off int) {
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "Relationship" {
				start, drop = prev, pointsOutside(t, owner)
			}
		case xml.EndElement:
			if t.Name.Local == "Relationship" && drop {
				cuts = append(cuts, rewrite{start: start, end: off})
				drop = false
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return applyRewrites(data, append(ps.edits, cuts...)), nil
}

func pointsOutside(t xml.StartElement, owner *partScan) bool {
	external := strings.EqualFold(strings.TrimSpace(attr(t, "TargetMode")), "External") ||
		absoluteTarget.MatchString(strings.TrimSpace(attr(t, "Target")))
	if !external {
		return false
	}
	hyperlink := strings.HasSuffix(attr(t, "Type"), "/hyperlink")
	return !hyperlink || owner != nil && owner.loadRefs[attr(t, "Id")]
}
