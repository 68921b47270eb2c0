package docx

import (
	"fmt"
	"sort"
	"strings"
)

// node is one step of a compiled part: literal bytes, a value slot or a block.
type node struct {
	lit   []byte
	value *valueNode
	block *blockNode
}

type valueNode struct {
	expr   tagExpr
	prefix string // namespace prefix of the enclosing w:t ("w:"), for w:br and w:tab
	loc    location
}

type blockNode struct {
	expr      tagExpr
	body, alt []node // alt is the {{else}} branch
	loc       location
	prefix    string // namespace prefix of a guarded table ("w:")
}

// location says where a tag is, for messages.
type location struct {
	part    string
	para    int
	snippet string
}

// blockMode says what a block tag cuts: its own inline text, its whole
// paragraph, or the table row it sits in.
type blockMode int

const (
	modeInline blockMode = iota
	modeParagraph
	modeRow
)

// tagRef is a tag found in a part, with what compiling decides about it.
type tagRef struct {
	expr         tagExpr
	text         string // the tag as written
	para         int
	node         int // text node holding the tag's first character
	tStart, tEnd int // offsets in the paragraph's merged text
	pos          int // document position, for ordering
	seq          int
	mode         blockMode
	open         *tagRef // for {{else}} and closing tags: the opening tag
	elseTag      *tagRef // for opening tags
	closeTag     *tagRef // for opening tags
	blk          *blockNode
	loc          location
}

// guardBlock is the block name of a table guard: a table whose rows are all
// looped over must vanish when no row is left, since Word refuses a table
// without rows.
const guardBlock = "#table"

// tableGuards returns opening and closing pseudo-tags around each table
// holding a row block that starts and ends in it.
func (c *compiler) tableGuards() []*tagRef {
	guarded, crossed := map[int]bool{}, map[int]bool{}
	for _, t := range c.tags {
		if t.expr.kind != tagOpen || t.mode != modeRow {
			continue
		}
		t1 := c.sp.rows[c.sp.paras[t.para].row].table
		t2 := c.sp.rows[c.sp.paras[t.closeTag.para].row].table
		if t1 == t2 {
			guarded[t1] = true
		} else {
			crossed[t1], crossed[t2] = true, true
		}
	}
	var out []*tagRef
	for ti := range c.sp.tables {
		if !guarded[ti] || crossed[ti] {
			continue
		}
		open := &tagRef{expr: tagExpr{kind: tagOpen, block: guardBlock}, text: "table", para: -1, seq: -1, pos: c.sp.tables[ti].start}
		close := &tagRef{expr: tagExpr{kind: tagClose, block: guardBlock}, text: "end of table", para: -1, seq: -2, pos: c.sp.tables[ti].end, open: open}
		open.closeTag = close
		out = append(out, open, close)
	}
	return out
}

// paraText is a paragraph's text as one string; offs[i] is where its i-th
// text node begins.
type paraText struct {
	merged string
	offs   []int
}

type compiler struct {
	maxDepth int // blocks open at once, so nothing recursive goes deeper
	part     string
	sp       *scannedPart
	helpers  map[string]HelperFunc
	text     map[int]*paraText // by paragraph index, only paragraphs with tags
	tags     []*tagRef
}

// compilePart compiles one XML part. It returns nil nodes when the part has
// no tags, so that it is copied unchanged.
func compilePart(part string, data []byte, helpers map[string]HelperFunc, maxDepth int) ([]node, error) {
	return compileJoined(part, data, helpers, maxDepth, maxSpannedParagraphs)
}

// compileJoined compiles a part, first joining tags that span paragraphs
// (at most joins times: each pass joins every tag it can).
func compileJoined(part string, data []byte, helpers map[string]HelperFunc, maxDepth, joins int) ([]node, error) {
	sp, err := scanPart(data)
	if err != nil {
		var e *Error
		if asError(err, &e) {
			e.Part = part
		}
		return nil, err
	}
	c := &compiler{part: part, sp: sp, helpers: helpers, text: map[int]*paraText{}, maxDepth: maxDepth}
	if err := c.findTags(); err != nil {
		if joined, ok := joinSpanningTags(sp); ok && joins > 0 {
			return compileJoined(part, joined, helpers, maxDepth, joins-1)
		}
		return nil, err
	}
	if len(c.tags) == 0 {
		return nil, nil
	}
	if err := c.pairBlocks(); err != nil {
		return nil, err
	}
	if err := c.placeBlocks(); err != nil {
		return nil, err
	}
	edits := c.edits()
	return c.build(edits)
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	if ok {
		*target = e
	}
	return ok
}

func (c *compiler) errAt(para int, merged string, at int, format string, args ...any) *Error {
	e := &Error{Kind: ErrSyntax, Part: c.part, Detail: fmt.Sprintf(format, args...)}
	if para >= 0 {
		e.Paragraph = c.sp.paras[para].num
		e.Snippet = snippet(merged, at)
	}
	return e
}

func (c *compiler) errTag(t *tagRef, format string, args ...any) *Error {
	if pt := c.text[t.para]; pt != nil && t.para >= 0 {
		return c.errAt(t.para, pt.merged, t.tStart, format, args...)
	}
	return c.errAt(-1, "", 0, format, args...)
}

// findTags merges each paragraph's text and parses the tags in it.
func (c *compiler) findTags() error {
	for pi := range c.sp.paras {
		p := &c.sp.paras[pi]
		if len(p.texts) == 0 {
			continue
		}
		pt := &paraText{offs: make([]int, len(p.texts))}
		var b strings.Builder
		for i, ti := range p.texts {
			pt.offs[i] = b.Len()
			b.WriteString(c.sp.texts[ti].text)
		}
		pt.merged = b.String()
		if !strings.Contains(pt.merged, "{{") {
			continue
		}
		raws, at, err := lexTags(pt.merged)
		if err != nil {
			return c.errAt(pi, pt.merged, at, "%s", err)
		}
		c.text[pi] = pt
		for _, r := range raws {
			expr, err := parseTag(r.inner, c.helpers)
			if err != nil {
				return c.errAt(pi, pt.merged, r.start, "%s in %s", err, pt.merged[r.start:r.end])
			}
			k := sort.SearchInts(pt.offs, r.start+1) - 1
			for k+1 < len(pt.offs) && pt.offs[k+1] <= r.start {
				k++
			}
			t := &tagRef{expr: expr, text: pt.merged[r.start:r.end], para: pi, node: k,
				tStart: r.start, tEnd: r.end, pos: c.sp.texts[p.texts[k]].contentStart}
			t.loc = location{part: c.part, para: p.num, snippet: snippet(pt.merged, r.start)}
			c.tags = append(c.tags, t)
		}
	}
	sort.SliceStable(c.tags, func(i, j int) bool {
		a, b := c.tags[i], c.tags[j]
		if a.pos != b.pos {
			return a.pos < b.pos
		}
		return a.tStart < b.tStart
	})
	for i, t := range c.tags {
		t.seq = i + 1
	}
	return nil
}

// pairBlocks matches opening, else and closing tags in document order.
// An {{else if}} is the else of the block above it and opens a block of its
// own that the outer block's closing tag also closes.
func (c *compiler) pairBlocks() error {
	var open []*tagRef
	for _, t := range c.tags {
		if len(open) >= c.maxDepth && (t.expr.kind == tagOpen || (t.expr.kind == tagElse && t.expr.block != "")) {
			e := c.errTag(t, "%s opens block %d inside each other; the limit is %d (QUIRE_MAX_TEMPLATE_DEPTH)", t.text, len(open)+1, c.maxDepth)
			e.Kind = ErrTooComplex
			return e
		}
		switch t.expr.kind {
		case tagOpen:
			open = append(open, t)
		case tagElse:
			if len(open) == 0 {
				return c.errTag(t, "%s outside of any block", t.text)
			}
			top := open[len(open)-1]
			if top.elseTag != nil {
				return c.errTag(t, "a second {{else}} in %s", top.text)
			}
			top.elseTag, t.open = t, top
			if t.expr.block != "" {
				open = append(open, t)
			}
		case tagClose:
			if len(open) == 0 {
				return c.errTag(t, "%s closes a block that was never opened", t.text)
			}
			for top := open[len(open)-1]; top.expr.kind == tagElse; top = open[len(open)-1] {
				top.closeTag = t
				open = open[:len(open)-1]
			}
			top := open[len(open)-1]
			if top.expr.block != t.expr.block {
				return c.errTag(t, "%s does not match %s opened in paragraph %d; close that block first",
					t.text, top.text, top.loc.para)
			}
			top.closeTag, t.open = t, top
			open = open[:len(open)-1]
		}
	}
	if len(open) > 0 {
		t := open[len(open)-1]
		for t.expr.kind == tagElse {
			t = t.open
		}
		return c.errTag(t, "%s is never closed (add {{/%s}})", t.text, t.expr.block)
	}
	return nil
}

// standalone reports whether the tag is the only text of a paragraph that
// can be removed entirely.
func (c *compiler) standalone(t *tagRef) bool {
	p := &c.sp.paras[t.para]
	return !p.pinned && strings.TrimSpace(c.text[t.para].merged) == t.text
}

// placeBlocks chooses each block's mode and checks that the XML between its
// cut points is balanced, so that repeating or dropping it keeps the
// document well-formed. A block and its chain of {{else}} / {{else if}}
// tags are placed together.
func (c *compiler) placeBlocks() error {
	for _, o := range c.tags {
		if o.expr.kind != tagOpen {
			continue
		}
		cl := o.closeTag
		var elses []*tagRef
		for e := o.elseTag; e != nil; e = e.elseTag {
			elses = append(elses, e)
			if e.expr.block == "" {
				break
			}
		}
		po, pc := &c.sp.paras[o.para], &c.sp.paras[cl.para]
		mode := modeInline
		switch {
		case o.para == cl.para:
		case c.spansRows(po, pc):
			mode = modeRow
		case c.standalone(o) && c.standalone(cl) && c.allStandalone(elses):
			mode = modeParagraph
		}
		o.mode, cl.mode = mode, mode
		for _, e := range elses {
			e.mode = mode
			if mode == modeRow {
				e.mode = modeInline
				if c.standalone(e) {
					e.mode = modeParagraph
				}
			}
		}
		key := c.levelKey(o)
		for _, t := range append(elses, cl) {
			if c.levelKey(t) != key {
				return c.errTag(o, "%s (paragraph %d) and %s (paragraph %d) are at different levels of the document; "+
					"put both in one table row, or each alone in its own paragraph at the same level",
					o.text, o.loc.para, t.text, t.loc.para)
			}
		}
	}
	return nil
}

// spansRows reports whether a block repeats table rows: its tags sit in
// different cells of one row, or in different rows of one table (a loop
// over a group of rows).
func (c *compiler) spansRows(po, pc *paraNode) bool {
	switch {
	case po.row < 0 || pc.row < 0:
		return false
	case po.row == pc.row:
		return po.cell != pc.cell
	}
	return c.sp.rows[po.row].table == c.sp.rows[pc.row].table
}

func (c *compiler) allStandalone(tags []*tagRef) bool {
	for _, t := range tags {
		if !c.standalone(t) {
			return false
		}
	}
	return true
}

// levelKey names the element path at a tag's cut point.
func (c *compiler) levelKey(t *tagRef) string {
	p := &c.sp.paras[t.para]
	switch t.mode {
	case modeRow:
		return c.sp.rows[p.row].key
	case modeParagraph:
		return p.key
	}
	return c.sp.texts[p.texts[t.node]].key
}
