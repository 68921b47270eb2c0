package pdfform

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/quirehq/quire/internal/testenv"
)

func TestFillValidationListsEveryProblem(t *testing.T) {
	_, err := Fill(allFieldsForm(t), map[string]any{
		"nope":       "x",
		"alsoNope":   1,
		"agree":      "maybe",
		"size":       "huge",
		"city":       "Berlin",
		"colour":     []any{"Red", "Blue"},
		"firstName":  map[string]any{"a": 1},
		"newsletter": true,
	}, FillOptions{})
	var verr *ValidationError
	if !errors.As(err, &verr) || !errors.Is(err, ErrValidation) {
		t.Fatalf("got %v, want a *ValidationError", err)
	}
	if got := strings.Join(verr.Unknown, ","); got != "alsoNope,nope" {
		t.Errorf("unknown = %q", got)
	}
	byField := map[string]FieldError{}
	for _, fe := range verr.Fields {
		byField[fe.Field] = fe
	}
	for _, name := range []string{"agree", "size", "city", "colour", "firstName"} {
		if _, ok := byField[name]; !ok {
			t.Errorf("no error for %s", name)
		}
	}
	if got := strings.Join(byField["size"].Allowed, ","); got != "small,medium,large" {
		t.Errorf("size allowed = %q", got)
	}
	msg := err.Error()
	for _, s := range []string{`unknown fields: "alsoNope", "nope"`, `field "size": "huge" is not one of its options (allowed: "small", "medium", "large")`,
		`field "city": "Berlin" is not one of its options (allowed: "London", "Paris", "Vienna")`,
		`field "agree": a checkbox takes true or false, not "maybe"`, `field "colour": takes only one option`} {
		if !strings.Contains(msg, s) {
			t.Errorf("message lacks %q:\n%s", s, msg)
		}
	}
}

func TestFillIgnoreUnknownFields(t *testing.T) {
	out, err := Fill(allFieldsForm(t), map[string]any{"nope": "x", "firstName": "Ada"}, FillOptions{IgnoreUnknownFields: true})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := pdfcpuFields(t, out)
	if got["firstName"].V != "Ada" {
		t.Errorf("firstName = %q", got["firstName"].V)
	}
	// Unknown names are ignored, wrong values are still errors.
	_, err = Fill(allFieldsForm(t), map[string]any{"nope": "x", "size": "huge"}, FillOptions{IgnoreUnknownFields: true})
	var verr *ValidationError
	if !errors.As(err, &verr) || len(verr.Unknown) != 0 || len(verr.Fields) != 1 {
		t.Errorf("got %v", err)
	}
}

func TestCheckboxValues(t *testing.T) {
	f := &field{name: "cb", kind: TypeCheckbox, display: []string{"Oui"}}
	for _, v := range []any{true, "true", "Yes", "ON", "1", 1, float64(1), "Oui", "checked"} {
		if on, fe := normalize(f, v); fe != nil || !on.on {
			t.Errorf("%#v: got on=%v err=%v, want checked", v, on.on, fe)
		}
	}
	for _, v := range []any{false, nil, "false", "no", "Off", "0", 0, ""} {
		if on, fe := normalize(f, v); fe != nil || on.on {
			t.Errorf("%#v: got on=%v err=%v, want unchecked", v, on.on, fe)
		}
	}
	for _, v := range []any{"maybe", 2, []any{true}} {
		if _, fe := normalize(f, v); fe == nil {
			t.Errorf("%#v: accepted", v)
		}
	}
}

func TestTextValues(t *testing.T) {
	f := &field{name: "t", kind: TypeText, maxLen: 5}
	for v, want := range map[any]string{"abc": "abc", 42: "42", 3.5: "3.5", nil: ""} {
		got, fe := normalize(f, v)
		if fe != nil || got.text != want {
			t.Errorf("%#v: got %q, %v", v, got.text, fe)
		}
	}
	if _, fe := normalize(f, "toolong"); fe == nil || !strings.Contains(fe.Reason, "at most 5") {
		t.Errorf("max length not enforced: %v", fe)
	}
}

func TestFillUncheckAndClear(t *testing.T) {
	filled, err := Fill(allFieldsForm(t), allFieldsValues, FillOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := Fill(filled, map[string]any{"agree": false, "size": nil, "firstName": "", "langs": nil}, FillOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := pdfcpuFields(t, out)
	for _, name := range []string{"agree", "size", "firstName", "langs"} {
		if got[name].V != "" {
			t.Errorf("%s still %q", name, got[name].V)
		}
	}
	if got["lastName"].V != "Καλημέρα Привет" {
		t.Errorf("an untouched field changed: %q", got["lastName"].V)
	}
}

func TestFillFontErrors(t *testing.T) {
	o := FillOptions{FontPath: "/nonexistent/font.ttf"}
	// WinAnsi text needs no font file.
	if _, err := Fill(allFieldsForm(t), map[string]any{"firstName": "Zoë Müller"}, o); err != nil {
		t.Errorf("Latin-1 text: %v", err)
	}
	_, err := Fill(allFieldsForm(t), map[string]any{"firstName": "Łukasiewicz"}, o)
	if !errors.Is(err, ErrNoFont) {
		t.Errorf("got %v, want ErrNoFont", err)
	}
	// Another font works when given.
	lib := "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"
	out, err := Fill(allFieldsForm(t), map[string]any{"firstName": "Łukasiewicz"}, FillOptions{FontPath: lib, Flatten: true})
	if err != nil {
		testenv.File(t, lib, "Debian package fonts-liberation; "+testenv.SetupHint)
		t.Fatalf("fill with Liberation Sans: %v", err)
	}
	if !strings.Contains(pdfText(t, out), "Łukasiewicz") {
		t.Error("text drawn with Liberation Sans not found")
	}
}

func TestFillErrors(t *testing.T) {
	form := allFieldsForm(t)
	cases := map[string]struct {
		in   []byte
		want error
	}{
		"empty":                           {nil, ErrDamaged},
		"not a pdf":                       {[]byte("%PDF-1.7\nnot really"), ErrDamaged},
		"truncated":                       {form[:len(form)/2], ErrDamaged},
		"no fields":                       {plainPDF(t), ErrNoFields},
		"encrypted":                       {encrypt(t, form, "secret"), ErrEncrypted},
		"encrypted without user password": {encrypt(t, form, ""), ErrEncrypted},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Fill(c.in, map[string]any{"firstName": "x"}, FillOptions{Flatten: true})
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if err.Error() != c.want.Error() {
				t.Errorf("message %q should be the user-facing %q", err.Error(), c.want.Error())
			}
		})
	}
}

func encrypt(t *testing.T, pdf []byte, userPW string) []byte {
	t.Helper()
	conf := model.NewAESConfiguration(userPW, "owner-secret", 256)
	var out bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(pdf), &out, conf); err != nil {
		t.Fatalf("encrypt: %v", err)
	}
	return out.Bytes()
}

// TestFillUsageRightsForm: 160F carries an Adobe usage-rights signature
// (/Perms /UR3). It cannot stay valid once the file changes, so Fill drops
// it rather than leave Reader to warn about a broken signature.
func TestFillUsageRightsForm(t *testing.T) {
	src := readTestdata(t, "160F-2019.pdf")
	if !bytes.Contains(src, []byte("/UR3")) {
		t.Fatal("fixture lost its usage-rights signature")
	}
	out, err := Fill(src, map[string]any{"A.NOM": "Łukasiewicz", "R.CM": "Oui"}, FillOptions{})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := readDocument(out)
	if err != nil {
		t.Fatal(err)
	}
	if perms, _ := doc.xref.DereferenceDict(doc.catalog["Perms"]); perms != nil && perms["UR3"] != nil {
		t.Error("usage-rights signature kept")
	}
	got := detectMap(t, out)
	if got["A.NOM"].Type != TypeText {
		t.Error("form damaged")
	}
}
