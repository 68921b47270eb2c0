// Package docxtest builds hostile Word documents for tests: every kind of
// external reference a DOCX can carry, each pointing at its own URL, so a
// test listening on that URL can tell which one (if any) was fetched.
package docxtest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"sort"
	"strings"
)

// The kinds of external reference Hostile puts in a document. Target(kind)
// is asked for each one's URL.
const (
	LinkedImage     = "linked-image"      // a:blip r:link → External image relationship
	HeaderImage     = "header-image"      // the same, in the header's own relationships
	VMLImage        = "vml-image"         // v:imagedata r:id → External image relationship
	VMLSrc          = "vml-src"           // v:imagedata src="URL"
	VMLHref         = "vml-href"          // v:imagedata o:href="URL"
	LinkedOLE       = "linked-ole"        // o:OLEObject Type="Link" → External oleObject relationship
	SubDocument     = "subdocument"       // w:subDoc → External subDocument relationship
	AltChunk        = "altchunk"          // w:altChunk → External aFChunk relationship
	AttachedTpl     = "attached-template" // settings w:attachedTemplate → External relationship
	MailMerge       = "mailmerge-source"  // settings w:mailMerge/w:dataSource → External relationship
	Frameset        = "frameset"          // webSettings w:frameset → External frame relationship
	IncludePicture  = "includepicture"    // complex INCLUDEPICTURE field
	IncludePicSimpl = "includepicture-simple"
	IncludeText     = "includetext" // complex INCLUDETEXT field, instruction split across runs
	IncludeTextSimp = "includetext-simple"
	LinkField       = "link-field"
	DDEAuto         = "ddeauto-field"
	ImportField     = "import-field"
	HyperlinkRel    = "hyperlink" // a plain hyperlink: allowed, never fetched
)

// Kinds lists every fetchable reference Hostile writes (HyperlinkRel is
// not one: it is a link for the reader to click).
var Kinds = []string{LinkedImage, HeaderImage, VMLImage, VMLSrc, VMLHref, LinkedOLE, SubDocument, AltChunk,
	AttachedTpl, MailMerge, Frameset, IncludePicture, IncludePicSimpl, IncludeText, IncludeTextSimp,
	LinkField, DDEAuto, ImportField}

// Visible is text that Hostile's body shows around the references (and
// the cached field results): it must survive any sanitising.
var Visible = []string{"Before the references", "Cached include text", "Cached simple include",
	"Click the hyperlink", "After the references"}

const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	relNS = "http://schemas.openxmlformats.org/package/2006/relationships"
	relT  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	ns    = `xmlns:w="` + nsW + `" xmlns:r="` + nsR + `" xmlns:v="urn:schemas-microsoft-com:vml" ` +
		`xmlns:o="urn:schemas-microsoft-com:office:office" ` +
		`xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ` +
		`xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ` +
		`xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"`
)

// Hostile returns a DOCX holding every kind of external reference in Kinds,
// each pointing at target(kind), plus a hyperlink to target(HyperlinkRel).
// Parts, name then content, replace or add parts.
func Hostile(target func(kind string) string, parts ...string) []byte {
	u := func(kind string) string { return html.EscapeString(target(kind)) }
	// A field's instruction in quotes, escaped for XML.
	q := func(kind string) string { return "&quot;" + u(kind) + "&quot;" }
	body := para(run("Dear {{customer}},")) + // a tag, for tests that fill it
		para(run("Before the references")) +
		para(drawing("rIdImg")) +
		para(`<w:r><w:pict><v:shape id="s1" style="width:40pt;height:40pt"><v:imagedata r:id="rIdVml" o:title=""/></v:shape></w:pict></w:r>`) +
		para(`<w:r><w:pict><v:shape id="s2" style="width:40pt;height:40pt"><v:imagedata src="`+u(VMLSrc)+`" o:href="`+u(VMLHref)+`"/></v:shape></w:pict></w:r>`) +
		para(`<w:r><w:object w:dxaOrig="2000" w:dyaOrig="1000"><v:shape id="_x0000_i1025" style="width:100pt;height:50pt"><v:imagedata r:id="rIdOleImg" o:title=""/></v:shape>`+
			`<o:OLEObject Type="Link" ProgID="Excel.Sheet.12" ShapeID="_x0000_i1025" DrawAspect="Content" r:id="rIdOle" UpdateMode="Always">`+
			`<o:LinkType>EnhancedMetaFile</o:LinkType><o:LockedField>false</o:LockedField></o:OLEObject></w:object></w:r>`) +
		para(`<w:subDoc r:id="rIdSub"/>`) +
		`<w:altChunk r:id="rIdChunk"/>` +
		// Complex fields; INCLUDETEXT's keyword is split over two runs.
		para(complexField([]string{" INCLUDEPICTURE " + q(IncludePicture) + ` \d `}, "")) +
		para(complexField([]string{" INCLUDE", "TEXT " + q(IncludeText) + " "}, "Cached include text")) +
		para(complexField([]string{` LINK Excel.Sheet.12 ` + q(LinkField) + ` "Sheet1!R1C1" \a \t `}, "")) +
		para(complexField([]string{` DDEAUTO excel ` + q(DDEAuto) + ` "R1C1" `}, "")) +
		para(complexField([]string{` IMPORT ` + q(ImportField) + ` `}, "")) +
		para(`<w:fldSimple w:instr=" INCLUDEPICTURE `+q(IncludePicSimpl)+` \d "/>`) +
		para(`<w:fldSimple w:instr=" INCLUDETEXT `+q(IncludeTextSimp)+` ">`+run("Cached simple include")+`</w:fldSimple>`) +
		para(`<w:hyperlink r:id="rIdLink">`+run("Click the hyperlink")+`</w:hyperlink>`) +
		para(run("After the references"))
	files := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
			`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
			`<Override PartName="/word/webSettings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.webSettings+xml"/>` +
			`</Types>`,
		"_rels/.rels": rels(rel("rId1", "officeDocument", "word/document.xml", false)),
		"word/_rels/document.xml.rels": rels(
			rel("rIdH", "header", "header1.xml", false),
			rel("rIdS", "settings", "settings.xml", false),
			rel("rIdW", "webSettings", "webSettings.xml", false),
			rel("rIdImg", "image", target(LinkedImage), true),
			rel("rIdVml", "image", target(VMLImage), true),
			rel("rIdOleImg", "image", target(LinkedOLE)+".emf", true),
			rel("rIdOle", "oleObject", target(LinkedOLE), true),
			rel("rIdSub", "subDocument", target(SubDocument), true),
			rel("rIdChunk", "aFChunk", target(AltChunk), true),
			rel("rIdLink", "hyperlink", target(HyperlinkRel), true)),
		"word/_rels/header1.xml.rels": rels(rel("rIdHImg", "image", target(HeaderImage), true)),
		"word/_rels/settings.xml.rels": rels(
			rel("rIdTpl", "attachedTemplate", target(AttachedTpl), true),
			rel("rIdDs", "mailMergeSource", target(MailMerge), true)),
		"word/_rels/webSettings.xml.rels": rels(rel("rIdFr", "frame", target(Frameset), true)),
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<w:document ` + ns + `><w:body>` + body +
			`<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/><w:pgSz w:w="11906" w:h="16838"/>` +
			`<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>` +
			`</w:body></w:document>`,
		"word/header1.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<w:hdr ` + ns + `>` + para(drawing("rIdHImg")) + `</w:hdr>`,
		"word/settings.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<w:settings ` + ns + `><w:attachedTemplate r:id="rIdTpl"/><w:linkStyles/>` +
			`<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:linkToQuery/><w:dataType w:val="textFile"/>` +
			`<w:connectString w:val=""/><w:query w:val="SELECT * FROM ` + u(MailMerge) + `"/>` +
			`<w:dataSource r:id="rIdDs"/></w:mailMerge>` +
			`<w:defaultTabStop w:val="708"/></w:settings>`,
		"word/webSettings.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<w:webSettings ` + ns + `><w:frameset><w:frame><w:name w:val="f1"/><w:sourceFileName r:id="rIdFr"/></w:frame></w:frameset></w:webSettings>`,
	}
	for i := 0; i+1 < len(parts); i += 2 {
		files[parts[i]] = parts[i+1]
	}
	return zipFiles(files)
}

func para(inner string) string { return `<w:p>` + inner + `</w:p>` }

func run(text string) string {
	return `<w:r><w:t xml:space="preserve">` + html.EscapeString(text) + `</w:t></w:r>`
}

// complexField writes begin, one instrText run per piece, separate, the
// cached result (if any) and end.
func complexField(instr []string, result string) string {
	var b strings.Builder
	b.WriteString(`<w:r><w:fldChar w:fldCharType="begin"/></w:r>`)
	for _, s := range instr {
		b.WriteString(`<w:r><w:instrText xml:space="preserve">` + s + `</w:instrText></w:r>`)
	}
	b.WriteString(`<w:r><w:fldChar w:fldCharType="separate"/></w:r>`)
	if result != "" {
		b.WriteString(run(result))
	}
	b.WriteString(`<w:r><w:fldChar w:fldCharType="end"/></w:r>`)
	return b.String()
}

// drawing is an inline DrawingML picture whose image is linked, not embedded.
func drawing(relID string) string {
	return `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="914400" cy="914400"/>` +
		`<wp:docPr id="1" name="Linked picture"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">` +
		`<pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="linked.png"/><pic:cNvPicPr/></pic:nvPicPr>` +
		`<pic:blipFill><a:blip r:link="` + relID + `"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
		`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`
}

func rels(items ...string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="` + relNS + `">` +
		strings.Join(items, "") + `</Relationships>`
}

func rel(id, typ, target string, external bool) string {
	mode := ""
	if external {
		mode = ` TargetMode="External"`
	}
	return fmt.Sprintf(`<Relationship Id="%s" Type="%s%s" Target="%s"%s/>`, id, relT, typ, html.EscapeString(target), mode)
}

// zipFiles zips files with [Content_Types].xml first, the rest by name.
func zipFiles(files map[string]string) []byte {
	names := make([]string, 0, len(files))
	for n := range files {
		if n != "[Content_Types].xml" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	names = append([]string{"[Content_Types].xml"}, names...)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			panic(err) // writing to memory cannot fail
		}
		_, _ = w.Write([]byte(files[n]))
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
