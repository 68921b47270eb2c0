package facturx

import (
	"bytes"
	"encoding/xml"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// fxNamespace is the Factur-X XMP namespace.
const fxNamespace = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"

// xmp is the metadata packet: PDF/A-3b identification, the document's
// title, creator, producer and dates (placeholders until written), the
// Factur-X properties and the PDF/A extension schema describing them.
func xmp(doc Document) []byte {
	esc := func(s string) string {
		var b bytes.Buffer
		_ = xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	var b bytes.Buffer
	b.WriteString("<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
  <pdfaid:part>3</pdfaid:part>
  <pdfaid:conformance>B</pdfaid:conformance>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + esc(asciiOnly(doc.Title)) + `</rdf:li></rdf:Alt></dc:title>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
  <pdf:Producer>pdfcpu ` + model.VersionStr + `</pdf:Producer>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
  <xmp:CreatorTool>` + creator + `</xmp:CreatorTool>
  <xmp:CreateDate>` + datePlaceholder + `</xmp:CreateDate>
  <xmp:ModifyDate>` + datePlaceholder + `</xmp:ModifyDate>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:fx="` + fxNamespace + `">
  <fx:DocumentType>` + esc(doc.Type) + `</fx:DocumentType>
  <fx:DocumentFileName>` + FileName + `</fx:DocumentFileName>
  <fx:Version>1.0</fx:Version>
  <fx:ConformanceLevel>` + esc(doc.Level) + `</fx:ConformanceLevel>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
  <pdfaExtension:schemas>
    <rdf:Bag>
      <rdf:li rdf:parseType="Resource">
        <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
        <pdfaSchema:namespaceURI>` + fxNamespace + `</pdfaSchema:namespaceURI>
        <pdfaSchema:prefix>fx</pdfaSchema:prefix>
        <pdfaSchema:property>
          <rdf:Seq>
`)
	for _, p := range []struct{ name, desc string }{
		{"DocumentFileName", "The name of the embedded XML document"},
		{"DocumentType", "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER"},
		{"Version", "The actual version of the standard applying to the embedded XML document"},
		{"ConformanceLevel", "The conformance level of the embedded XML document"},
	} {
		b.WriteString(`            <rdf:li rdf:parseType="Resource">
              <pdfaProperty:name>` + p.name + `</pdfaProperty:name>
              <pdfaProperty:valueType>Text</pdfaProperty:valueType>
              <pdfaProperty:category>external</pdfaProperty:category>
              <pdfaProperty:description>` + p.desc + `</pdfaProperty:description>
            </rdf:li>
`)
	}
	b.WriteString(`          </rdf:Seq>
        </pdfaSchema:property>
      </rdf:li>
    </rdf:Bag>
  </pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`)
	return b.Bytes()
}
