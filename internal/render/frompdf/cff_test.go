package frompdf

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
	"golang.org/x/image/font/sfnt"

	"github.com/quirehq/quire/internal/render/chromium"
)

var webFace = regexp.MustCompile(`font-family: "(pdf-[0-9a-f]+)";[^}]*src: url\(data:font/(?:otf|ttf);base64,([A-Za-z0-9+/=]+)\) format\("(?:opentype|truetype)"\)`)

// TestCFFWebFontsLoad converts acroforms2.pdf (Minion, Myriad, Frutiger
// and Garamond subsets, all bare CFF): each becomes a web font (TrueType,
// see rebuildGlyf) whose cmap reaches the glyphs of the words drawn in it, and that
// Chromium takes (its OTS sanitizer refuses a malformed font, which then
// silently falls back): every FontFace built from them is 'loaded'. So
// are f1040.pdf's Helvetica Neue subsets and adobe-errata.pdf's fonts.
func TestCFFWebFontsLoad(t *testing.T) {
	res, _, _, _ := convertFile(t, filepath.Join("testdata", "corpus", "acroforms2.pdf"))
	faces := webFace.FindAllStringSubmatch(res.HTML, -1)
	if len(faces) < 4 {
		t.Fatalf("%d web faces in acroforms2's template, want the 4 CFF subsets", len(faces))
	}
	acroforms := len(faces)
	for _, name := range []string{"f1040.pdf", "adobe-errata.pdf"} {
		pdf, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
		if err != nil {
			t.Fatal(err)
		}
		other, err := converter().Convert(context.Background(), pdf, name)
		if err != nil {
			t.Fatal(err)
		}
		more := webFace.FindAllStringSubmatch(other.HTML, -1)
		if len(more) < 2 {
			t.Errorf("%s: %d web faces", name, len(more))
		}
		faces = append(faces, more...)
	}
	var buf sfnt.Buffer
	covered := false
	var script strings.Builder
	for i, m := range faces {
		data, err := base64.StdEncoding.DecodeString(m[2])
		if err != nil {
			t.Fatal(err)
		}
		f, err := sfnt.Parse(data)
		if err != nil {
			t.Fatalf("%s does not parse: %v", m[1], err)
		}
		if name, _ := f.Name(&buf, sfnt.NameIDFamily); name != m[1] {
			t.Errorf("%s is named %q inside", m[1], name)
		}
		all := true
		for _, r := range "Appligent" {
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				all = false
			}
		}
		covered = covered || all && i < acroforms // the title, in Minion
		fmt.Fprintf(&script, "check(%q, %q, %d);\n", m[1], m[2], i)
	}
	if !covered {
		t.Error("no face maps all the letters of the title “Appligent”")
	}
	html := `<!doctype html><html><body><pre id="out"></pre><script>
const out = document.getElementById("out");
function check(name, b64, i) {
  const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
  const face = new FontFace(name, bytes.buffer);
  document.fonts.add(face);
  face.load().then(() => { out.textContent += "face" + i + " " + face.status + "\n"; },
                   e => { out.textContent += "face" + i + " refused " + e + "\n"; });
}
` + script.String() + `</script></body></html>`
	pdf, err := engine(t).Render(context.Background(), chromium.Job{HTML: html})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf)
	for i, m := range faces {
		if !strings.Contains(text, fmt.Sprintf("face%d loaded", i)) {
			t.Errorf("Chromium did not load %s: %q", m[1], text)
		}
	}
}

// pdfText is the text of pdf as pdftotext reads it.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestConcurrentConversionsKeepTheirMetrics extracts two PDFs with
// embedded fonts at once: every run measured in a web font measures with
// the glyphs of its own conversion's font (the metrics travel with the
// run, no process-wide registry one conversion could clear under
// another). Run it with -race.
func TestConcurrentConversionsKeepTheirMetrics(t *testing.T) {
	files := []string{"walden.pdf", "acroforms2.pdf", "adobe-errata.pdf"}
	var wg sync.WaitGroup
	docs := make([]*document, len(files))
	errs := make([]error, len(files))
	for i, name := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pdf, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
			if err != nil {
				errs[i] = err
				return
			}
			errs[i] = testRuntime.with(context.Background(), func(p pdfium.Pdfium) error {
				ref, err := openDocument(p, pdf)
				if err != nil {
					return err
				}
				defer p.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: ref})
				docs[i], err = extract(p, ref, 0)
				return err
			})
		}()
	}
	wg.Wait()
	for i, name := range files {
		if errs[i] != nil {
			t.Fatalf("%s: %v", name, errs[i])
		}
		own := map[*webMetrics]bool{}
		for _, pf := range docs[i].Fonts.order {
			if pf.metrics != nil {
				own[pf.metrics] = true
			}
		}
		web := 0
		for _, pg := range docs[i].Pages {
			for _, r := range pg.Runs {
				if r.Font.Web == "" {
					continue
				}
				web++
				if !own[r.Font.metrics] {
					t.Fatalf("%s: run %q in %s measures with another conversion's metrics", name, r.Text, r.Font.Web)
				}
				if _, ok := webAdvance(r.Font, []rune(r.Text)[0]); !ok {
					t.Errorf("%s: run %q has no advance for its first character in its own font", name, r.Text)
				}
			}
		}
		if web == 0 {
			t.Errorf("%s: no run uses an embedded font", name)
		}
	}
}

// TestGlyphNames checks the CFF's predefined strings (391 of them, the
// fonts' own strings are numbered after) and the characters of the glyph
// names PDFs' subsets use.
func TestGlyphNames(t *testing.T) {
	if n := len(cffStandardStrings); n != 391 {
		t.Fatalf("%d standard strings, want 391", n)
	}
	for sid, want := range map[int]string{1: "space", 8: "quoteright", 95: "asciitilde", 96: "exclamdown", 228: "zcaron", 229: "exclamsmall", 379: "001.000", 390: "Semibold"} {
		if got := cffStandardStrings[sid]; got != want {
			t.Errorf("string id %d is %q, want %q", sid, got, want)
		}
	}
	for name, want := range map[string]rune{"A": 'A', "quoteright": '’', "quotesingle": '\'', "zero.tosf": '0', "uni20AC": '€', "u1F600": '😀', "eacute": 'é', "fi": 'ﬁ'} {
		if got, ok := glyphNameRune(name); !ok || got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	for _, name := range []string{"f_f_i", "uni20ac", "g123", ".notdef"} {
		if r, ok := glyphNameRune(name); ok {
			t.Errorf("%s read as %q", name, r)
		}
	}
}
