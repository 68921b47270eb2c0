package frompdf

import (
	"cmp"
	"encoding/binary"
	"maps"
	"math"
	"slices"
)

// Embedded subsets come without their kern table, but the PDF drew its
// letter pairs kerned ("Yo", "AV"): without kerning the browser sets the
// text wider than the PDF. The kerning is read back from where PDFium
// puts each character's origin: a pair drawn closer (or farther) than the
// first glyph's advance, by the same amount each time, is kerned by it,
// and the rebuilt font gets a kern table of those pairs.

const (
	maxPairSamples = 8
	// minKern is the smallest kerning, in ems, taken for a pair (a
	// thousandth of an em is PDFium's rounding).
	minKern = 0.006
	// kernSpread is how far, in ems, a pair's distances may spread.
	kernSpread = 0.003
	// maxPositiveKern bounds a pair drawn apart: farther is a gap, not
	// kerning.
	maxPositiveKern = 0.05
)

// pairSample is a letter pair as drawn: the distance between the
// origins and the width PDFium gives the first letter, in ems.
type pairSample struct{ dist, width float64 }

// observePair records the distance from prev's origin to c's, when both
// are letters of the same font drawn one after the other on one line.
func (pf *pdfFont) observePair(prev *char, c char) {
	if prev == nil || prev.font.Web != c.font.Web || prev.r == ' ' || c.r == ' ' ||
		math.Abs(prev.size-c.size) > 0.01 || math.Abs(prev.baseline-c.baseline) > 0.01*c.size || c.originX <= prev.originX {
		return
	}
	k := [2]rune{prev.r, c.r}
	if d := pf.pairs[k]; len(d) < maxPairSamples {
		pf.pairs[k] = append(d, pairSample{(c.originX - prev.originX) / c.size, (prev.right - prev.left) / prev.size})
	}
}

// measureKerning is the kerning of the pairs of uni's characters, in ems:
// the distance the PDF drew them at less the first glyph's advance, when
// it is the same every time. A font whose pairs are mostly not at their
// advance (spaced letters) gets none; a pair drawn condensed (its first
// letter narrower than the glyph) is not measured.
func (pf *pdfFont) measureKerning(uni map[rune]int) map[[2]rune]float64 {
	upem := float64(pf.font.unitsPerEm())
	kerning := map[[2]rune]float64{}
	plain, total := 0, 0
	for k, ds := range pf.pairs {
		g, ok := uni[k[0]]
		if _, ok2 := uni[k[1]]; !ok || !ok2 {
			continue
		}
		adv := float64(pf.font.advance(g)) / upem
		loose := float64(looseWidth(pf.font, g)) / upem
		var offs []float64
		for _, d := range ds {
			if math.Abs(d.width-loose) <= boxTolerance {
				offs = append(offs, d.dist-adv)
			}
		}
		if len(offs) == 0 {
			continue
		}
		slices.Sort(offs)
		total++
		med := offs[len(offs)/2]
		if math.Abs(med) < minKern {
			plain++
			continue
		}
		if offs[len(offs)-1]-offs[0] <= kernSpread && med >= -0.3 && med <= maxPositiveKern {
			kerning[k] = med
		}
	}
	if total == 0 || 10*plain < 8*total {
		return nil
	}
	return kerning
}

// maxKernPairs is the most pairs a format 0 kern subtable's 16-bit
// length holds (14 + 6n bytes).
const maxKernPairs = (0xffff - 14) / 6

// kernTable is a kern table (version 0, one horizontal format 0
// subtable) of kerning (nil when it is empty).
func kernTable(kerning map[[2]rune]float64, uni map[rune]int, upem int) []byte {
	type pair struct {
		left, right uint16
		value       int16
	}
	// Two runes can map to one glyph: of pairs with the same glyphs, the
	// one of the smallest runes is kept (the map's order is random).
	keys := slices.SortedFunc(maps.Keys(kerning), func(a, b [2]rune) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
	})
	var pairs []pair
	seen := map[[2]uint16]bool{}
	for _, k := range keys {
		g := [2]uint16{uint16(uni[k[0]]), uint16(uni[k[1]])}
		if seen[g] {
			continue
		}
		seen[g] = true
		v := math.Max(math.MinInt16, math.Min(math.MaxInt16, math.Round(kerning[k]*float64(upem))))
		pairs = append(pairs, pair{g[0], g[1], int16(v)})
	}
	if len(pairs) == 0 {
		return nil
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		return cmp.Or(cmp.Compare(a.left, b.left), cmp.Compare(a.right, b.right))
	})
	// The subtable's length is 16 bits: past maxKernPairs the last
	// (highest glyph ids) are left out.
	if len(pairs) > maxKernPairs {
		pairs = pairs[:maxKernPairs]
	}
	be := binary.BigEndian
	n := len(pairs)
	b := make([]byte, 4+14+6*n)
	be.PutUint16(b[2:], 1)              // version 0, one subtable
	be.PutUint16(b[6:], uint16(14+6*n)) // subtable length
	be.PutUint16(b[8:], 0x0001)         // horizontal, format 0
	be.PutUint16(b[10:], uint16(n))
	p2 := 1
	for p2*2 <= n {
		p2 *= 2
	}
	be.PutUint16(b[12:], uint16(6*p2))
	be.PutUint16(b[14:], uint16(math.Log2(float64(p2))))
	be.PutUint16(b[16:], uint16(6*n-6*p2))
	for i, p := range pairs {
		o := 18 + 6*i
		be.PutUint16(b[o:], p.left)
		be.PutUint16(b[o+2:], p.right)
		be.PutUint16(b[o+4:], uint16(p.value))
	}
	return b
}

// webKern is the kerning, in ems, of the pair a b drawn in f's embedded
// font (0 when it has none).
func webKern(f Font, a, b rune) float64 {
	if f.metrics == nil {
		return 0
	}
	return f.metrics.kerning[[2]rune{a, b}]
}
