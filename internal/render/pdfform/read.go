package pdfform

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/quirehq/quire/internal/render"
)

// maxTreeDepth bounds every walk of the page and field trees: real forms
// nest a handful of levels, hostile ones loop or nest without end.
const maxTreeDepth = 64

// document is a parsed PDF with the parts this package works on.
type document struct {
	ctx     *model.Context
	xref    *model.XRefTable
	catalog types.Dict
	pages   []types.Dict // page dictionaries in page order
	repair  formRepair   // set by collectFields
}

// guard turns a panic inside pdfcpu (or in our walk over a hostile file)
// into ErrDamaged, so that no input can crash the caller.
func guard(err *error) {
	if r := recover(); r != nil {
		*err = damaged(fmt.Errorf("panic: %v", r))
	}
}

// readDocument parses pdf without pdfcpu's validation pass, which is slow
// and rejects many real-world forms that viewers open fine. A file that
// declares encryption and fails to parse is reported as encrypted: pdfcpu
// refuses some AES-256 files that other readers open (a /Perms entry that
// does not match /P, unusual crypt filters), and "damaged" would send the
// user looking for the wrong problem.
func readDocument(pdf []byte) (*document, error) {
	doc, err := parseDocument(pdf)
	if errors.Is(err, ErrDamaged) && declaresEncryption(pdf) {
		return nil, &pdfError{kind: ErrEncrypted, cause: errors.Unwrap(err)}
	}
	return doc, err
}

// encryptEntry matches a trailer's (or cross-reference stream's) /Encrypt
// entry: an indirect reference or a direct dictionary.
var encryptEntry = regexp.MustCompile(`/Encrypt\s*(\d+\s+\d+\s+R|<<)`)

func declaresEncryption(pdf []byte) bool { return encryptEntry.Match(pdf) }

func parseDocument(pdf []byte) (doc *document, err error) {
	defer guard(&err)
	if !looksLikePDF(pdf) {
		return nil, damaged(errors.New("no %PDF- header"))
	}
	conf := render.PDFCPUConfig()
	ctx, err := api.ReadContext(bytes.NewReader(pdf), conf)
	if err != nil {
		if errors.Is(err, pdfcpu.ErrWrongPassword) || errors.Is(err, pdfcpu.ErrUnsupportedEncryptionFeature) {
			return nil, &pdfError{kind: ErrEncrypted, cause: err}
		}
		return nil, damaged(err)
	}
	if ctx.Encrypt != nil {
		return nil, ErrEncrypted
	}
	catalog, err := ctx.Catalog()
	if err != nil || catalog == nil {
		return nil, damaged(fmt.Errorf("catalog: %v", err))
	}
	doc = &document{ctx: ctx, xref: ctx.XRefTable, catalog: catalog}
	if err := doc.collectPages(); err != nil {
		return nil, damaged(err)
	}
	return doc, nil
}

// loadObjectStreams decodes every object kept in an object stream. pdfcpu
// decodes them lazily and its writer copies a still-lazy object without
// following its references, so the objects it points to would be lost.
func loadObjectStreams(xref *model.XRefTable) error {
	for nr, e := range xref.Table {
		if e == nil || e.Free {
			continue
		}
		if _, lazy := e.Object.(types.LazyObjectStreamObject); !lazy {
			continue
		}
		if _, err := xref.Dereference(*types.NewIndirectRef(nr, 0)); err != nil {
			return fmt.Errorf("object %d: %w", nr, err)
		}
	}
	return nil
}

// looksLikePDF accepts a %PDF- header within the first KiB, as viewers do.
func looksLikePDF(b []byte) bool {
	head := b
	if len(head) > 1024 {
		head = head[:1024]
	}
	return bytes.Contains(head, []byte("%PDF-"))
}

// collectPages walks the page tree depth first.
func (doc *document) collectPages() error {
	root, err := doc.xref.DereferenceDict(doc.catalog["Pages"])
	if err != nil || root == nil {
		return fmt.Errorf("page tree root: %v", err)
	}
	if _, ok := root["Kids"]; !ok {
		return errors.New("page tree root without kids")
	}
	seen := map[int]bool{}
	var walk func(node types.Dict, depth int) error
	walk = func(node types.Dict, depth int) error {
		if depth > maxTreeDepth {
			return errors.New("page tree too deep")
		}
		kids, err := doc.xref.DereferenceArray(node["Kids"])
		if err != nil {
			return err
		}
		if kids == nil {
			if t := node.NameEntry("Type"); t != nil && *t == "Pages" {
				return nil // an empty intermediate node
			}
			doc.pages = append(doc.pages, node)
			return nil
		}
		for _, k := range kids {
			if ref, ok := k.(types.IndirectRef); ok {
				if seen[ref.ObjectNumber.Value()] {
					return errors.New("page tree has a cycle")
				}
				seen[ref.ObjectNumber.Value()] = true
			}
			kid, err := doc.xref.DereferenceDict(k)
			if err != nil {
				return err
			}
			if kid == nil {
				continue
			}
			if err := walk(kid, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root, 0); err != nil {
		return err
	}
	if len(doc.pages) == 0 {
		return errors.New("no pages")
	}
	return nil
}

// write serialises the document.
func (doc *document) write() (out []byte, err error) {
	defer guard(&err)
	if err := loadObjectStreams(doc.xref); err != nil {
		return nil, damaged(err)
	}
	var buf bytes.Buffer
	if err := api.WriteContext(doc.ctx, &buf); err != nil {
		return nil, damaged(err)
	}
	return setTrailerSize(buf.Bytes(), doc.highestWritten()+1), nil
}

// highestWritten is the highest object number in the cross-reference
// section just written: pdfcpu lists the objects it wrote and the free
// ones, but leaves out objects nothing refers to any more.
func (doc *document) highestWritten() int {
	highest := 0
	for nr, e := range doc.xref.Table {
		if nr > highest && (e != nil && e.Free || doc.ctx.Write.HasWriteOffset(nr)) {
			highest = nr
		}
	}
	return highest
}

// setTrailerSize corrects the /Size of the last cross-reference section,
// which pdfcpu copies from its object table: objects it skipped as
// unreferenced would leave /Size above one plus the highest object
// number, which PDF 32000-1 7.5.5 forbids (qpdf --check warns). The
// section starts at the startxref offset and its dictionary precedes the
// stream data (or follows "trailer"), so the edit moves no offset that
// anything points to.
func setTrailerSize(pdf []byte, size int) []byte {
	at := bytes.LastIndex(pdf, []byte("startxref"))
	if at < 0 {
		return pdf
	}
	fields := bytes.Fields(pdf[at+len("startxref"):])
	if len(fields) == 0 {
		return pdf
	}
	start, err := strconv.Atoi(string(fields[0]))
	if err != nil || start < 0 || start >= at {
		return pdf
	}
	section := pdf[start:at]
	if i := bytes.Index(section, []byte("stream")); i >= 0 && !bytes.HasPrefix(section, []byte("xref")) {
		section = section[:i]
	}
	m := sizeEntry.FindSubmatchIndex(section)
	if m == nil || string(section[m[2]:m[3]]) == strconv.Itoa(size) {
		return pdf
	}
	out := make([]byte, 0, len(pdf)+8)
	out = append(out, pdf[:start+m[2]]...)
	out = strconv.AppendInt(out, int64(size), 10)
	return append(out, pdf[start+m[3]:]...)
}

var sizeEntry = regexp.MustCompile(`/Size\s*(\d+)`)

// PageCount returns the number of pages of pdf.
func PageCount(pdf []byte) (int, error) {
	doc, err := readDocument(pdf)
	if err != nil {
		return 0, err
	}
	return len(doc.pages), nil
}
