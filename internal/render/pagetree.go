package render

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// PageCountAt counts the pages of a PDF of size bytes read through r,
// without loading it: for a PDF written the plain way (one classic xref
// table, as Chromium writes them) it reads the trailer, the xref entries of
// /Root and /Pages and those two objects, a few KiB whatever the size.
// Anything else is handed to pdfcpu, which reads the whole file.
func PageCountAt(r io.ReaderAt, size int64) (int, error) {
	if n, ok := pageTreeCount(r, size); ok {
		return n, nil
	}
	var n int
	err := WithPDFCPU(func(conf *model.Configuration) (err error) {
		n, err = api.PageCount(io.NewSectionReader(r, 0, size), conf)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("render: count pages: %w", err)
	}
	return n, nil
}

// tailBytes is how much of the end of the file holds the trailer.
const tailBytes = 4096

var (
	startXref  = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	xrefHeader = regexp.MustCompile(`^xref\r?\n0 (\d+)\s*?\r?\n`)
)

func pageTreeCount(r io.ReaderAt, size int64) (int, bool) {
	tail, ok := readAt(r, max(0, size-tailBytes), min(size, tailBytes))
	if !ok {
		return 0, false
	}
	m := startXref.FindSubmatch(tail)
	if m == nil || bytes.Count(tail, []byte("startxref")) != 1 || bytes.Contains(tail, []byte("/Prev")) {
		return 0, false // an xref stream, or incremental updates: not the plain way
	}
	t := bytes.LastIndex(tail, []byte("trailer"))
	if t < 0 {
		return 0, false
	}
	xref, err := strconv.ParseInt(string(m[1]), 10, 64)
	if err != nil || xref <= 0 || xref >= size {
		return 0, false
	}
	head, ok := readAt(r, xref, min(64, size-xref))
	if !ok {
		return 0, false
	}
	h := xrefHeader.FindSubmatch(head)
	if h == nil {
		return 0, false
	}
	entries, _ := strconv.Atoi(string(h[1]))
	table := xrefTable{r: r, size: size, at: xref + int64(len(h[0])), entries: entries}
	return countFromTrailer(tail[t:], table.object)
}

// xrefTable is one classic xref subsection starting at object 0: entries
// of exactly 20 bytes, "oooooooooo ggggg n" and a two-byte end of line.
type xrefTable struct {
	r       io.ReaderAt
	size    int64
	at      int64 // offset of entry 0
	entries int
}

// objectWindow is the most of one object read: the catalog and the root
// of the page tree are small dictionaries.
const objectWindow = 4096

// object returns the text of object num gen, up to its endobj.
func (x xrefTable) object(num, gen []byte) ([]byte, bool) {
	n, err := strconv.Atoi(string(num))
	if err != nil || n <= 0 || n >= x.entries {
		return nil, false
	}
	e, ok := readAt(x.r, x.at+20*int64(n), 20)
	if !ok || e[17] != 'n' {
		return nil, false
	}
	off, err := strconv.ParseInt(string(e[:10]), 10, 64)
	if err != nil || off <= 0 || off >= x.size {
		return nil, false
	}
	obj, ok := readAt(x.r, off, min(objectWindow, x.size-off))
	if !ok || !bytes.HasPrefix(obj, []byte(string(num)+" "+string(gen)+" obj")) {
		return nil, false
	}
	end := bytes.Index(obj, []byte("endobj"))
	if end < 0 {
		return nil, false
	}
	return obj[:end], true
}

func readAt(r io.ReaderAt, off, n int64) ([]byte, bool) {
	if n <= 0 {
		return nil, false
	}
	b := make([]byte, n)
	got, err := r.ReadAt(b, off)
	return b, int64(got) == n && (err == nil || err == io.EOF)
}
