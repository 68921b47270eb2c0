package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"

	"github.com/quirehq/quire/internal/render"
)

// Invoices is n copies of the invoice data base, each made distinct: its
// own number, customer and quantities (still one page each).
func Invoices(base map[string]any, n int) ([]map[string]any, error) {
	raw, err := json.Marshal(base)
	if err != nil {
		return nil, err
	}
	customers := []string{"Jane Smith", "Ravi Patel", "Chen Wei", "Amara Okafor", "Lars Nilsson", "Sofia Rossi", "Diego Alvarez"}
	out := make([]map[string]any, n)
	for i := range out {
		var d map[string]any
		if err := json.Unmarshal(raw, &d); err != nil {
			return nil, err
		}
		if inv, ok := d["invoice"].(map[string]any); ok {
			inv["number"] = fmt.Sprintf("INV-B-%05d", i+1)
		}
		if c, ok := d["customer"].(map[string]any); ok {
			c["name"] = fmt.Sprintf("%s #%d", customers[i%len(customers)], i+1)
		}
		if items, ok := d["items"].([]any); ok && len(items) > 0 {
			if line, ok := items[0].(map[string]any); ok {
				line["qty"] = 1 + i%9
			}
		}
		out[i] = d
	}
	return out, nil
}

// PDFText is the text of a PDF as poppler's `pdftotext -layout` reads it.
func PDFText(pdf []byte) (string, error) {
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("pdftotext (Debian package poppler-utils): %w: %s", err, stderr.Bytes())
	}
	return string(out), nil
}

// SamePDF compares two PDFs as a reader sees them: their text and their
// page count. It says how they differ, "" when they do not.
func SamePDF(a, b []byte) (string, error) {
	pa, err := render.PageCount(a)
	if err != nil {
		return "", err
	}
	pb, err := render.PageCount(b)
	if err != nil {
		return "", err
	}
	if pa != pb {
		return fmt.Sprintf("%d pages ≠ %d pages", pa, pb), nil
	}
	ta, err := PDFText(a)
	if err != nil {
		return "", err
	}
	tb, err := PDFText(b)
	if err != nil {
		return "", err
	}
	if ta != tb {
		return fmt.Sprintf("text differs: %q ≠ %q", clip(ta), clip(tb)), nil
	}
	return "", nil
}

func clip(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}
