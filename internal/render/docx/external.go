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
	parts, _, err := readPackage(docx, l.withDefaults())
	if err != nil {
		return nil, err
	}
	// Relationships first: whether an external hyperlink may stay depends
	// on how its owner part uses it.
	rels := map[int]*relsScan{}
	links := map[string]map[string]rewrite{} // owner part → its external hyperlinks
	for i := range parts {
		p := &parts[i]
		if !strings.HasSuffix(strings.ToLower(p.header.Name), ".rels") {
			continue
		}
		data, err := partContent(p)
		if err != nil {
			return nil, err
		}
		rs, err := scanRels(data)
		if err != nil {
			return nil, inPart(err, p.header.Name)
		}
		rels[i] = rs
		links[relsOwner(p.header.Name)] = rs.links
	}
	scans := map[string]*partScan{}
	changed := map[int][]byte{}
	for i := range parts {
		p := &parts[i]
		name := p.header.Name
		if rels[i] != nil {
			continue
		}
		data, err := partContent(p)
		if err != nil {
			return nil, err
		}
		if !isXMLPart(name, data) || isUTF16Data(name, data) {
			continue
		}
		ps, err := scanExternal(data, links[name])
		if err != nil {
			return nil, inPart(err, name)
		}
		scans[name] = ps
		if len(ps.edits) > 0 {
			changed[i] = applyRewrites(data, ps.edits)
		}
	}
	for i, rs := range rels {
		edits := rs.edits
		if owner := scans[relsOwner(parts[i].header.Name)]; owner != nil {
			for id, cut := range rs.links {
				if owner.loadRefs[id] {
					edits = append(edits, cut)
				}
			}
		}
		if len(edits) > 0 {
			changed[i] = applyRewrites(rs.data, edits)
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

// relsScan is what scanning a .rels part found.
type relsScan struct {
	data  []byte
	edits []rewrite          // relationships that point outside, DOCTYPE
	links map[string]rewrite // external hyperlinks, by id: they go if their owner loads them
}

// scanRels finds the relationships of a .rels part that point outside the
// package.
func scanRels(data []byte) (*relsScan, error) {
	ps, err := scanExternal(data, nil) // DOCTYPE and processing instructions
	if err != nil {
		return nil, err
	}
	rs := &relsScan{data: data, edits: ps.edits, links: map[string]rewrite{}}
	var rel xml.StartElement
	start := 0
	err = walkTokens(data, func(tok xml.Token, prev, off int) {
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "Relationship" {
				rel, start = t, prev
			}
		case xml.EndElement:
			if t.Name.Local != "Relationship" {
				break
			}
			cut := rewrite{start: start, end: off}
			external := strings.EqualFold(strings.TrimSpace(attr(rel, "TargetMode")), "External") ||
				absoluteTarget.MatchString(strings.TrimSpace(attr(rel, "Target")))
			switch {
			case !external:
			case strings.HasSuffix(attr(rel, "Type"), "/hyperlink"):
				rs.links[attr(rel, "Id")] = cut
			default:
				rs.edits = append(rs.edits, cut)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return rs, nil
}
