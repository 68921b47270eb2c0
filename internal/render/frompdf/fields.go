package frompdf

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Field is a detected template field.
type Field struct {
	Name string `json:"variable_name"`
	Type string `json:"field_type"`
}

// detector names fields uniquely and collects their sample data.
type detector struct {
	fields []Field
	sample map[string]any
	used   map[string]int
}

func newDetector() *detector {
	return &detector{sample: map[string]any{}, used: map[string]int{}}
}

// add registers a top-level field and returns its unique name.
func (d *detector) add(base, typ string, value any) string {
	name := base
	if name == "" {
		name = typ
		if typ == TypeCurrency {
			name = "amount"
		}
	}
	d.used[base]++
	if n := d.used[base]; n > 1 || d.sample[name] != nil {
		for i := n; ; i++ {
			cand := fmt.Sprintf("%s_%d", name, i)
			if _, taken := d.sample[cand]; !taken {
				name = cand
				break
			}
		}
	}
	d.fields = append(d.fields, Field{Name: name, Type: typ})
	d.sample[name] = value
	return name
}

// line is the runs on one baseline, left to right.
type line struct {
	baseline float64
	runs     []int // indexes into Page.Runs
}

func lines(p *Page) []line {
	idx := make([]int, len(p.Runs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ra, rb := p.Runs[idx[a]], p.Runs[idx[b]]
		if math.Abs(ra.Baseline-rb.Baseline) > 0.3*math.Max(ra.Size, 1) {
			return ra.Baseline < rb.Baseline
		}
		return ra.X < rb.X
	})
	var out []line
	for _, i := range idx {
		r := p.Runs[i]
		if n := len(out); n > 0 && math.Abs(out[n-1].baseline-r.Baseline) <= 0.3*math.Max(r.Size, 1) {
			out[n-1].runs = append(out[n-1].runs, i)
			continue
		}
		out = append(out, line{baseline: r.Baseline, runs: []int{i}})
	}
	for i := range out {
		rs := out[i].runs
		sort.SliceStable(rs, func(a, b int) bool { return p.Runs[rs[a]].X < p.Runs[rs[b]].X })
	}
	return out
}

// detectFields turns the values of a page's free text (outside item
// tables) into fields.
func (d *detector) detectFields(p *Page) {
	ls := lines(p)
	for li, ln := range ls {
		for k, ri := range ln.runs {
			r := &p.Runs[ri]
			if r.Group != 0 || len(r.Parts) > 0 {
				continue
			}
			prev := ""
			if k > 0 {
				prev = p.Runs[ln.runs[k-1]].Text
			}
			// A label ending in ":" makes the next run on its line its value.
			if k > 0 && strings.HasSuffix(strings.TrimSpace(prev), ":") && looksLikeLabel(strings.TrimSuffix(prev, ":")) && len(p.Runs[ln.runs[k-1]].Parts) == 0 {
				d.whole(r, prev)
				continue
			}
			if d.blanks(r, prev) {
				continue
			}
			if m := reLabelValue.FindStringSubmatchIndex(r.Text); m != nil && looksLikeLabel(r.Text[m[2]:m[3]]) {
				label, value := r.Text[m[2]:m[3]], r.Text[m[4]:]
				typ := valueType(value, label)
				name := d.add(snake(label), typ, value)
				r.Parts = []Part{{Text: r.Text[:m[4]]}, {Text: value, Field: name}}
				continue
			}
			label := ""
			if k > 0 && looksLikeLabel(prev) {
				label = prev
			} else if h := header(p, ls, li, r); h != "" {
				label = h
			}
			d.values(r, label)
		}
	}
}

// whole makes a run entirely one field.
func (d *detector) whole(r *Run, label string) {
	label = strings.TrimSuffix(strings.TrimSpace(label), ":")
	name := d.add(snake(label), valueType(r.Text, label), r.Text)
	r.Parts = []Part{{Text: r.Text, Field: name}}
}

// blanks turns runs of underscores or dots into fields to fill in.
func (d *detector) blanks(r *Run, prev string) bool {
	locs := blankSpans(r.Text)
	if locs == nil {
		return false
	}
	var parts []Part
	at := 0
	for _, loc := range locs {
		before := r.Text[at:loc[0]]
		if before != "" {
			parts = append(parts, Part{Text: before})
		}
		label := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(before), ":"))
		if label == "" || !looksLikeLabel(label) {
			label = strings.TrimSuffix(strings.TrimSpace(prev), ":")
		}
		if !looksLikeLabel(label) {
			label = ""
		}
		base := snake(label)
		if base == "" {
			base = "blank"
		}
		name := d.add(base, TypeText, "")
		parts = append(parts, Part{Field: name, Blank: spanWidth(*r, loc[0], loc[1])})
		at = loc[1]
	}
	if at < len(r.Text) {
		parts = append(parts, Part{Text: r.Text[at:]})
	}
	r.Parts = parts
	return true
}

// values finds dates, amounts, emails and phone numbers inside a run.
func (d *detector) values(r *Run, label string) {
	type hit struct {
		start, end int
		typ        string
	}
	var hits []hit
	for _, m := range reEmail.FindAllStringIndex(r.Text, -1) {
		hits = append(hits, hit{m[0], m[1], TypeEmail})
	}
	for _, m := range reDate.FindAllStringIndex(r.Text, -1) {
		hits = append(hits, hit{m[0], m[1], TypeDate})
	}
	for _, m := range reMoney.FindAllStringIndex(r.Text, -1) {
		hits = append(hits, hit{m[0], m[1], TypeCurrency})
	}
	lowLabel := strings.ToLower(label + " " + r.Text)
	if containsAny(strings.ToLower(label), amountWords) || strings.TrimSpace(r.Text) == reDecimalOnly(r.Text) {
		for _, m := range reDecimal.FindAllStringSubmatchIndex(r.Text, -1) {
			hits = append(hits, hit{m[2], m[3], TypeCurrency})
		}
	}
	if containsAny(lowLabel, phoneWords) || strings.HasPrefix(strings.TrimSpace(r.Text), "+") {
		for _, m := range rePhone.FindAllStringIndex(r.Text, -1) {
			if digits(r.Text[m[0]:m[1]]) >= 7 {
				hits = append(hits, hit{m[0], m[1], "phone"})
			}
		}
	}
	if len(hits) == 0 {
		return
	}
	// Earliest first; overlapping hits keep the first found.
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].start < hits[j].start })
	var parts []Part
	at := 0
	for _, h := range hits {
		if h.start < at {
			continue
		}
		if h.start > at {
			parts = append(parts, Part{Text: r.Text[at:h.start]})
		}
		value := r.Text[h.start:h.end]
		base := snake(strings.TrimSuffix(strings.TrimSpace(label), ":"))
		typ := h.typ
		if typ == "phone" {
			typ = TypeText
			if base == "" {
				base = "phone"
			}
		}
		parts = append(parts, Part{Text: value, Field: d.add(base, typ, value)})
		at = h.end
	}
	if at < len(r.Text) {
		parts = append(parts, Part{Text: r.Text[at:]})
	}
	r.Parts = parts
}

// reDecimalOnly returns s when s is only a decimal amount, else "".
func reDecimalOnly(s string) string {
	t := strings.TrimSpace(s)
	if m := reDecimal.FindStringSubmatch(t); m != nil && m[1] == t {
		return t
	}
	return ""
}

// header finds the label of a value from the line above: a short run
// that overlaps it horizontally (a column header or a label over a box).
func header(p *Page, ls []line, li int, r *Run) string {
	for up := li - 1; up >= 0 && up >= li-2; up-- {
		if r.Baseline-ls[up].baseline > 3*r.Size {
			return ""
		}
		for _, hi := range ls[up].runs {
			h := p.Runs[hi]
			if h.X < r.Right() && r.X < h.Right() && looksLikeLabel(h.Text) && len(h.Parts) == 0 {
				return h.Text
			}
		}
	}
	return ""
}
