package frompdf

import (
	"context"
	"strings"
	"testing"
)

// TestDiagonalAndDashedLines checks a diagonal line stays a line (not the
// rectangle its two corners span) and dashed strokes keep their dashes.
func TestDiagonalAndDashedLines(t *testing.T) {
	pdf := testPDF("BT /F1 12 Tf 72 770 Td (Lines) Tj ET\n0 0 0 RG 1 w 0 0 m 595 842 l S\n[3] 0 d 0 421 m 595 421 l S")
	res, err := converter().Convert(context.Background(), pdf, "Lines")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.HTML, `<path d="M0 842L595 0" fill="none" stroke="#000000" stroke-width="1"/>`) {
		t.Errorf("no diagonal path:\n%s", res.HTML)
	}
	if !strings.Contains(res.HTML, `<path d="M0 421L595 421" fill="none" stroke="#000000" stroke-width="1" stroke-dasharray="3"/>`) {
		t.Errorf("no dashed path:\n%s", res.HTML)
	}
	if strings.Contains(res.HTML, `class="r"`) {
		t.Errorf("a line became a box:\n%s", res.HTML)
	}
}
