package frompdf

import (
	"encoding/binary"
	"errors"
	"sort"
	"unicode/utf16"

	"github.com/quirehq/quire/internal/render/sfntfile"
)

// A TrueType font embedded in a PDF is usually a subset without the
// tables a browser asks for (name, OS/2, post) and with a cmap keyed by
// the PDF's character codes rather than Unicode. trueType reads the
// tables that draw glyphs; rebuild writes them back with a Unicode cmap
// and minimal name, OS/2 and post tables.

// trueType is a parsed TrueType (glyf) font.
type trueType struct {
	tables     map[string][]byte
	numGlyphs  int
	numHMetric int
	upem       int
	longLoca   bool
	cmaps      []cmapTable
}

// cmapTable is one subtable of the font's own cmap: code -> glyph.
type cmapTable struct {
	platform, encoding int
	glyphs             map[int]int
}

var errNotTrueType = errors.New("not a TrueType font")

// keptTables are copied into the rebuilt font: the glyphs, their metrics
// and their hinting programs.
var keptTables = []string{"cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "prep"}

func parseTrueType(b []byte) (*trueType, error) {
	if len(b) < 12 {
		return nil, errNotTrueType
	}
	if v := binary.BigEndian.Uint32(b); v != 0x00010000 && v != 0x74727565 {
		return nil, errNotTrueType // CFF (OTTO), Type 1, collections
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	t := &trueType{tables: map[string][]byte{}}
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(b) {
			return nil, errNotTrueType
		}
		tag := string(b[rec : rec+4])
		off, ln := int(binary.BigEndian.Uint32(b[rec+8:])), int(binary.BigEndian.Uint32(b[rec+12:]))
		if off < 0 || ln < 0 || off+ln > len(b) || off+ln < off {
			return nil, errNotTrueType
		}
		t.tables[tag] = b[off : off+ln]
	}
	head, hhea, maxp := t.tables["head"], t.tables["hhea"], t.tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 || t.tables["glyf"] == nil || t.tables["loca"] == nil || t.tables["hmtx"] == nil {
		return nil, errNotTrueType
	}
	t.upem = int(binary.BigEndian.Uint16(head[18:]))
	t.longLoca = binary.BigEndian.Uint16(head[50:]) == 1
	t.numGlyphs = int(binary.BigEndian.Uint16(maxp[4:]))
	t.numHMetric = int(binary.BigEndian.Uint16(hhea[34:]))
	locaLen := 2
	if t.longLoca {
		locaLen = 4
	}
	if t.upem < 16 || t.numHMetric == 0 || len(t.tables["hmtx"]) < 4*t.numHMetric || len(t.tables["loca"]) < locaLen*(t.numGlyphs+1) {
		return nil, errNotTrueType
	}
	t.cmaps = parseCmap(t.tables["cmap"])
	return t, nil
}

// advance is glyph g's advance width in font units.
func (t *trueType) advance(g int) int {
	hmtx := t.tables["hmtx"]
	if g >= t.numHMetric {
		g = t.numHMetric - 1
	}
	return int(binary.BigEndian.Uint16(hmtx[4*g:]))
}

// drawn reports whether glyph g has an outline.
func (t *trueType) drawn(g int) bool {
	a, b := t.glyphRange(g)
	return b > a
}

// bbox is glyph g's outline box (xMin, yMin, xMax, yMax) in font units.
func (t *trueType) bbox(g int) ([4]int, bool) {
	a, b := t.glyphRange(g)
	if b-a < 10 {
		return [4]int{}, false
	}
	glyf := t.tables["glyf"]
	var out [4]int
	for i := range out {
		out[i] = int(int16(binary.BigEndian.Uint16(glyf[a+2+2*i:])))
	}
	return out, true
}

// glyphRange is glyph g's byte range in glyf (empty when it has none).
func (t *trueType) glyphRange(g int) (int, int) {
	if g <= 0 || g >= t.numGlyphs {
		return 0, 0
	}
	loca := t.tables["loca"]
	var a, b int
	if t.longLoca {
		a, b = int(binary.BigEndian.Uint32(loca[4*g:])), int(binary.BigEndian.Uint32(loca[4*g+4:]))
	} else {
		a, b = 2*int(binary.BigEndian.Uint16(loca[2*g:])), 2*int(binary.BigEndian.Uint16(loca[2*g+2:]))
	}
	if b <= a || b > len(t.tables["glyf"]) {
		return 0, 0
	}
	return a, b
}

// parseCmap reads the subtables of formats 0, 4 and 6.
func parseCmap(b []byte) []cmapTable {
	if len(b) < 4 {
		return nil
	}
	var out []cmapTable
	n := int(binary.BigEndian.Uint16(b[2:]))
	for i := 0; i < n; i++ {
		rec := 4 + 8*i
		if rec+8 > len(b) {
			break
		}
		off := int(binary.BigEndian.Uint32(b[rec+4:]))
		if off+6 > len(b) {
			continue
		}
		m := parseCmapSub(b[off:])
		if len(m) > 0 {
			out = append(out, cmapTable{platform: int(binary.BigEndian.Uint16(b[rec:])), encoding: int(binary.BigEndian.Uint16(b[rec+2:])), glyphs: m})
		}
	}
	return out
}

func parseCmapSub(s []byte) map[int]int {
	u16 := func(i int) int {
		if i+2 > len(s) {
			return 0
		}
		return int(binary.BigEndian.Uint16(s[i:]))
	}
	m := map[int]int{}
	switch u16(0) {
	case 0:
		for c := 0; c < 256 && 6+c < len(s); c++ {
			if g := int(s[6+c]); g != 0 {
				m[c] = g
			}
		}
	case 6:
		first, count := u16(6), u16(8)
		for i := 0; i < count; i++ {
			if g := u16(10 + 2*i); g != 0 {
				m[first+i] = g
			}
		}
	case 4:
		segs := u16(6) / 2
		ends, starts, deltas, ranges := 14, 16+2*segs, 16+4*segs, 16+6*segs
		if ranges+2*segs > len(s) {
			return nil
		}
		for i := 0; i < segs; i++ {
			end, start, delta, ro := u16(ends+2*i), u16(starts+2*i), u16(deltas+2*i), u16(ranges+2*i)
			for c := start; c <= end && c != 0xFFFF; c++ {
				g := 0
				if ro == 0 {
					g = (c + delta) & 0xFFFF
				} else if at := ranges + 2*i + ro + 2*(c-start); at+2 <= len(s) {
					if g = u16(at); g != 0 {
						g = (g + delta) & 0xFFFF
					}
				}
				if g != 0 {
					m[c] = g
				}
			}
		}
	}
	return m
}

func (t *trueType) glyphCount() int { return t.numGlyphs }
func (t *trueType) unitsPerEm() int { return t.upem }

// glyphsOf are the glyphs r reaches through the font's cmap subtables (its
// code in one of the usual encodings).
func (t *trueType) glyphsOf(r rune) []int {
	var out []int
	for _, cm := range t.cmaps {
		for _, code := range candidates(r, cm.platform, cm.encoding) {
			if gid, ok := cm.glyphs[code]; ok {
				out = append(out, gid)
			}
		}
	}
	return out
}

// rebuild writes the font's glyphs with a (3,1) cmap of uni (BMP runes
// to glyphs), kern (when not nil) and minimal name, OS/2 and post tables
// naming it family.
func (t *trueType) rebuild(family string, uni map[rune]int, kern []byte, bold, italic bool) ([]byte, string) {
	tables := map[string][]byte{}
	for _, tag := range keptTables {
		if b, ok := t.tables[tag]; ok {
			tables[tag] = b
		}
	}
	tables["cmap"] = buildCmap(uni)
	tables["name"] = buildName(family)
	hhea := t.tables["hhea"]
	ascent, descent := int(int16(binary.BigEndian.Uint16(hhea[4:]))), int(int16(binary.BigEndian.Uint16(hhea[6:])))
	tables["OS/2"] = buildOS2(uni, bold, italic, ascent, descent, t.advance(0))
	tables["post"] = buildPost()
	if kern != nil {
		tables["kern"] = kern
	}
	return sfntfile.Write(tables), "truetype"
}

func buildCmap(uni map[rune]int) []byte {
	runes := make([]int, 0, len(uni))
	for r := range uni {
		if r > 0 && r < 0xFFFF {
			runes = append(runes, int(r))
		}
	}
	sort.Ints(runes)
	segs := len(runes) + 1
	sub := make([]byte, 16+8*segs)
	be := binary.BigEndian
	be.PutUint16(sub[0:], 4)
	be.PutUint16(sub[2:], uint16(len(sub)))
	be.PutUint16(sub[6:], uint16(2*segs))
	pow := 1
	for pow*2 <= segs {
		pow *= 2
	}
	be.PutUint16(sub[8:], uint16(2*pow))
	be.PutUint16(sub[10:], uint16(bitsLen(pow)-1))
	be.PutUint16(sub[12:], uint16(2*segs-2*pow))
	ends, starts, deltas := 14, 16+2*segs, 16+4*segs
	for i, r := range runes {
		be.PutUint16(sub[ends+2*i:], uint16(r))
		be.PutUint16(sub[starts+2*i:], uint16(r))
		be.PutUint16(sub[deltas+2*i:], uint16(uni[rune(r)]-r))
	}
	last := segs - 1
	be.PutUint16(sub[ends+2*last:], 0xFFFF)
	be.PutUint16(sub[starts+2*last:], 0xFFFF)
	be.PutUint16(sub[deltas+2*last:], 1)
	out := make([]byte, 12, 12+len(sub))
	be.PutUint16(out[2:], 1)
	be.PutUint16(out[4:], 3)
	be.PutUint16(out[6:], 1)
	be.PutUint32(out[8:], 12)
	return append(out, sub...)
}

func bitsLen(n int) int {
	b := 0
	for n > 0 {
		b++
		n >>= 1
	}
	return b
}

func buildName(family string) []byte {
	be := binary.BigEndian
	names := []struct {
		id   int
		text string
	}{{1, family}, {2, "Regular"}, {4, family}, {6, family}}
	var strs []byte
	recs := make([]byte, 0, 12*len(names))
	for _, n := range names {
		u := utf16.Encode([]rune(n.text))
		rec := make([]byte, 12)
		be.PutUint16(rec[0:], 3)
		be.PutUint16(rec[2:], 1)
		be.PutUint16(rec[4:], 0x409)
		be.PutUint16(rec[6:], uint16(n.id))
		be.PutUint16(rec[8:], uint16(2*len(u)))
		be.PutUint16(rec[10:], uint16(len(strs)))
		recs = append(recs, rec...)
		for _, c := range u {
			strs = be.AppendUint16(strs, c)
		}
	}
	out := make([]byte, 6)
	be.PutUint16(out[2:], uint16(len(names)))
	be.PutUint16(out[4:], uint16(6+len(recs)))
	return append(append(out, recs...), strs...)
}

// buildOS2 is an OS/2 table (version 3) of the font's weight, style,
// vertical metrics (font units) and average width.
func buildOS2(uni map[rune]int, bold, italic bool, ascent, descent, avgWidth int) []byte {
	be := binary.BigEndian
	o := make([]byte, 96)
	be.PutUint16(o[0:], 3)
	be.PutUint16(o[2:], uint16(int16(avgWidth)))
	weight, sel := 400, 0x40
	if bold {
		weight, sel = 700, 0x20
	}
	if italic {
		sel = sel&0x20 | 0x01
	}
	be.PutUint16(o[4:], uint16(weight))
	be.PutUint16(o[6:], 5)
	be.PutUint16(o[62:], uint16(sel))
	first, last := 0xFFFF, 0
	for r := range uni {
		first, last = min(first, int(r)), max(last, int(r))
	}
	if first > last {
		first, last = 0x20, 0x20
	}
	be.PutUint16(o[64:], uint16(first))
	be.PutUint16(o[66:], uint16(min(last, 0xFFFF)))
	be.PutUint16(o[68:], uint16(int16(ascent)))
	be.PutUint16(o[70:], uint16(int16(descent)))
	be.PutUint16(o[74:], uint16(max(ascent, 0)))
	be.PutUint16(o[76:], uint16(max(-descent, 0)))
	be.PutUint32(o[42:], 1) // Basic Latin
	be.PutUint32(o[78:], 1) // Latin 1 code page
	return o
}

func buildPost() []byte {
	p := make([]byte, 32)
	binary.BigEndian.PutUint32(p, 0x00030000)
	return p
}
