package docx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"sync"
)

// Limits protects Parse against ZIP bombs, and Fill against data that
// would blow a template up (a loop over a million rows).
type Limits struct {
	MaxUnpackedBytes int64 // total uncompressed size of all parts; 0 = DefaultMaxUnpackedBytes
	MaxParts         int   // number of entries in the ZIP; 0 = DefaultMaxParts
	MaxOutputBytes   int64 // uncompressed size of the filled parts; 0 = DefaultMaxOutputBytes
	MaxDepth         int   // blocks ({{#each}}, {{#if}}, {{else if}}…) open at once; 0 = DefaultMaxDepth
}

// Defaults used for zero Limits fields.
const (
	DefaultMaxUnpackedBytes = 100 << 20
	DefaultMaxParts         = 2000
	DefaultMaxOutputBytes   = 200 << 20
	DefaultMaxDepth         = 100
)

func (l Limits) withDefaults() Limits {
	if l.MaxUnpackedBytes <= 0 {
		l.MaxUnpackedBytes = DefaultMaxUnpackedBytes
	}
	if l.MaxParts <= 0 {
		l.MaxParts = DefaultMaxParts
	}
	if l.MaxOutputBytes <= 0 {
		l.MaxOutputBytes = DefaultMaxOutputBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	return l
}

// zipPart is one entry of the package as read from the input.
type zipPart struct {
	header zip.FileHeader
	raw    []byte // compressed bytes exactly as stored, copied as-is on output
	data   []byte // uncompressed content, kept only for parts that may hold tags
}

// readPackage unzips docx within the limits. It checks the declared sizes
// first and then counts the bytes actually inflated, since declared sizes
// can lie.
func readPackage(docx []byte, l Limits) ([]zipPart, layout, error) {
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, layout{}, &Error{Kind: ErrNotZip, Err: err}
	}
	if len(zr.File) > l.MaxParts {
		return nil, layout{}, &Error{Kind: ErrTooLarge, Detail: fmt.Sprintf(
			"the document has %d parts, more than the limit of %d", len(zr.File), l.MaxParts)}
	}
	var declared uint64
	for _, f := range zr.File {
		declared += f.UncompressedSize64
		if declared > uint64(l.MaxUnpackedBytes) {
			return nil, layout{}, tooLarge(l)
		}
	}
	lay := findLayout(zr.File)
	parts := make([]zipPart, 0, len(zr.File))
	seen := make(map[string]bool, len(zr.File))
	budget := l.MaxUnpackedBytes
	for _, f := range zr.File {
		if seen[f.Name] {
			return nil, layout{}, &Error{Kind: ErrNotDOCX, Detail: "the document contains the part " + f.Name + " twice"}
		}
		seen[f.Name] = true
		p := zipPart{header: f.FileHeader}
		if p.raw, err = readRaw(f); err != nil {
			return nil, layout{}, &Error{Kind: ErrNotZip, Part: f.Name, Err: err}
		}
		var sink io.Writer = io.Discard
		var buf bytes.Buffer
		if lay.holdsText(f.Name) {
			buf.Grow(int(min(f.UncompressedSize64, uint64(budget))))
			sink = &buf
		}
		n, err := inflate(&f.FileHeader, p.raw, sink, budget)
		budget -= n
		if budget < 0 {
			return nil, layout{}, tooLarge(l)
		}
		if errors.Is(err, errSizeMismatch) && uint64(n) > f.UncompressedSize64 {
			return nil, layout{}, &Error{Kind: ErrTooLarge, Part: f.Name, Detail: "a part unpacks to more than its declared size"}
		}
		if err != nil {
			return nil, layout{}, &Error{Kind: ErrNotZip, Part: f.Name, Detail: "a part of the ZIP archive is damaged", Err: err}
		}
		if lay.holdsText(f.Name) {
			p.data = buf.Bytes()
		}
		parts = append(parts, p)
	}
	if !seen[lay.main] {
		return nil, layout{}, &Error{Kind: ErrNotDOCX}
	}
	return parts, lay, nil
}

func tooLarge(l Limits) error {
	return &Error{Kind: ErrTooLarge, Detail: fmt.Sprintf(
		"the document unpacks to more than %d MB", l.MaxUnpackedBytes>>20)}
}

func readRaw(f *zip.File) ([]byte, error) {
	r, err := f.OpenRaw()
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// errSizeMismatch marks a part whose content does not match its declared size.
var errSizeMismatch = errors.New("a part's size differs from the size its header declares")

// inflate decompresses a part from its stored bytes into w, reading at most
// budget+1 bytes, and returns how many bytes it produced. A result above
// budget means the limit was hit. It checks the declared size and CRC.
func inflate(h *zip.FileHeader, raw []byte, w io.Writer, budget int64) (int64, error) {
	var r io.Reader
	switch h.Method {
	case zip.Store:
		r = bytes.NewReader(raw)
	case zip.Deflate:
		fr := flate.NewReader(bytes.NewReader(raw))
		defer fr.Close()
		r = fr
	default:
		return 0, fmt.Errorf("unsupported compression method %d", h.Method)
	}
	sum := crc32.NewIEEE()
	n, err := io.Copy(io.MultiWriter(w, sum), io.LimitReader(r, budget+1))
	switch {
	case n > budget:
		return n, nil
	case err != nil:
		return n, err
	case uint64(n) != h.UncompressedSize64:
		return n, errSizeMismatch
	case sum.Sum32() != h.CRC32:
		return n, errors.New("checksum mismatch")
	}
	return n, nil
}

// flateWriters recycles compressors: a flate.Writer costs about 1 MB to set up.
var flateWriters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed)
	return w
}}

type pooledFlate struct{ *flate.Writer }

func (p pooledFlate) Close() error {
	err := p.Writer.Close()
	flateWriters.Put(p.Writer)
	return err
}

func pooledCompressor(w io.Writer) (io.WriteCloser, error) {
	fw := flateWriters.Get().(*flate.Writer)
	fw.Reset(w)
	return pooledFlate{fw}, nil
}

// writePackage writes the output ZIP: parts listed in filled get the new
// content, all other parts are copied still compressed.
func writePackage(parts []zipPart, filled map[int][]byte, sizeHint int) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(sizeHint)
	zw := zip.NewWriter(&out)
	zw.RegisterCompressor(zip.Deflate, pooledCompressor)
	for i := range parts {
		p := &parts[i]
		if content, ok := filled[i]; ok {
			w, err := zw.CreateHeader(&zip.FileHeader{
				Name:     p.header.Name,
				Method:   zip.Deflate,
				Modified: p.header.Modified,
			})
			if err != nil {
				return nil, err
			}
			if _, err := w.Write(content); err != nil {
				return nil, err
			}
			continue
		}
		h := p.header // CreateRaw updates the header it is given
		w, err := zw.CreateRaw(&h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(p.raw); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// inflateRaw decompresses a small part again from its stored bytes.
func inflateRaw(p *zipPart) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := inflate(&p.header, p.raw, &buf, int64(p.header.UncompressedSize64)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
