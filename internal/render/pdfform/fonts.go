package pdfform

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"hash/fnv"
	"io"
	"maps"
	"sort"
	"strings"
	"sync"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/font"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"golang.org/x/text/encoding/charmap"
)

// face is a font as appearance streams use it: a resource name, a way to
// encode text for Tj and metrics to lay text out.
type face interface {
	resName() string
	ref() types.IndirectRef
	encode(s string) string               // a PDF string operand
	width(s string, size float64) float64 // in user space units
	ascent() float64                      // per 1000 units of font size
	descent() float64                     // per 1000, negative
}

// coreFace is one of the standard 14 fonts with WinAnsi encoding: no
// embedding, but only the characters of Windows-1252.
type coreFace struct {
	name     string // PostScript name, e.g. Helvetica
	res      string
	indRef   types.IndirectRef
	asc, dsc float64
}

func (c *coreFace) resName() string        { return c.res }
func (c *coreFace) ref() types.IndirectRef { return c.indRef }
func (c *coreFace) ascent() float64        { return c.asc }
func (c *coreFace) descent() float64       { return c.dsc }

func (c *coreFace) encode(s string) string {
	b := winAnsi(s)
	var buf strings.Builder
	buf.WriteByte('(')
	for _, ch := range b {
		switch ch {
		case '(', ')', '\\':
			buf.WriteByte('\\')
			buf.WriteByte(ch)
		default:
			if ch < 32 || ch > 126 {
				fmt.Fprintf(&buf, "\\%03o", ch)
			} else {
				buf.WriteByte(ch)
			}
		}
	}
	buf.WriteByte(')')
	return buf.String()
}

func (c *coreFace) width(s string, size float64) float64 {
	w := 0
	for _, ch := range winAnsi(s) {
		cw, err := font.CharWidth(c.name, rune(ch))
		if err == nil {
			w += cw
		}
	}
	return float64(w) * size / 1000
}

// winAnsi encodes s in Windows-1252; callers check encodable first.
func winAnsi(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if b, ok := charmap.Windows1252.EncodeRune(r); ok {
			out = append(out, b)
		} else {
			out = append(out, '?')
		}
	}
	return out
}

func winAnsiEncodable(s string) bool {
	for _, r := range s {
		if _, ok := charmap.Windows1252.EncodeRune(r); !ok {
			return false
		}
	}
	return true
}

// unicodeFace is an embedded TrueType font addressed by glyph ID
// (Type0, Identity-H). It records the glyphs it draws; finish embeds the
// subset once every appearance is drawn.
type unicodeFace struct {
	ttf     *trueTypeFont
	indRef  types.IndirectRef
	dict    types.Dict // the Type0 font dict, completed by finish
	used    map[uint16]bool
	unicode map[uint16]rune
}

func (u *unicodeFace) resName() string        { return "QuireUni" }
func (u *unicodeFace) ref() types.IndirectRef { return u.indRef }
func (u *unicodeFace) ascent() float64        { return u.scale(u.ttf.ascent) }
func (u *unicodeFace) descent() float64       { return u.scale(u.ttf.descent) }

func (u *unicodeFace) scale(v int) float64 { return float64(v) * 1000 / float64(u.ttf.unitsPerEm) }

func (u *unicodeFace) encode(s string) string {
	var buf strings.Builder
	buf.WriteByte('<')
	for _, r := range s {
		g := u.ttf.glyph(r)
		u.used[g] = true
		if _, ok := u.unicode[g]; !ok && g != 0 {
			u.unicode[g] = r
		}
		fmt.Fprintf(&buf, "%04X", g)
	}
	buf.WriteByte('>')
	return buf.String()
}

func (u *unicodeFace) width(s string, size float64) float64 {
	w := 0
	for _, r := range s {
		w += int(u.ttf.advances[u.ttf.glyph(r)])
	}
	return float64(w) * size / float64(u.ttf.unitsPerEm)
}

// fontSet hands out faces for one document and embeds what was used.
type fontSet struct {
	xref     *model.XRefTable
	fontPath string
	core     map[string]*coreFace
	uni      *unicodeFace
	// full embeds the whole Unicode font instead of the glyphs drawn: a
	// form left editable names it in the fields' default appearance, and a
	// person typing into the field later needs every glyph.
	full bool
}

func newFontSet(xref *model.XRefTable, fontPath string) *fontSet {
	return &fontSet{xref: xref, fontPath: fontPath, core: map[string]*coreFace{}}
}

// coreMetrics are the ascent and descent of the standard families.
var coreMetrics = map[string][2]float64{
	"Helvetica": {718, -207}, "Times": {683, -217}, "Courier": {629, -157}, "ZapfDingbats": {820, -143},
}

// pick returns a face able to draw all of texts: the standard font closest
// to the field's own (baseFont, from its DA) when WinAnsi suffices, else
// the embedded Unicode font.
func (fs *fontSet) pick(baseFont string, texts ...string) (face, error) {
	for _, t := range texts {
		if !winAnsiEncodable(t) {
			return fs.unicode()
		}
	}
	return fs.coreFace(standardFont(baseFont))
}

// standardFont maps a form font's BaseFont to a standard 14 font.
func standardFont(base string) string {
	b := strings.ToLower(base)
	family := "Helvetica"
	switch {
	case strings.Contains(b, "times") || strings.Contains(b, "tiro") || strings.Contains(b, "serif") && !strings.Contains(b, "sans"):
		family = "Times"
	case strings.Contains(b, "cour") || strings.Contains(b, "mono"):
		family = "Courier"
	}
	bold := strings.Contains(b, "bold") || strings.HasSuffix(b, "bo") || strings.HasSuffix(b, "bd")
	switch family {
	case "Times":
		if bold {
			return "Times-Bold"
		}
		return "Times-Roman"
	case "Courier":
		if bold {
			return "Courier-Bold"
		}
		return "Courier"
	}
	if bold {
		return "Helvetica-Bold"
	}
	return "Helvetica"
}

func (fs *fontSet) coreFace(name string) (face, error) {
	if c, ok := fs.core[name]; ok {
		return c, nil
	}
	d := types.Dict{"Type": types.Name("Font"), "Subtype": types.Name("Type1"), "BaseFont": types.Name(name)}
	if name != "ZapfDingbats" && name != "Symbol" {
		d["Encoding"] = types.Name("WinAnsiEncoding") // the symbol fonts keep their own
	}
	ref, err := fs.xref.IndRefForNewObject(d)
	if err != nil {
		return nil, err
	}
	m := coreMetrics[strings.SplitN(name, "-", 2)[0]]
	c := &coreFace{name: name, res: "Quire" + strings.ReplaceAll(name, "-", ""), indRef: *ref, asc: m[0], dsc: m[1]}
	fs.core[name] = c
	return c, nil
}

func (fs *fontSet) unicode() (face, error) {
	if fs.uni != nil {
		return fs.uni, nil
	}
	ttf, err := loadFont(fs.fontPath)
	if err != nil {
		return nil, err
	}
	d := types.Dict{"Type": types.Name("Font"), "Subtype": types.Name("Type0")}
	ref, err := fs.xref.IndRefForNewObject(d)
	if err != nil {
		return nil, err
	}
	fs.uni = &unicodeFace{ttf: ttf, indRef: *ref, dict: d, used: map[uint16]bool{}, unicode: map[uint16]rune{}}
	return fs.uni, nil
}

// finish embeds the subset of the Unicode font, if one was used.
func (fs *fontSet) finish() error {
	u := fs.uni
	if u == nil {
		return nil
	}
	ttf := u.ttf
	u.used[0] = true
	gids := make([]int, 0, len(u.used))
	for g := range u.used {
		gids = append(gids, int(g))
	}
	sort.Ints(gids)
	baseName := subsetTag(gids) + "+" + ttf.psName
	var file []byte
	widths := types.Array{}
	if fs.full {
		baseName, file = ttf.psName, ttf.data
		full := ttf.unicodeMap()
		if !agrees(u.unicode, full) {
			drawn := u.unicode
			u.unicode = maps.Clone(full)
			maps.Copy(u.unicode, drawn) // what was drawn wins, and characters beyond the BMP
		} else {
			u.unicode = nil // the font's own map, see below
		}
		all := make(types.Array, ttf.numGlyphs)
		for g := range all {
			all[g] = types.Integer(int(u.scale(int(ttf.advances[g])) + 0.5))
		}
		widths = append(widths, types.Integer(0), all)
	} else {
		file = ttf.subset(u.used)
		for _, g := range gids {
			w := int(u.scale(int(ttf.advances[g])) + 0.5)
			widths = append(widths, types.Integer(g), types.Array{types.Integer(w)})
		}
	}
	length1 := types.Dict{"Length1": types.Integer(len(file))}
	var (
		fontFile *types.IndirectRef
		err      error
	)
	if fs.full {
		fontFile, err = newRawStream(fs.xref, file, ttf.deflated(), length1)
	} else {
		fontFile, err = fs.stream(file, length1)
	}
	if err != nil {
		return err
	}
	descriptor := types.Dict{
		"Type": types.Name("FontDescriptor"), "FontName": types.Name(baseName),
		"Flags": types.Integer(32),
		"FontBBox": types.Array{
			types.Integer(int(u.scale(ttf.bbox[0]))), types.Integer(int(u.scale(ttf.bbox[1]))),
			types.Integer(int(u.scale(ttf.bbox[2]))), types.Integer(int(u.scale(ttf.bbox[3]))),
		},
		"ItalicAngle": types.Float(ttf.italicAngle),
		"Ascent":      types.Integer(int(u.ascent())), "Descent": types.Integer(int(u.descent())),
		"CapHeight": types.Integer(int(u.scale(ttf.capHeight))), "StemV": types.Integer(80),
		"FontFile2": *fontFile,
	}
	descRef, err := fs.xref.IndRefForNewObject(descriptor)
	if err != nil {
		return err
	}
	cidFont := types.Dict{
		"Type": types.Name("Font"), "Subtype": types.Name("CIDFontType2"),
		"BaseFont": types.Name(baseName),
		"CIDSystemInfo": types.Dict{
			"Registry": types.StringLiteral("Adobe"), "Ordering": types.StringLiteral("Identity"),
			"Supplement": types.Integer(0),
		},
		"FontDescriptor": *descRef, "DW": types.Integer(1000), "W": widths,
		"CIDToGIDMap": types.Name("Identity"),
	}
	cidRef, err := fs.xref.IndRefForNewObject(cidFont)
	if err != nil {
		return err
	}
	var toUnicode *types.IndirectRef
	if u.unicode == nil {
		cmap, raw := ttf.fullToUnicode()
		toUnicode, err = newRawStream(fs.xref, cmap, raw, nil)
	} else {
		toUnicode, err = fs.stream(toUnicodeCMap(u.unicode), nil)
	}
	if err != nil {
		return err
	}
	u.dict["BaseFont"] = types.Name(baseName)
	u.dict["Encoding"] = types.Name("Identity-H")
	u.dict["DescendantFonts"] = types.Array{*cidRef}
	u.dict["ToUnicode"] = *toUnicode
	return nil
}

// agrees reports whether every glyph drawn maps to the character the
// font's own map gives it.
func agrees(drawn, full map[uint16]rune) bool {
	for g, r := range drawn {
		if full[g] != r {
			return false
		}
	}
	return true
}

// subsetTag derives the six-letter subset prefix from the glyph set, so
// that the same input gives the same output.
func subsetTag(gids []int) string {
	h := fnv.New32a()
	for _, g := range gids {
		h.Write([]byte{byte(g >> 8), byte(g)})
	}
	v := h.Sum32()
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + byte(v%26)
		v /= 26
	}
	return string(tag)
}

// toUnicodeCMap maps glyph IDs back to text, so that copy and paste and
// pdftotext read the characters that were drawn.
func toUnicodeCMap(m map[uint16]rune) []byte {
	gids := make([]int, 0, len(m))
	for g := range m {
		gids = append(gids, int(g))
	}
	sort.Ints(gids)
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for len(gids) > 0 {
		n := min(len(gids), 100)
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, g := range gids[:n] {
			fmt.Fprintf(&b, "<%04X> <", g)
			for _, u := range utf16.Encode([]rune{m[uint16(g)]}) {
				fmt.Fprintf(&b, "%04X", u)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
		gids = gids[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}

// stream stores content as a new Flate-compressed stream object.
func (fs *fontSet) stream(content []byte, extra types.Dict) (*types.IndirectRef, error) {
	return newStream(fs.xref, content, extra)
}

// newStream stores content as a new Flate-compressed stream object with
// the entries of extra.
func newStream(xref *model.XRefTable, content []byte, extra types.Dict) (*types.IndirectRef, error) {
	return newRawStream(xref, content, deflate(content), extra)
}

// newRawStream is newStream with content already compressed as raw.
func newRawStream(xref *model.XRefTable, content, raw []byte, extra types.Dict) (*types.IndirectRef, error) {
	d := types.Dict{"Filter": types.Name("FlateDecode"), "Length": types.Integer(len(raw))}
	for k, v := range extra {
		d[k] = v
	}
	l := int64(len(raw))
	sd := types.StreamDict{
		Dict:           d,
		Content:        content,
		Raw:            raw,
		StreamLength:   &l,
		FilterPipeline: []types.PDFFilter{{Name: "FlateDecode"}},
	}
	return xref.IndRefForNewObject(sd)
}

// zlibWriters are reused: a new compressor allocates about a megabyte,
// far more than the appearance streams it compresses.
var zlibWriters = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(io.Discard, zlib.BestSpeed)
	return w
}}

func deflate(content []byte) []byte {
	var z bytes.Buffer
	w := zlibWriters.Get().(*zlib.Writer)
	w.Reset(&z)
	w.Write(content)
	w.Close()
	zlibWriters.Put(w)
	return z.Bytes()
}
