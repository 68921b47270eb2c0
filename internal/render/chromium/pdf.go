package chromium

import (
	"io"
	"os"
)

// PDF is a printed document in a spool file, as Chromium streamed it: its
// size and pages are known, its bytes are read from the file when needed.
// The file is unlinked at once, so nothing is left behind whatever happens;
// Close frees it.
type PDF struct {
	f     *os.File
	size  int64
	pages int
}

// spoolFile creates an unlinked temporary file in dir.
func spoolFile(dir string) (*os.File, error) {
	f, err := os.CreateTemp(dir, "quire-pdf-*")
	if err != nil {
		return nil, err
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Size is the PDF's length in bytes.
func (p *PDF) Size() int64 { return p.size }

// Pages is the PDF's page count, read from its page tree.
func (p *PDF) Pages() int { return p.pages }

// ReadAt reads the PDF's bytes at off.
func (p *PDF) ReadAt(b []byte, off int64) (int, error) { return p.f.ReadAt(b, off) }

// Reader reads the PDF from its start; each call gives a new reader.
func (p *PDF) Reader() io.Reader { return io.NewSectionReader(p.f, 0, p.size) }

// Bytes reads the whole PDF into memory.
func (p *PDF) Bytes() ([]byte, error) {
	b := make([]byte, p.size)
	_, err := io.ReadFull(p.Reader(), b)
	return b, err
}

// Close frees the spool file.
func (p *PDF) Close() error { return p.f.Close() }
