package frompdf

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Ascent ratios of the web families the fonts map to, for placing a
// baseline: with line-height 1 a line's baseline lies
// size*(1+ascent-descent)/2 below its top.
func baselineOffset(f Font) float64 {
	ascent, descent := webAscent(f)
	return (1 + ascent - descent) / 2
}

// baselineShift is the CSS that moves r's glyphs from the whole CSS
// pixel Chromium prints a baseline on to the PDF's baseline ("" when
// within 0.05 px). For a line box of line-height 1 whose top is at top
// (pt, on the page), Chromium draws the baseline at the top rounded to a
// pixel, plus the font's ascent rounded to a pixel, plus half the leading
// left by the rounded ascent and descent, rounded down (measured: the
// printed PDF's text matrices sit on whole pixels, paclitaxel's 12 pt
// lines 0.25–0.5 pt above the original's, invoice-chromium's 10 pt ones
// where this puts them). A transform is drawn as it is, not snapped.
func baselineShift(r Run, top float64) string {
	size := r.Size * 4 / 3
	ascent, descent := webAscent(r.Font)
	a, d := math.Round(ascent*size), math.Round(descent*size)
	drawn := math.Round(top*4/3) + a + math.Floor((size-a-d)/2)
	shift := r.Baseline*4/3 - drawn
	if math.Abs(shift) <= 0.05 {
		return ""
	}
	return fmt.Sprintf(" transform: translateY(%spx);", num(shift))
}

// webAscent is the ascent and descent, in ems, of the web-safe family f
// maps to (an embedded font is given the same, so lines stay put).
func webAscent(f Font) (ascent, descent float64) {
	switch {
	case strings.Contains(f.Generic, "DejaVu"):
		return 0.928, 0.236
	case strings.Contains(f.Generic, "Mono"):
		return 0.833, 0.300
	case strings.Contains(f.Generic, "Serif"):
		return 0.891, 0.216
	default:
		return 0.905, 0.212
	}
}

// papers are the paper sizes a page within half a point of is declared
// as, by name: Quartz writes A4 as 595×842 pt, which Chromium, printing
// on A4, shrank to fit and moved a pixel right (quartz-text's lines and
// words a pixel off). The page box is the paper's, rounded down so it
// never spills onto a second sheet.
var papers = []struct {
	name          string
	w, h          float64
	width, height string
}{
	{"A4", 595.276, 841.89, "595.27pt", "841.88pt"},
	{"letter", 612, 792, "612pt", "792pt"},
}

// pageSize is a page's CSS @page size.
func pageSize(p *Page) string {
	for _, pp := range papers {
		if math.Abs(p.Width-pp.w) < 0.5 && math.Abs(p.Height-pp.h) < 0.5 {
			return pp.name
		}
	}
	return num(p.Width) + "pt " + num(p.Height) + "pt"
}

// pageBox is the width and height of a page of CSS @page size.
func pageBox(size string) (width, height string) {
	for _, pp := range papers {
		if size == pp.name {
			return pp.width, pp.height
		}
	}
	f := strings.Fields(size)
	return f[0], f[1]
}

// htmlWriter builds the template source.
type htmlWriter struct {
	b       strings.Builder
	classes map[string]string // font CSS -> class name
	order   []string
	used    []Font // fonts with an embedded web font, in order of use
	// pageWidth is the width of the page being written.
	pageWidth float64
}

// renderHTML lays pages out as positioned blocks (and flowing item rows).
func renderHTML(title, lang string, pages []*Page, fonts *fontRegistry) string {
	w := &htmlWriter{classes: map[string]string{}}
	var body strings.Builder
	sizes := map[string]string{}
	var sizeOrder []string
	for _, p := range pages {
		key := pageSize(p)
		if _, ok := sizes[key]; !ok {
			sizes[key] = fmt.Sprintf("p%d", len(sizes)+1)
			sizeOrder = append(sizeOrder, key)
		}
	}
	for _, p := range pages {
		key := pageSize(p)
		w.flowPage(&body, p, sizes[key])
	}
	b := &w.b
	b.WriteString("<!DOCTYPE html>\n<html lang=\"" + html.EscapeString(lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escapeText(title) + "</title>\n<style>\n")
	if len(sizeOrder) > 0 {
		fmt.Fprintf(b, "@page { size: %s; margin: 0; }\n", sizeOrder[0])
	}
	for _, key := range sizeOrder {
		fmt.Fprintf(b, "@page %s { size: %s; margin: 0; }\n", sizes[key], key)
	}
	if fonts != nil {
		b.WriteString(fonts.faceCSS(w.used))
	}
	b.WriteString("html, body { margin: 0; padding: 0; }\n")
	b.WriteString("body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n")
	b.WriteString(".page { position: relative; overflow: hidden; break-after: page; }\n")
	b.WriteString(".page:last-child { break-after: auto; }\n")
	b.WriteString(".t { position: absolute; white-space: pre; line-height: 1; }\n")
	b.WriteString(".r { position: absolute; box-sizing: border-box; }\n")
	b.WriteString(".img { position: absolute; }\n")
	b.WriteString(".imgclip { position: absolute; overflow: hidden; }\n")
	b.WriteString(".imgclip .img { transform-origin: 0 0; }\n")
	b.WriteString(".g { position: absolute; left: 0; top: 0; overflow: visible; }\n")
	b.WriteString(".band { position: relative; display: flow-root; break-inside: avoid; }\n")
	// A line's own height never adds to its band's (rounding); a wrapped
	// one does.
	b.WriteString(".pl { white-space: pre-wrap; overflow-wrap: anywhere; margin-bottom: -2px; }\n")
	b.WriteString(".tband { break-inside: auto; }\n")
	b.WriteString(".after { position: absolute; left: 0; right: 0; bottom: 0; }\n")
	b.WriteString(".rows { position: absolute; left: 0; right: 0; }\n")
	b.WriteString(".flowrows { position: relative; }\n")
	b.WriteString(".row { position: relative; break-inside: avoid; }\n")
	// A blank's rule lies where the underscores it replaces did, a little
	// under the baseline, filled or not: its box is one line of its own
	// (line-height 1, whatever the paragraph's), a little shorter so the
	// rule is centred where an underscore is, and the zero-width space
	// gives an empty one a baseline (an empty inline block sits on its
	// bottom edge, which put the rule on the baseline, 1.5 pt above the
	// original's underscores).
	b.WriteString(".blank { display: inline-block; line-height: 1; height: 0.95em; border-bottom: 0.75pt solid #000; }\n")
	b.WriteString(".blank::after { content: \"\\200b\"; }\n")
	b.WriteString(".input { position: absolute; box-sizing: border-box; padding: 0 2pt; overflow: hidden; white-space: pre; font-family: \"Liberation Sans\", Arial, Helvetica, sans-serif; }\n")
	b.WriteString(".box { position: absolute; box-sizing: border-box; border: 0.75pt solid #000; text-align: center; line-height: 1; }\n")
	for _, s := range sizeOrder {
		width, height := pageBox(s)
		fmt.Fprintf(b, ".%s { page: %s; width: %s; min-height: %s; }\n", sizes[s], sizes[s], width, height)
	}
	for _, css := range w.order {
		fmt.Fprintf(b, ".%s { %s }\n", w.classes[css], css)
	}
	b.WriteString("</style>\n</head>\n<body>\n")
	b.WriteString(body.String())
	b.WriteString("</body>\n</html>\n")
	return b.String()
}

func (w *htmlWriter) fontClass(f Font) string {
	// Only families whose metrics are known are named, so baselines land
	// where the PDF had them; the PDF's own family is not asked for (a
	// system alias such as Times → Nimbus Roman would move every line).
	css := "font-family: " + f.Generic + ";"
	if f.Web != "" {
		css = "font-family: \"" + f.Web + "\", " + f.Generic + ";"
		w.used = append(w.used, f)
	}
	if f.Bold {
		css += " font-weight: bold;"
	}
	if f.Italic {
		css += " font-style: italic;"
	}
	c, ok := w.classes[css]
	if !ok {
		c = fmt.Sprintf("f%d", len(w.classes)+1)
		w.classes[css] = c
		w.order = append(w.order, css)
	}
	return c
}

// rows writes one table row as the body of {{#each <list>}}, placed
// from y0: a flowing block per item inside a positioned block (a table
// beside another one that flows).
func (w *htmlWriter) rows(b *strings.Builder, p *Page, runs []Run, y0 float64) {
	tbl := p.tables[runs[0].Group-1]
	fmt.Fprintf(b, "<div class=\"rows\" style=\"top: %spt;\">\n{{#each %s}}\n<div class=\"row\" style=\"height: %spt;\">\n", num(tbl.Top-y0), tbl.List, num(tbl.Pitch))
	for _, r := range runs {
		w.text(b, r, tbl.Top)
	}
	for _, r := range tbl.RowBoxes {
		w.box(b, r, tbl.Top)
	}
	b.WriteString("</div>\n{{/each}}\n</div>\n")
}

// svg writes vector paths in page space, shifted up by y0.
func (w *htmlWriter) svg(b *strings.Builder, p *Page, paths []Path, y0 float64) {
	fmt.Fprintf(b, "<svg class=\"g\" style=\"top: %spt;\" width=\"%spt\" height=\"%spt\" viewBox=\"0 0 %s %s\">\n", num(-y0), num(p.Width), num(p.Height), num(p.Width), num(p.Height))
	for _, path := range paths {
		fill := path.Fill
		if fill == "" {
			fill = "none"
		}
		fmt.Fprintf(b, "<path d=\"%s\" fill=\"%s\"", path.D, fill)
		if path.EvenOdd {
			b.WriteString(` fill-rule="evenodd"`)
		}
		if path.Stroke != "" {
			fmt.Fprintf(b, " stroke=\"%s\" stroke-width=\"%s\"", path.Stroke, num(path.StrokeWidth))
			if path.Dash != "" {
				fmt.Fprintf(b, " stroke-dasharray=\"%s\"", path.Dash)
			}
		}
		b.WriteString("/>\n")
	}
	b.WriteString("</svg>\n")
}

func (w *htmlWriter) image(b *strings.Builder, img Image, y0 float64) {
	const tag = "<img class=\"img\" style=\"left: %spt; top: %spt; width: %spt; height: %spt;%s\" src=\"%s\" alt=\"\">\n"
	d := img.Drawn
	if d == nil {
		fmt.Fprintf(b, tag, num(img.X), num(img.Y-y0), num(img.W), num(img.H), "", img.URI)
		return
	}
	// The visible part clips the picture drawn inside it; each shape
	// cuts it further (a box of the same size inside the first).
	shape := func(i int) string {
		if i >= len(img.Clips) {
			return ""
		}
		return fmt.Sprintf(" clip-path: path('%s');", img.Clips[i])
	}
	fmt.Fprintf(b, "<div class=\"imgclip\" style=\"left: %spt; top: %spt; width: %spt; height: %spt;%s\">", num(img.X), num(img.Y-y0), num(img.W), num(img.H), shape(0))
	for i := 1; i < len(img.Clips); i++ {
		fmt.Fprintf(b, "<div class=\"imgclip\" style=\"left: 0; top: 0; width: %spt; height: %spt;%s\">", num(img.W), num(img.H), shape(i))
	}
	turn := ""
	if d.A != 1 || d.B != 0 || d.C != 0 || d.D != 1 {
		turn = fmt.Sprintf(" transform: matrix(%s, %s, %s, %s, 0, 0);", ratio(d.A), ratio(d.B), ratio(d.C), ratio(d.D))
	}
	fmt.Fprintf(b, tag[:len(tag)-1], num(d.X), num(d.Y), num(d.W), num(d.H), turn, img.URI)
	b.WriteString(strings.Repeat("</div>", max(1, len(img.Clips))) + "\n")
}

// ratio formats a matrix coefficient with four decimals.
func ratio(v float64) string {
	s := strconv.FormatFloat(math.Round(v*1e4)/1e4, 'f', -1, 64)
	if s == "-0" {
		return "0"
	}
	return s
}

func (w *htmlWriter) checkbox(b *strings.Builder, c Checkbox, y0 float64) {
	bare := ""
	if c.Bare {
		bare = " border: none;"
	}
	mark := "&#10003;"
	if c.Mark != "" {
		mark = escapeText(c.Mark)
	}
	fmt.Fprintf(b, "<div class=\"box\" style=\"left: %spt; top: %spt; width: %spt; height: %spt; font-size: %spt;%s\">{{#if %s}}%s{{/if}}</div>\n", num(c.X), num(c.Y-y0), num(c.W), num(c.H), num(c.H*0.9), bare, c.Name, mark)
}

func (w *htmlWriter) input(b *strings.Builder, in Input, y0 float64) {
	fmt.Fprintf(b, "<div class=\"input\" style=\"left: %spt; top: %spt; width: %spt; height: %spt; font-size: %spt; line-height: %spt;%s\">{{%s}}</div>\n", num(in.X), num(in.Y-y0), num(in.W), num(in.H), num(in.Size), num(in.H), inputLayout(in), in.Name)
}

func (w *htmlWriter) box(b *strings.Builder, r Box, dy float64) {
	style := fmt.Sprintf("left: %spt; top: %spt; width: %spt; height: %spt;", num(r.X), num(r.Y-dy), num(r.W), num(r.H))
	fmt.Fprintf(b, "<div class=\"r\" style=\"%s%s\"></div>\n", style, boxPaint(r))
}

// boxPaint is a box's fill and border.
func boxPaint(r Box) string {
	style := ""
	if r.Fill != "" {
		style += " background: " + r.Fill + ";"
	}
	if r.Stroke != "" {
		style += fmt.Sprintf(" border: %spt solid %s;", num(r.StrokeWidth), r.Stroke)
	}
	return style
}

func (w *htmlWriter) text(b *strings.Builder, r Run, dy float64) {
	r = narrowIfWider(r)
	top := r.Baseline - baselineOffset(r.Font)*r.Size - dy
	style := fmt.Sprintf("left: %spt; top: %spt; font-size: %spt;", num(r.X), num(top), num(r.Size))
	if r.AlignRight && w.pageWidth > 0 {
		style = fmt.Sprintf("right: %spt; top: %spt; font-size: %spt;", num(w.pageWidth-r.Right()), num(top), num(r.Size))
	}
	style += turnStyle(r)
	if !r.Turned() {
		style += baselineShift(r, r.Baseline-baselineOffset(r.Font)*r.Size)
	}
	switch {
	case r.Invisible:
		style += invisibleStyle(r)
	case r.Turned(): // spacing along a turned baseline is not fitted
		if math.Abs(r.WordSpacing) >= 0.05 {
			style += fmt.Sprintf(" word-spacing: %spt;", num(r.WordSpacing))
		}
	default:
		style += fitStyle(r)
	}
	if r.Color != "" && r.Color != "#000000" {
		style += " color: " + r.Color + ";"
	}
	fmt.Fprintf(b, "<div class=\"t %s\" style=\"%s\">%s</div>\n", w.fontClass(r.Font), style, r.content())
}

// content is the run's HTML: literal text, Handlebars fields and blanks.
func (r Run) content() string {
	if len(r.Parts) == 0 {
		return escapeText(r.Text)
	}
	var s strings.Builder
	for _, part := range r.Parts {
		switch {
		case part.Field == "":
			s.WriteString(escapeText(part.Text))
		case part.Blank > 0:
			fmt.Fprintf(&s, "<span class=\"blank\" style=\"min-width: %spt;\">{{%s}}</span>", num(part.Blank), part.Field)
		default:
			s.WriteString("{{" + part.Field + "}}")
		}
	}
	return s.String()
}

// escapeText escapes HTML and keeps Handlebars from reading "{{" in text.
func escapeText(s string) string {
	return strings.ReplaceAll(html.EscapeString(s), "{{", "\\{{")
}
