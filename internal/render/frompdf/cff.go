package frompdf

import (
	"encoding/binary"
	"errors"
	"math"
	"strconv"
)

// A CFF font (FontFile3 /Type1C, /CIDFontType0C, or the CFF table of an
// /OpenType one) is a bare "Compact Font Format" program: browsers take
// it only inside an OpenType wrapper ('OTTO') with the sfnt tables that
// give its metrics and character map. cffFont reads what that wrapper
// needs: the glyph count, each glyph's advance and outline box (from its
// Type 2 charstring), the glyph names of a name-keyed font and the
// FontMatrix's units per em.

var errNotCFF = errors.New("not a CFF font")

// cffFont is a parsed CFF font (its first and only font).
type cffFont struct {
	data      []byte // the CFF program, as the OpenType 'CFF ' table
	numGlyphs int
	upem      int
	advances  []int    // per glyph, in font units
	boxes     [][4]int // per glyph: xMin, yMin, xMax, yMax
	inked     []bool   // per glyph: has an outline
	names     []string // per glyph ("" for CID-keyed fonts)
	fontBBox  [4]int
	// seac: a glyph is an accented one built from two others (endchar's
	// seac form), which outline does not draw.
	seac bool
	// outline runs glyph g's charstring again to collect its contours.
	outline func(g int) *cubicOutline
}

// cffIndex is a CFF INDEX: its items as slices of the font's bytes.
type cffIndex [][]byte

// readIndex reads the INDEX at off, returning it and the offset after it.
func readIndex(b []byte, off int) (cffIndex, int, error) {
	if off < 0 || off+2 > len(b) {
		return nil, 0, errNotCFF
	}
	count := int(binary.BigEndian.Uint16(b[off:]))
	if count == 0 {
		return nil, off + 2, nil
	}
	if off+3 > len(b) {
		return nil, 0, errNotCFF
	}
	size := int(b[off+2])
	if size < 1 || size > 4 || off+3+(count+1)*size > len(b) {
		return nil, 0, errNotCFF
	}
	offset := func(i int) int {
		v := 0
		for _, c := range b[off+3+i*size : off+3+(i+1)*size] {
			v = v<<8 | int(c)
		}
		return v
	}
	base := off + 3 + (count+1)*size - 1
	idx := make(cffIndex, count)
	for i := range idx {
		a, e := base+offset(i), base+offset(i+1)
		if a < base+1 || e < a || e > len(b) {
			return nil, 0, errNotCFF
		}
		idx[i] = b[a:e]
	}
	return idx, base + offset(count), nil
}

// cffDict is a Top, Font or Private DICT: operator -> operands (escaped
// operators are 1200+n).
type cffDict map[int][]float64

// maxDictOperand bounds a DICT operand: offsets and sizes read from one
// stay far from int overflow (a hostile real can be 1e300).
const maxDictOperand = 1 << 31

func readDict(b []byte) (cffDict, error) {
	d := cffDict{}
	var ops []float64
	for i := 0; i < len(b); {
		c := int(b[i])
		switch {
		case c <= 21:
			op := c
			i++
			if c == 12 {
				if i >= len(b) {
					return nil, errNotCFF
				}
				op = 1200 + int(b[i])
				i++
			}
			d[op] = ops
			ops = nil
		case c == 30:
			v, n := readReal(b[i+1:])
			if !(math.Abs(v) <= maxDictOperand) { // also NaN
				return nil, errNotCFF
			}
			ops = append(ops, v)
			i += 1 + n
		default:
			v, n, ok := readOperand(b[i:], false)
			if !ok {
				return nil, errNotCFF
			}
			ops = append(ops, v)
			i += n
		}
	}
	return d, nil
}

// readOperand reads an integer operand (a DICT's, or a charstring's with
// its 16.16 fixed form); n is its length in bytes.
func readOperand(b []byte, charstring bool) (v float64, n int, ok bool) {
	c := int(b[0])
	switch {
	case c >= 32 && c <= 246:
		return float64(c - 139), 1, true
	case c >= 247 && c <= 250 && len(b) >= 2:
		return float64((c-247)*256 + int(b[1]) + 108), 2, true
	case c >= 251 && c <= 254 && len(b) >= 2:
		return float64(-(c-251)*256 - int(b[1]) - 108), 2, true
	case c == 28 && len(b) >= 3:
		return float64(int16(binary.BigEndian.Uint16(b[1:]))), 3, true
	case c == 29 && !charstring && len(b) >= 5:
		return float64(int32(binary.BigEndian.Uint32(b[1:]))), 5, true
	case c == 255 && charstring && len(b) >= 5:
		return float64(int32(binary.BigEndian.Uint32(b[1:]))) / 65536, 5, true
	}
	return 0, 0, false
}

// readReal reads a DICT real number's nibbles; n is their length in bytes.
func readReal(b []byte) (float64, int) {
	s := make([]byte, 0, 16)
	for i, c := range b {
		for _, nib := range []byte{c >> 4, c & 15} {
			switch {
			case nib <= 9:
				s = append(s, '0'+nib)
			case nib == 0xa:
				s = append(s, '.')
			case nib == 0xb:
				s = append(s, 'E')
			case nib == 0xc:
				s = append(s, 'E', '-')
			case nib == 0xe:
				s = append(s, '-')
			case nib == 0xf:
				v, _ := strconv.ParseFloat(string(s), 64)
				return v, i + 1
			}
		}
	}
	return 0, len(b)
}

// at is a DICT entry's i-th operand (def when missing).
func (d cffDict) at(op, i int, def float64) float64 {
	if v, ok := d[op]; ok && i < len(v) {
		return v[i]
	}
	return def
}

// cffPrivate is what a glyph's charstring needs from its Private DICT.
type cffPrivate struct {
	subrs              cffIndex
	defaultW, nominalW float64
	scale              float64 // the FontMatrix's x scale (font units -> em)
	hasMatrix          bool
}

// parseCFF reads a bare CFF program, or the 'CFF ' table of an OpenType
// font.
func parseCFF(b []byte) (*cffFont, error) {
	if len(b) >= 12 && string(b[:4]) == "OTTO" {
		if b = sfntTable(b, "CFF "); b == nil {
			return nil, errNotCFF
		}
	}
	if len(b) < 4 || b[0] != 1 {
		return nil, errNotCFF
	}
	names, next, err := readIndex(b, int(b[2]))
	if err != nil || len(names) != 1 {
		return nil, errNotCFF
	}
	tops, next, err := readIndex(b, next)
	if err != nil || len(tops) != 1 {
		return nil, errNotCFF
	}
	strs, next, err := readIndex(b, next)
	if err != nil {
		return nil, err
	}
	gsubrs, _, err := readIndex(b, next)
	if err != nil {
		return nil, err
	}
	top, err := readDict(tops[0])
	if err != nil {
		return nil, err
	}
	if top.at(1206, 0, 2) != 2 {
		return nil, errNotCFF // Type 1 charstrings
	}
	charStrings, _, err := readIndex(b, int(top.at(17, 0, -1)))
	if err != nil || len(charStrings) == 0 {
		return nil, errNotCFF
	}
	f := &cffFont{data: b, numGlyphs: len(charStrings)}
	topScale, topMatrix := 0.001, false
	if m, ok := top[1207]; ok && len(m) == 6 {
		if m[1] != 0 || m[2] != 0 || m[0] <= 0 || math.Abs(m[3]-m[0]) > 1e-9 {
			return nil, errNotCFF // skewed or stretched: not one units-per-em
		}
		topScale, topMatrix = m[0], true
	}
	for i := range f.fontBBox {
		f.fontBBox[i] = int(top.at(5, i, 0))
	}
	// Each glyph's Private DICT: the font's, or its Font DICT's (CID-keyed).
	privs := []*cffPrivate{}
	var fdOf func(g int) int
	if _, cid := top[1230]; cid {
		fds, _, err := readIndex(b, int(top.at(1236, 0, -1)))
		if err != nil || len(fds) == 0 {
			return nil, errNotCFF
		}
		for _, fd := range fds {
			fdd, err := readDict(fd)
			if err != nil {
				return nil, err
			}
			p, err := readPrivate(b, fdd, gsubrs)
			if err != nil {
				return nil, err
			}
			p.scale = topScale
			if m, ok := fdd[1207]; ok && len(m) == 6 {
				if m[1] != 0 || m[2] != 0 || m[0] <= 0 || math.Abs(m[3]-m[0]) > 1e-9 {
					return nil, errNotCFF
				}
				p.scale = m[0]
				if topMatrix {
					p.scale = m[0] * topScale
				}
			}
			privs = append(privs, p)
		}
		sel, err := readFDSelect(b, int(top.at(1237, 0, -1)), f.numGlyphs, len(fds))
		if err != nil {
			return nil, err
		}
		fdOf = func(g int) int { return sel[g] }
	} else {
		p, err := readPrivate(b, top, gsubrs)
		if err != nil {
			return nil, err
		}
		p.scale = topScale
		privs = append(privs, p)
		fdOf = func(int) int { return 0 }
		sids, err := readCharset(b, int(top.at(15, 0, 0)), f.numGlyphs)
		if err != nil {
			return nil, err
		}
		f.names = make([]string, f.numGlyphs)
		for g, sid := range sids {
			f.names[g] = cffString(strs, sid)
		}
	}
	scale := privs[0].scale
	for _, p := range privs {
		if math.Abs(p.scale-scale) > 1e-9 {
			return nil, errNotCFF // Font DICTs of different sizes
		}
	}
	f.upem = int(math.Round(1 / scale))
	if f.upem < 16 || f.upem > 16384 || math.Abs(float64(f.upem)*scale-1) > 1e-3 {
		return nil, errNotCFF
	}
	f.outline = func(g int) *cubicOutline {
		run := &charstringRun{gsubrs: gsubrs, subrs: privs[fdOf(g)].subrs, outline: &cubicOutline{}}
		if err := run.exec(charStrings[g], 0); err != nil && err != errEndChar {
			return &cubicOutline{}
		}
		return run.outline
	}
	f.advances = make([]int, f.numGlyphs)
	f.boxes = make([][4]int, f.numGlyphs)
	f.inked = make([]bool, f.numGlyphs)
	ops := 0
	for g, cs := range charStrings {
		p := privs[fdOf(g)]
		run := &charstringRun{gsubrs: gsubrs, subrs: p.subrs}
		if err := run.exec(cs, 0); err != nil && err != errEndChar {
			return nil, errNotCFF
		}
		if ops += run.ops; ops > maxFontCharstringOps {
			return nil, errNotCFF
		}
		f.seac = f.seac || run.seac
		w := p.defaultW
		if run.hasWidth {
			w = p.nominalW + run.width
		}
		f.advances[g] = int(math.Round(w))
		if run.inked {
			f.inked[g] = true
			f.boxes[g] = [4]int{int(math.Floor(run.minX)), int(math.Floor(run.minY)), int(math.Ceil(run.maxX)), int(math.Ceil(run.maxY))}
		}
	}
	return f, nil
}

// maxFontCharstringOps bounds the charstring work of one font (every
// glyph within maxCharstringOps still adds up over 65535 glyphs).
const maxFontCharstringOps = 1 << 24

// readPrivate reads the Private DICT a Top or Font DICT points to.
func readPrivate(b []byte, d cffDict, gsubrs cffIndex) (*cffPrivate, error) {
	p := &cffPrivate{}
	size, off := int(d.at(18, 0, 0)), int(d.at(18, 1, 0))
	if size == 0 {
		return p, nil
	}
	if off < 0 || size < 0 || off > len(b) || size > len(b)-off {
		return nil, errNotCFF
	}
	pd, err := readDict(b[off : off+size])
	if err != nil {
		return nil, err
	}
	p.defaultW, p.nominalW = pd.at(20, 0, 0), pd.at(21, 0, 0)
	if so, ok := pd[19]; ok && len(so) == 1 {
		if p.subrs, _, err = readIndex(b, off+int(so[0])); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// readCharset reads the glyphs' string ids (name-keyed) or CIDs.
func readCharset(b []byte, off, n int) ([]int, error) {
	out := make([]int, n)
	if off <= 2 { // the predefined ISOAdobe charset (Expert ones are not used in PDFs' text fonts)
		for g := range out {
			out[g] = g
		}
		if off != 0 {
			return nil, errNotCFF
		}
		return out, nil
	}
	if off >= len(b) {
		return nil, errNotCFF
	}
	format, i := b[off], off+1
	u16 := func(at int) (int, bool) {
		if at+2 > len(b) {
			return 0, false
		}
		return int(binary.BigEndian.Uint16(b[at:])), true
	}
	for g := 1; g < n; {
		first, ok := u16(i)
		if !ok {
			return nil, errNotCFF
		}
		switch format {
		case 0:
			out[g] = first
			g, i = g+1, i+2
			continue
		case 1:
			if i+3 > len(b) {
				return nil, errNotCFF
			}
			left := int(b[i+2])
			for k := 0; k <= left && g < n; k++ {
				out[g] = first + k
				g++
			}
			i += 3
		case 2:
			left, ok := u16(i + 2)
			if !ok {
				return nil, errNotCFF
			}
			for k := 0; k <= left && g < n; k++ {
				out[g] = first + k
				g++
			}
			i += 4
		default:
			return nil, errNotCFF
		}
	}
	return out, nil
}

// readFDSelect reads which Font DICT each glyph uses (formats 0 and 3).
func readFDSelect(b []byte, off, n, fds int) ([]int, error) {
	if off < 0 || off >= len(b) {
		return nil, errNotCFF
	}
	out := make([]int, n)
	switch b[off] {
	case 0:
		if off+1+n > len(b) {
			return nil, errNotCFF
		}
		for g := range out {
			out[g] = int(b[off+1+g])
		}
	case 3:
		if off+3 > len(b) {
			return nil, errNotCFF
		}
		ranges := int(binary.BigEndian.Uint16(b[off+1:]))
		if off+3+3*ranges+2 > len(b) {
			return nil, errNotCFF
		}
		for r := 0; r < ranges; r++ {
			at := off + 3 + 3*r
			first, fd := int(binary.BigEndian.Uint16(b[at:])), int(b[at+2])
			end := int(binary.BigEndian.Uint16(b[at+3:]))
			for g := first; g < end && g < n; g++ {
				out[g] = fd
			}
		}
	default:
		return nil, errNotCFF
	}
	for _, fd := range out {
		if fd >= fds {
			return nil, errNotCFF
		}
	}
	return out, nil
}

// cffString is string id sid: a standard string or one of the font's.
func cffString(strs cffIndex, sid int) string {
	if sid < len(cffStandardStrings) {
		return cffStandardStrings[sid]
	}
	if i := sid - len(cffStandardStrings); i < len(strs) {
		return string(strs[i])
	}
	return ""
}

// sfntTable is the table tag of an sfnt file (nil when absent).
func sfntTable(b []byte, tag string) []byte {
	n := int(binary.BigEndian.Uint16(b[4:]))
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(b) {
			return nil
		}
		if string(b[rec:rec+4]) == tag {
			off, ln := int(binary.BigEndian.Uint32(b[rec+8:])), int(binary.BigEndian.Uint32(b[rec+12:]))
			if off+ln > len(b) || off+ln < off {
				return nil
			}
			return b[off : off+ln]
		}
	}
	return nil
}
