package render

import (
	"bytes"
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// PageCount returns the number of pages of a PDF.
func PageCount(pdf []byte) (int, error) {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	n, err := api.PageCount(bytes.NewReader(pdf), conf)
	if err != nil {
		return 0, fmt.Errorf("render: count pages: %w", err)
	}
	return n, nil
}
