package frompdf

import (
	"cmp"
	"slices"
)

// A subset whose codes are the producer's own (sequential codes, no
// usable cmap or glyph names) ties its glyphs to characters only by
// their advances and outline boxes, and a few glyphs look alike: E and L
// of the same width and box, i and l. assignGlyphs resolves them as a
// whole: a glyph that only one character matches is that character's
// and no other's; of two glyphs a character matches, the one whose box is
// clearly nearer PDFium's wins; and in a subset whose glyphs come in the
// order of the characters' Unicode values or of their first use (checked
// on the ones already known), that order decides.

// nearOff is how far, in ems, the nearest glyph's box may be from
// PDFium's to be chosen over another one, which must be nearOffGap
// farther.
const (
	nearOff    = 0.0008
	nearOffGap = 0.0005
)

// looseBoxTolerance is how far, in ems, a glyph box's top and bottom may
// be from PDFium's when no glyph is within boxTolerance: some CFF fonts'
// boxes come 0.011 em taller out of PDFium. Such a glyph is only taken
// when no other glyph matches.
const looseBoxTolerance = 0.012

// assignGlyphs ties each of runes to its glyph in pf (absent: none
// found).
func (pf *pdfFont) assignGlyphs(runes []rune) map[rune]int {
	uni := map[rune]int{}
	taken := map[int]bool{}
	open := map[rune][]glyphFit{}
	loose := map[rune]bool{}
	for _, r := range runes {
		if gid := pf.mappedGlyph(r); gid != 0 {
			uni[r] = gid
			taken[gid] = true
			continue
		}
		fits := pf.candidateGlyphs(r, boxTolerance)
		if len(fits) == 0 && r != ' ' {
			fits, loose[r] = pf.candidateGlyphs(r, looseBoxTolerance), true
		}
		if len(fits) > 0 {
			open[r] = fits
		}
	}
	assign := func(r rune, gid int) {
		uni[r] = gid
		taken[gid] = true
		delete(open, r)
	}
	for changed := true; changed && len(open) > 0; {
		changed = false
		for _, r := range sortedRunes(open) {
			fits := slices.DeleteFunc(open[r], func(f glyphFit) bool { return taken[f.gid] })
			open[r] = fits
			switch {
			case len(fits) == 0:
				delete(open, r)
			case len(fits) == 1:
				assign(r, fits[0].gid)
				changed = true
			}
		}
		if changed {
			continue
		}
		for _, r := range sortedRunes(open) {
			if gid := nearestFit(open[r]); gid != 0 && !loose[r] {
				assign(r, gid)
				changed = true
				break
			}
		}
		if changed {
			continue
		}
		unicode := func(r rune) int { return int(r) }
		firstUse := func(r rune) int { return pf.firstUse[r] }
		for _, r := range sortedRunes(open) {
			gid := inOrder(r, open[r], uni, unicode)
			if gid == 0 {
				gid = inOrder(r, open[r], uni, firstUse)
			}
			if gid != 0 {
				assign(r, gid)
				changed = true
				break
			}
		}
	}
	return uni
}

// nearestFit is the glyph of fits whose box is clearly nearer PDFium's
// than the others' (0 = none is).
func nearestFit(fits []glyphFit) int {
	best := slices.MinFunc(fits, func(a, b glyphFit) int { return cmp.Compare(a.off, b.off) })
	if best.off > nearOff {
		return 0
	}
	for _, f := range fits {
		if f.gid != best.gid && f.off < best.off+nearOffGap {
			return 0
		}
	}
	return best.gid
}

// inOrder is the one glyph of fits that keeps the font's glyphs known
// so far (uni) in the order of their characters' keys, when they all are
// in that order (0 = none or several).
func inOrder(r rune, fits []glyphFit, uni map[rune]int, key func(rune) int) int {
	known := make([]rune, 0, len(uni))
	for q := range uni {
		if q != ' ' {
			known = append(known, q)
		}
	}
	if len(known) < 4 {
		return 0
	}
	slices.SortFunc(known, func(a, b rune) int { return key(a) - key(b) })
	for i := 1; i < len(known); i++ {
		if uni[known[i]] <= uni[known[i-1]] {
			return 0
		}
	}
	found := 0
	for _, f := range fits {
		ok := true
		for _, q := range known {
			if (key(q) < key(r)) != (uni[q] < f.gid) {
				ok = false
				break
			}
		}
		if ok {
			if found != 0 {
				return 0
			}
			found = f.gid
		}
	}
	return found
}

func sortedRunes[V any](m map[rune]V) []rune {
	rs := make([]rune, 0, len(m))
	for r := range m {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	return rs
}
