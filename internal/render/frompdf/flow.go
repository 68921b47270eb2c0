package frompdf

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// A page is written as horizontal bands in normal flow: a band is a run
// of content whose vertical extents overlap, kept with its height and
// its gap to the band above, its content positioned inside it. A band
// that grows (more item rows than the original had) pushes the bands
// below it down, and a page that no longer fits continues on the next
// sheet. With the original's data every band has the original's height,
// so everything lands where it was.

// item is a piece of a page's content and its vertical extent.
type item struct {
	top, bottom float64
	kind        itemKind
	index       int // into the page's slice of that kind
	seq         int // painting order of a box, path or image
}

type itemKind int

const (
	kindRun itemKind = iota
	kindBox
	kindPath
	kindImage
	kindCheckbox
	kindInput
	kindTable
)

// band is a vertical slice of a page.
type band struct {
	top, bottom float64
	items       []item
}

// pageItems lists a page's content with its extents, clamped to the page.
func pageItems(p *Page) []item {
	var out []item
	add := func(top, bottom float64, k itemKind, i int) {
		top = math.Max(0, math.Min(top, p.Height))
		bottom = math.Max(top, math.Min(bottom, p.Height))
		out = append(out, item{top: top, bottom: bottom, kind: k, index: i})
	}
	graphic := func(top, bottom float64, k itemKind, i, seq int) {
		add(top, bottom, k, i)
		out[len(out)-1].seq = seq
	}
	for i, r := range p.Runs {
		if r.Group != 0 {
			continue // in its table's rows
		}
		top := r.Baseline - baselineOffset(r.Font)*r.Size
		add(top, top+r.Size, kindRun, i)
	}
	for i, b := range p.Boxes {
		graphic(b.Y, b.Y+b.H, kindBox, i, b.seq)
	}
	for i, path := range p.Paths {
		top, bottom := pathExtent(path.D)
		graphic(top-path.StrokeWidth/2, bottom+path.StrokeWidth/2, kindPath, i, path.seq)
	}
	for i, img := range p.Images {
		graphic(img.Y, img.Y+img.H, kindImage, i, img.seq)
	}
	for i, c := range p.Checkboxes {
		add(c.Y, c.Y+c.H, kindCheckbox, i)
	}
	for i, in := range p.Inputs {
		add(in.Y, in.Y+in.H, kindInput, i)
	}
	for i, t := range p.tables {
		add(t.Top, t.Top+t.Pitch*float64(max(t.Rows, 1)), kindTable, i)
	}
	return out
}

// bands cuts items into bands: sorted by top, an item that starts above
// the current band's bottom joins it.
func bands(items []item) []band {
	sort.SliceStable(items, func(i, j int) bool { return items[i].top < items[j].top })
	var out []band
	for _, it := range items {
		if n := len(out); n > 0 && it.top < out[n-1].bottom-0.01 {
			out[n-1].bottom = math.Max(out[n-1].bottom, it.bottom)
			out[n-1].items = append(out[n-1].items, it)
			continue
		}
		out = append(out, band{top: it.top, bottom: it.bottom, items: []item{it}})
	}
	// Writing order inside a band follows the page's: graphics in the
	// order the PDF paints them, then fields and text.
	for i := range out {
		sort.SliceStable(out[i].items, func(a, b int) bool {
			x, y := out[i].items[a], out[i].items[b]
			if isGraphic(x.kind) && isGraphic(y.kind) && x.seq != y.seq {
				return x.seq < y.seq
			}
			if x.kind != y.kind {
				return paintOrder(x.kind) < paintOrder(y.kind)
			}
			return x.index < y.index
		})
	}
	return out
}

func isGraphic(k itemKind) bool {
	return k == kindPath || k == kindBox || k == kindImage
}

func paintOrder(k itemKind) int {
	switch k {
	case kindPath:
		return 0
	case kindBox:
		return 1
	case kindImage:
		return 2
	case kindCheckbox:
		return 3
	case kindInput:
		return 4
	default: // runs and tables
		return 5
	}
}

// pathExtent is the vertical extent of SVG path data made of absolute
// coordinate pairs (control points included: a little generous).
func pathExtent(d string) (top, bottom float64) {
	top, bottom = math.Inf(1), math.Inf(-1)
	fields := strings.FieldsFunc(d, func(r rune) bool {
		return r == ' ' || r == ',' || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z' && r != 'e')
	})
	for i := 1; i < len(fields); i += 2 {
		if y, err := strconv.ParseFloat(fields[i], 64); err == nil {
			top, bottom = math.Min(top, y), math.Max(bottom, y)
		}
	}
	if top > bottom {
		return 0, 0
	}
	return top, bottom
}

// flowPage writes p as bands in flow.
func (w *htmlWriter) flowPage(b *strings.Builder, p *Page, sizeClass string) {
	fmt.Fprintf(b, "<div class=\"page %s\">\n", sizeClass)
	w.pageWidth = p.Width
	if p.Background != "" { // a scan: its image stays where the page was
		background(b, p)
	}
	// The last band ends a point above the page's bottom at most, so
	// rounding never spills an empty sheet.
	limit := p.Height - 1
	y := 0.0
	bs := bands(pageItems(p))
	for i := 0; i < len(bs); i++ {
		if lines := paragraph(p, bs[i:]); len(lines) >= 2 && bs[i].top < limit {
			y = w.paragraph(b, lines, y)
			i += len(lines) - 1
			continue
		}
		bd := bs[i]
		top := layoutUnit(math.Min(bd.top, limit))
		bottom := layoutUnit(math.Max(top, math.Min(bd.bottom, limit)))
		gap := top - y
		w.band(b, p, bd, top, bottom, gap)
		y = math.Max(y, bottom)
	}
	b.WriteString("</div>\n")
}

// layoutUnit rounds a length in points to Chromium's layout unit (1/64
// CSS pixel): band offsets written in those units add up exactly, where
// points rounded to 0.01 drift by a pixel over a page of bands and move
// the lines below by one.
func layoutUnit(pt float64) float64 { return math.Round(pt*4/3*64) / 64 * 0.75 }

// px writes a length in points that layoutUnit rounded, exactly, in CSS
// pixels.
func px(pt float64) string {
	return strconv.FormatFloat(math.Round(pt/0.75*64)/64, 'f', -1, 64) + "px"
}

// band writes one band. A band holding an item table lets its rows flow:
// what lies above the table's last original row is placed from the
// band's top, what lies below from its bottom, and boxes that span the
// table (frames, column rules) stretch with it.
func (w *htmlWriter) band(b *strings.Builder, p *Page, bd band, top, bottom, gap float64) {
	tbl := -1
	for _, it := range bd.items {
		if it.kind == kindTable {
			tbl = it.index
			break
		}
	}
	if tbl < 0 {
		fmt.Fprintf(b, "<div class=\"band\" style=\"margin-top: %s; height: %s;\">\n", px(gap), px(bottom-top))
		w.items(b, p, bd.items, top)
		b.WriteString("</div>\n")
		return
	}
	t := p.tables[tbl]
	rowsEnd := t.Top + t.Pitch*float64(max(t.Rows, 1))
	firstRow := t.Top + t.Pitch
	var before, after, spans []item
	for _, it := range bd.items {
		switch {
		case it.kind == kindTable && it.index == tbl:
		case it.kind == kindBox && it.top < firstRow-0.5 && it.bottom > rowsEnd-0.5 && it.bottom-it.top > t.Pitch:
			spans = append(spans, it)
		case it.top < firstRow-0.01 || it.kind == kindTable:
			before = append(before, it)
		default:
			after = append(after, it)
		}
	}
	padTop := math.Max(0, layoutUnit(t.Top)-top)
	end := layoutUnit(rowsEnd)
	padBottom := math.Max(0, bottom-end)
	fmt.Fprintf(b, "<div class=\"band tband\" style=\"margin-top: %s; padding-top: %s; padding-bottom: %s;\">\n", px(gap), px(padTop), px(padBottom))
	w.items(b, p, before, top)
	for _, it := range spans {
		r := p.Boxes[it.index]
		w.stretchBox(b, r, top, bottom)
	}
	if len(after) > 0 {
		fmt.Fprintf(b, "<div class=\"after\" style=\"height: %s;\">\n", px(padBottom))
		w.items(b, p, after, end)
		b.WriteString("</div>\n")
	}
	w.flowRows(b, p, tbl)
	b.WriteString("</div>\n")
}

// items writes a band's items positioned from y0 (page space).
func (w *htmlWriter) items(b *strings.Builder, p *Page, items []item, y0 float64) {
	// Paths painted one after the other share an SVG element.
	var paths []Path
	for i, it := range items {
		if path, ok := svgItem(p, it); ok {
			paths = append(paths, path)
			if i+1 < len(items) {
				if _, next := svgItem(p, items[i+1]); next {
					continue
				}
			}
			w.svg(b, p, paths, y0)
			paths = paths[:0]
			continue
		}
		switch it.kind {
		case kindRun:
			w.text(b, p.Runs[it.index], y0)
		case kindImage:
			w.image(b, p.Images[it.index], y0)
		case kindCheckbox:
			w.checkbox(b, p.Checkboxes[it.index], y0)
		case kindInput:
			w.input(b, p.Inputs[it.index], y0)
		case kindTable:
			// A second table beside the one that flows keeps its place.
			w.rows(b, p, tableCells(p, it.index), y0)
		}
	}
}

// svgItem is an item drawn in the band's SVG: a path, or any box (a
// rule stroked as a line, a filled or stroked rectangle).
// Chromium snaps a div's edges to whole CSS pixels (a 0.5 pt rule prints
// 0.75 pt thick, up to 0.375 pt away); SVG geometry prints as it is.
func svgItem(p *Page, it item) (Path, bool) {
	switch it.kind {
	case kindPath:
		return p.Paths[it.index], true
	case kindBox:
		r := p.Boxes[it.index]
		if r.line {
			// Stroked, as the PDF does: readers draw a hairline at least a
			// pixel wide.
			if r.W < r.H {
				d := fmt.Sprintf("M%s %sV%s", num(r.X+r.W/2), num(r.Y), num(r.Y+r.H))
				return Path{D: d, Stroke: r.Fill, StrokeWidth: r.W}, true
			}
			d := fmt.Sprintf("M%s %sH%s", num(r.X), num(r.Y+r.H/2), num(r.X+r.W))
			return Path{D: d, Stroke: r.Fill, StrokeWidth: r.H}, true
		}
		return Path{D: rectPath(r.X, r.Y, r.W, r.H), Fill: r.Fill, Stroke: r.Stroke, StrokeWidth: r.StrokeWidth}, true
	}
	return Path{}, false
}

// stretchBox writes a box that spans an item table, anchored to the
// band's top and bottom so it grows with the rows.
func (w *htmlWriter) stretchBox(b *strings.Builder, r Box, top, bottom float64) {
	style := fmt.Sprintf("left: %spt; top: %spt; bottom: %spt; width: %spt;", num(r.X), num(r.Y-top), num(math.Max(0, bottom-(r.Y+r.H))), num(r.W))
	fmt.Fprintf(b, "<div class=\"r\" style=\"%s%s\"></div>\n", style, boxPaint(r))
}

// flowRows writes table tbl's row in flow, repeated by {{#each}}.
func (w *htmlWriter) flowRows(b *strings.Builder, p *Page, tbl int) {
	t := p.tables[tbl]
	fmt.Fprintf(b, "<div class=\"flowrows\">\n{{#each %s}}\n<div class=\"row\" style=\"height: %spt;\">\n", t.List, num(t.Pitch))
	for _, r := range tableCells(p, tbl) {
		w.text(b, r, t.Top)
	}
	for _, r := range t.RowBoxes {
		w.box(b, r, t.Top)
	}
	b.WriteString("</div>\n{{/each}}\n</div>\n")
}

// tableCells are the runs of table tbl's row.
func tableCells(p *Page, tbl int) []Run {
	var cells []Run
	for _, r := range p.Runs {
		if r.Group == tbl+1 {
			cells = append(cells, r)
		}
	}
	return cells
}

// rightAligned tells, for each cell of rows' lines, whether its column
// is aligned on the right edge: the right edges agree and the left ones
// do not.
func rightAligned(p *Page, rows []line) []bool {
	out := make([]bool, len(rows[0].runs))
	for k, ri := range rows[0].runs {
		first := p.Runs[ri]
		leftMoves, rightStays := false, true
		for _, ln := range rows[1:] {
			r := p.Runs[ln.runs[k]]
			leftMoves = leftMoves || math.Abs(r.X-first.X) > 1
			rightStays = rightStays && math.Abs(r.Right()-first.Right()) <= 1
		}
		out[k] = leftMoves && rightStays
	}
	return out
}
