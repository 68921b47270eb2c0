package docx

import (
	"bytes"
	"sort"
	"strings"
)

// maxSpannedParagraphs bounds how many paragraphs one tag may run over.
const maxSpannedParagraphs = 8

// joinSpanningTags rewrites a part in which a tag opens in one paragraph
// and closes in a following one (an author pressed Enter inside
// {{#each items}}, or a converter broke a long tag): docxtemplater reads
// such a tag, and so do we where its meaning is clear. The tag must run
// over consecutive paragraphs of one container (nothing else between
// them), and every paragraph it covers whole must hold only text. The
// tag's continuation moves to the end of the paragraph where it opens,
// each paragraph break becoming a space, and paragraphs left without text
// go. It reports whether it changed anything; the part must then be
// scanned again.
func joinSpanningTags(sp *scannedPart) ([]byte, bool) {
	type cut struct {
		start, end int
		repl       []byte
	}
	var cuts []cut
	texts := func(pi int) string {
		var b strings.Builder
		for _, ti := range sp.paras[pi].texts {
			b.WriteString(sp.texts[ti].text)
		}
		return b.String()
	}
	for pi := 0; pi < len(sp.paras); pi++ {
		p := &sp.paras[pi]
		merged := texts(pi)
		if len(p.texts) == 0 || !strings.Contains(merged, "{{") {
			continue
		}
		_, at, err := lexTags(merged)
		if err == nil {
			continue
		}
		closing := closingDelimiter(merged[at:])
		var cont []string
		end, rest := -1, ""
		for pj := pi + 1; pj < len(sp.paras) && pj <= pi+maxSpannedParagraphs; pj++ {
			if !sp.nextSibling(pj-1, pj) {
				break
			}
			t := texts(pj)
			i := strings.Index(t, closing)
			if open := strings.Index(t, "{{"); open >= 0 && (i < 0 || open < i) {
				break // another tag opens first: not clear
			}
			if i >= 0 {
				cont = append(cont, t[:i+len(closing)])
				end, rest = pj, t[i+len(closing):]
				break
			}
			if sp.paras[pj].pinned {
				break
			}
			cont = append(cont, t)
		}
		if end < 0 {
			continue
		}
		// The continuation goes into the last text node of the first paragraph.
		last := &sp.texts[p.texts[len(p.texts)-1]]
		var b bytes.Buffer
		escapeText(&b, " "+strings.Join(cont, " "))
		cuts = append(cuts, cut{start: last.contentEnd, end: last.contentEnd, repl: b.Bytes()})
		for pj := pi + 1; pj < end; pj++ {
			cuts = append(cuts, cut{start: sp.paras[pj].start, end: sp.paras[pj].end})
		}
		pe := &sp.paras[end]
		if strings.TrimSpace(rest) == "" && !pe.pinned {
			cuts = append(cuts, cut{start: pe.start, end: pe.end})
		} else {
			consumed := len(texts(end)) - len(rest)
			for _, ti := range pe.texts {
				tn := &sp.texts[ti]
				if consumed <= 0 {
					break
				}
				n := min(consumed, len(tn.text))
				var kept bytes.Buffer
				escapeText(&kept, tn.text[n:])
				cuts = append(cuts, cut{start: tn.contentStart, end: tn.contentEnd, repl: kept.Bytes()})
				consumed -= n
			}
		}
		pi = end
	}
	if len(cuts) == 0 {
		return nil, false
	}
	sort.Slice(cuts, func(i, j int) bool { return cuts[i].start < cuts[j].start })
	var out bytes.Buffer
	out.Grow(len(sp.data))
	last := 0
	for _, c := range cuts {
		out.Write(sp.data[last:c.start])
		out.Write(c.repl)
		last = c.end
	}
	out.Write(sp.data[last:])
	return out.Bytes(), true
}

// closingDelimiter is what closes the tag that s starts with.
func closingDelimiter(s string) string {
	switch {
	case strings.HasPrefix(s, "{{!--"):
		return "--}}"
	case strings.HasPrefix(s, "{{{"):
		return "}}}"
	}
	return "}}"
}

// nextSibling reports whether paragraph b directly follows paragraph a in
// the same container, with only whitespace between them.
func (sp *scannedPart) nextSibling(a, b int) bool {
	pa, pb := &sp.paras[a], &sp.paras[b]
	if pa.key != pb.key || pa.cell != pb.cell || pb.start < pa.end {
		return false
	}
	return len(bytes.TrimSpace(sp.data[pa.end:pb.start])) == 0
}
