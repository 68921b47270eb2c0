package frompdf

import (
	"fmt"
	"math"
	"strings"
)

// detectTables finds line-item tables: at least two consecutive lines
// with the same columns (cells aligned left or right), an even pitch and
// a number in some cell. The first row stays, its cells become
// items[].<column header> fields inside {{#each items}}; the other rows'
// values become the sample data.
func (d *detector) detectTables(p *Page) {
	ls := lines(p)
	drop := map[int]bool{}
	for i := 0; i < len(ls); {
		j := i + 1
		for j < len(ls) && rowLike(p, ls[i], ls[j]) && evenPitch(ls, i, j) {
			j++
		}
		if j-i >= 2 && hasNumbers(p, ls[i:j]) && hasNumbers(p, ls[j-1:j]) {
			d.table(p, ls, i, j, drop)
			i = j
			continue
		}
		i++
	}
	if len(drop) > 0 {
		var runs []Run
		for i, r := range p.Runs {
			if !drop[i] {
				runs = append(runs, r)
			}
		}
		p.Runs = runs
	}
}

// rowLike reports whether b has the same cells as a.
func rowLike(p *Page, a, b line) bool {
	if len(a.runs) < 2 || len(a.runs) != len(b.runs) {
		return false
	}
	for k := range a.runs {
		ra, rb := p.Runs[a.runs[k]], p.Runs[b.runs[k]]
		if math.Abs(ra.X-rb.X) > 2 && math.Abs(ra.Right()-rb.Right()) > 2 {
			return false
		}
		if math.Abs(ra.Size-rb.Size) > 0.5 || ra.Font != rb.Font {
			return false
		}
	}
	return true
}

func evenPitch(ls []line, i, j int) bool {
	if j-i < 2 {
		return true
	}
	first := ls[i+1].baseline - ls[i].baseline
	return math.Abs((ls[j].baseline-ls[j-1].baseline)-first) < 1.5
}

func hasNumbers(p *Page, rows []line) bool {
	for _, ln := range rows {
		n := 0
		for _, ri := range ln.runs {
			if digits(p.Runs[ri].Text) > 0 {
				n++
			}
		}
		if n == 0 {
			return false
		}
	}
	return true
}

func (d *detector) table(p *Page, ls []line, from, to int, drop map[int]bool) {
	first := ls[from]
	pitch := (ls[to-1].baseline - ls[from].baseline) / float64(to-1-from)
	// Column names from the header line just above, else from the values.
	names := make([]string, len(first.runs))
	if from > 0 && first.baseline-ls[from-1].baseline < 3*pitch {
		names = headerNames(p, ls[from-1], first)
	}
	cols := make([][]string, len(first.runs))
	for row := from; row < to; row++ {
		for k, ri := range ls[row].runs {
			cols[k] = append(cols[k], p.Runs[ri].Text)
		}
	}
	types := make([]string, len(cols))
	seen := map[string]int{}
	for k := range cols {
		types[k] = columnType(cols[k], names[k])
		if names[k] == "" {
			names[k] = map[string]string{TypeCurrency: "amount", TypeNumber: "quantity", TypeDate: "date", TypeEmail: "email"}[types[k]]
			if names[k] == "" {
				names[k] = "description"
			}
		}
		seen[names[k]]++
		if seen[names[k]] > 1 {
			names[k] = fmt.Sprintf("%s_%d", names[k], seen[names[k]])
		}
	}
	list := "items"
	if len(p.tables) > 0 || d.sample["items"] != nil {
		list = fmt.Sprintf("items_%d", len(d.used)+1)
		for d.sample[list] != nil {
			list += "_x"
		}
	}
	items := make([]any, 0, to-from)
	for row := from; row < to; row++ {
		item := map[string]any{}
		for k, ri := range ls[row].runs {
			item[names[k]] = p.Runs[ri].Text
		}
		items = append(items, item)
	}
	d.sample[list] = items
	d.used[list]++
	for k := range names {
		d.fields = append(d.fields, Field{Name: list + "[]." + names[k], Type: types[k]})
	}

	// Top of the first row: the highest ascent of its cells, or the rule
	// just above when there is one.
	top := math.Inf(1)
	for _, ri := range first.runs {
		top = math.Min(top, p.Runs[ri].Baseline-p.Runs[ri].Size)
	}
	p.tables = append(p.tables, table{List: list, Top: top, Pitch: pitch, Rows: to - from})
	tbl := &p.tables[len(p.tables)-1]
	group := len(p.tables)
	right := rightAligned(p, ls[from:to])
	for row := from; row < to; row++ {
		for k, ri := range ls[row].runs {
			if row == from {
				r := &p.Runs[ri]
				r.Group = group
				r.AlignRight = right[k]
				r.Parts = []Part{{Text: r.Text, Field: "this." + names[k]}}
				// Cells are placed inside their row.
				continue
			}
			drop[ri] = true
		}
	}
	// Rules repeated with the rows move into the row; a box no other row
	// has (a link's underline in one cell) stays where it is.
	bottom := top + pitch*float64(to-from)
	var keep []Box
	for _, b := range p.Boxes {
		if b.H > pitch*0.9 || b.Y < top-0.5 || b.Y+b.H > bottom+0.5 {
			keep = append(keep, b)
			continue
		}
		row := min(max(int(math.Floor((b.Y-top+0.5)/pitch)), 0), to-from-1)
		switch {
		case row == 0 && repeatedInRows(p.Boxes, b, pitch, 1, to-from):
			tbl.RowBoxes = append(tbl.RowBoxes, b)
		case row > 0 && repeatedInRows(p.Boxes, b, pitch, -row, 1-row):
			// A later row's copy of a first-row rule: dropped.
		default:
			keep = append(keep, b)
		}
	}
	p.Boxes = keep
}

// repeatedInRows reports whether boxes holds a copy of b moved down by k
// rows of pitch, for some k in [from, to) other than 0.
func repeatedInRows(boxes []Box, b Box, pitch float64, from, to int) bool {
	for k := from; k < to; k++ {
		if k == 0 {
			continue
		}
		for _, c := range boxes {
			if math.Abs(c.X-b.X) < 1 && math.Abs(c.W-b.W) < 1 && math.Abs(c.H-b.H) < 0.5 && math.Abs(c.Y-b.Y-float64(k)*pitch) < 1 && c.Fill == b.Fill && c.Stroke == b.Stroke {
				return true
			}
		}
	}
	return false
}

// columnType is the type all a column's values share (text otherwise).
func columnType(values []string, header string) string {
	typ := ""
	for _, v := range values {
		t := valueType(v, header)
		if t == TypeNumber && strings.ContainsAny(v, ".,") && containsAny(strings.ToLower(header), amountWords) {
			t = TypeCurrency
		}
		if typ == "" {
			typ = t
		} else if typ != t {
			if (typ == TypeNumber && t == TypeCurrency) || (typ == TypeCurrency && t == TypeNumber) {
				typ = TypeCurrency
				continue
			}
			return TypeText
		}
	}
	if typ == "" {
		return TypeText
	}
	return typ
}

// headerNames names each cell of row from the header line above. A header
// run spanning several columns ("Qty Unit Price") is split into words,
// each placed by its share of the run's width and given to the nearest
// column.
func headerNames(p *Page, header, row line) []string {
	words := make([][]string, len(row.runs))
	for _, hi := range header.runs {
		h := p.Runs[hi]
		if !looksLikeLabel(h.Text) {
			continue
		}
		total := float64(len([]rune(h.Text)))
		at := 0
		for _, w := range strings.Fields(h.Text) {
			i := strings.Index(h.Text[at:], w) + at
			at = i + len(w)
			start := float64(len([]rune(h.Text[:i]))) / total
			end := float64(len([]rune(h.Text[:at]))) / total
			x0, x1 := h.X+start*h.W, h.X+end*h.W
			best, bestDist := -1, math.Inf(1)
			for k, ri := range row.runs {
				c := p.Runs[ri]
				dist := 0.0
				switch {
				case x1 < c.X:
					dist = c.X - x1
				case x0 > c.Right():
					dist = x0 - c.Right()
				}
				if dist < bestDist {
					best, bestDist = k, dist
				}
			}
			if best >= 0 && bestDist < 40 {
				words[best] = append(words[best], w)
			}
		}
	}
	names := make([]string, len(row.runs))
	for k := range words {
		names[k] = snake(strings.Join(words[k], " "))
	}
	return names
}
