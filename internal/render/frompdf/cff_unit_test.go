package frompdf

import (
	"encoding/binary"
	"testing"
)

// cffIndexBytes is a CFF INDEX of items (4-byte offsets).
func cffIndexBytes(items ...[]byte) []byte {
	out := binary.BigEndian.AppendUint16(nil, uint16(len(items)))
	if len(items) == 0 {
		return out
	}
	out = append(out, 4)
	off := uint32(1)
	out = binary.BigEndian.AppendUint32(out, off)
	for _, it := range items {
		off += uint32(len(it))
		out = binary.BigEndian.AppendUint32(out, off)
	}
	for _, it := range items {
		out = append(out, it...)
	}
	return out
}

// dictInt is a DICT integer operand in its 5-byte form.
func dictInt(v int) []byte { return binary.BigEndian.AppendUint32([]byte{29}, uint32(int32(v))) }

// TestParseCFF reads a small name-keyed CFF font built here: a FontMatrix
// of 2048 units per em, two glyphs (.notdef and "A", charset format 0),
// widths from nominalWidthX and defaultWidthX, and A's control box from
// its charstring (a triangle with a curve through a local subroutine).
func TestParseCFF(t *testing.T) {
	// A: width 100 (plus the nominal 500), rmoveto 10 0, rlineto 1000 0,
	// callsubr -107 (subr 0 once biased), endchar.
	a := []byte{139 + 100, 139 + 10, 139, 21, 250, 124 /* 1000 */, 139, 5, 139 - 107, 10, 14}
	f, err := parseCFF(testCFF(a))
	if err != nil {
		t.Fatal(err)
	}
	if f.upem != 2048 || f.numGlyphs != 2 {
		t.Fatalf("upem %d, %d glyphs; want 2048 and 2", f.upem, f.numGlyphs)
	}
	if f.advances[0] != 300 || f.advances[1] != 600 {
		t.Errorf("advances %v, want [300 600] (default, nominal + 100)", f.advances)
	}
	if got := f.glyphsOf('A'); len(got) != 1 || got[0] != 1 {
		t.Errorf("glyphs of 'A': %v, want [1]", got)
	}
	// points: (10,0) (1010,0) then curve controls (510,700) (510,800) end (20,0)
	if box, ok := f.bbox(1); !ok || box != [4]int{10, 0, 1010, 800} {
		t.Errorf("control box %v (%v), want [10 0 1010 800]", box, ok)
	}
	if f.drawn(0) {
		t.Error(".notdef has no outline")
	}
}

// testCFF is a small name-keyed CFF font: a FontMatrix of 2048 units per
// em, two glyphs (.notdef, an endchar of the default width 300, and "A",
// charstring a; charset format 0), nominalWidthX 500 and one local
// subroutine (a curve).
func testCFF(a []byte) []byte {
	notdef := []byte{14}
	// subr 0: rrcurveto -500 700 0 100 -490 -800, return.
	var subr []byte
	for _, v := range []int{-500, 700, 0, 100, -490, -800} {
		subr = append(subr, 28, byte(uint16(int16(v))>>8), byte(uint16(int16(v))))
	}
	subr = append(subr, 8, 11)
	private := append(append(dictInt(300), 20), append(dictInt(500), 21)...)
	privateWithSubrs := func(subrsOff int) []byte {
		return append(append([]byte(nil), private...), append(dictInt(subrsOff), 19)...)
	}
	privLen := len(privateWithSubrs(0))
	topFor := func(charset, charStrings, privOff int) []byte {
		var d []byte
		// FontMatrix [1/2048 0 0 1/2048 0 0] as reals: 0.00048828125
		real := []byte{30, 0x0a, 0x00, 0x04, 0x88, 0x28, 0x12, 0x5f}
		for _, v := range []int{1, 0, 0, 1, 0, 0} {
			if v == 1 {
				d = append(d, real...)
			} else {
				d = append(d, 139)
			}
		}
		d = append(d, 12, 7)
		d = append(d, append(dictInt(charset), 15)...)
		d = append(d, append(dictInt(charStrings), 17)...)
		d = append(d, append(append(dictInt(privLen), dictInt(privOff)...), 18)...)
		return d
	}
	header := []byte{1, 0, 4, 4}
	names := cffIndexBytes([]byte("Test"))
	topLen := len(cffIndexBytes(topFor(0, 0, 0)))
	strs := cffIndexBytes()
	gsubrs := cffIndexBytes()
	charsetOff := len(header) + len(names) + topLen + len(strs) + len(gsubrs)
	charset := []byte{0, 0, 34} // glyph 1: string id 34 ("A")
	charStringsOff := charsetOff + len(charset)
	charStrings := cffIndexBytes(notdef, a)
	privOff := charStringsOff + len(charStrings)
	subrs := cffIndexBytes(subr)
	priv := privateWithSubrs(privLen)
	var b []byte
	b = append(b, header...)
	b = append(b, names...)
	b = append(b, cffIndexBytes(topFor(charsetOff, charStringsOff, privOff))...)
	b = append(b, strs...)
	b = append(b, gsubrs...)
	b = append(b, charset...)
	b = append(b, charStrings...)
	b = append(b, priv...)
	b = append(b, subrs...)

	return b
}
