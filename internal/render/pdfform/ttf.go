package pdfform

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"golang.org/x/image/font/sfnt"

	"github.com/quirehq/quire/internal/render/sfntfile"
)

// trueTypeFont is a parsed TrueType (glyf-based) font file: enough to map
// runes to glyphs, measure text and cut a subset to embed.
type trueTypeFont struct {
	psName      string
	data        []byte
	tables      map[string][]byte
	sfnt        *sfnt.Font
	unitsPerEm  int
	ascent      int // font units
	descent     int // font units, negative
	capHeight   int
	bbox        [4]int
	italicAngle float64
	numGlyphs   int
	advances    []uint16 // per glyph, font units
	loca        []uint32 // numGlyphs+1 offsets into glyf

	unicodeOnce sync.Once
	unicode     map[uint16]rune // glyph -> a character it draws, see unicodeMap

	deflateOnce  sync.Once
	deflatedData []byte // the whole font file, compressed once for all fills

	cmapOnce           sync.Once
	cmap, cmapDeflated []byte // ToUnicode CMap of unicodeMap, plain and compressed
}

// fullToUnicode returns the ToUnicode CMap of the whole font, computed once.
func (f *trueTypeFont) fullToUnicode() (cmap, deflated []byte) {
	f.cmapOnce.Do(func() {
		f.cmap = toUnicodeCMap(f.unicodeMap())
		f.cmapDeflated = deflate(f.cmap)
	})
	return f.cmap, f.cmapDeflated
}

// deflated returns the font file compressed for a FontFile2 stream.
func (f *trueTypeFont) deflated() []byte {
	f.deflateOnce.Do(func() { f.deflatedData = deflate(f.data) })
	return f.deflatedData
}

// defaultFontPaths are tried in order when no font path is configured:
// Debian's fonts-dejavu-core and fonts-liberation, then other layouts.
var defaultFontPaths = []string{
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
	"/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
	"/usr/share/fonts/TTF/DejaVuSans.ttf",
	"/usr/share/fonts/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
	"/Library/Fonts/Arial Unicode.ttf",
}

// fontCache keeps parsed fonts: parsing DejaVu Sans costs more than
// filling a page. Parsed fonts are never modified, so sharing is safe.
var fontCache sync.Map // path -> *trueTypeFont

// loadFont returns the parsed font at path, or at the first default path
// that exists when path is empty.
func loadFont(path string) (*trueTypeFont, error) {
	paths := defaultFontPaths
	if path != "" {
		paths = []string{path}
	}
	var lastErr error
	for _, p := range paths {
		if f, ok := fontCache.Load(p); ok {
			return f.(*trueTypeFont), nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			lastErr = err
			continue
		}
		f, err := parseTrueType(data)
		if err != nil {
			lastErr = fmt.Errorf("%s: %w", p, err)
			continue
		}
		fontCache.Store(p, f)
		return f, nil
	}
	return nil, &pdfError{kind: ErrNoFont, cause: lastErr}
}

func parseTrueType(data []byte) (f *trueTypeFont, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed font: %v", r)
		}
	}()
	if len(data) < 12 {
		return nil, errors.New("too short for a font")
	}
	if v := binary.BigEndian.Uint32(data); v != 0x00010000 && v != 0x74727565 {
		return nil, errors.New("not a TrueType font with glyf outlines")
	}
	f = &trueTypeFont{data: data, tables: map[string][]byte{}}
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := 0; i < n; i++ {
		rec := data[12+16*i:]
		tag := string(rec[:4])
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(length) > uint64(len(data)) {
			return nil, fmt.Errorf("table %s out of bounds", tag)
		}
		f.tables[tag] = data[off : off+length]
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap"} {
		if f.tables[t] == nil {
			return nil, fmt.Errorf("missing %s table", t)
		}
	}
	if f.sfnt, err = sfnt.Parse(data); err != nil {
		return nil, err
	}
	head, hhea := f.tables["head"], f.tables["hhea"]
	f.unitsPerEm = int(binary.BigEndian.Uint16(head[18:]))
	for i := range f.bbox {
		f.bbox[i] = int(int16(binary.BigEndian.Uint16(head[36+2*i:])))
	}
	longLoca := binary.BigEndian.Uint16(head[50:]) == 1
	f.ascent = int(int16(binary.BigEndian.Uint16(hhea[4:])))
	f.descent = int(int16(binary.BigEndian.Uint16(hhea[6:])))
	f.capHeight = f.ascent
	if os2 := f.tables["OS/2"]; len(os2) >= 90 {
		f.capHeight = int(int16(binary.BigEndian.Uint16(os2[88:])))
	}
	if post := f.tables["post"]; len(post) >= 8 {
		f.italicAngle = float64(int32(binary.BigEndian.Uint32(post[4:]))) / 65536
	}
	f.numGlyphs = int(binary.BigEndian.Uint16(f.tables["maxp"][4:]))
	if f.unitsPerEm == 0 || f.numGlyphs == 0 {
		return nil, errors.New("empty font")
	}
	numHMetrics := int(binary.BigEndian.Uint16(hhea[34:]))
	hmtx := f.tables["hmtx"]
	f.advances = make([]uint16, f.numGlyphs)
	var last uint16
	for g := 0; g < f.numGlyphs; g++ {
		if g < numHMetrics {
			last = binary.BigEndian.Uint16(hmtx[4*g:])
		}
		f.advances[g] = last
	}
	loca := f.tables["loca"]
	f.loca = make([]uint32, f.numGlyphs+1)
	for g := range f.loca {
		if longLoca {
			f.loca[g] = binary.BigEndian.Uint32(loca[4*g:])
		} else {
			f.loca[g] = 2 * uint32(binary.BigEndian.Uint16(loca[2*g:]))
		}
	}
	name, err := f.sfnt.Name(nil, sfnt.NameIDPostScript)
	if err != nil || name == "" {
		name = "UnicodeFont"
	}
	f.psName = strings.Map(func(r rune) rune {
		if r <= ' ' || r > '~' || strings.ContainsRune("()<>[]{}/%#", r) {
			return -1
		}
		return r
	}, name)
	return f, nil
}

// glyph returns the glyph for r, 0 (.notdef) when the font lacks it.
func (f *trueTypeFont) glyph(r rune) uint16 {
	g, err := f.sfnt.GlyphIndex(nil, r)
	if err != nil || int(g) >= f.numGlyphs {
		return 0
	}
	return uint16(g)
}

// unicodeMap maps each glyph that draws a character of the Basic
// Multilingual Plane to that character (the first, when several share a
// glyph), for the ToUnicode map of a fully embedded font. It is computed
// once per font; callers must not modify it.
func (f *trueTypeFont) unicodeMap() map[uint16]rune {
	f.unicodeOnce.Do(func() {
		f.unicode = map[uint16]rune{}
		var buf sfnt.Buffer
		for r := rune(0x20); r <= 0xFFFF; r++ {
			if r >= 0xD800 && r <= 0xDFFF {
				continue
			}
			g, err := f.sfnt.GlyphIndex(&buf, r)
			if err != nil || g == 0 || int(g) >= f.numGlyphs {
				continue
			}
			if _, ok := f.unicode[uint16(g)]; !ok {
				f.unicode[uint16(g)] = r
			}
		}
	})
	return f.unicode
}

// glyphData returns the outline bytes of glyph g.
func (f *trueTypeFont) glyphData(g uint16) []byte {
	glyf := f.tables["glyf"]
	start, end := f.loca[g], f.loca[g+1]
	if start >= end || uint64(end) > uint64(len(glyf)) {
		return nil
	}
	return glyf[start:end]
}

// Flags of a composite glyph component (OpenType glyf table).
const (
	compArgsAreWords = 0x0001
	compHaveScale    = 0x0008
	compMore         = 0x0020
	compXYScale      = 0x0040
	compTwoByTwo     = 0x0080
)

// components returns the glyphs a composite glyph is built from.
func (f *trueTypeFont) components(g uint16) []uint16 {
	d := f.glyphData(g)
	if len(d) < 10 || int16(binary.BigEndian.Uint16(d)) >= 0 {
		return nil
	}
	var out []uint16
	p := 10
	for p+4 <= len(d) {
		flags := binary.BigEndian.Uint16(d[p:])
		out = append(out, binary.BigEndian.Uint16(d[p+2:]))
		p += 4
		if flags&compArgsAreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&compHaveScale != 0:
			p += 2
		case flags&compXYScale != 0:
			p += 4
		case flags&compTwoByTwo != 0:
			p += 8
		}
		if flags&compMore == 0 {
			break
		}
	}
	return out
}

// subset returns a font file that keeps every glyph ID but carries outlines
// only for the used glyphs (and the glyphs they are composed of). Keeping
// the IDs lets the PDF use an identity CID-to-glyph map.
func (f *trueTypeFont) subset(used map[uint16]bool) []byte {
	keep := map[uint16]bool{0: true}
	var queue []uint16
	for g := range used {
		queue = append(queue, g)
	}
	for len(queue) > 0 {
		g := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if keep[g] || int(g) >= f.numGlyphs {
			continue
		}
		keep[g] = true
		queue = append(queue, f.components(g)...)
	}
	var glyf []byte
	loca := make([]byte, 4*(f.numGlyphs+1))
	for g := 0; g < f.numGlyphs; g++ {
		binary.BigEndian.PutUint32(loca[4*g:], uint32(len(glyf)))
		if keep[uint16(g)] {
			glyf = append(glyf, f.glyphData(uint16(g))...)
			for len(glyf)%4 != 0 {
				glyf = append(glyf, 0)
			}
		}
	}
	binary.BigEndian.PutUint32(loca[4*f.numGlyphs:], uint32(len(glyf)))

	head := append([]byte{}, f.tables["head"]...)
	binary.BigEndian.PutUint16(head[50:], 1) // long loca offsets
	tables := map[string][]byte{"head": head, "loca": loca, "glyf": glyf}
	for _, t := range []string{"hhea", "maxp", "hmtx", "cvt ", "fpgm", "prep", "OS/2"} {
		if b := f.tables[t]; b != nil {
			tables[t] = b
		}
	}
	return sfntfile.Write(tables)
}
