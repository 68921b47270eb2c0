package frompdf

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// Two runes drawn with one glyph gave two pairs of the same glyphs, in
// the map's random order: the table keeps one (the smallest runes'), in
// the same bytes each time; past maxKernPairs its length would wrap.
func TestKernTableDeterministic(t *testing.T) {
	uni := map[rune]int{'A': 1, 'Å': 1, 'V': 2}
	kerning := map[[2]rune]float64{{'A', 'V'}: -0.08, {'Å', 'V'}: -0.05, {'V', 'A'}: -0.07}
	first := kernTable(kerning, uni, 1000)
	for i := 0; i < 20; i++ {
		if b := kernTable(kerning, uni, 1000); !bytes.Equal(b, first) {
			t.Fatal("two kern tables of the same pairs differ")
		}
	}
	if n := binary.BigEndian.Uint16(first[10:]); n != 2 {
		t.Fatalf("%d pairs, want 2", n)
	}
	if v := int16(binary.BigEndian.Uint16(first[18+4:])); v != -80 {
		t.Errorf("A V kerned %d, want -80 (the pair of the smaller rune)", v)
	}
	big := map[[2]rune]float64{}
	buni := map[rune]int{}
	for r := rune(0); r < 200; r++ {
		buni[0x4e00+r] = int(r) + 1
	}
	for a := rune(0); a < 200; a++ {
		for b := rune(0); b < 200; b++ {
			big[[2]rune{0x4e00 + a, 0x4e00 + b}] = 1e9 // and out of int16
		}
	}
	tb := kernTable(big, buni, 1000)
	if n := binary.BigEndian.Uint16(tb[10:]); int(n) != maxKernPairs || len(tb) != 4+14+6*maxKernPairs {
		t.Errorf("%d pairs in %d bytes, want %d", n, len(tb), maxKernPairs)
	}
	if l := binary.BigEndian.Uint16(tb[6:]); int(l) != 14+6*maxKernPairs {
		t.Errorf("subtable length %d, want %d", l, 14+6*maxKernPairs)
	}
}
