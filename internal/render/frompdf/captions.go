package frompdf

import (
	"strconv"
	"strings"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/structs"
)

// readCaption adds the text a push button's normal appearance shows (its
// caption, /MK /CA as the form's author drew it) to page as literal
// text: it is part of the form's look, not data. The appearance stream
// is read for its text showing operators: form tools write captions with
// a Tf, a Td (or Tm) and a Tj in a simple font.
func readCaption(p pdfium.Pdfium, annot references.FPDF_ANNOTATION, rect structs.FPDF_FS_RECTF, page *Page) {
	ap, err := p.FPDFAnnot_GetAP(&requests.FPDFAnnot_GetAP{Annotation: annot, AppearanceMode: enums.FPDF_ANNOT_APPEARANCEMODE_NORMAL})
	if err != nil || ap.Value == "" {
		return
	}
	for _, t := range appearanceText(ap.Value) {
		if strings.TrimSpace(t.text) == "" || t.size <= 0 || strings.EqualFold(t.font, "ZaDb") {
			continue
		}
		x, y := page.tf.point(float64(rect.Left)+t.x, float64(rect.Bottom)+t.y)
		f := mapFont(t.font, 0, 400)
		w, ok := textWidth(t.text, f, t.size)
		if !ok {
			w = 0
		}
		page.Runs = append(page.Runs, Run{X: x, Baseline: y, W: w, Size: t.size, Text: t.text, Font: f, Color: t.color})
	}
}

// shownText is a string an appearance stream shows, at its origin in the
// appearance's space.
type shownText struct {
	text, font string
	size, x, y float64
	color      string
}

// appearanceText reads the strings a content stream shows, with the
// text state they are shown in (font, size, position, fill colour). It
// knows the operators form tools use; a string's position is its line's
// start (Td, TD, T*, Tm), so one string per line is exact.
func appearanceText(content string) []shownText {
	var out []shownText
	var operands []string
	font, size, color := "", 0.0, "#000000"
	var lx, ly, leading float64 // line start
	numbers := func(n int) []float64 {
		if len(operands) < n {
			return nil
		}
		v := make([]float64, n)
		for i, s := range operands[len(operands)-n:] {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil
			}
			v[i] = f
		}
		return v
	}
	show := func(s string) {
		out = append(out, shownText{text: s, font: font, size: size, x: lx, y: ly, color: color})
	}
	for _, tok := range contentTokens(content) {
		if tok.operand {
			operands = append(operands, tok.s)
			continue
		}
		switch tok.s {
		case "BT":
			lx, ly = 0, 0
		case "Tf":
			if len(operands) >= 2 {
				font = strings.TrimPrefix(operands[len(operands)-2], "/")
				size, _ = strconv.ParseFloat(operands[len(operands)-1], 64)
			}
		case "TL":
			if v := numbers(1); v != nil {
				leading = v[0]
			}
		case "Td", "TD":
			if v := numbers(2); v != nil {
				lx, ly = lx+v[0], ly+v[1]
				if tok.s == "TD" {
					leading = -v[1]
				}
			}
		case "Tm":
			if v := numbers(6); v != nil {
				lx, ly = v[4], v[5]
			}
		case "T*":
			ly -= leading
		case "g":
			if v := numbers(1); v != nil {
				color = cssColor(uint(v[0]*255+0.5), uint(v[0]*255+0.5), uint(v[0]*255+0.5), 255)
			}
		case "rg":
			if v := numbers(3); v != nil {
				color = cssColor(uint(v[0]*255+0.5), uint(v[1]*255+0.5), uint(v[2]*255+0.5), 255)
			}
		case "Tj", "'", "\"":
			if tok.s != "Tj" {
				ly -= leading
			}
			if n := len(operands); n > 0 && isString(operands[n-1]) {
				show(decodeString(operands[n-1]))
			}
		case "TJ":
			var s strings.Builder
			for _, o := range operands {
				if isString(o) {
					s.WriteString(decodeString(o))
				}
			}
			show(s.String())
		}
		operands = operands[:0]
	}
	return out
}

type contentToken struct {
	s       string
	operand bool
}

// contentTokens splits a content stream into operands (numbers, names,
// strings kept with their delimiters; array brackets dropped) and
// operators.
func contentTokens(c string) []contentToken {
	var out []contentToken
	for i := 0; i < len(c); {
		ch := c[i]
		switch {
		case ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t' || ch == '\f' || ch == 0 || ch == '[' || ch == ']':
			i++
		case ch == '%':
			for i < len(c) && c[i] != '\n' && c[i] != '\r' {
				i++
			}
		case ch == '(':
			depth, j := 0, i
			for ; j < len(c); j++ {
				if c[j] == '\\' {
					j++
					continue
				}
				if c[j] == '(' {
					depth++
				} else if c[j] == ')' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			end := min(j+1, len(c))
			out = append(out, contentToken{s: c[i:end], operand: true})
			i = end
		case ch == '<' && i+1 < len(c) && c[i+1] == '<', ch == '>' && i+1 < len(c) && c[i+1] == '>':
			i += 2 // dictionaries (inline image, marked content properties) are skipped token by token
		case ch == '<':
			j := strings.IndexByte(c[i:], '>')
			if j < 0 {
				return out
			}
			out = append(out, contentToken{s: c[i : i+j+1], operand: true})
			i += j + 1
		default:
			j := i + 1
			for j < len(c) && !strings.ContainsRune(" \n\r\t\f\x00[]()<>/%", rune(c[j])) {
				j++
			}
			s := c[i:j]
			operand := ch == '/' || ch == '-' || ch == '+' || ch == '.' || (ch >= '0' && ch <= '9') || s == "true" || s == "false" || s == "null"
			out = append(out, contentToken{s: s, operand: operand})
			i = j
		}
	}
	return out
}

func isString(s string) bool {
	return strings.HasPrefix(s, "(") || strings.HasPrefix(s, "<")
}

// decodeString decodes a literal or hexadecimal string of a simple font
// as WinAnsi / PDFDocEncoding's Latin-1 range.
func decodeString(s string) string {
	var raw []rune // character codes (a stream's bytes come as runes below 256)
	if strings.HasPrefix(s, "<") {
		hex := strings.Map(func(r rune) rune {
			if strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return r
			}
			return -1
		}, s)
		if len(hex)%2 == 1 {
			hex += "0"
		}
		for i := 0; i+1 < len(hex); i += 2 {
			b, _ := strconv.ParseUint(hex[i:i+2], 16, 8)
			raw = append(raw, rune(b))
		}
	} else {
		s := []rune(strings.TrimSuffix(strings.TrimPrefix(s, "("), ")"))
		for i := 0; i < len(s); i++ {
			if s[i] != '\\' || i+1 >= len(s) {
				raw = append(raw, s[i])
				continue
			}
			i++
			switch e := s[i]; {
			case e >= '0' && e <= '7':
				j := i
				for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
					j++
				}
				v, _ := strconv.ParseUint(string(s[i:j]), 8, 16)
				raw = append(raw, rune(v&255))
				i = j - 1
			case e == 'n':
				raw = append(raw, '\n')
			case e == 'r':
				raw = append(raw, '\r')
			case e == 't':
				raw = append(raw, '\t')
			case e == '\n' || e == '\r':
			default:
				raw = append(raw, e)
			}
		}
	}
	return string(raw)
}

// zapfMarks are the ZapfDingbats characters form tools draw check marks
// with (/MK /CA), as Unicode.
var zapfMarks = map[string]string{"4": "✔", "8": "✖", "l": "●", "n": "■", "u": "◆", "H": "★"}

// onMark is the mark a check box's or radio button's On appearance
// draws with ZapfDingbats (a cross, a dot, …), or fallback: the state is
// set to the button's export value (its On state) for the reading and
// set back.
func onMark(p pdfium.Pdfium, form references.FPDF_FORMHANDLE, annot references.FPDF_ANNOTATION, fallback string) string {
	on, err := p.FPDFAnnot_GetFormFieldExportValue(&requests.FPDFAnnot_GetFormFieldExportValue{FormHandle: form, Annotation: annot})
	as, err2 := p.FPDFAnnot_GetStringValue(&requests.FPDFAnnot_GetStringValue{Annotation: annot, Key: "AS"})
	if err != nil || err2 != nil || on.Value == "" {
		return fallback
	}
	if as.Value != on.Value {
		if _, err := p.FPDFAnnot_SetStringValue(&requests.FPDFAnnot_SetStringValue{Annotation: annot, Key: "AS", Value: on.Value}); err != nil {
			return fallback
		}
		defer p.FPDFAnnot_SetStringValue(&requests.FPDFAnnot_SetStringValue{Annotation: annot, Key: "AS", Value: as.Value})
	}
	ap, err := p.FPDFAnnot_GetAP(&requests.FPDFAnnot_GetAP{Annotation: annot, AppearanceMode: enums.FPDF_ANNOT_APPEARANCEMODE_NORMAL})
	if err != nil {
		return fallback
	}
	for _, t := range appearanceText(ap.Value) {
		if m, ok := zapfMarks[strings.TrimSpace(t.text)]; ok && strings.EqualFold(t.font, "ZaDb") {
			return m
		}
	}
	return fallback
}
