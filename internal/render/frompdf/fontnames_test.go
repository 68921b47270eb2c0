package frompdf

import (
	"strings"
	"testing"
)

// TestRomanAndBookWeightsOfSansFamilies maps the fallback family of
// fonts whose weight is "Roman" or "Book": serif for Times, sans for
// Helvetica Neue (f1040.pdf's body text) and Franklin Gothic.
func TestRomanAndBookWeightsOfSansFamilies(t *testing.T) {
	for name, serif := range map[string]bool{
		"ZVGTAU+HelveticaNeueLTStd-Roman": false,
		"ITCFranklinGothicStd-Book":       false,
		"UYRPIE+TimesLTStd-Roman":         true,
		"Bookman-Light":                   true,
		"MinionPro-Regular":               true,
	} {
		f := mapFont(name, 0, 400)
		if got := strings.Contains(f.Generic, "Serif"); got != serif {
			t.Errorf("%s: %s", name, f.Generic)
		}
	}
}
