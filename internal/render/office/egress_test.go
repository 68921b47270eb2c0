package office

import (
	"archive/zip"
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/render/docx/docxtest"
	"github.com/quirehq/quire/internal/testenv"
)

// The tests below convert docxtest.Hostile, which holds every kind of
// external reference, each pointing at its own URL: on a listener on
// 127.0.0.1 (which must hear nothing), or at a file of this machine
// holding a picture or docxtest.Marker (which must not reach the PDF).

func egressConverter(t *testing.T) *Converter {
	t.Helper()
	needSoffice(t)
	testenv.Command(t, "pdftotext", "poppler-utils")
	testenv.Command(t, "pdfimages", "poppler-utils")
	c, err := NewConverter(Options{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func needNamespace(t *testing.T, c *Converter) {
	t.Helper()
	if c.Network() == ProfileOnly {
		testenv.Missing(t, "network namespaces are not available here (run as root, or allow unprivileged user namespaces)")
	}
}

// pictureKinds are the references that load a picture.
var pictureKinds = map[string]bool{docxtest.LinkedImage: true, docxtest.HeaderImage: true, docxtest.VMLImage: true,
	docxtest.VMLSrc: true, docxtest.VMLHref: true, docxtest.IncludePicture: true, docxtest.IncludePicSimpl: true}

// localTargets writes, for every kind of reference, a file it may load (a
// picture or a text holding docxtest.Marker), and returns their file URLs.
func localTargets(t *testing.T) func(kind string) string {
	t.Helper()
	dir := t.TempDir()
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	img.Set(3, 3, color.RGBA{R: 0xff, A: 0xff})
	var pic bytes.Buffer
	if err := png.Encode(&pic, img); err != nil {
		t.Fatal(err)
	}
	for _, kind := range append(docxtest.Kinds, docxtest.HyperlinkRel) {
		content := []byte(docxtest.Marker + " " + kind + "\n")
		if pictureKinds[kind] {
			content = pic.Bytes()
		}
		if err := os.WriteFile(filepath.Join(dir, kind), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return func(kind string) string {
		return (&url.URL{Scheme: "file", Path: filepath.Join(dir, kind)}).String()
	}
}

// assertNothingFetched checks a PDF made from docxtest.Hostile: its text
// is all there, with no marker and no picture.
func assertNothingFetched(t *testing.T, pdf []byte) {
	t.Helper()
	text := pdfText(t, pdf)
	for _, want := range docxtest.Visible {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lost %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, docxtest.Marker) {
		t.Errorf("fetched content reached the PDF:\n%s", text)
	}
	if n := pdfImages(t, pdf); n > 0 {
		t.Errorf("the PDF holds %d pictures, loaded from outside the document", n)
	}
}

// pdfImages counts the pictures in a PDF (pdfimages -list).
func pdfImages(t *testing.T, pdf []byte) int {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(pdfTool(t, pdf, "pdfimages", "-list", pdfArg)), "\n")
	return max(len(lines)-2, 0) // two header lines
}

// TestNoEgress converts the hostile document, with references to the
// listener and then to local files, through ToPDF with every layer on.
func TestNoEgress(t *testing.T) {
	c := egressConverter(t)
	t.Logf("network isolation: %s", c.Network())
	needNamespace(t, c)
	l := docxtest.Listen(t)
	for name, target := range map[string]func(string) string{"listener": l.Target, "local files": localTargets(t)} {
		pdf, err := c.ToPDF(context.Background(), docxtest.Hostile(target))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		assertNothingFetched(t, pdf)
	}
	l.AssertSilent(t)
}

// TestUnprotectedLibreOfficeFetches is the control: without any layer,
// LibreOffice does fetch the linked pictures, so the tests above would see
// it if a layer failed.
func TestUnprotectedLibreOfficeFetches(t *testing.T) {
	c := egressConverter(t)
	c.network, c.lockdown = ProfileOnly, false
	l := docxtest.Listen(t)
	if _, err := c.convert(context.Background(), docxtest.Hostile(l.Target)); err != nil {
		t.Fatal(err)
	}
	if _, reqs := l.Seen(); !strings.Contains(strings.Join(reqs, " "), "/"+docxtest.LinkedImage) {
		t.Errorf("unprotected LibreOffice did not fetch the linked picture; requests %q", reqs)
	}
	pdf, err := c.convert(context.Background(), docxtest.Hostile(localTargets(t)))
	if err != nil {
		t.Fatal(err)
	}
	if pdfImages(t, pdf) == 0 {
		t.Errorf("unprotected LibreOffice did not load the linked local picture")
	}
}

// TestNetworkNamespaceAlone converts the hostile document as it is,
// without the LibreOffice settings: the namespace alone stops egress, the
// plain one (root) and the user one (the fallback for other users).
func TestNetworkNamespaceAlone(t *testing.T) {
	c := egressConverter(t)
	needNamespace(t, c)
	c.lockdown = false
	for _, n := range []Network{NetNamespace, UserNetNamespace} {
		if n != c.Network() && !canStartIn(c.path, n) {
			testenv.Missing(t, string(n)+" is not available here (unprivileged user namespaces are off)")
		}
		c.network = n
		l := docxtest.Listen(t)
		if _, err := c.convert(context.Background(), docxtest.Hostile(l.Target)); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		l.AssertSilent(t)
	}
}

// TestProfileSettingsAlone converts the hostile document as it is, without
// a namespace: the LibreOffice settings alone load nothing, from the
// network or from local files.
func TestProfileSettingsAlone(t *testing.T) {
	c := egressConverter(t)
	c.network = ProfileOnly
	l := docxtest.Listen(t)
	if _, err := c.convert(context.Background(), docxtest.Hostile(l.Target)); err != nil {
		t.Fatal(err)
	}
	l.AssertSilent(t)
	pdf, err := c.convert(context.Background(), docxtest.Hostile(localTargets(t)))
	if err != nil {
		t.Fatal(err)
	}
	if n := pdfImages(t, pdf); n > 0 {
		t.Errorf("the PDF holds %d pictures loaded from local files", n)
	}
}

// TestDOCXMadeByLibreOffice converts a DOCX written by another program:
// LibreOffice itself, saving an HTML page whose picture is on the listener
// (made in a network namespace, so that the picture stays a link).
func TestDOCXMadeByLibreOffice(t *testing.T) {
	c := egressConverter(t)
	needNamespace(t, c)
	unshare := testenv.Command(t, "unshare", "util-linux")
	l := docxtest.Listen(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "page.html")
	html := `<html><body><p>Made by LibreOffice</p><p><img src="` + l.Target("lo-html-image") + `" width="100" height="100"></p><p>After the picture</p></body></html>`
	if err := os.WriteFile(page, []byte(html), 0o600); err != nil {
		t.Fatal(err)
	}
	profile := (&url.URL{Scheme: "file", Path: filepath.Join(dir, "profile")}).String()
	cmd := exec.Command(unshare, "--net", c.path, "-env:UserInstallation="+profile, "--headless", "--norestore",
		"--convert-to", "docx:MS Word 2007 XML", "--outdir", dir, page)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("making the DOCX: %v\n%s", err, out)
	}
	doc, err := os.ReadFile(filepath.Join(dir, "page.docx"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(unzipAll(t, doc), []byte(l.Target("lo-html-image"))) {
		t.Fatal("LibreOffice did not keep the picture as a link: this test checks nothing")
	}
	pdf, err := c.ToPDF(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	l.AssertSilent(t)
	if text := pdfText(t, pdf); !strings.Contains(text, "Made by LibreOffice") || !strings.Contains(text, "After the picture") {
		t.Errorf("text lost:\n%s", text)
	}
}

// unzipAll is the content of every part of a ZIP, one after the other.
func unzipAll(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var all bytes.Buffer
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.Copy(&all, rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return all.Bytes()
}
