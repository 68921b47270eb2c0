package pdfform

import (
	"errors"
	"reflect"
	"sort"
	"testing"

	"github.com/quirehq/quire/internal/render"
)

// TestDetectMatchesQPDF checks every shared real-world form against qpdf:
// the same fully qualified names (push buttons aside) and matching kinds.
func TestDetectMatchesQPDF(t *testing.T) {
	for _, name := range realForms {
		t.Run(name, func(t *testing.T) {
			pdf := readTestdata(t, name)
			got, err := Detect(pdf)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{}
			for _, q := range qpdfFields(t, pdf) {
				if q.FieldType == "/Btn" && q.FieldFlags&flagPushbutton != 0 {
					continue
				}
				want[q.FullName] = q.FieldType
			}
			gotNames := map[string]string{}
			for _, f := range got {
				if _, dup := gotNames[f.Name]; dup {
					t.Errorf("field %q listed twice", f.Name)
				}
				gotNames[f.Name] = f.Type
			}
			if len(gotNames) != len(want) {
				t.Errorf("got %d fields, qpdf lists %d", len(gotNames), len(want))
			}
			for n, ft := range want {
				typ, ok := gotNames[n]
				if !ok {
					t.Errorf("missing field %q", n)
					continue
				}
				if !kindMatches(ft, typ) {
					t.Errorf("field %q: type %q for %s", n, typ, ft)
				}
			}
		})
	}
}

var realForms = []string{
	"160F-2019.pdf", "annotation-button-widget.pdf", "annotation-choice-widget.pdf",
	"form_two_pages.pdf", "prefilled_f1040.pdf",
}

func kindMatches(pdfType, kind string) bool {
	switch pdfType {
	case "/Tx":
		return kind == TypeText || kind == TypeMultiline || kind == TypeDate
	case "/Btn":
		return kind == TypeCheckbox || kind == TypeRadio
	case "/Ch":
		return kind == TypeSelect || kind == TypeList
	case "/Sig":
		return kind == TypeSignature
	}
	return false
}

func TestDetectChoiceWidgets(t *testing.T) {
	got := detectMap(t, readTestdata(t, "annotation-choice-widget.pdf"))
	opts := []string{"Lorem", "Ipsum", "Dolor", "Sit", "Amet", "Consectetur", "Adipiscing", "Elit"}
	p := "formulier1[0].#subform[0]."
	want := map[string]render.Field{
		p + "Vervolgkeuzelijst1[0]": {Type: TypeSelect, Options: opts},
		p + "Vervolgkeuzelijst2[0]": {Type: TypeSelect, Options: opts},
		p + "Keuzelijst1[0]":        {Type: TypeList, Options: opts},
		p + "Keuzelijst2[0]":        {Type: TypeList, Options: opts},
		p + "Keuzelijst3[0]":        {Type: TypeList, Options: opts},
	}
	for n, w := range want {
		g := got[n]
		if g.Type != w.Type || !reflect.DeepEqual(g.Options, w.Options) {
			t.Errorf("%s: got %s %q, want %s %q", n, g.Type, g.Options, w.Type, w.Options)
		}
	}
}

func TestDetectButtonWidgets(t *testing.T) {
	got := detectMap(t, readTestdata(t, "annotation-button-widget.pdf"))
	p := "formulier1[0].#subform[0]."
	for _, n := range []string{"Selectievakje1[0]", "Selectievakje2[0]", "Selectievakje3[0]"} {
		if got[p+n].Type != TypeCheckbox {
			t.Errorf("%s: got %q, want checkbox", n, got[p+n].Type)
		}
	}
	for _, n := range []string{"LijstKeuzerondje[0]", "LijstKeuzerondje[1]", "LijstKeuzerondje[2]"} {
		g := got[p+n]
		if g.Type != TypeRadio || !reflect.DeepEqual(g.Options, []string{"1", "2"}) {
			t.Errorf("%s: got %s %q, want radio [1 2]", n, g.Type, g.Options)
		}
	}
}

func TestDetect160FRadio(t *testing.T) {
	got := detectMap(t, readTestdata(t, "160F-2019.pdf"))
	if g := got["R.CM"]; g.Type != TypeRadio || !reflect.DeepEqual(g.Options, []string{"Oui", "Non"}) {
		t.Errorf("R.CM: got %s %q", g.Type, g.Options)
	}
	if g := got["A.NOM"]; g.Type != TypeText {
		t.Errorf("A.NOM: got %q", g.Type)
	}
}

func TestDetectF1040(t *testing.T) {
	got := detectMap(t, readTestdata(t, "prefilled_f1040.pdf"))
	if len(got) < 200 {
		t.Fatalf("only %d fields", len(got))
	}
	if g := got["topmostSubform[0].Page2[0].p2-t111[0]"]; g.Type != TypeMultiline {
		t.Errorf("p2-t111: got %q, want multiline", g.Type)
	}
	if g := got["topmostSubform[0].Page1[0].c1_04"]; g.Type != TypeCheckbox {
		t.Errorf("c1_04: got %q, want checkbox", g.Type)
	}
}

func TestDetectErrors(t *testing.T) {
	cases := map[string]struct {
		in   []byte
		want error
	}{
		"empty":     {nil, ErrDamaged},
		"not a pdf": {[]byte("hello, world"), ErrDamaged},
		"truncated": {readTestdata(t, "form_two_pages.pdf")[:400], ErrDamaged},
		"no fields": {plainPDF(t), ErrNoFields},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Detect(c.in)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if err.Error() != c.want.Error() {
				t.Errorf("message %q should be the user-facing %q", err.Error(), c.want.Error())
			}
		})
	}
}

func detectMap(t *testing.T, pdf []byte) map[string]render.Field {
	t.Helper()
	ff, err := Detect(pdf)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]render.Field{}
	names := make([]string, 0, len(ff))
	for _, f := range ff {
		m[f.Name] = f
		names = append(names, f.Name)
	}
	sort.Strings(names)
	return m
}

func TestDetectAllFieldTypes(t *testing.T) {
	got := detectMap(t, allFieldsForm(t))
	want := map[string]render.Field{
		"firstName":  {Type: TypeText},
		"lastName":   {Type: TypeText},
		"notes":      {Type: TypeMultiline},
		"dob":        {Type: TypeDate},
		"agree":      {Type: TypeCheckbox},
		"newsletter": {Type: TypeCheckbox},
		"size":       {Type: TypeRadio, Options: []string{"small", "medium", "large"}},
		"city":       {Type: TypeSelect, Options: []string{"London", "Paris", "Vienna"}},
		"colour":     {Type: TypeList, Options: []string{"Red", "Green", "Blue"}},
		"langs":      {Type: TypeList, Options: []string{"Go", "Rust", "Zig"}},
	}
	if len(got) != len(want) {
		t.Errorf("got %d fields: %v", len(got), got)
	}
	for n, w := range want {
		g, ok := got[n]
		if !ok {
			t.Errorf("missing %q", n)
			continue
		}
		if g.Type != w.Type || !reflect.DeepEqual(g.Options, w.Options) {
			t.Errorf("%s: got %s %q, want %s %q", n, g.Type, g.Options, w.Type, w.Options)
		}
	}
	if n, err := PageCount(allFieldsForm(t)); err != nil || n != 3 {
		t.Errorf("PageCount = %d, %v; want 3", n, err)
	}
}
