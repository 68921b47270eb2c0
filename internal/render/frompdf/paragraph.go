package frompdf

import (
	"fmt"
	"math"
	"strings"
)

// paragraph returns the lines of the paragraph that starts at bs[0]:
// bands that each hold one line of text, one under the other with the
// same left edge, font, size and colour and an even leading (nil or one
// line when bs[0] starts none).
func paragraph(p *Page, bs []band) []Run {
	var lines []Run
	for _, bd := range bs {
		if len(bd.items) != 1 || bd.items[0].kind != kindRun {
			break
		}
		r := narrowIfWider(p.Runs[bd.items[0].index])
		// OCR text over a scan and turned text stay where they were drawn.
		if hasBlank(r) || r.AlignRight || r.Invisible || r.Turned() {
			break
		}
		if n := len(lines); n > 0 {
			first := lines[0]
			if math.Abs(r.X-first.X) > 0.5 || r.Font != first.Font || math.Abs(r.Size-first.Size) > 0.05 || r.Color != first.Color {
				break
			}
			leading := r.Baseline - lines[n-1].Baseline
			if leading < first.Size || leading > 2*first.Size {
				break
			}
			if n > 1 && math.Abs(leading-(lines[1].Baseline-first.Baseline)) > 0.3 {
				break
			}
		}
		lines = append(lines, r)
	}
	return lines
}

// paragraph writes lines in flow from y (the bottom of the content
// above, in points) and returns the bottom of the last. Each line is a
// block at its place that keeps its break and its spacing, as wide as
// the paragraph: a longer value wraps inside that width and moves the
// lines below, and what follows, down. (One flowing block with a
// line-height placed the baselines by the browser's rounded font metrics,
// a pixel off on some lines.)
func (w *htmlWriter) paragraph(b *strings.Builder, lines []Run, y float64) float64 {
	first := lines[0]
	width := 0.0
	for _, r := range lines {
		width = math.Max(width, math.Max(r.W, renderedWidth(r)))
	}
	// A little room, so rounding never breaks a line the PDF kept whole.
	width += 0.02*width + first.Size/2
	// Each line box is as tall as the paragraph's leading, to a whole
	// number of pixels above and below the line's glyphs: the browser
	// places the baseline as with line-height 1, shifted by exactly that
	// (a fractional half leading is rounded by the browser's font metrics,
	// a pixel off on some lines), and a wrapped value's lines keep the
	// paragraph's spacing.
	leading := (lines[len(lines)-1].Baseline - first.Baseline) / float64(len(lines)-1)
	half := math.Max(0, math.Round((leading-first.Size)/0.75/2)) // px
	for _, r := range lines {
		top := layoutUnit(r.Baseline-baselineOffset(r.Font)*r.Size) - 0.75*half
		height := layoutUnit(r.Size) + 1.5*half
		style := fmt.Sprintf("margin-left: %spt; width: %spt; font-size: %spt; line-height: calc(1em + %gpx);", num(r.X), num(width), num(r.Size), 2*half)
		style += fitStyle(r) + baselineShift(r, layoutUnit(r.Baseline-baselineOffset(r.Font)*r.Size))
		if r.Color != "" && r.Color != "#000000" {
			style += " color: " + r.Color + ";"
		}
		fmt.Fprintf(b, "<div class=\"band\" style=\"margin-top: %s; min-height: %s;\"><div class=\"pl %s\" style=\"%s\">%s</div></div>\n", px(top-y), px(height), w.fontClass(r.Font), style, r.content())
		y = top + height
	}
	return y
}
