package app

import (
	"fmt"

	"github.com/quirehq/quire/internal/render/watermark"
)

// watermarkDocument marks a finished document by its kind.
func watermarkDocument(data []byte, contentType, text string) ([]byte, error) {
	switch contentType {
	case "application/pdf":
		return watermark.PDF(data, text)
	case docxContentType:
		return watermark.DOCX(data, text)
	}
	return nil, fmt.Errorf("no watermark for %s documents", contentType)
}
