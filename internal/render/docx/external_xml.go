package docx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"sort"
	"strings"
)

// Namespaces the external-reference scan looks at.
const (
	nsWordML     = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWordStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsVML        = "urn:schemas-microsoft-com:vml"
	nsOffice     = "urn:schemas-microsoft-com:office:office"
	nsSVG        = "http://www.w3.org/2000/svg"
)

// fetchingFields are the field types that load content from a file or URL
// (INCLUDE is INCLUDETEXT's old name, RD pulls another file into an index,
// DATABASE queries an outside data source). HYPERLINK is not one: it is
// only followed when the reader clicks it.
var fetchingFields = map[string]bool{
	"INCLUDETEXT": true, "INCLUDE": true, "INCLUDEPICTURE": true, "IMPORT": true,
	"LINK": true, "DDE": true, "DDEAUTO": true, "DATABASE": true, "RD": true,
}

// droppedElements (WordprocessingML) only exist to point outside the
// package: the attached template, the mail-merge data source, the frames of
// a frameset, a subdocument.
var droppedElements = map[string]bool{"attachedTemplate": true, "mailMerge": true, "frameset": true, "subDoc": true}

// hyperlinkContexts are the elements whose r:id names a link for the reader
// to click (and never something to load).
var hyperlinkContexts = map[string]bool{"hyperlink": true, "hlinkClick": true, "hlinkHover": true, "hlinkMouseOver": true}

// rewrite replaces data[start:end] with repl.
type rewrite struct {
	start, end int
	repl       []byte
}

// partScan is what scanning one XML part found: the edits that make it
// inert, and which of its external hyperlinks it uses to load something.
type partScan struct {
	edits    []rewrite
	loadRefs map[string]bool
}

// field is one complex field (w:fldChar begin … separate … end) being read.
type field struct {
	inInstr      bool   // between begin and separate
	instr        []byte // its own instruction text, nested fields excluded
	dynamic      bool   // a nested field sits inside its keyword
	begin        rewrite
	instrParts   []rewrite // run content between begin and separate, nested fields included
	fetchesFound bool      // decided at separate: the field fetches, so its end goes too
}

// fetches reports whether the field loads outside content.
func (f *field) fetches() bool {
	return f.dynamic || fetchingFields[strings.ToUpper(fieldKeyword(string(f.instr)))]
}

// fieldKeyword is the first word of a field instruction.
func fieldKeyword(instr string) string {
	s := strings.TrimLeft(instr, " \t\r\n\u00a0")
	end := strings.IndexFunc(s, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') })
	if end < 0 {
		return s
	}
	return s[:end]
}

// keywordDone reports whether an instruction's keyword is complete, so
// that a nested field after it is an argument, not part of the keyword.
func keywordDone(instr []byte) bool {
	s := bytes.TrimLeft(instr, " \t\r\n")
	return len(s) > 0 && bytes.ContainsAny(s, " \t\r\n\"\\")
}

type scanElem struct {
	name    xml.Name
	start   int
	fldType string // w:fldCharType of a w:fldChar
	unwrap  bool   // a w:fldSimple that fetches: its tags go, its content stays
	text    []byte // character data of w:instrText / w:delInstrText
}

// scanExternal tokenizes one XML part and plans the edits that neutralise
// its external references:
//   - a DOCTYPE (external DTDs and entities) and processing instructions
//     other than the XML declaration are removed;
//   - w:attachedTemplate, w:mailMerge, w:frameset and w:subDoc are removed;
//   - a w:fldSimple whose field fetches is replaced by its cached result;
//   - a complex field that fetches loses its begin, instruction, separate
//     and end marks, leaving its cached result as plain runs;
//   - src, href and althref attributes of VML elements, and links out of
//     SVG pictures, are emptied.
//
// It fails on malformed XML: a part it cannot read it cannot vouch for.
//
// links are the part's external hyperlink relationships, by id.
func scanExternal(data []byte, links map[string]rewrite) (*partScan, error) {
	ps := &partScan{loadRefs: map[string]bool{}}
	var stack []scanElem
	var fields []*field
	dropDepth := 0 // > 0 inside an element being removed whole
	// addInstr records run content inside the instructions of the open
	// fields (below skipTop of them, counted from the innermost).
	addInstr := func(e rewrite, skipTop int) {
		for i := len(fields) - 1 - skipTop; i >= 0; i-- {
			if fields[i].inInstr {
				fields[i].instrParts = append(fields[i].instrParts, e)
			}
		}
	}
	commit := func(f *field, extra ...rewrite) {
		ps.edits = append(ps.edits, f.begin)
		ps.edits = append(ps.edits, f.instrParts...)
		ps.edits = append(ps.edits, extra...)
	}
	err := walkTokens(data, func(tok xml.Token, prev, off int) {
		switch t := tok.(type) {
		case xml.Directive:
			ps.edits = append(ps.edits, rewrite{start: prev, end: off})
		case xml.ProcInst:
			if t.Target != "xml" {
				ps.edits = append(ps.edits, rewrite{start: prev, end: off})
			}
		case xml.StartElement:
			ps.noteRefs(t, links)
			if isWordML(t.Name) && droppedElements[t.Name.Local] && dropDepth == 0 {
				dropDepth = len(stack) + 1
			}
			switch t.Name.Space {
			case nsVML, nsOffice:
				ps.edits = append(ps.edits, emptyLinkAttrs(data, prev, off, false)...)
			case nsSVG:
				ps.edits = append(ps.edits, emptyLinkAttrs(data, prev, off, true)...)
			}
			e := scanElem{name: t.Name, start: prev, fldType: attr(t, "fldCharType")}
			if isWordML(t.Name) && t.Name.Local == "fldSimple" && fetchingFields[strings.ToUpper(fieldKeyword(attr(t, "instr")))] {
				e.unwrap = true
				ps.edits = append(ps.edits, rewrite{start: prev, end: off}) // the start tag; the end tag goes below
			}
			stack = append(stack, e)
		case xml.EndElement:
			e := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if dropDepth == len(stack)+1 {
				ps.edits = append(ps.edits, rewrite{start: e.start, end: off})
				dropDepth = 0
			}
			if e.unwrap {
				ps.edits = append(ps.edits, rewrite{start: prev, end: off}) // empty for <w:fldSimple/>
			}
			if len(stack) == 0 || !isWordML(stack[len(stack)-1].name) || stack[len(stack)-1].name.Local != "r" {
				break
			}
			// A child of a run: field marks, instructions and content.
			whole := rewrite{start: e.start, end: off}
			if !isWordML(e.name) || e.name.Local != "fldChar" {
				addInstr(whole, 0)
				if (e.name.Local == "instrText" || e.name.Local == "delInstrText") && len(fields) > 0 && fields[len(fields)-1].inInstr {
					top := fields[len(fields)-1]
					top.instr = append(top.instr, e.text...)
				}
				break
			}
			switch e.fldType {
			case "begin":
				addInstr(whole, 0)
				if len(fields) > 0 {
					if top := fields[len(fields)-1]; top.inInstr && !keywordDone(top.instr) {
						top.dynamic = true
					}
				}
				fields = append(fields, &field{inInstr: true, begin: whole})
			case "separate":
				if len(fields) == 0 {
					break
				}
				addInstr(whole, 1)
				top := fields[len(fields)-1]
				if top.inInstr {
					top.inInstr = false
					if top.fetchesFound = top.fetches(); top.fetchesFound {
						commit(top, whole)
					}
				}
			case "end":
				if len(fields) == 0 {
					break
				}
				addInstr(whole, 1)
				top := fields[len(fields)-1]
				fields = fields[:len(fields)-1]
				switch {
				case top.inInstr && top.fetches():
					commit(top, whole)
				case top.fetchesFound:
					ps.edits = append(ps.edits, whole)
				}
			}
		case xml.CharData:
			if len(stack) > 0 {
				if top := &stack[len(stack)-1]; isWordML(top.name) && (top.name.Local == "instrText" || top.name.Local == "delInstrText") {
					top.text = append(top.text, t...)
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	if len(stack) != 0 {
		return nil, malformed(errors.New("unexpected end of part"))
	}
	for _, f := range fields { // fields left open at the end of the part
		if f.inInstr && f.fetches() {
			commit(f)
		}
	}
	return ps, nil
}

// noteRefs records the external hyperlinks an element refers to other
// than as a hyperlink. Any attribute counts, whatever its name, so that a
// hyperlink relationship cannot be borrowed to load a picture.
func (ps *partScan) noteRefs(t xml.StartElement, links map[string]rewrite) {
	if len(links) == 0 {
		return
	}
	for _, a := range t.Attr {
		if hyperlinkContexts[t.Name.Local] && a.Name.Local == "id" {
			continue
		}
		if _, ok := links[a.Value]; ok {
			ps.loadRefs[a.Value] = true
		}
	}
}

func isWordML(n xml.Name) bool { return n.Space == nsWordML || n.Space == nsWordStrict }

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// tagAttr is one attribute of a raw start tag: its qualified name and the
// byte range of its value (between the quotes), relative to the tag.
type tagAttr struct {
	name       string
	start, end int
}

// tagAttrs lists the attributes of a raw, well-formed start tag (the
// decoder has checked it). Attribute values cannot hold their own quote
// character, so the next one closes them.
func tagAttrs(tag []byte) []tagAttr {
	var out []tagAttr
	i := bytes.IndexAny(tag, " \t\r\n")
	if i < 0 {
		return nil
	}
	for i < len(tag) {
		for i < len(tag) && strings.IndexByte(" \t\r\n", tag[i]) >= 0 {
			i++
		}
		eq := bytes.IndexByte(tag[i:], '=')
		if eq < 0 {
			return out
		}
		name := string(bytes.TrimSpace(tag[i : i+eq]))
		i += eq + 1
		for i < len(tag) && tag[i] != '"' && tag[i] != '\'' {
			i++
		}
		if i >= len(tag) {
			return out
		}
		q := tag[i]
		end := bytes.IndexByte(tag[i+1:], q)
		if end < 0 {
			return out
		}
		out = append(out, tagAttr{name: name, start: i + 1, end: i + 1 + end})
		i += end + 2
	}
	return out
}

func localName(qname string) string {
	if i := strings.IndexByte(qname, ':'); i >= 0 {
		return qname[i+1:]
	}
	return qname
}

// emptyLinkAttrs plans edits emptying the src, href and althref attributes
// of the start tag data[start:end] (a VML element, or an SVG one in a
// picture part), which their readers load. In SVG, links within the
// picture (#id) and data: URIs stay.
func emptyLinkAttrs(data []byte, start, end int, svg bool) []rewrite {
	var out []rewrite
	for _, a := range tagAttrs(data[start:end]) {
		switch strings.ToLower(localName(a.name)) {
		case "src", "href", "althref":
			v := strings.TrimSpace(string(data[start+a.start : start+a.end]))
			if svg && (strings.HasPrefix(v, "#") || strings.HasPrefix(strings.ToLower(v), "data:")) {
				continue
			}
			if v != "" {
				out = append(out, rewrite{start: start + a.start, end: start + a.end, repl: []byte{}})
			}
		}
	}
	return out
}

// applyRewrites returns data with the rewrites made. Those inside a larger one
// (a field mark inside a removed instruction) are dropped.
func applyRewrites(data []byte, edits []rewrite) []byte {
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].start != edits[j].start {
			return edits[i].start < edits[j].start
		}
		return edits[i].end > edits[j].end
	})
	var out bytes.Buffer
	out.Grow(len(data))
	pos := 0
	for _, e := range edits {
		if e.start < pos {
			continue // inside an edit already made
		}
		out.Write(data[pos:e.start])
		out.Write(e.repl)
		pos = e.end
	}
	out.Write(data[pos:])
	return out.Bytes()
}

// walkTokens tokenizes data and calls fn with each token and the byte range
// [start, end) it spans. It fails on malformed XML.
func walkTokens(data []byte, fn func(tok xml.Token, start, end int)) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	prev := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return malformed(err)
		}
		off := int(d.InputOffset())
		fn(tok, prev, off)
		prev = off
	}
}
