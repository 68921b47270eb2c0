package docx

import (
	"bytes"
	"sort"
	"strings"
)

// piece is part of an edit's replacement: literal bytes or a tag.
type piece struct {
	lit []byte
	tag *tagRef
}

// edit replaces data[start:end] with pieces. Zero-width edits insert block
// markers at table row boundaries.
type edit struct {
	start, end int
	seq        int
	pieces     []piece
}

// edits turns the placed tags into byte-range edits of the part.
func (c *compiler) edits() []edit {
	var out []edit
	removed := map[int]bool{}
	byPara := map[int][]*tagRef{}
	for _, t := range c.tags {
		switch t.mode {
		case modeParagraph:
			if t.expr.kind != tagValue && t.expr.kind != tagComment {
				p := &c.sp.paras[t.para]
				pieces := []piece{{tag: t}}
				if t.expr.kind == tagClose && c.blockFillsCell(t.open, t) {
					// Keep a paragraph so that the cell stays valid when the block renders nothing.
					pieces = append(pieces, piece{lit: []byte("<" + qualifiedPrefix(c.sp.data[p.start:p.end]) + "p/>")})
				}
				out = append(out, edit{start: p.start, end: p.end, seq: t.seq, pieces: pieces})
				removed[t.para] = true
				continue
			}
		case modeRow:
			r := &c.sp.rows[c.sp.paras[t.para].row]
			at := r.start
			if t.expr.kind == tagClose {
				at = r.end
			}
			out = append(out, edit{start: at, end: at, seq: t.seq, pieces: []piece{{tag: t}}})
		}
		byPara[t.para] = append(byPara[t.para], t)
	}
	for _, g := range c.tableGuards() {
		out = append(out, edit{start: g.pos, end: g.pos, seq: g.seq, pieces: []piece{{tag: g}}})
	}
	for pi, tags := range byPara {
		if !removed[pi] {
			out = append(out, c.textEdits(pi, tags)...)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].start != out[j].start {
			return out[i].start < out[j].start
		}
		return out[i].seq < out[j].seq
	})
	return out
}

// blockFillsCell reports whether a paragraph-mode block spans all the
// content of the table cell it sits in.
func (c *compiler) blockFillsCell(open, close *tagRef) bool {
	po, pc := &c.sp.paras[open.para], &c.sp.paras[close.para]
	if pc.cell < 0 {
		return false
	}
	children := c.sp.cells[pc.cell].children
	if indexOf(children, pc.start) < 0 {
		return false // not a direct child of the cell
	}
	for _, start := range children {
		if start < po.start || start >= pc.end {
			return false
		}
	}
	return true
}

// textEdits rewrites the text nodes of one paragraph so that each tag lives
// whole in the node where it starts (keeping that run's formatting); nodes
// emptied by the move are dropped, with their run when nothing else is in it.
func (c *compiler) textEdits(pi int, tags []*tagRef) []edit {
	sp := c.sp
	p := &sp.paras[pi]
	pt := c.text[pi]
	type nodeState struct {
		changed, emptied bool
		pieces           []piece
	}
	states := make([]nodeState, len(p.texts))
	for k, ti := range p.texts {
		a := pt.offs[k]
		b := a + len(sp.texts[ti].text)
		st := &states[k]
		cursor := a
		for _, t := range tags {
			if t.tEnd <= a || t.tStart >= b {
				continue
			}
			st.changed = true
			if t.tStart >= cursor {
				st.pieces = appendText(st.pieces, pt.merged[cursor:t.tStart])
			}
			if t.tStart >= a && t.mode == modeInline && t.expr.kind != tagComment {
				st.pieces = append(st.pieces, piece{tag: t})
			}
			cursor = min(t.tEnd, b)
		}
		if !st.changed {
			continue
		}
		st.pieces = appendText(st.pieces, pt.merged[cursor:b])
		st.emptied = len(st.pieces) == 0
	}
	var out []edit
	dropRun := map[int]bool{}
	for k, ti := range p.texts {
		run := sp.texts[ti].run
		if run < 0 || dropRun[run] || !states[k].emptied || sp.runs[run].extra > 0 {
			continue
		}
		all := true
		for _, other := range sp.runs[run].texts {
			if j := indexOf(p.texts, other); j < 0 || !states[j].emptied {
				all = false
				break
			}
		}
		if all {
			dropRun[run] = true
			out = append(out, edit{start: sp.runs[run].start, end: sp.runs[run].end})
		}
	}
	for k, ti := range p.texts {
		st := &states[k]
		tn := &sp.texts[ti]
		switch {
		case !st.changed || (tn.run >= 0 && dropRun[tn.run]):
		case st.emptied:
			out = append(out, edit{start: tn.start, end: tn.end})
		default:
			pieces := make([]piece, 0, len(st.pieces)+2)
			pieces = append(pieces, piece{lit: preserveSpace(sp.data[tn.start:tn.contentStart])})
			pieces = append(pieces, st.pieces...)
			pieces = append(pieces, piece{lit: sp.data[tn.contentEnd:tn.end]})
			out = append(out, edit{start: tn.start, end: tn.end, pieces: pieces})
		}
	}
	return out
}

func appendText(pieces []piece, s string) []piece {
	if s == "" {
		return pieces
	}
	var b bytes.Buffer
	escapeText(&b, s)
	return append(pieces, piece{lit: b.Bytes()})
}

func indexOf(s []int, v int) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// preserveSpace returns a w:t start tag that keeps leading and trailing
// spaces, which filled values often have.
func preserveSpace(startTag []byte) []byte {
	if bytes.Contains(startTag, []byte("xml:space")) {
		return startTag
	}
	out := make([]byte, 0, len(startTag)+21)
	out = append(out, startTag[:len(startTag)-1]...)
	out = append(out, ` xml:space="preserve">`...)
	return out
}

// qualifiedPrefix returns "w:" for a start tag like <w:t xml:space="preserve">.
func qualifiedPrefix(startTag []byte) string {
	name := startTag[1:]
	if i := bytes.IndexAny(name, " \t\r\n/>"); i >= 0 {
		name = name[:i]
	}
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		return string(name[:i+1])
	}
	return ""
}

// build assembles the edited part into a node tree, checking that blocks
// nest once placed.
func (c *compiler) build(edits []edit) ([]node, error) {
	data := c.sp.data
	root := &blockNode{}
	stack := []*tagRef{}
	blocks := []*blockNode{root}
	inAlt := []bool{false}
	add := func(n node) {
		b := blocks[len(blocks)-1]
		if inAlt[len(inAlt)-1] {
			b.alt = append(b.alt, n)
		} else {
			b.body = append(b.body, n)
		}
	}
	addLit := func(lit []byte) {
		if len(lit) > 0 {
			add(node{lit: lit})
		}
	}
	last := 0
	for _, e := range edits {
		if e.start < last {
			return nil, &Error{Kind: ErrSyntax, Part: c.part, Detail: "tags overlap in a way the engine cannot place"}
		}
		addLit(data[last:e.start])
		last = e.end
		for _, pc := range e.pieces {
			t := pc.tag
			if t == nil {
				addLit(pc.lit)
				continue
			}
			switch t.expr.kind {
			case tagValue:
				tn := &c.sp.texts[c.sp.paras[t.para].texts[t.node]]
				add(node{value: &valueNode{expr: t.expr, prefix: qualifiedPrefix(data[tn.start:tn.contentStart]), loc: t.loc}})
			case tagOpen:
				b := &blockNode{expr: t.expr, loc: t.loc}
				if t.expr.block == guardBlock {
					b.prefix = qualifiedPrefix(data[t.pos:])
				}
				t.blk = b
				add(node{block: b})
				stack = append(stack, t)
				blocks = append(blocks, b)
				inAlt = append(inAlt, false)
			case tagElse, tagClose:
				if t.expr.kind == tagClose {
					// The closing tag also closes the {{else if}} blocks chained inside.
					for len(stack) > 0 && stack[len(stack)-1].expr.kind == tagElse && stack[len(stack)-1].closeTag == t {
						stack, blocks, inAlt = stack[:len(stack)-1], blocks[:len(blocks)-1], inAlt[:len(inAlt)-1]
					}
				}
				if len(stack) == 0 {
					return nil, c.errTag(t, "%s is placed before the start of its block", t.text)
				}
				top := stack[len(stack)-1]
				if top != t.open {
					return nil, c.errTag(t, "%s (paragraph %d) and %s (paragraph %d) overlap once placed in the document; "+
						"close the inner block before the outer one", top.text, top.loc.para, t.open.text, t.open.loc.para)
				}
				if t.expr.kind == tagElse {
					inAlt[len(inAlt)-1] = true
					if t.expr.block != "" {
						b := &blockNode{expr: tagExpr{kind: tagOpen, block: t.expr.block, path: t.expr.path}, loc: t.loc}
						add(node{block: b})
						stack, blocks, inAlt = append(stack, t), append(blocks, b), append(inAlt, false)
					}
					continue
				}
				stack = stack[:len(stack)-1]
				blocks = blocks[:len(blocks)-1]
				inAlt = inAlt[:len(inAlt)-1]
			}
		}
	}
	addLit(data[last:])
	if len(stack) > 0 {
		t := stack[len(stack)-1]
		return nil, c.errTag(t, "%s is never closed once placed in the document", t.text)
	}
	return root.body, nil
}

// escapeText writes s as XML character data, dropping characters XML
// cannot carry.
func escapeText(b *bytes.Buffer, s string) {
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000:
			b.WriteRune(r)
		}
	}
}
