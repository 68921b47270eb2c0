package frompdf

import (
	"encoding/binary"

	"github.com/quirehq/quire/internal/render/sfntfile"
)

// rebuild wraps the CFF program as an OpenType font: the program as it
// is (its glyph order is the font's), with head, hhea, hmtx and maxp
// (version 0.5) tables of its metrics, a (3,1) cmap of uni and minimal
// name, OS/2 and post tables naming it family.
func (f *cffFont) rebuild(family string, uni map[rune]int, kern []byte, bold, italic bool) ([]byte, string) {
	be := binary.BigEndian
	box := f.fontBBox
	if box[3] <= box[1] {
		box = [4]int{}
		for g := range f.boxes {
			if f.inked[g] {
				b := f.boxes[g]
				box = [4]int{min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3])}
			}
		}
	}
	head := make([]byte, 54)
	be.PutUint32(head[0:], 0x00010000)
	be.PutUint32(head[4:], 0x00010000)
	be.PutUint32(head[12:], 0x5F0F3CF5)
	be.PutUint16(head[16:], 0x000B) // baseline and left sidebearing at 0, integer scaling
	be.PutUint16(head[18:], uint16(f.upem))
	for i, v := range box {
		be.PutUint16(head[36+2*i:], uint16(int16(v)))
	}
	be.PutUint16(head[46:], 3) // lowestRecPPEM
	be.PutUint16(head[48:], 2) // fontDirectionHint
	hmtx := make([]byte, 4*f.numGlyphs)
	maxAdv, minLSB, minRSB, maxExtent := 0, 0, 0, 0
	for g := 0; g < f.numGlyphs; g++ {
		adv, lsb := max(f.advances[g], 0), 0
		if f.inked[g] {
			b := f.boxes[g]
			lsb = b[0]
			minLSB, minRSB, maxExtent = min(minLSB, lsb), min(minRSB, adv-b[2]), max(maxExtent, b[2])
		}
		maxAdv = max(maxAdv, adv)
		be.PutUint16(hmtx[4*g:], uint16(adv))
		be.PutUint16(hmtx[4*g+2:], uint16(int16(lsb)))
	}
	ascent, descent := box[3], box[1]
	hhea := make([]byte, 36)
	be.PutUint32(hhea[0:], 0x00010000)
	be.PutUint16(hhea[4:], uint16(int16(ascent)))
	be.PutUint16(hhea[6:], uint16(int16(descent)))
	be.PutUint16(hhea[10:], uint16(maxAdv))
	be.PutUint16(hhea[12:], uint16(int16(minLSB)))
	be.PutUint16(hhea[14:], uint16(int16(minRSB)))
	be.PutUint16(hhea[16:], uint16(int16(maxExtent)))
	be.PutUint16(hhea[18:], 1) // caretSlopeRise
	be.PutUint16(hhea[34:], uint16(f.numGlyphs))
	maxp := make([]byte, 6)
	be.PutUint32(maxp[0:], 0x00005000)
	be.PutUint16(maxp[4:], uint16(f.numGlyphs))
	tables := map[string][]byte{
		"CFF ": f.data,
		"head": head,
		"hhea": hhea,
		"hmtx": hmtx,
		"maxp": maxp,
		"cmap": buildCmap(uni),
		"name": buildName(family),
		"OS/2": buildOS2(uni, bold, italic, ascent, descent, f.advances[0]),
		"post": buildPost(),
	}
	if kern != nil {
		tables["kern"] = kern
	}
	return sfntfile.WriteCFF(tables), "opentype"
}

func (f *cffFont) glyphCount() int   { return f.numGlyphs }
func (f *cffFont) unitsPerEm() int   { return f.upem }
func (f *cffFont) advance(g int) int { return f.advances[g] }
func (f *cffFont) drawn(g int) bool  { return g > 0 && g < f.numGlyphs && f.inked[g] }

func (f *cffFont) bbox(g int) ([4]int, bool) {
	if !f.drawn(g) {
		return [4]int{}, false
	}
	return f.boxes[g], true
}

// glyphsOf are the glyphs whose names name r (none in a CID-keyed font).
func (f *cffFont) glyphsOf(r rune) []int {
	var out []int
	for g, name := range f.names {
		if g > 0 && name != "" {
			if nr, ok := glyphNameRune(name); ok && nr == r {
				out = append(out, g)
			}
		}
	}
	return out
}
