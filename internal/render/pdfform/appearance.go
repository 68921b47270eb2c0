package pdfform

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// widgetBox is the drawing area of a widget's appearance stream and the
// decorations its /MK and /BS ask for.
type widgetBox struct {
	w, h   float64
	matrix types.Array // rotation for /MK /R, nil when upright
	border float64
	bg, bc string // fill and stroke colour operators, "" for none
	style  string // border style: S, D, B, I or U
}

func (doc *document) widgetBox(wd types.Dict) (widgetBox, bool) {
	r, ok := doc.rect(wd["Rect"])
	if !ok || r.w() <= 0 || r.h() <= 0 {
		return widgetBox{}, false
	}
	b := widgetBox{w: r.w(), h: r.h(), style: "S"}
	mk, _ := doc.xref.DereferenceDict(wd["MK"])
	if mk != nil {
		if rot, ok := doc.number(mk["R"]); ok {
			switch int(rot) % 360 {
			case 90, -270:
				b.w, b.h = b.h, b.w
				b.matrix = types.Array{types.Integer(0), types.Integer(1), types.Integer(-1), types.Integer(0), types.Integer(0), types.Integer(0)}
			case 180, -180:
				b.matrix = types.Array{types.Integer(-1), types.Integer(0), types.Integer(0), types.Integer(-1), types.Integer(0), types.Integer(0)}
			case 270, -90:
				b.w, b.h = b.h, b.w
				b.matrix = types.Array{types.Integer(0), types.Integer(-1), types.Integer(1), types.Integer(0), types.Integer(0), types.Integer(0)}
			}
		}
		b.bg = doc.colorOp(mk["BG"], false)
		b.bc = doc.colorOp(mk["BC"], true)
	}
	if b.bc != "" {
		b.border = 1
	}
	if bs, _ := doc.xref.DereferenceDict(wd["BS"]); bs != nil {
		if w, ok := doc.number(bs["W"]); ok && w >= 0 {
			b.border = math.Min(w, math.Min(b.w, b.h)/4)
		}
		if s := bs.NameEntry("S"); s != nil {
			b.style = *s
		}
	}
	return b, true
}

// colorOp turns an /MK colour array into a fill (or stroke) operator.
func (doc *document) colorOp(o types.Object, stroke bool) string {
	c, ok := doc.numbers(o)
	if !ok {
		return ""
	}
	ops := map[int]string{1: "g", 3: "rg", 4: "k"}
	op, ok := ops[len(c)]
	if !ok {
		return ""
	}
	if stroke {
		op = strings.ToUpper(op)
	}
	parts := make([]string, 0, len(c)+1)
	for _, v := range c {
		parts = append(parts, num(v))
	}
	return strings.Join(append(parts, op), " ")
}

// textStyle is what a field's default appearance string (/DA) says.
type textStyle struct {
	font  string  // resource name in the AcroForm /DR
	size  float64 // 0 means auto
	color string  // fill colour operator
}

func parseDA(da string) textStyle {
	st := textStyle{color: "0 g"}
	var stack []string
	for _, tok := range strings.Fields(da) {
		switch tok {
		case "Tf":
			if len(stack) >= 2 {
				st.font = strings.TrimPrefix(stack[len(stack)-2], "/")
				if s, err := strconv.ParseFloat(stack[len(stack)-1], 64); err == nil && s >= 0 && s < 1000 {
					st.size = s
				}
			}
		case "g", "rg", "k":
			n := map[string]int{"g": 1, "rg": 3, "k": 4}[tok]
			if len(stack) >= n && validNumbers(stack[len(stack)-n:]) {
				st.color = strings.Join(stack[len(stack)-n:], " ") + " " + tok
			}
		default:
			stack = append(stack, tok)
			continue
		}
		stack = stack[:0]
	}
	return st
}

func validNumbers(ss []string) bool {
	for _, s := range ss {
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return false
		}
	}
	return true
}

// drawBackground paints /MK's background and border.
func drawBackground(buf *bytes.Buffer, b widgetBox) {
	if b.bg != "" {
		fmt.Fprintf(buf, "%s 0 0 %s %s re f\n", b.bg, num(b.w), num(b.h))
	}
	if b.bc != "" && b.border > 0 {
		bw := b.border
		if b.style == "U" {
			fmt.Fprintf(buf, "%s %s w 0 %s m %s %s l S\n", b.bc, num(bw), num(bw/2), num(b.w), num(bw/2))
			return
		}
		fmt.Fprintf(buf, "%s %s w %s %s %s %s re S\n", b.bc, num(bw), num(bw/2), num(bw/2), num(b.w-bw), num(b.h-bw))
	}
}

// textLayout is what to draw in a text-like widget.
type textLayout struct {
	text      string
	multiline bool
	comb      int // cells of a comb field, 0 if none
	quadding  int // 0 left, 1 centre, 2 right
}

const minFontSize = 4

// textContent draws a text field's or combo box's value.
func textContent(b widgetBox, st textStyle, f face, l textLayout) []byte {
	var buf bytes.Buffer
	buf.WriteString("/Tx BMC\nq\n")
	drawBackground(&buf, b)
	pad := b.border + 1
	innerW, innerH := b.w-2*pad, b.h-2*pad
	if innerW <= 0 || innerH <= 0 {
		buf.WriteString("Q\nEMC\n")
		return buf.Bytes()
	}
	fmt.Fprintf(&buf, "%s %s %s %s re W n\n", num(pad), num(pad), num(innerW), num(innerH))
	textH := (f.ascent() - f.descent()) / 1000

	size := st.size
	var lines []string
	switch {
	case l.multiline:
		if size == 0 {
			size = 12
			for ; size > minFontSize; size -= 0.5 {
				if float64(len(wrap(l.text, f, size, innerW-2)))*lineHeight(f, size) <= innerH {
					break
				}
			}
		}
		lines = wrap(l.text, f, size, innerW-2)
	default:
		line := strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(l.text)
		lines = []string{line}
		if size == 0 {
			size = math.Min(12, innerH/textH)
			if l.comb == 0 {
				if w := f.width(line, size); w > innerW-2 && w > 0 {
					size *= (innerW - 2) / w
				}
			}
			size = math.Max(size, minFontSize)
		}
	}
	fmt.Fprintf(&buf, "BT\n/%s %s Tf\n%s\n", f.resName(), num(size), st.color)

	if l.comb > 0 && !l.multiline {
		cell := b.w / float64(l.comb)
		y := (b.h-textH*size)/2 - f.descent()/1000*size
		i := 0
		for _, r := range lines[0] {
			if i >= l.comb {
				break
			}
			s := string(r)
			x := cell*float64(i) + (cell-f.width(s, size))/2
			fmt.Fprintf(&buf, "1 0 0 1 %s %s Tm %s Tj\n", num(x), num(y), f.encode(s))
			i++
		}
		buf.WriteString("ET\nQ\nEMC\n")
		return buf.Bytes()
	}

	lh := lineHeight(f, size)
	y := (b.h-textH*size)/2 - f.descent()/1000*size
	if l.multiline {
		y = b.h - pad - 1 - f.ascent()/1000*size
	}
	for _, line := range lines {
		x := pad + 1
		switch l.quadding {
		case 1:
			x = (b.w - f.width(line, size)) / 2
		case 2:
			x = b.w - pad - 1 - f.width(line, size)
		}
		fmt.Fprintf(&buf, "1 0 0 1 %s %s Tm %s Tj\n", num(x), num(y), f.encode(line))
		y -= lh
		if y < -lh {
			break
		}
	}
	buf.WriteString("ET\nQ\nEMC\n")
	return buf.Bytes()
}

func lineHeight(f face, size float64) float64 {
	return math.Max((f.ascent()-f.descent())/1000*size, 1.15*size)
}

// wrap breaks text into lines no wider than width, at spaces when it can.
func wrap(text string, f face, size, width float64) []string {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.SplitAfter(para, " ") {
			if f.width(line+word, size) <= width || line == "" && f.width(strings.TrimRight(word, " "), size) <= width {
				line += word
				continue
			}
			if line != "" {
				lines = append(lines, strings.TrimRight(line, " "))
				line = ""
			}
			for f.width(strings.TrimRight(word, " "), size) > width && utf8.RuneCountInString(word) > 1 {
				cut := fitPrefix(word, f, size, width)
				lines = append(lines, word[:cut])
				word = word[cut:]
			}
			line = word
		}
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return lines
}

// fitPrefix returns the byte length of the longest prefix of word (at
// least one rune) that fits width.
func fitPrefix(word string, f face, size, width float64) int {
	cut := 0
	for i, r := range word {
		if i > 0 && f.width(word[:i+utf8.RuneLen(r)], size) > width {
			break
		}
		cut = i + utf8.RuneLen(r)
	}
	return cut
}

// listContent draws a list box: its options from the top index, the
// selected ones highlighted.
func listContent(b widgetBox, st textStyle, f face, options []string, selected map[int]bool, top int) []byte {
	var buf bytes.Buffer
	buf.WriteString("/Tx BMC\nq\n")
	drawBackground(&buf, b)
	pad := b.border + 1
	innerW, innerH := b.w-2*pad, b.h-2*pad
	if innerW <= 0 || innerH <= 0 {
		buf.WriteString("Q\nEMC\n")
		return buf.Bytes()
	}
	fmt.Fprintf(&buf, "%s %s %s %s re W n\n", num(pad), num(pad), num(innerW), num(innerH))
	size := st.size
	if size == 0 {
		size = 12
	}
	lh := lineHeight(f, size)
	if top < 0 || top >= len(options) {
		top = 0
	}
	y := b.h - pad
	for i := top; i < len(options) && y > pad; i++ {
		if selected[i] {
			fmt.Fprintf(&buf, "0.6 0.75 0.87 rg %s %s %s %s re f\n", num(pad), num(y-lh), num(innerW), num(lh))
		}
		base := y - lh + (lh-(f.ascent()-f.descent())/1000*size)/2 - f.descent()/1000*size
		fmt.Fprintf(&buf, "BT /%s %s Tf %s 1 0 0 1 %s %s Tm %s Tj ET\n",
			f.resName(), num(size), st.color, num(pad+1), num(base), f.encode(options[i]))
		y -= lh
	}
	buf.WriteString("Q\nEMC\n")
	return buf.Bytes()
}

// setNormalAppearance stores content as the widget's only appearance.
func (doc *document) setNormalAppearance(wd types.Dict, b widgetBox, f face, content []byte) error {
	ref, err := doc.appearanceStream(b, f, content)
	if err != nil {
		return err
	}
	wd["AP"] = types.Dict{"N": *ref}
	return nil
}

// appearanceStream stores content as a form XObject the size of the
// widget, using font f.
func (doc *document) appearanceStream(b widgetBox, f face, content []byte) (*types.IndirectRef, error) {
	extra := types.Dict{
		"Type": types.Name("XObject"), "Subtype": types.Name("Form"),
		"BBox":      types.Array{types.Integer(0), types.Integer(0), types.Float(b.w), types.Float(b.h)},
		"Resources": types.Dict{"Font": types.Dict{f.resName(): f.ref()}},
	}
	if b.matrix != nil {
		extra["Matrix"] = b.matrix
	}
	return newStream(doc.xref, content, extra)
}
