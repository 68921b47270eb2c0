package render

import (
	"fmt"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// WithPDFCPU is the one way Quire calls pdfcpu: fn gets pdfcpu's relaxed
// configuration, and a panic inside pdfcpu (hostile or broken files can
// cause one) becomes an error instead of crashing the process.
func WithPDFCPU(fn func(conf *model.Configuration) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdfcpu failed on this PDF: %v", r)
		}
	}()
	return fn(PDFCPUConfig())
}

// PDFCPUConfig is pdfcpu's default configuration, relaxed (real-world
// files fail strict validation that viewers accept) and without object
// streams (packing them costs a third of a one-page fill and saves ~6%).
// pdfcpu creates its config directory on first use and panics when it
// cannot (a read-only home in a container): then it uses built-in defaults.
func PDFCPUConfig() *model.Configuration {
	configOnce.Do(func() {
		defer func() {
			if recover() != nil {
				api.DisableConfigDir()
			}
		}()
		model.NewDefaultConfiguration()
	})
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	conf.WriteObjectStream = false
	return conf
}

var configOnce sync.Once
