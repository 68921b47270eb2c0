package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"net/url"
	"path"
	"strings"
)

// layout says which parts of a package hold the document's text: the main
// part and the headers, footers, footnotes and endnotes it refers to.
type layout struct {
	main string
	text map[string]bool
}

func (l layout) holdsText(name string) bool { return name == l.main || l.text[name] }

// defaultMainPart is where Word, LibreOffice and most tools put the body.
const defaultMainPart = "word/document.xml"

// Relationship types (transitional and strict OOXML) of the parts we read.
var (
	relOfficeDocument = relTypes("officeDocument")
	relTextParts      = relTypes("header", "footer", "footnotes", "endnotes")
)

func relTypes(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m["http://schemas.openxmlformats.org/officeDocument/2006/relationships/"+n] = true
		m["http://purl.oclc.org/ooxml/officeDocument/relationships/"+n] = true
	}
	return m
}

// maxRelsBytes bounds the relationship and content-type parts read to find
// the layout; real ones are a few KB.
const maxRelsBytes = 4 << 20

// findLayout finds the main part as Word does: the officeDocument
// relationship of _rels/.rels, declared as a WordprocessingML main part in
// [Content_Types].xml (Office 365 names it word/document2.xml, for one).
// The text parts are the main part's header, footer and note
// relationships and the parts with Word's usual names for them. A package
// without usable relationships falls back to word/document.xml.
func findLayout(files []*zip.File) layout {
	byName := make(map[string]*zip.File, len(files))
	for _, f := range files {
		byName[f.Name] = f
	}
	read := func(name string) []byte {
		f := byName[name]
		if f == nil || f.UncompressedSize64 > maxRelsBytes {
			return nil
		}
		rc, err := f.Open()
		if err != nil {
			return nil
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, maxRelsBytes))
		if err != nil {
			return nil
		}
		return b
	}
	l := layout{main: defaultMainPart, text: map[string]bool{}}
	types := contentTypes(read("[Content_Types].xml"))
	for _, target := range relTargets(read("_rels/.rels"), "", relOfficeDocument) {
		if byName[target] != nil && isMainContentType(types[target]) {
			l.main = target
			break
		}
	}
	dir, file := path.Split(l.main)
	rels := read(dir + "_rels/" + file + ".rels")
	for _, target := range relTargets(rels, dir, relTextParts) {
		if byName[target] != nil {
			l.text[target] = true
		}
	}
	for _, f := range files {
		if conventionalTextPart(f.Name) {
			l.text[f.Name] = true // even when no relationship names it
		}
	}
	return l
}

// MainPart returns the name of a package's main document part, found as
// Parse finds it (word/document.xml in most packages).
func MainPart(files []*zip.File) string { return findLayout(files).main }

// conventionalTextPart matches the names Word gives headers, footers and notes.
func conventionalTextPart(name string) bool {
	if name == "word/footnotes.xml" || name == "word/endnotes.xml" {
		return true
	}
	dir, file := path.Split(name)
	return dir == "word/" && strings.HasSuffix(file, ".xml") &&
		(strings.HasPrefix(file, "header") || strings.HasPrefix(file, "footer"))
}

// relTargets returns the part names that the relationships in rels (a
// .rels part of a source part in dir) point to with one of the types.
func relTargets(rels []byte, dir string, types map[string]bool) []string {
	if rels == nil {
		return nil
	}
	var doc struct {
		Rels []struct {
			Type       string `xml:"Type,attr"`
			Target     string `xml:"Target,attr"`
			TargetMode string `xml:"TargetMode,attr"`
		} `xml:"Relationship"`
	}
	if xml.NewDecoder(bytes.NewReader(rels)).Decode(&doc) != nil {
		return nil
	}
	var out []string
	for _, r := range doc.Rels {
		if !types[r.Type] || strings.EqualFold(r.TargetMode, "External") {
			continue
		}
		target, err := url.PathUnescape(r.Target)
		if err != nil {
			continue
		}
		if strings.HasPrefix(target, "/") {
			target = path.Clean(target)[1:]
		} else {
			target = path.Join(dir, target)
		}
		out = append(out, target)
	}
	return out
}

// contentTypes maps part names (without the leading slash) to the content
// types [Content_Types].xml overrides them with.
func contentTypes(ct []byte) map[string]string {
	var doc struct {
		Overrides []struct {
			PartName    string `xml:"PartName,attr"`
			ContentType string `xml:"ContentType,attr"`
		} `xml:"Override"`
	}
	out := map[string]string{}
	if ct == nil || xml.NewDecoder(bytes.NewReader(ct)).Decode(&doc) != nil {
		return out
	}
	for _, o := range doc.Overrides {
		out[strings.TrimPrefix(o.PartName, "/")] = o.ContentType
	}
	return out
}

// isMainContentType accepts the main part of a document, a template and
// their macro-enabled forms.
func isMainContentType(ct string) bool {
	ct = strings.ToLower(ct)
	return strings.Contains(ct, "wordprocessingml.document.main+xml") ||
		strings.Contains(ct, "wordprocessingml.template.main+xml") ||
		strings.HasPrefix(ct, "application/vnd.ms-word.document.macroenabled.main+xml") ||
		strings.HasPrefix(ct, "application/vnd.ms-word.template.macroenabledtemplate.main+xml")
}
