package watermark

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	docxengine "github.com/quirehq/quire/internal/render/docx"
)

// ErrNotDOCX is returned for input that is not a readable DOCX package.
var ErrNotDOCX = errors.New("watermark: not a DOCX package")

// OOXML names this file uses.
const (
	nsW          = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR          = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	relHeader    = nsR + "/header"
	headerCType  = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
	contentTypes = "[Content_Types].xml"
	newHeader    = "quire-watermark-header.xml" // next to the main part
)

// maxPartBytes bounds what one part may inflate to: the input is a DOCX
// Quire just produced, but a bomb must not take the process down.
const maxPartBytes = 200 << 20

// DOCX returns docx with text as a watermark on every page: a faint diagonal
// WordArt shape in the page header, like Word's own watermarks. Every
// existing header gets it; sections (or first/even pages) that would show no
// header at all get a new header holding only the watermark. Parts that do
// not change are copied byte for byte.
func DOCX(docx []byte, text string) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotDOCX, err)
	}
	// The main part is where the package's relationships say (Office 365
	// writes word/document2.xml, for one); the parts it refers to sit by it.
	mainPart := docxengine.MainPart(zr.File)
	dir, file := path.Split(mainPart)
	mainRels, settingsPart := dir+"_rels/"+file+".rels", dir+"settings.xml"
	parts := map[string][]byte{}
	for _, name := range []string{mainPart, mainRels, contentTypes, settingsPart} {
		if b, err := readPart(zr, name); err == nil {
			parts[name] = b
		} else if name != settingsPart {
			return nil, fmt.Errorf("%w: %s: %v", ErrNotDOCX, name, err)
		}
	}
	rels, err := parseRels(parts[mainRels])
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrNotDOCX, mainRels, err)
	}
	changed := map[string][]byte{}
	headerIDs := map[string]bool{}
	for _, r := range rels {
		if r.Type != relHeader || r.TargetMode == "External" {
			continue
		}
		headerIDs[r.ID] = true
		name := path.Join(dir, r.Target)
		if strings.HasPrefix(r.Target, "/") {
			name = strings.TrimPrefix(r.Target, "/")
		}
		if _, done := changed[name]; done {
			continue
		}
		hdr, err := readPart(zr, name)
		if err != nil {
			return nil, fmt.Errorf("%w: header %s: %v", ErrNotDOCX, name, err)
		}
		if changed[name], err = addToHeader(hdr, text); err != nil {
			return nil, fmt.Errorf("watermark: header %s: %w", name, err)
		}
	}

	relID := unusedRelID(rels)
	doc, added, err := addHeaderRefs(parts[mainPart], headerIDs, relID, evenAndOdd(parts[settingsPart]))
	if err != nil {
		return nil, fmt.Errorf("watermark: %s: %w", mainPart, err)
	}
	if added {
		if zipHas(zr, dir+newHeader) {
			return nil, fmt.Errorf("watermark: the document already has a part named %s%s", dir, newHeader)
		}
		changed[mainPart] = doc
		changed[dir+newHeader] = []byte(xml.Header + `<w:hdr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">` + watermarkParagraph(text, true) + `</w:hdr>`)
		rel := fmt.Sprintf(`<Relationship Id="%s" Type="%s" Target="%s"/>`, relID, relHeader, newHeader)
		if changed[mainRels], err = insertBeforeClose(parts[mainRels], "Relationships", rel); err != nil {
			return nil, fmt.Errorf("watermark: %s: %w", mainRels, err)
		}
		override := fmt.Sprintf(`<Override PartName="/%s%s" ContentType="%s"/>`, dir, newHeader, headerCType)
		if changed[contentTypes], err = insertBeforeClose(parts[contentTypes], "Types", override); err != nil {
			return nil, fmt.Errorf("watermark: %s: %w", contentTypes, err)
		}
	}
	return rewrite(zr, changed)
}

// addToHeader puts the watermark paragraph first in a header part.
func addToHeader(hdr []byte, text string) ([]byte, error) {
	end, err := rootStartEnd(hdr)
	if err != nil {
		return nil, err
	}
	shapeType := !bytes.Contains(hdr, []byte(`"_x0000_t136"`))
	var out bytes.Buffer
	out.Grow(len(hdr) + 2048)
	out.Write(hdr[:end])
	out.WriteString(watermarkParagraph(text, shapeType))
	out.Write(hdr[end:])
	return out.Bytes(), nil
}

// rootStartEnd is the offset just after the root element's start tag.
func rootStartEnd(b []byte) (int, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.RawToken()
		if err != nil {
			return 0, fmt.Errorf("no root element: %w", err)
		}
		if _, ok := tok.(xml.StartElement); ok {
			end := int(dec.InputOffset())
			if bytes.HasSuffix(b[:end], []byte("/>")) {
				return 0, errors.New("the root element is empty")
			}
			return end, nil
		}
	}
}

func readPart(zr *zip.Reader, name string) ([]byte, error) {
	f, err := zr.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxPartBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxPartBytes {
		return nil, errors.New("part too large")
	}
	return b, nil
}

func zipHas(zr *zip.Reader, name string) bool {
	for _, f := range zr.File {
		if f.Name == name {
			return true
		}
	}
	return false
}

// rewrite copies every entry of zr, replacing and adding the changed parts.
func rewrite(zr *zip.Reader, changed map[string][]byte) ([]byte, error) {
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	written := map[string]bool{}
	for _, f := range zr.File {
		b, ok := changed[f.Name]
		if !ok {
			if err := zw.Copy(f); err != nil {
				return nil, fmt.Errorf("watermark: copy %s: %w", f.Name, err)
			}
			continue
		}
		if err := writeEntry(zw, f.Name, b); err != nil {
			return nil, err
		}
		written[f.Name] = true
	}
	for name, b := range changed {
		if !written[name] {
			if err := writeEntry(zw, name, b); err != nil {
				return nil, err
			}
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("watermark: write DOCX: %w", err)
	}
	return out.Bytes(), nil
}

func writeEntry(zw *zip.Writer, name string, b []byte) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
	if err == nil {
		_, err = w.Write(b)
	}
	if err != nil {
		return fmt.Errorf("watermark: write %s: %w", name, err)
	}
	return nil
}

// insertBeforeClose inserts s before the closing tag of the root element root.
func insertBeforeClose(b []byte, root, s string) ([]byte, error) {
	i := bytes.LastIndex(b, []byte("</"+root+">"))
	if i < 0 {
		return nil, fmt.Errorf("no </%s>", root)
	}
	out := make([]byte, 0, len(b)+len(s))
	out = append(out, b[:i]...)
	out = append(out, s...)
	return append(out, b[i:]...), nil
}

// evenAndOdd reports whether settings turn on separate even-page headers.
func evenAndOdd(settings []byte) bool {
	dec := xml.NewDecoder(bytes.NewReader(settings))
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Space == nsW && se.Name.Local == "evenAndOddHeaders" {
			return onOff(se)
		}
	}
}

// onOff reads a WordprocessingML on/off element: present means on unless
// w:val says otherwise.
func onOff(se xml.StartElement) bool {
	for _, a := range se.Attr {
		if a.Name.Space == nsW && a.Name.Local == "val" {
			switch a.Value {
			case "0", "false", "off":
				return false
			}
		}
	}
	return true
}
