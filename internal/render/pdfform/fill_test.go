package pdfform

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

var allFieldsValues = map[string]any{
	"firstName":  "Zoë Müller-Łukasiewicz",
	"lastName":   "Καλημέρα Привет",
	"notes":      "A note long enough to wrap inside the multiline field, twice over, at least.\nSecond paragraph",
	"dob":        "2024-01-31",
	"agree":      true,
	"newsletter": "no",
	"size":       "medium",
	"city":       "Paris",
	"colour":     "Green",
	"langs":      []any{"Go", "Zig"},
}

func TestFillKeepsFormEditable(t *testing.T) {
	out, err := Fill(allFieldsForm(t), allFieldsValues, FillOptions{})
	if err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, out)
	got, err := pdfcpuFields(t, out)
	if err != nil {
		t.Fatalf("pdfcpu cannot read the filled form: %v", err)
	}
	want := map[string]string{
		"firstName": "Zoë Müller-Łukasiewicz", "lastName": "Καλημέρα Привет", "dob": "2024-01-31",
		"agree": "Yes", "newsletter": "", "size": "medium", "city": "Paris", "colour": "Green", "langs": "Go,Zig",
	}
	for name, v := range want {
		if got[name].V != v {
			t.Errorf("%s: pdfcpu reads %q, want %q", name, got[name].V, v)
		}
	}
	if !strings.HasPrefix(got["notes"].V, "A note long enough") {
		t.Errorf("notes: %q", got["notes"].V)
	}
	// Still the same form: same fields, same names.
	before, _ := Detect(allFieldsForm(t))
	after, err := Detect(out)
	if err != nil || len(after) != len(before) {
		t.Fatalf("Detect after fill: %d fields, %v", len(after), err)
	}
	// The appearance streams carry the text (poppler draws them).
	text := pdfText(t, out)
	for _, s := range []string{"Zoë Müller-Łukasiewicz", "Καλημέρα Привет", "2024-01-31", "Paris"} {
		if !strings.Contains(text, s) {
			t.Errorf("pdftotext misses %q", s)
		}
	}
}

func TestFillFlattenAllTypes(t *testing.T) {
	src := allFieldsForm(t)
	out, err := Fill(src, allFieldsValues, FillOptions{Flatten: true})
	if err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, out)
	if n := widgetCount(t, out); n != 0 {
		t.Errorf("%d widgets or AcroForm left after flatten", n)
	}
	if _, err := pdfcpuFields(t, out); err == nil {
		t.Error("pdfcpu still finds a form after flatten")
	}
	if _, err := Detect(out); !errors.Is(err, ErrNoFields) {
		t.Errorf("Detect after flatten: %v, want ErrNoFields", err)
	}
	if n, err := PageCount(out); err != nil || n != 3 {
		t.Errorf("PageCount = %d, %v", n, err)
	}
	text := pdfText(t, out)
	for _, s := range []string{"Zoë Müller-Łukasiewicz", "Καλημέρα Привет", "2024-01-31", "Paris", "Second paragraph", "Green", "Zig"} {
		if !strings.Contains(text, s) {
			t.Errorf("pdftotext misses %q in:\n%s", s, text)
		}
	}
	// Page 2 at 72 dpi: the checked box is marked, the other is not.
	img := renderPage(t, out, 2, 72)
	pageH := float64(img.Bounds().Dy())
	agree := darkShare(img, widgetRect(t, src, "agree"), pageH, 2.5)
	news := darkShare(img, widgetRect(t, src, "newsletter"), pageH, 2.5)
	if agree < 0.15 || news > 0.02 {
		t.Errorf("checkbox ink: agree %.2f (want marked), newsletter %.2f (want empty)", agree, news)
	}
}

// TestFlattenMatchesQPDF flattens the same filled form ourselves and with
// qpdf --flatten-annotations=all; the pages must look the same.
func TestFlattenMatchesQPDF(t *testing.T) {
	needTool(t, "qpdf")
	for _, name := range append([]string{"allfields", "minimal"}, realForms...) {
		t.Run(name, func(t *testing.T) {
			src, values := formAndValues(t, name)
			filled, err := Fill(src, values, FillOptions{})
			if err != nil {
				t.Fatal(err)
			}
			ours, err := Fill(src, values, FillOptions{Flatten: true})
			if err != nil {
				t.Fatal(err)
			}
			in := writeTemp(t, "filled.pdf", filled)
			outFn := in + ".flat.pdf"
			if out, err := exec.Command("qpdf", "--flatten-annotations=all", in, outFn).CombinedOutput(); err != nil && !strings.Contains(string(out), "warning") {
				t.Fatalf("qpdf: %v %s", err, out)
			}
			theirs, err := os.ReadFile(outFn)
			if err != nil {
				t.Fatal(err)
			}
			pages, _ := PageCount(src)
			for p := 1; p <= pages; p++ {
				d := imageDiff(renderPage(t, ours, p, 50), renderPage(t, theirs, p, 50))
				if d > 0.002 {
					t.Errorf("page %d differs from qpdf's flattening on %.2f%% of pixels", p, 100*d)
				}
			}
		})
	}
}

// formAndValues returns a test form and a value for each of its fields
// that fits it (respecting maximum lengths).
func formAndValues(t testing.TB, name string) ([]byte, map[string]any) {
	t.Helper()
	switch name {
	case "allfields":
		return allFieldsForm(t), allFieldsValues
	case "minimal":
		return minimalForm(), map[string]any{
			"person.name": "Zoë", "ok": true, "pick": "a", "city": "rome", "tags": "b", "side": "Sideways text",
		}
	}
	pdf := readTestdata(t, name)
	doc, err := readDocument(pdf)
	if err != nil {
		t.Fatal(err)
	}
	fields, err := doc.collectFields()
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]any{}
	for i, f := range fields {
		switch f.kind {
		case TypeText, TypeMultiline, TypeDate:
			s := fmt.Sprintf("Zoë %03d", i)
			if f.maxLen > 0 {
				s = string([]rune(s)[max(0, len([]rune(s))-f.maxLen):])
			}
			values[f.name] = s
		case TypeCheckbox:
			values[f.name] = i%2 == 0
		case TypeRadio, TypeSelect:
			values[f.name] = f.options[len(f.options)-1]
		case TypeList:
			values[f.name] = f.options[1]
		}
	}
	return pdf, values
}

func TestFillRealForms(t *testing.T) {
	for _, name := range realForms {
		t.Run(name, func(t *testing.T) {
			src, values := formAndValues(t, name)
			out, err := Fill(src, values, FillOptions{Flatten: true})
			if err != nil {
				t.Fatal(err)
			}
			qpdfCheck(t, out)
			if n := widgetCount(t, out); n != 0 {
				t.Errorf("%d widgets or AcroForm left", n)
			}
			kinds := map[string]string{}
			fields, _ := Detect(src)
			for _, f := range fields {
				kinds[f.Name] = f.Type
			}
			text := pdfText(t, out)
			texts, shown := 0, 0
			for name, v := range values {
				if s, ok := v.(string); ok && kinds[name] != TypeRadio {
					texts++
					if strings.Contains(text, s) {
						shown++
					} else {
						t.Logf("not found: %s = %q", name, s)
					}
				}
			}
			// A few texts are clipped by narrow fields or split by comb cells.
			if shown < texts*8/10 {
				t.Errorf("pdftotext finds %d of %d filled texts", shown, texts)
			}
			t.Logf("%d values, pdftotext finds %d of %d texts", len(values), shown, texts)
		})
	}
}

func TestFillF1040ManyFields(t *testing.T) {
	src, values := formAndValues(t, "prefilled_f1040.pdf")
	if len(values) < 200 {
		t.Fatalf("only %d values", len(values))
	}
	out, err := Fill(src, values, FillOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := pdfcpuFields(t, out)
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range values {
		s, ok := v.(string)
		if !ok {
			continue
		}
		if f, found := got[shortName(name)]; found && f.V != s {
			t.Errorf("%s: pdfcpu reads %q, want %q", name, f.V, s)
		}
	}
}

// shortName is pdfcpu's name for a field: its last partial name.
func shortName(fq string) string {
	if i := strings.LastIndex(fq, "."); i >= 0 {
		return fq[i+1:]
	}
	return fq
}
