package templates

import (
	"encoding/json"

	"github.com/quirehq/quire/internal/errs"
)

// Patch is a change to a template; nil members stay as they are.
type Patch struct {
	Name *string
	// Content replaces an HTML template's source.
	Content *string
	// SampleData replaces the example data kept with the template; an
	// empty object removes it.
	SampleData map[string]any
}

// MaxSampleBytes bounds the sample data kept with a template, as JSON.
const MaxSampleBytes = 256 << 10

// encodeSample is the stored form of sample data: JSON, or nothing for an
// empty object.
func encodeSample(sample map[string]any) (json.RawMessage, error) {
	if len(sample) == 0 {
		return nil, nil
	}
	raw, err := json.Marshal(sample)
	if err != nil {
		return nil, errs.New(errs.Validation, "sample_data: %v", err)
	}
	if len(raw) > MaxSampleBytes {
		return nil, errs.New(errs.Validation, "sample_data is %d bytes of JSON; at most %d are kept with a template", len(raw), MaxSampleBytes)
	}
	return raw, nil
}
