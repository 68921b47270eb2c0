package pdfform

import (
	"bytes"
	"encoding/json"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Variants of the real forms made as README.md says: what viewers and
// other tools do to forms before users upload them.

// fieldTypes maps names to types as Detect reports them.
func fieldTypes(t *testing.T, pdf []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, f := range detectMap(t, pdf) {
		out[name] = f.Type
	}
	return out
}

// TestResavedFormsKeepEveryField: forms whose /Fields lost part of the
// field tree, or that lost the whole AcroForm, still show every field
// their widgets carry: the same names and types as the original, and the
// fields qpdf lists for the variant (qpdf also finds widgets off the tree).
func TestResavedFormsKeepEveryField(t *testing.T) {
	cases := []struct {
		variant, original string
		qpdfLists         bool // qpdf fails to list the fields of a PDF without AcroForm
	}{
		{"f1040-resaved.pdf", "prefilled_f1040.pdf", true},
		{"160F-no-fields.pdf", "160F-2019.pdf", true},
		{"form_two_pages-no-acroform.pdf", "form_two_pages.pdf", false},
		{"button-widgets-listed.pdf", "annotation-button-widget.pdf", true},
	}
	for _, c := range cases {
		t.Run(c.variant, func(t *testing.T) {
			variant := readTestdata(t, c.variant)
			got, want := fieldTypes(t, variant), fieldTypes(t, readTestdata(t, c.original))
			if len(got) != len(want) {
				t.Errorf("%d fields, the original has %d", len(got), len(want))
			}
			for name, typ := range want {
				if got[name] != typ {
					t.Errorf("field %q: %q, the original has %q", name, got[name], typ)
				}
			}
			if !c.qpdfLists {
				return
			}
			for _, q := range qpdfFields(t, variant) {
				if q.FieldType == "/Btn" && q.FieldFlags&flagPushbutton != 0 {
					continue
				}
				if _, ok := got[q.FullName]; !ok {
					t.Errorf("qpdf lists %q, Detect does not", q.FullName)
				}
			}
		})
	}
}

// TestFillResavedForm fills fields that only the page widgets reach: the
// values show, flattened or not, and the filled form lists the fields in
// its tree again, so that a reader of /Fields alone (pdfcpu) finds them.
func TestFillResavedForm(t *testing.T) {
	cases := []struct {
		file   string
		values map[string]any
	}{
		{"f1040-resaved.pdf", map[string]any{
			"topmostSubform[0].Page1[0].p1-t4[0]":   "Page one value",
			"topmostSubform[0].Page2[0].p2-t129[0]": "4242",
			"topmostSubform[0].Page2[0].c2_01[0]":   true,
		}},
		{"160F-no-fields.pdf", map[string]any{"A.NOM": "QUIRE", "A.PRENOM": "Jeanne"}},
		{"form_two_pages-no-acroform.pdf", map[string]any{"Text1": "Zoë Müller", "Text3": "Привет"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			pdf := readTestdata(t, c.file)
			names := fieldTypes(t, pdf)
			for name := range c.values {
				if _, ok := names[name]; !ok {
					t.Fatalf("no field %q; fields: %v", name, names)
				}
			}
			out := fillChecked(t, pdf, c.values, FillOptions{})
			tree, err := pdfcpuFields(t, out)
			if err != nil {
				t.Fatalf("pdfcpu cannot read the filled form: %v", err)
			}
			for name, v := range c.values {
				f, ok := tree[name]
				if !ok {
					t.Errorf("%q is not in the filled form's field tree", name)
					continue
				}
				if s, isText := v.(string); isText && f.V != s {
					t.Errorf("%q: pdfcpu reads %q, want %q", name, f.V, s)
				}
			}
			flat := fillChecked(t, pdf, c.values, FillOptions{Flatten: true})
			text := pdfText(t, flat)
			for _, v := range c.values {
				if s, isText := v.(string); isText && !strings.Contains(text, s) {
					t.Errorf("flattened text lacks %q", s)
				}
			}
			if n := widgetCount(t, flat); n != 0 {
				t.Errorf("%d widgets left after flattening", n)
			}
		})
	}
}

// TestFieldsListingRadioWidgets: /Fields names the widgets of radio
// groups instead of the groups. The groups are found, fill, and the
// filled form's /Fields names the tree's root.
func TestFieldsListingRadioWidgets(t *testing.T) {
	pdf := readTestdata(t, "button-widgets-listed.pdf")
	group := "formulier1[0].#subform[0].LijstKeuzerondje[1]"
	got := detectMap(t, pdf)
	if f := got[group]; f.Type != TypeRadio || strings.Join(f.Options, ",") != "1,2" {
		t.Fatalf("%s: %+v", group, f)
	}
	out := fillChecked(t, pdf, map[string]any{group: "2"}, FillOptions{})
	// Option "2" is the group's second widget, whose "on" state is /1.
	if v := qpdfValue(t, out, group); v != "/1" {
		t.Errorf("qpdf reads %v, want /1", v)
	}
	tree, err := pdfcpuFields(t, out)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := tree[group]; !ok {
		t.Errorf("%s not in the filled form's tree", group)
	}
}

// TestEmptyFieldName: a field whose name is empty gets a generated one,
// which Detect lists, Fill accepts, and the filled form carries; a widget
// kid with an empty name belongs to its parent field.
func TestEmptyFieldName(t *testing.T) {
	pdf := readTestdata(t, "form_two_pages-empty-name.pdf")
	got := fieldTypes(t, pdf)
	if got["field1"] != TypeText || got["Text1"] != TypeText || len(got) != 4 {
		t.Fatalf("fields: %v", got)
	}
	if _, ok := got["Text2"]; ok {
		t.Fatal("Text2 kept its name")
	}
	out := fillChecked(t, pdf, map[string]any{"field1": "Named by Quire"}, FillOptions{})
	if v := qpdfValue(t, out, "field1"); v != "u:Named by Quire" {
		t.Errorf("qpdf reads %v", v)
	}
	flat, err := Fill(pdf, map[string]any{"field1": "Named by Quire"}, FillOptions{Flatten: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pdfText(t, flat), "Named by Quire") {
		t.Error("flattened text lacks the value")
	}
}

// TestStaleValueOnWidgetKid: a value a producer left on a widget (not the
// field) does not survive a fill.
func TestStaleValueOnWidgetKid(t *testing.T) {
	pdf := readTestdata(t, "button-stale-kid-value.pdf")
	if n := widgetKidsWithValue(t, pdf); n != 1 {
		t.Fatalf("the fixture has %d widget kids with a value, want 1", n)
	}
	group := "formulier1[0].#subform[0].LijstKeuzerondje[0]"
	// The group holds option "2" (state /1, as the stale kid says); option
	// "1" is the first widget's state /0.
	out, err := Fill(pdf, map[string]any{group: "1"}, FillOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if v := qpdfValue(t, out, group); v != "/0" {
		t.Errorf("qpdf reads %v, want /0", v)
	}
	if n := widgetKidsWithValue(t, out); n != 0 {
		t.Errorf("%d widget kids still carry a value", n)
	}
}

// widgetKidsWithValue counts widgets that are not fields (no /T) and
// carry a /V, as qpdf sees the objects.
func widgetKidsWithValue(t *testing.T, pdf []byte) int {
	t.Helper()
	needTool(t, "qpdf")
	out, err := exec.Command("qpdf", "--json=2", "--json-key=qpdf", writeTemp(t, "objects.pdf", pdf)).Output()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		QPDF []json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal(out, &doc); err != nil || len(doc.QPDF) != 2 {
		t.Fatalf("qpdf json: %v", err)
	}
	var objects map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal(doc.QPDF[1], &objects); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, o := range objects {
		d, _ := o.Value.(map[string]any)
		_, named := d["/T"]
		_, valued := d["/V"]
		if d["/Subtype"] == "/Widget" && !named && valued {
			n++
		}
	}
	return n
}

// qpdfValue is the value qpdf reads for a field.
func qpdfValue(t *testing.T, pdf []byte, name string) any {
	t.Helper()
	for _, q := range qpdfFields(t, pdf) {
		if q.FullName == name {
			return q.Value
		}
	}
	t.Fatalf("qpdf lists no field %q", name)
	return nil
}

// TestFilledFormsPassQPDFCheck: the trailer's /Size is one plus the
// highest object number, whatever pdfcpu left out while writing.
func TestFilledFormsPassQPDFCheck(t *testing.T) {
	for _, name := range realForms {
		for _, flatten := range []bool{false, true} {
			out, err := Fill(readTestdata(t, name), nil, FillOptions{Flatten: flatten})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			qpdfCheck(t, out)
		}
	}
}

// TestAES256FormsSayEncrypted: AES-256 forms are refused as encrypted,
// including one pdfcpu cannot open (its /Perms does not match /P).
func TestAES256FormsSayEncrypted(t *testing.T) {
	for _, name := range []string{"form_two_pages-aes256.pdf", "form_two_pages-aes256-perms.pdf"} {
		pdf := readTestdata(t, name)
		_, err := Detect(pdf)
		if !errors.Is(err, ErrEncrypted) || !strings.Contains(err.Error(), "encrypted") {
			t.Errorf("%s: Detect: %v", name, err)
		}
		if _, err := Fill(pdf, map[string]any{"Text1": "x"}, FillOptions{}); !errors.Is(err, ErrEncrypted) {
			t.Errorf("%s: Fill: %v", name, err)
		}
	}
}

// TestSignedFormRefusedAtDetect: a real signed PDF (pdf.js's
// signed_verified.pdf, whose signature widget is on the page but not in
// /Fields) is refused when listed, not only when filled.
func TestSignedFormRefusedAtDetect(t *testing.T) {
	_, err := Detect(readTestdata(t, "signed_verified.pdf"))
	if !errors.Is(err, ErrSigned) || !strings.Contains(err.Error(), "signed") {
		t.Errorf("got %v", err)
	}
}

// TestEditableFillEmbedsWholeFont: a form left editable whose value needs
// the Unicode font names that font in the field's default appearance, and
// the font is embedded whole (no subset tag, every glyph), so that text
// typed into the field later in a viewer has its glyphs. Flattened
// output keeps a subset.
func TestEditableFillEmbedsWholeFont(t *testing.T) {
	values := map[string]any{"Text1": "Привет"}
	out := fillChecked(t, readTestdata(t, "form_two_pages.pdf"), values, FillOptions{})
	ttf, err := loadFont("")
	if err != nil {
		t.Fatal(err)
	}
	base, file := daFont(t, out, "Text1")
	if strings.Contains(base, "+") || base != ttf.psName {
		t.Errorf("DA font %q is a subset", base)
	}
	if !bytes.Equal(file, ttf.data) {
		t.Errorf("embedded font has %d bytes, the font file %d", len(file), len(ttf.data))
	}
	embedded, err := parseTrueType(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range "Жжz€" { // not in the value
		if g := embedded.glyph(r); g == 0 || len(embedded.glyphData(g)) == 0 {
			t.Errorf("no outline for %q", r)
		}
	}
	if !strings.Contains(pdfText(t, out), "Привет") {
		t.Error("the appearance does not show the value")
	}

	flat, err := Fill(readTestdata(t, "form_two_pages.pdf"), values, FillOptions{Flatten: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(flat) >= len(ttf.data) {
		t.Errorf("flattened output (%d bytes) carries the whole font", len(flat))
	}
}

// daFont returns the BaseFont and font file of the font a field's /DA names.
func daFont(t *testing.T, pdf []byte, name string) (string, []byte) {
	t.Helper()
	doc, f := fieldOf(t, pdf, name)
	form, _ := doc.xref.DereferenceDict(doc.catalog["AcroForm"])
	dr, _ := doc.xref.DereferenceDict(form["DR"])
	fonts, _ := doc.xref.DereferenceDict(dr["Font"])
	font, _ := doc.xref.DereferenceDict(fonts[parseDA(f.da).font])
	if font == nil {
		t.Fatalf("DA %q names no font of /DR", f.da)
	}
	desc, _ := doc.xref.DereferenceArray(font["DescendantFonts"])
	if len(desc) != 1 {
		t.Fatalf("font %v is not a Type0 font", font)
	}
	cid, _ := doc.xref.DereferenceDict(desc[0])
	fd, _ := doc.xref.DereferenceDict(cid["FontDescriptor"])
	sd, _, err := doc.xref.DereferenceStreamDict(fd["FontFile2"])
	if err != nil || sd == nil {
		t.Fatalf("no FontFile2: %v", err)
	}
	if err := sd.Decode(); err != nil {
		t.Fatal(err)
	}
	return doc.text(types.Name(*font.NameEntry("BaseFont"))), sd.Content
}
