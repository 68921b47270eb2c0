package pdfform

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// minimalForm writes a small uncompressed AcroForm PDF by hand: one page
// with a text field under a parent ("person.name"), a checkbox, a radio
// group of two, a combo box and a list box. Being small and plain, it is
// also the fuzzers' main seed.
func minimalForm() []byte { return buildMinimalForm(false) }

// signedMinimalForm adds a signature field holding a signature.
func signedMinimalForm() []byte { return buildMinimalForm(true) }

func buildMinimalForm(signed bool) []byte {
	objs := []string{
		1: "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 6 0 R 8 0 R 11 0 R 12 0 R 17 0 R] /DA (/Helv 0 Tf 0 g) " +
			"/DR << /Font << /Helv 13 0 R /ZaDb 14 0 R >> >> >> >>",
		2: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		3: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 15 0 R /Resources << /Font << /F1 13 0 R >> >> " +
			"/Annots [5 0 R 6 0 R 9 0 R 10 0 R 11 0 R 12 0 R 17 0 R] >>",
		4: "<< /T (person) /Kids [5 0 R] >>",
		5: "<< /Type /Annot /Subtype /Widget /Parent 4 0 R /T (name) /FT /Tx /DA (/Helv 10 Tf 0 g) /Rect [20 250 200 270] " +
			"/MK << /BC [0 0 0] >> /P 3 0 R /F 4 >>",
		6: "<< /Type /Annot /Subtype /Widget /T (ok) /FT /Btn /V /Off /AS /Off /Rect [20 220 34 234] /F 4 /P 3 0 R " +
			"/MK << /BC [0 0 0] >> /DA (/ZaDb 0 Tf 0 g) /AP << /N << /Yes 7 0 R /Off 16 0 R >> >> >>",
		7: stream("/Type /XObject /Subtype /Form /BBox [0 0 14 14] /Resources << /Font << /ZaDb 14 0 R >> >>",
			"q BT 0 g /ZaDb 12 Tf 2 2.5 Td (4) Tj ET Q"),
		8: "<< /T (pick) /FT /Btn /Ff 49152 /V /Off /Kids [9 0 R 10 0 R] >>",
		9: "<< /Type /Annot /Subtype /Widget /Parent 8 0 R /Rect [20 190 34 204] /AS /Off /F 4 /P 3 0 R " +
			"/AP << /N << /a 7 0 R /Off 16 0 R >> >> >>",
		10: "<< /Type /Annot /Subtype /Widget /Parent 8 0 R /Rect [40 190 54 204] /AS /Off /F 4 /P 3 0 R " +
			"/AP << /N << /b 7 0 R /Off 16 0 R >> >> >>",
		11: "<< /Type /Annot /Subtype /Widget /T (city) /FT /Ch /Ff 131072 /Opt [(Oslo) [(rome) (Rome)]] /DA (/Helv 0 Tf 0 g) " +
			"/Rect [20 150 200 170] /F 4 /P 3 0 R >>",
		12: "<< /Type /Annot /Subtype /Widget /T (tags) /FT /Ch /Ff 2097152 /Opt [(a) (b) (c)] /DA (/Helv 9 Tf 0 g) " +
			"/Rect [20 60 200 130] /F 4 /P 3 0 R >>",
		13: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		14: "<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>",
		15: stream("", "BT /F1 12 Tf 20 280 Td (Minimal) Tj ET"),
		16: stream("/Type /XObject /Subtype /Form /BBox [0 0 14 14]", ""),
		17: "<< /Type /Annot /Subtype /Widget /T (side) /FT /Tx /DA (/Helv 9 Tf 1 0 0 rg) /Rect [250 60 270 280] " +
			"/MK << /R 90 /BC [0 0 1] /BG [0.9 0.9 0.9] >> /F 4 /P 3 0 R >>",
	}
	if signed {
		objs[1] = strings.Replace(objs[1], "17 0 R]", "17 0 R 18 0 R] /SigFlags 3", 1)
		objs[3] = strings.Replace(objs[3], "17 0 R]", "17 0 R 18 0 R]", 1)
		objs = append(objs,
			"<< /Type /Annot /Subtype /Widget /T (sig) /FT /Sig /V 19 0 R /Rect [0 0 0 0] /F 132 /P 3 0 R >>",
			"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 10 20 10] /Contents <00> >>")
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i := 1; i < len(objs); i++ {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i, objs[i])
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs))
	for i := 1; i < len(objs); i++ {
		fmt.Fprintf(&b, "%010d 00000 n \n", offsets[i])
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs), xref)
	return b.Bytes()
}

// stream writes a stream object's dictionary entries and data.
func stream(entries, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", entries, len(data), data)
}

func TestMinimalForm(t *testing.T) {
	pdf := minimalForm()
	got := detectMap(t, pdf)
	want := map[string]string{"person.name": TypeText, "ok": TypeCheckbox, "pick": TypeRadio, "city": TypeSelect, "tags": TypeList, "side": TypeText}
	for n, typ := range want {
		if got[n].Type != typ {
			t.Errorf("%s: got %q, want %q", n, got[n].Type, typ)
		}
	}
	if o := got["city"].Options; len(o) != 2 || o[1] != "rome" {
		t.Errorf("city options %q (export values)", o)
	}
	out, err := Fill(pdf, map[string]any{
		"person.name": "Привет", "ok": "on", "pick": "b", "city": "Rome", "tags": "c", "side": "Sideways",
	}, FillOptions{Flatten: true})
	if err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, out)
	text := pdfText(t, out)
	for _, s := range []string{"Привет", "Rome", "Minimal", "Sideways"} {
		if !bytes.Contains([]byte(text), []byte(s)) {
			t.Errorf("pdftotext misses %q:\n%s", s, text)
		}
	}
	img := renderPage(t, out, 1, 72)
	h := float64(img.Bounds().Dy())
	if d := darkShare(img, rect{20, 220, 34, 234}, h, 2); d < 0.1 {
		t.Errorf("checkbox not marked: %.2f", d)
	}
	if a, b := darkShare(img, rect{20, 190, 34, 204}, h, 2), darkShare(img, rect{40, 190, 54, 204}, h, 2); a > 0.02 || b < 0.1 {
		t.Errorf("radio: a %.2f (want empty), b %.2f (want marked)", a, b)
	}
}

func TestFillSignedFormIsRefused(t *testing.T) {
	pdf := signedMinimalForm()
	if _, err := Detect(pdf); !errors.Is(err, ErrSigned) {
		t.Fatalf("Detect: got %v, want ErrSigned", err)
	}
	_, err := Fill(pdf, map[string]any{"person.name": "x"}, FillOptions{})
	if !errors.Is(err, ErrSigned) {
		t.Fatalf("got %v, want ErrSigned", err)
	}
}

func TestFillSignatureFieldIsNotFillable(t *testing.T) {
	// Unsigned: the form can be filled, but not its signature field.
	pdf := []byte(strings.Replace(string(signedMinimalForm()), "/V 19 0 R ", "         ", 1))
	_, err := Fill(pdf, map[string]any{"sig": "me"}, FillOptions{})
	var verr *ValidationError
	if !errors.As(err, &verr) || len(verr.Fields) != 1 || verr.Fields[0].Field != "sig" {
		t.Fatalf("got %v", err)
	}
	if _, err := Fill(pdf, map[string]any{"person.name": "x"}, FillOptions{Flatten: true}); err != nil {
		t.Fatal(err)
	}
}

// TestCheckboxWithoutAppearance: a checkbox whose producer left drawing to
// the viewer (no /AP) still shows its mark once checked and flattened.
func TestCheckboxWithoutAppearance(t *testing.T) {
	ap := "/AP << /N << /Yes 7 0 R /Off 16 0 R >> >>"
	pdf := []byte(strings.Replace(string(minimalForm()), ap, strings.Repeat(" ", len(ap)), 1))
	if got := detectMap(t, pdf)["ok"].Type; got != TypeCheckbox {
		t.Fatalf("ok: %q", got)
	}
	for _, checked := range []bool{true, false} {
		out, err := Fill(pdf, map[string]any{"ok": checked}, FillOptions{Flatten: true})
		if err != nil {
			t.Fatal(err)
		}
		img := renderPage(t, out, 1, 72)
		d := darkShare(img, rect{20, 220, 34, 234}, float64(img.Bounds().Dy()), 2)
		if checked && d < 0.1 || !checked && d > 0.02 {
			t.Errorf("checked=%v: ink %.2f", checked, d)
		}
	}
	out, err := Fill(pdf, map[string]any{"ok": true}, FillOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := pdfcpuFields(t, out); got["ok"].V != "Yes" {
		t.Errorf("pdfcpu reads ok = %q", got["ok"].V)
	}
}

// TestFlattenDrawsValuesWithoutAppearance: a field that has a value but no
// appearance (left to the viewer) keeps its value visible once flattened.
func TestFlattenDrawsValuesWithoutAppearance(t *testing.T) {
	mk := "/MK << /BC [0 0 0] >> /P 3 0 R /F 4 >>\nendobj\n6 0 obj"
	kept := "/V (Kept value)       /P 3 0 R /F 4 >>\nendobj\n6 0 obj"
	if len(mk) != len(kept) {
		t.Fatal("replacement must keep offsets")
	}
	pdf := []byte(strings.Replace(string(minimalForm()), mk, kept, 1))
	out, err := Fill(pdf, map[string]any{"ok": true}, FillOptions{Flatten: true})
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, out); !strings.Contains(text, "Kept value") {
		t.Errorf("existing value lost:\n%s", text)
	}
}
