package frompdf

import "strings"

// PDF font descriptor flags (PDF 1.7, 9.8.2).
const (
	flagFixedPitch = 1 << 0
	flagSerif      = 1 << 1
	flagItalic     = 1 << 6
	flagForceBold  = 1 << 18
)

// mapFont turns a PDF font name ("ABCDEF+Arial-BoldMT") into a family and
// a stack of close web-safe families, as the browser may lack the
// original: sans fonts fall back to Arial/Liberation Sans (metric
// compatible with Helvetica), serif ones to Times/Liberation Serif, fixed
// pitch ones to Courier/Liberation Mono.
func mapFont(name string, flags, weight int) Font {
	base := name
	if i := strings.IndexByte(base, '+'); i == 6 {
		base = base[i+1:]
	}
	lower := strings.ToLower(base)
	family, style := base, ""
	if i := strings.IndexAny(base, ",-"); i > 0 {
		family, style = base[:i], strings.ToLower(base[i+1:])
	}
	family = strings.TrimSuffix(strings.TrimSuffix(family, "MT"), "PS")
	family = splitCamel(family)
	f := Font{Family: family}
	f.Bold = weight >= 600 || flags&flagForceBold != 0 || strings.Contains(style, "bold") || strings.Contains(style, "black") || strings.Contains(style, "heavy") || strings.Contains(style, "semibold")
	f.Italic = flags&flagItalic != 0 || strings.Contains(style, "italic") || strings.Contains(style, "oblique")
	switch {
	case strings.HasPrefix(lower, "dejavu"):
		// DejaVu is installed wherever Quire renders; keep it, its metrics differ.
		switch {
		case strings.Contains(lower, "mono"):
			f.Generic = `"DejaVu Sans Mono", monospace`
		case strings.Contains(lower, "serif") && !strings.Contains(lower, "sans"):
			f.Generic = `"DejaVu Serif", serif`
		default:
			f.Generic = `"DejaVu Sans", sans-serif`
		}
	case flags&flagFixedPitch != 0 || strings.Contains(lower, "courier") || strings.Contains(lower, "mono") || strings.Contains(lower, "consol"):
		f.Generic = `"Liberation Mono", "Courier New", Courier, monospace`
	case strings.Contains(lower, "times") || strings.Contains(lower, "serif") && !strings.Contains(lower, "sans") ||
		strings.Contains(lower, "georgia") || strings.Contains(lower, "garamond") || strings.Contains(lower, "cambria") ||
		strings.Contains(lower, "minion") ||
		// "Roman" and "Book" are weights of sans families too (HelveticaNeue-Roman, FranklinGothic-Book).
		(strings.Contains(lower, "roman") || strings.Contains(lower, "book") || flags&flagSerif != 0) && !sansName(lower):
		f.Generic = `"Liberation Serif", "Times New Roman", Times, Georgia, serif`
	default:
		f.Generic = `"Liberation Sans", Arial, Helvetica, sans-serif`
	}
	return f
}

// sansName reports whether a lower-case font name names a sans family.
func sansName(lower string) bool {
	for _, s := range []string{"sans", "arial", "helvet", "gothic", "myriad", "univers", "futura", "avenir", "gotham", "verdana", "tahoma", "calibri"} {
		if strings.Contains(lower, s) {
			return true
		}
	}
	return false
}

// splitCamel turns "LiberationSerif" into "Liberation Serif".
func splitCamel(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if i > 0 && r >= 'A' && r <= 'Z' && rs[i-1] >= 'a' && rs[i-1] <= 'z' {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
