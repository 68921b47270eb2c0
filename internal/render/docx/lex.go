package docx

import (
	"fmt"
	"strings"
)

// rawTag is a tag found in a paragraph's merged text.
type rawTag struct {
	start, end int    // byte offsets in the merged text, braces included
	inner      string // text between the braces
}

// lexTags finds the tags in a paragraph's merged text. A "{{" without a
// closing "}}" is an error reported at its offset.
func lexTags(s string) ([]rawTag, int, error) {
	var tags []rawTag
	i := 0
	for {
		j := strings.Index(s[i:], "{{")
		if j < 0 {
			return tags, 0, nil
		}
		start := i + j
		open, closing := "{{", "}}"
		switch {
		case strings.HasPrefix(s[start:], "{{!--"):
			open, closing = "{{!--", "--}}"
		case strings.HasPrefix(s[start:], "{{{"):
			open, closing = "{{{", "}}}"
		}
		k := strings.Index(s[start+len(open):], closing)
		if k < 0 {
			return nil, start, fmt.Errorf("%q is opened but never closed with %q", open, closing)
		}
		innerStart := start + len(open)
		inner := s[innerStart : innerStart+k]
		if open == "{{!--" {
			inner = "!" + inner
		}
		end := innerStart + k + len(closing)
		tags = append(tags, rawTag{start: start, end: end, inner: inner})
		i = end
	}
}
