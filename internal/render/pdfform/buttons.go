package pdfform

import (
	"bytes"
	"fmt"
	"math"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// addCheckAppearance gives a checkbox widget without an "on" appearance
// (some producers leave drawing to the viewer) a pair of appearances, so
// that a checked box shows its mark, flattened or not. The mark is the
// widget's /MK /CA character in ZapfDingbats, a check mark by default.
func (doc *document) addCheckAppearance(f *field, i int, fonts *fontSet) error {
	wd := f.widgets[i]
	box, ok := doc.widgetBox(wd)
	if !ok {
		return nil
	}
	mark := "4" // ✔ in ZapfDingbats
	if mk, _ := doc.xref.DereferenceDict(wd["MK"]); mk != nil {
		if ca := []rune(doc.text(mk["CA"])); len(ca) > 0 && ca[0] < 128 {
			mark = string(ca[0])
		}
	}
	da := f.da
	if s := doc.text(wd["DA"]); s != "" {
		da = s
	}
	st := parseDA(da)
	fc, err := fonts.coreFace("ZapfDingbats")
	if err != nil {
		return err
	}
	size := st.size
	if size == 0 {
		size = math.Min(box.w, box.h) * 0.8
	}
	var on, off bytes.Buffer
	drawBackground(&off, box)
	drawBackground(&on, box)
	x := (box.w - fc.width(mark, size)) / 2
	y := (box.h - 0.7*size) / 2 // ZapfDingbats marks are about 0.7 em high
	fmt.Fprintf(&on, "q BT /%s %s Tf %s 1 0 0 1 %s %s Tm %s Tj ET Q\n",
		fc.resName(), num(size), st.color, num(x), num(y), fc.encode(mark))
	onRef, err := doc.appearanceStream(box, fc, on.Bytes())
	if err != nil {
		return err
	}
	offRef, err := doc.appearanceStream(box, fc, off.Bytes())
	if err != nil {
		return err
	}
	wd["AP"] = types.Dict{"N": types.Dict{"Yes": *onRef, "Off": *offRef}}
	f.onState[i], f.exports[i] = "Yes", "Yes"
	return nil
}
