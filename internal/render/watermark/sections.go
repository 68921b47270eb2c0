package watermark

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
)

type relationship struct {
	ID         string `xml:"Id,attr"`
	Type       string `xml:"Type,attr"`
	Target     string `xml:"Target,attr"`
	TargetMode string `xml:"TargetMode,attr"`
}

func parseRels(b []byte) ([]relationship, error) {
	var doc struct {
		Rels []relationship `xml:"Relationship"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	return doc.Rels, nil
}

func unusedRelID(rels []relationship) string {
	taken := map[string]bool{}
	for _, r := range rels {
		taken[r.ID] = true
	}
	id := "rIdQuireWatermark"
	for i := 2; taken[id]; i++ {
		id = "rIdQuireWatermark" + strconv.Itoa(i)
	}
	return id
}

// section is one w:sectPr of the main document.
type section struct {
	end         int    // offset just after its start tag
	selfClosing bool   // <w:sectPr/>: no children, no end tag
	name        string // the tag as written, e.g. "w:sectPr"
	refs        map[string]bool
	titlePg     bool
}

// addHeaderRefs makes every page of doc show a header: a section that has
// no header of a kind it displays (default always; first when it has a title
// page; even when settings separate even pages), and does not inherit one
// from an earlier section, gets a reference to relID. It reports whether
// it added any.
func addHeaderRefs(doc []byte, headerIDs map[string]bool, relID string, evenPages bool) ([]byte, bool, error) {
	secs, err := sections(doc, headerIDs)
	if err != nil {
		return nil, false, err
	}
	type edit struct {
		at   int
		cut  int // bytes removed before at ("/>" of a self-closing tag)
		text string
	}
	var edits []edit
	have := map[string]bool{}
	for _, s := range secs {
		for kind := range s.refs {
			have[kind] = true
		}
		var refs string
		for _, kind := range []string{"default", "first", "even"} {
			shown := kind == "default" || (kind == "first" && s.titlePg) || (kind == "even" && evenPages)
			if !shown || have[kind] {
				continue
			}
			have[kind] = true
			refs += fmt.Sprintf(`<w:headerReference xmlns:w="%s" xmlns:r="%s" w:type="%s" r:id="%s"/>`, nsW, nsR, kind, relID)
		}
		if refs == "" {
			continue
		}
		if s.selfClosing {
			edits = append(edits, edit{at: s.end, cut: 2, text: ">" + refs + "</" + s.name + ">"})
		} else {
			edits = append(edits, edit{at: s.end, text: refs})
		}
	}
	if len(edits) == 0 {
		return doc, false, nil
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].at > edits[j].at })
	out := append([]byte(nil), doc...)
	for _, e := range edits {
		tail := append([]byte(e.text), out[e.at:]...)
		out = append(out[:e.at-e.cut], tail...)
	}
	return out, true, nil
}

// sections lists the w:sectPr elements of doc in order, with the header
// kinds each references (only references to real header parts count).
func sections(doc []byte, headerIDs map[string]bool) ([]section, error) {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var out []section
	var cur *section
	depth := 0 // inside cur
	for {
		start := int(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if cur != nil {
				depth++
				if depth != 1 || t.Name.Space != nsW {
					continue
				}
				switch t.Name.Local {
				case "headerReference":
					kind, id := "", ""
					for _, a := range t.Attr {
						switch {
						case a.Name.Space == nsW && a.Name.Local == "type":
							kind = a.Value
						case a.Name.Space == nsR && a.Name.Local == "id":
							id = a.Value
						}
					}
					if kind == "" {
						kind = "default"
					}
					if headerIDs[id] {
						cur.refs[kind] = true
					}
				case "titlePg":
					cur.titlePg = onOff(t)
				}
				continue
			}
			if t.Name.Space == nsW && t.Name.Local == "sectPr" {
				end := int(dec.InputOffset())
				raw := doc[start:end]
				cur = &section{end: end, refs: map[string]bool{}, selfClosing: bytes.HasSuffix(raw, []byte("/>")), name: tagName(raw)}
				depth = 0
			}
		case xml.EndElement:
			if cur == nil {
				continue
			}
			if depth > 0 {
				depth--
				continue
			}
			out = append(out, *cur)
			cur = nil
		}
	}
	return out, nil
}

// tagName reads the element name of a raw start tag.
func tagName(raw []byte) string {
	raw = bytes.TrimPrefix(raw, []byte("<"))
	i := bytes.IndexAny(raw, " \t\r\n/>")
	if i < 0 {
		return string(raw)
	}
	return string(raw[:i])
}

// watermarkParagraph is a header paragraph holding a VML WordArt shape with
// text, centred on the page, rotated and half transparent: the markup Word
// writes for Design → Watermark → Custom text watermark. withShapeType adds
// the shape type definition, which must appear once per part. Namespaces
// are declared on the paragraph, so it fits any header part.
func watermarkParagraph(text string, withShapeType bool) string {
	var esc bytes.Buffer
	_ = xml.EscapeText(&esc, []byte(text))
	shapeType := ""
	if withShapeType {
		shapeType = `<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">` +
			`<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>` +
			`<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/>` +
			`<v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/>` +
			`<v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>` +
			`<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>` +
			`<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>` +
			`<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>`
	}
	return `<w:p xmlns:w="` + nsW + `" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w10="urn:schemas-microsoft-com:office:word">` +
		`<w:pPr><w:spacing w:before="0" w:after="0"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr><w:r><w:rPr><w:noProof/></w:rPr><w:pict>` + shapeType +
		`<v:shape id="QuireSandboxWatermark" o:spid="_x0000_s2049" type="#_x0000_t136" ` +
		`style="position:absolute;margin-left:0;margin-top:0;width:468pt;height:78pt;rotation:315;z-index:-251657216;` +
		`mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin" ` +
		`o:allowincell="f" fillcolor="#c00000" stroked="f"><v:fill opacity=".35"/>` +
		`<v:textpath style="font-family:&quot;Arial&quot;;font-size:1pt" string="` + esc.String() + `"/>` +
		`<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r></w:p>`
}
