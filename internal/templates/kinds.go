package templates

import (
	"path/filepath"
	"strings"

	"github.com/quirehq/quire/internal/render"
)

// Template types.
const (
	TypeHTML    = "html"
	TypePDFForm = "pdf_form"
	TypeDOCX    = "docx"
)

// Kind describes one template type: which uploads it takes and how its
// fields are found. Analyze validates the file and returns its fields; it
// reports bad files as *errs.Error so users get a precise message.
type Kind struct {
	Type        string
	Extensions  []string // lower case, with the dot
	ContentType string
	// MaxBytes bounds uploads of this kind (0 = only the global limit).
	MaxBytes int64
	// TooLargeCode is the error code past MaxBytes (e.g. PDF_TOO_LARGE).
	TooLargeCode string
	Analyze      func(content []byte) ([]render.Field, error)
}

func (s *Service) kindByFilename(filename string) (*Kind, bool) {
	ext := strings.ToLower(filepath.Ext(filename))
	for i := range s.deps.Kinds {
		for _, e := range s.deps.Kinds[i].Extensions {
			if e == ext {
				return &s.deps.Kinds[i], true
			}
		}
	}
	return nil, false
}

func (s *Service) kindByType(typ string) (*Kind, bool) {
	for i := range s.deps.Kinds {
		if s.deps.Kinds[i].Type == typ {
			return &s.deps.Kinds[i], true
		}
	}
	return nil, false
}

func (s *Service) acceptedExtensions() string {
	var exts []string
	for _, k := range s.deps.Kinds {
		exts = append(exts, k.Extensions...)
	}
	return strings.Join(exts, ", ")
}
