package docx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
)

// WordprocessingML namespaces: transitional (what Word writes) and strict.
const (
	nsMain   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
)

// textNode is a <w:t> element. Offsets index the part's bytes.
type textNode struct {
	start, end   int // the whole element
	contentStart int // just after the start tag
	contentEnd   int // just before the end tag
	text         string
	run, para    int // indexes, -1 when outside a run or paragraph
	key          string
}

// runNode is a <w:r>; extra counts its children other than w:rPr and w:t,
// which decide whether the run may be dropped once its text is gone.
type runNode struct {
	start, end int
	extra      int
	texts      []int
}

// paraNode is a <w:p>. A paragraph is pinned when removing it would lose
// something besides text (a drawing, a section break, a nested text box).
type paraNode struct {
	start, end int
	num        int // 1-based number within the part, for messages
	texts      []int
	row, cell  int // innermost enclosing table row and cell, -1 if none
	pinned     bool
	key        string
}

// cellNode is a <w:tc>; children are the start offsets of its direct
// paragraphs and tables (Word requires at least one paragraph in a cell).
type cellNode struct {
	children []int
}

// rowNode is a <w:tr>.
type rowNode struct {
	start, end int
	key        string
	table      int // index of the enclosing table
}

// tableNode is a <w:tbl>.
type tableNode struct {
	start, end int
}

// scannedPart is the structure of one XML part, as byte offsets.
type scannedPart struct {
	data   []byte
	texts  []textNode
	runs   []runNode
	paras  []paraNode
	rows   []rowNode
	cells  []cellNode
	tables []tableNode
}

type elemKind int

const (
	kindOther elemKind = iota
	kindPara
	kindRun
	kindText
	kindRow
	kindCell
	kindTable
	kindRunProps
	kindPinning // content that must not vanish with a removed paragraph
)

func classify(n xml.Name) elemKind {
	if n.Space != nsMain && n.Space != nsStrict {
		return kindOther
	}
	switch n.Local {
	case "p":
		return kindPara
	case "r":
		return kindRun
	case "t":
		return kindText
	case "tr":
		return kindRow
	case "tc":
		return kindCell
	case "tbl":
		return kindTable
	case "rPr":
		return kindRunProps
	case "sectPr", "drawing", "pict", "object", "fldChar", "fldSimple", "footnoteReference", "endnoteReference":
		return kindPinning
	}
	return kindOther
}

type scanFrame struct {
	kind elemKind
	idx  int
	key  string
}

// scanPart tokenizes an XML part and records where its paragraphs, runs,
// text elements and table rows are. It fails on malformed XML.
func scanPart(data []byte) (*scannedPart, error) {
	sp := &scannedPart{data: data}
	var stack []scanFrame
	var paraStack, rowStack, cellStack, tableStack []int
	var text strings.Builder
	err := walkTokens(data, func(tok xml.Token, prev, off int) {
		switch t := tok.(type) {
		case xml.StartElement:
			kind := classify(t.Name)
			parentKey := ""
			if len(stack) > 0 {
				parentKey = stack[len(stack)-1].key
				top := stack[len(stack)-1]
				if top.kind == kindRun && kind != kindRunProps && kind != kindText {
					sp.runs[top.idx].extra++
				}
				if top.kind == kindCell && (kind == kindPara || kind == kindTable) {
					sp.cells[top.idx].children = append(sp.cells[top.idx].children, prev)
				}
			}
			f := scanFrame{kind: kind, idx: -1, key: parentKey + "/" + t.Name.Space + " " + t.Name.Local}
			curPara := last(paraStack)
			switch kind {
			case kindPara:
				if curPara >= 0 {
					sp.paras[curPara].pinned = true
				}
				f.idx = len(sp.paras)
				sp.paras = append(sp.paras, paraNode{start: prev, num: len(sp.paras) + 1,
					row: last(rowStack), cell: last(cellStack), key: parentKey})
				paraStack = append(paraStack, f.idx)
			case kindRun:
				f.idx = len(sp.runs)
				sp.runs = append(sp.runs, runNode{start: prev})
			case kindText:
				f.idx = len(sp.texts)
				run := -1
				if len(stack) > 0 && stack[len(stack)-1].kind == kindRun {
					run = stack[len(stack)-1].idx
					sp.runs[run].texts = append(sp.runs[run].texts, f.idx)
				}
				if curPara >= 0 {
					sp.paras[curPara].texts = append(sp.paras[curPara].texts, f.idx)
				}
				sp.texts = append(sp.texts, textNode{start: prev, contentStart: off, run: run, para: curPara, key: f.key})
				text.Reset()
			case kindRow:
				f.idx = len(sp.rows)
				sp.rows = append(sp.rows, rowNode{start: prev, key: parentKey, table: last(tableStack)})
				rowStack = append(rowStack, f.idx)
			case kindTable:
				f.idx = len(sp.tables)
				sp.tables = append(sp.tables, tableNode{start: prev})
				tableStack = append(tableStack, f.idx)
			case kindCell:
				f.idx = len(sp.cells)
				sp.cells = append(sp.cells, cellNode{})
				cellStack = append(cellStack, f.idx)
			case kindPinning:
				if curPara >= 0 {
					sp.paras[curPara].pinned = true
				}
			}
			stack = append(stack, f)
		case xml.EndElement:
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch f.kind {
			case kindPara:
				sp.paras[f.idx].end = off
				paraStack = paraStack[:len(paraStack)-1]
			case kindRun:
				sp.runs[f.idx].end = off
			case kindText:
				tn := &sp.texts[f.idx]
				tn.end, tn.contentEnd, tn.text = off, prev, text.String()
			case kindRow:
				sp.rows[f.idx].end = off
				rowStack = rowStack[:len(rowStack)-1]
			case kindCell:
				cellStack = cellStack[:len(cellStack)-1]
			case kindTable:
				sp.tables[f.idx].end = off
				tableStack = tableStack[:len(tableStack)-1]
			}
		case xml.CharData:
			if len(stack) > 0 && stack[len(stack)-1].kind == kindText {
				text.Write(t)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	if len(stack) != 0 {
		return nil, malformed(errors.New("unexpected end of part"))
	}
	return sp, nil
}

func malformed(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return &Error{Kind: ErrMalformedXML, Detail: fmt.Sprintf("malformed XML at line %d: %s", se.Line, se.Msg), Err: err}
	}
	return &Error{Kind: ErrMalformedXML, Err: err}
}

func last(s []int) int {
	if len(s) == 0 {
		return -1
	}
	return s[len(s)-1]
}
