package pdfform

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// Fuzz targets: no input may panic, hang or return an error outside the
// package's sentinels. Seeds live in testdata/fuzz/<target>/; regenerate
// them with QUIRE_WRITE_FUZZ_SEEDS=1 go test -run TestWriteFuzzSeeds.

var knownErrors = []error{ErrNoFields, ErrEncrypted, ErrDamaged, ErrSigned, ErrValidation, ErrNoFont}

func checkKnownError(t *testing.T, err error) {
	if err == nil {
		return
	}
	for _, k := range knownErrors {
		if errors.Is(err, k) {
			return
		}
	}
	t.Fatalf("unexpected error kind: %v", err)
}

func FuzzDetect(f *testing.F) {
	f.Add(minimalForm())
	f.Fuzz(func(t *testing.T, pdf []byte) {
		fields, err := Detect(pdf)
		checkKnownError(t, err)
		if err == nil && len(fields) == 0 {
			t.Fatal("no error and no fields")
		}
		seen := map[string]bool{}
		for _, fl := range fields {
			if seen[fl.Name] {
				t.Fatalf("field %q listed twice", fl.Name)
			}
			seen[fl.Name] = true
		}
	})
}

func FuzzFill(f *testing.F) {
	f.Add(minimalForm(), "Zoë Łukasiewicz", true, false)
	f.Fuzz(func(t *testing.T, pdf []byte, text string, on, flatten bool) {
		fields, err := Detect(pdf)
		if err != nil {
			return
		}
		values := map[string]any{}
		for _, fl := range fields {
			switch fl.Type {
			case TypeCheckbox:
				values[fl.Name] = on
			case TypeRadio, TypeSelect, TypeList:
				if len(fl.Options) > 0 {
					values[fl.Name] = fl.Options[len(fl.Options)-1]
				}
			case TypeSignature:
			default:
				values[fl.Name] = text
			}
		}
		out, err := Fill(pdf, values, FillOptions{Flatten: flatten, IgnoreUnknownFields: true})
		checkKnownError(t, err)
		if err != nil {
			return
		}
		// What we write we can read again.
		if _, err := PageCount(out); err != nil {
			t.Fatalf("output unreadable: %v", err)
		}
		if flatten {
			return
		}
		// An editable form keeps every field it had, under the same names
		// (fields found off the tree are in it now).
		again, err := Detect(out)
		if err != nil {
			t.Fatalf("Detect of the filled form: %v", err)
		}
		names := map[string]bool{}
		for _, fl := range again {
			names[fl.Name] = true
		}
		for _, fl := range fields {
			if !names[fl.Name] {
				t.Fatalf("field %q lost by the fill", fl.Name)
			}
		}
	})
}

// TestWriteFuzzSeeds stores the seed corpus as files, in the format go
// test reads from testdata/fuzz.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("QUIRE_WRITE_FUZZ_SEEDS") == "" {
		t.Skip("set QUIRE_WRITE_FUZZ_SEEDS=1 to rewrite the seeds")
	}
	small := map[string][]byte{
		"minimal":           minimalForm(),
		"two_pages":         readTestdata(t, "form_two_pages.pdf"),
		"button":            readTestdata(t, "annotation-button-widget.pdf"),
		"pdfcpu_form":       allFieldsForm(t),
		"no_acroform":       readTestdata(t, "form_two_pages-no-acroform.pdf"),
		"widgets_in_fields": readTestdata(t, "button-widgets-listed.pdf"),
		"empty_name":        readTestdata(t, "form_two_pages-empty-name.pdf"),
		"plain":             plainPDF(t),
		"no_trailer":        minimalForm()[:len(minimalForm())-60],
		"header_only":       []byte("%PDF-1.7\n"),
	}
	for name, pdf := range small {
		writeSeed(t, "FuzzDetect", name, strconv.Quote(string(pdf)))
		writeSeed(t, "FuzzFill", name, strconv.Quote(string(pdf)), strconv.Quote("Zoë Łukasiewicz Привет"), "true", "true")
	}
}

func writeSeed(t *testing.T, target, name string, args ...string) {
	dir := filepath.Join("testdata", "fuzz", target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	body := "go test fuzz v1\n"
	for i, a := range args {
		switch {
		case i == 0:
			body += "[]byte(" + a + ")\n"
		case a == "true" || a == "false":
			body += "bool(" + a + ")\n"
		default:
			body += "string(" + a + ")\n"
		}
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	fmt.Println("wrote", filepath.Join(dir, name))
}
