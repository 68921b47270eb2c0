package frompdf

import (
	"fmt"
	"sort"
	"strings"
)

// Analysis describes a converted PDF, in the reference's shape.
type Analysis struct {
	DocumentType     string         `json:"document_type"`
	Language         string         `json:"language"`
	PageCount        int            `json:"page_count"`
	StructureSummary string         `json:"structure_summary"`
	Fields           []Field        `json:"fields"`
	SampleData       map[string]any `json:"sample_data"`
	// Scan is "ocr" (scanned pages under an invisible OCR text layer) or
	// "image" (no text layer: the pages are background images).
	Scan string `json:"scan,omitempty"`
}

// Document types the analysis names.
var documentTypes = []struct {
	typ   string
	words []string
}{
	{"invoice", []string{"invoice", "bill to", "rechnung", "facture", "factura", "fattura", "amount due", "invoice number", "vat", "subtotal"}},
	{"receipt", []string{"receipt", "quittung", "reçu", "recibo", "paid", "cash", "change", "thank you for your purchase"}},
	{"contract", []string{"agreement", "contract", "party", "parties", "hereby", "whereas", "terms and conditions", "vertrag", "contrat", "contrato", "signature", "clause", "term"}},
	{"certificate", []string{"certificate", "certify", "certifies", "awarded", "completion", "achievement", "zertifikat", "urkunde", "certificat", "diploma"}},
	{"letter", []string{"dear", "sincerely", "regards", "yours", "sehr geehrte", "mit freundlichen", "madame", "monsieur", "cordialement"}},
	{"form", []string{"form", "please fill", "applicant", "signature", "date of birth", "formular", "formulaire", "check", "tick"}},
	{"report", []string{"report", "summary", "introduction", "conclusion", "results", "analysis", "table of contents", "bericht", "rapport", "figure", "chapter"}},
}

// classify guesses the document type from its words and shape.
func classify(text string, pages int, fields []Field, tables int) string {
	low := strings.ToLower(text)
	best, bestScore := "other", 0.0
	for _, dt := range documentTypes {
		score := 0.0
		for _, w := range dt.words {
			if n := strings.Count(low, w); n > 0 {
				score += 1 + 0.2*float64(min(n, 5))
			}
		}
		switch dt.typ {
		case "invoice", "receipt":
			if tables > 0 {
				score += 1
			}
		case "form":
			blanks := 0
			for _, f := range fields {
				if f.Type == TypeCheckbox || strings.HasPrefix(f.Name, "blank") {
					blanks++
				}
			}
			score += 0.5 * float64(min(blanks, 8))
		case "report":
			if pages >= 3 {
				score += 1
			}
		}
		if score > bestScore {
			best, bestScore = dt.typ, score
		}
	}
	if bestScore < 2 {
		return "other"
	}
	return best
}

// stopwords of the languages the analysis tells apart.
var stopwords = map[string][]string{
	"en": {"the", "and", "of", "to", "in", "is", "for", "with", "on", "this", "that", "by", "be", "are", "you", "your", "we", "our"},
	"de": {"der", "die", "das", "und", "ist", "nicht", "mit", "für", "auf", "den", "ein", "eine", "sie", "wir", "zu", "von", "dem", "bitte"},
	"fr": {"le", "la", "les", "et", "est", "des", "pour", "une", "dans", "que", "qui", "vous", "nous", "du", "au", "sur", "avec", "par"},
	"es": {"el", "la", "los", "las", "y", "es", "que", "para", "una", "por", "con", "del", "en", "su", "al", "usted", "este", "como"},
	"it": {"il", "la", "che", "di", "e", "per", "una", "non", "sono", "della", "con", "del", "gli", "le", "questo", "alla"},
	"nl": {"de", "het", "een", "en", "van", "is", "dat", "voor", "met", "niet", "op", "zijn", "u", "uw", "wij", "deze"},
	"pt": {"o", "a", "os", "as", "e", "que", "para", "com", "uma", "não", "do", "da", "em", "por", "você", "seu"},
}

// language guesses the ISO 639-1 code of text by counting stopwords.
func language(text string) string {
	counts := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 0xC0 && r <= 0x24F)
	}) {
		for lang, ws := range stopwords {
			for _, s := range ws {
				if w == s {
					counts[lang]++
				}
			}
		}
	}
	langs := make([]string, 0, len(counts))
	for l := range counts {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	best := "en"
	for _, l := range langs {
		if counts[l] > counts[best] {
			best = l
		}
	}
	return best
}

// summarize writes the one-sentence structure summary.
func summarize(docType string, pages []*Page, fields []Field) string {
	var tables, images, boxes, rows int
	for _, p := range pages {
		tables += len(p.tables)
		images += len(p.Images)
		boxes += len(p.Boxes) + len(p.Paths)
	}
	for _, f := range fields {
		if strings.Contains(f.Name, "[].") {
			rows++
		}
	}
	article := "A"
	noun := docType
	if docType == "other" {
		noun = "document"
	}
	s := fmt.Sprintf("%s %d-page %s with %d detected field%s", article, len(pages), noun, len(fields)-rows, plural(len(fields)-rows))
	var extras []string
	if tables > 0 {
		extras = append(extras, fmt.Sprintf("%d repeating line-item table%s", tables, plural(tables)))
	}
	if images > 0 {
		extras = append(extras, fmt.Sprintf("%d image%s", images, plural(images)))
	}
	if boxes > 0 {
		extras = append(extras, fmt.Sprintf("%d rule%s and box%s", boxes, plural(boxes), pluralEs(boxes)))
	}
	if len(extras) > 0 {
		s += ", " + strings.Join(extras, ", ")
	}
	return s + "."
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func pluralEs(n int) string {
	if n == 1 {
		return ""
	}
	return "es"
}
