// Package facturx makes a Factur-X / ZUGFeRD e-invoice of a printed
// invoice: a PDF/A-3b carrying the invoice's CII XML as factur-x.xml
// (AFRelationship /Alternative, as the EN 16931 profile asks), with the
// Factur-X XMP extension schema and an sRGB output intent. The PDF's fonts
// are embedded already (Chromium embeds every font it prints). It knows no
// invoice model: XML, title and level come from the caller.
package facturx

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/quirehq/quire/internal/render"
)

// FileName is the name Factur-X gives the embedded XML.
const FileName = "factur-x.xml"

// Document is what is attached and said about it.
type Document struct {
	XML   []byte
	Title string // the PDF's title (Info and XMP dc:title)
	// Level is the Factur-X conformance level: "EN 16931", "BASIC", …
	Level string
	// Type is the Factur-X document type: INVOICE (invoices and credit notes).
	Type string
}

// ErrNoProfile means no sRGB ICC profile is installed for the output intent.
var ErrNoProfile = errors.New("no sRGB ICC profile: install the Debian package icc-profiles-free")

// ProfilePaths are where Debian packages install an sRGB ICC profile
// (icc-profiles-free first).
var ProfilePaths = []string{
	"/usr/share/color/icc/sRGB.icc",
	"/usr/share/color/icc/colord/sRGB.icc",
	"/usr/share/color/icc/ghostscript/srgb.icc",
}

// SRGBProfile reads the first installed sRGB ICC profile.
func SRGBProfile() ([]byte, error) {
	for _, p := range ProfilePaths {
		if b, err := os.ReadFile(p); err == nil && len(b) > 128 {
			return b, nil
		}
	}
	return nil, ErrNoProfile
}

// Attach returns pdf as a Factur-X PDF/A-3b carrying doc.XML; icc is the
// sRGB profile of its output intent.
func Attach(pdf []byte, doc Document, icc []byte) (out []byte, err error) {
	err = render.WithPDFCPU(func(conf *model.Configuration) error {
		out, err = attach(pdf, doc, icc, conf)
		return err
	})
	return out, err
}

// datePlaceholder stands in the XMP packet for the dates pdfcpu writes
// into the Info dictionary as it saves; it is replaced afterwards by those
// dates, byte for byte the same length, so no offset moves.
const datePlaceholder = "0000-00-00T00:00:00+00:00"

func attach(pdf []byte, doc Document, icc []byte, conf *model.Configuration) ([]byte, error) {
	ctx, err := api.ReadContext(bytes.NewReader(pdf), conf)
	if err != nil {
		return nil, fmt.Errorf("factur-x: read PDF: %w", err)
	}
	xt := ctx.XRefTable
	root, err := xt.Catalog()
	if err != nil {
		return nil, fmt.Errorf("factur-x: catalog: %w", err)
	}
	fileSpec, err := embed(xt, doc.XML)
	if err != nil {
		return nil, err
	}
	if err := xt.LocateNameTree("EmbeddedFiles", true); err != nil {
		return nil, fmt.Errorf("factur-x: EmbeddedFiles: %w", err)
	}
	fsDict, _ := xt.DereferenceDict(*fileSpec)
	if err := xt.Names["EmbeddedFiles"].Add(xt, FileName, *fileSpec, model.NameMap{FileName: []types.Dict{fsDict}}, []string{"F", "UF"}); err != nil {
		return nil, fmt.Errorf("factur-x: EmbeddedFiles: %w", err)
	}
	root.Update("AF", types.Array{*fileSpec})

	intent, err := outputIntent(xt, icc)
	if err != nil {
		return nil, err
	}
	root.Update("OutputIntents", types.Array{*intent})

	meta := types.StreamDict{Dict: types.NewDict(), Content: xmp(doc)}
	meta.InsertName("Type", "Metadata")
	meta.InsertName("Subtype", "XML")
	if err := meta.Encode(); err != nil { // no filter: the packet stays readable and patchable
		return nil, err
	}
	metaRef, err := xt.IndRefForNewObject(meta)
	if err != nil {
		return nil, err
	}
	root.Update("Metadata", *metaRef)
	if err := setInfo(xt, doc.Title); err != nil {
		return nil, err
	}
	if xt.Version() < model.V17 {
		root.Update("Version", types.Name("1.7")) // associated files are PDF 1.7 (ISO 32000-1)
	}

	var buf bytes.Buffer
	if err := api.Write(ctx, &buf, conf); err != nil {
		return nil, fmt.Errorf("factur-x: write PDF: %w", err)
	}
	return datesIntoXMP(buf.Bytes())
}

// embed adds the XML as an embedded file stream and its file specification.
func embed(xt *model.XRefTable, xml []byte) (*types.IndirectRef, error) {
	sd, err := xt.NewStreamDictForBuf(xml)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	sd.InsertName("Type", "EmbeddedFile")
	sd.InsertName("Subtype", "text/xml")
	params := types.NewDict()
	params.InsertInt("Size", len(xml))
	params.Insert("ModDate", types.StringLiteral(types.DateString(now)))
	sd.Insert("Params", params)
	if err := sd.Encode(); err != nil {
		return nil, err
	}
	streamRef, err := xt.IndRefForNewObject(*sd)
	if err != nil {
		return nil, err
	}
	fs := types.NewDict()
	fs.InsertName("Type", "Filespec")
	fs.InsertString("F", FileName)
	fs.InsertString("UF", FileName)
	fs.InsertString("Desc", "Factur-X invoice")
	fs.InsertName("AFRelationship", "Alternative")
	ef := types.NewDict()
	ef.Insert("F", *streamRef)
	ef.Insert("UF", *streamRef)
	fs.Insert("EF", ef)
	return xt.IndRefForNewObject(fs)
}

// outputIntent is the PDF/A output intent: the sRGB profile.
func outputIntent(xt *model.XRefTable, icc []byte) (*types.IndirectRef, error) {
	if len(icc) == 0 {
		return nil, ErrNoProfile
	}
	sd, err := xt.NewStreamDictForBuf(icc)
	if err != nil {
		return nil, err
	}
	sd.InsertInt("N", 3)
	if err := sd.Encode(); err != nil {
		return nil, err
	}
	profile, err := xt.IndRefForNewObject(*sd)
	if err != nil {
		return nil, err
	}
	oi := types.NewDict()
	oi.InsertName("Type", "OutputIntent")
	oi.InsertName("S", "GTS_PDFA1")
	oi.InsertString("OutputConditionIdentifier", "sRGB IEC61966-2.1")
	oi.InsertString("Info", "sRGB IEC61966-2.1")
	oi.Insert("DestOutputProfile", *profile)
	return xt.IndRefForNewObject(oi)
}

// setInfo leaves in the Info dictionary only what the XMP packet says too
// (PDF/A wants them equal): the title and the creator; pdfcpu adds its
// producer and dates as it writes.
func setInfo(xt *model.XRefTable, title string) error {
	d := types.NewDict()
	d.InsertString("Title", asciiOnly(title))
	d.InsertString("Creator", creator)
	ref, err := xt.IndRefForNewObject(d)
	if err != nil {
		return err
	}
	xt.Info = ref
	return nil
}

const creator = "Quire"

var infoDate = regexp.MustCompile(`/CreationDate\s*\(D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})([+-Z])(\d{2})?'?(\d{2})?'?\)`)

// datesIntoXMP writes the Info dictionary's dates into the XMP packet's
// placeholders.
func datesIntoXMP(pdf []byte) ([]byte, error) {
	m := infoDate.FindSubmatch(pdf)
	if m == nil {
		return nil, errors.New("factur-x: the written PDF has no creation date")
	}
	tz := "+00:00"
	if string(m[7]) != "Z" {
		tz = string(m[7]) + string(m[8]) + ":" + string(m[9])
	}
	date := fmt.Sprintf("%s-%s-%sT%s:%s:%s%s", m[1], m[2], m[3], m[4], m[5], m[6], tz)
	if len(date) != len(datePlaceholder) {
		return nil, fmt.Errorf("factur-x: unexpected date %q", date)
	}
	return bytes.ReplaceAll(pdf, []byte(datePlaceholder), []byte(date)), nil
}

// asciiOnly keeps a PDF text string in PDFDocEncoding's ASCII part.
func asciiOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return '?'
		}
		return r
	}, s)
}
