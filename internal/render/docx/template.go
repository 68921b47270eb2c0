package docx

import (
	"bytes"
	"sort"

	"github.com/quirehq/quire/internal/render"
)

// ParseOptions tunes Parse.
type ParseOptions struct {
	Limits Limits
	// Helpers are the functions tags may call, as in {{formatCurrency total "EUR"}}.
	// A tag calling a name not listed here is refused at Parse.
	Helpers map[string]HelperFunc
}

// Template is a parsed DOCX template. It is immutable, so one Template may
// be filled from many goroutines at once.
type Template struct {
	parts     []zipPart
	compiled  []compiledPart
	fields    []render.Field
	size      int // sum of the input parts' compressed sizes, a hint for output buffers
	maxOutput int64
}

// compiledPart is a part that holds tags, by index into parts.
type compiledPart struct {
	index int
	nodes []node
}

// Parse reads a .docx template, checks it and finds its tags.
func Parse(docx []byte, l Limits) (*Template, error) {
	return ParseWithOptions(docx, ParseOptions{Limits: l})
}

// ParseWithOptions is Parse with helpers.
func ParseWithOptions(docx []byte, o ParseOptions) (*Template, error) {
	limits := o.Limits.withDefaults()
	parts, lay, err := readPackage(docx, limits)
	if err != nil {
		return nil, err
	}
	t := &Template{parts: parts, maxOutput: limits.MaxOutputBytes}
	fs := fieldSet{}
	order := make([]int, 0, 8)
	for i := range parts {
		t.size += len(parts[i].raw)
		if parts[i].data != nil {
			order = append(order, i)
		}
	}
	// The body first, then headers, footers and notes by name, so that
	// fields and errors come out in a stable order.
	sort.SliceStable(order, func(a, b int) bool {
		na, nb := parts[order[a]].header.Name, parts[order[b]].header.Name
		if (na == lay.main) != (nb == lay.main) {
			return na == lay.main
		}
		return na < nb
	})
	for _, i := range order {
		nodes, err := compilePart(parts[i].header.Name, parts[i].data, o.Helpers, limits.MaxDepth)
		if err != nil {
			return nil, err
		}
		if nodes == nil {
			continue
		}
		annotate(nodes, nil, fs)
		t.compiled = append(t.compiled, compiledPart{index: i, nodes: nodes})
	}
	if ct := documentContentTypes(parts); ct != nil {
		t.compiled = append(t.compiled, *ct)
	}
	for i := range parts {
		parts[i].data = nil // only the compiled nodes are needed from now on
	}
	t.fields = fs.list()
	return t, nil
}

// Fields lists the data the template reads, sorted by name: "items" (array),
// "items[].qty" (string), "paid" (boolean, used only in conditions).
func (t *Template) Fields() []render.Field {
	return append([]render.Field(nil), t.fields...)
}

// Fill renders the template with data and returns the new .docx.
func (t *Template) Fill(data map[string]any) ([]byte, error) {
	filled := make(map[int][]byte, len(t.compiled))
	budget := t.maxOutput
	for _, cp := range t.compiled {
		var out bytes.Buffer
		out.Grow(int(t.parts[cp.index].header.UncompressedSize64) + 4096)
		x := &executor{out: &out, root: data, scopes: []scope{{value: data}}, maxOutput: budget}
		if err := x.run(cp.nodes); err != nil {
			return nil, err
		}
		budget -= int64(out.Len())
		filled[cp.index] = out.Bytes()
	}
	return writePackage(t.parts, filled, t.size+len(t.parts)*128)
}

// Missing lists the fields data lacks (absent or null), sorted: values,
// helper arguments and lists looped over. Conditions may be absent freely.
func (t *Template) Missing(data map[string]any) []string {
	x := &executor{root: data, scopes: []scope{{value: data}}, missing: map[string]bool{}}
	for _, cp := range t.compiled {
		_ = x.run(cp.nodes) // cannot fail: helpers are not called without output
	}
	out := make([]string, 0, len(x.missing))
	for name := range x.missing {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// documentContentTypes turns a Word template (.dotx) into a document: Word
// refuses a .docx whose main part is declared as a template.
func documentContentTypes(parts []zipPart) *compiledPart {
	const templateType = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
	const documentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	for i := range parts {
		if parts[i].header.Name != "[Content_Types].xml" {
			continue
		}
		// The part is small and not scanned; read it again from the raw bytes.
		data, err := inflateRaw(&parts[i])
		if err != nil || !bytes.Contains(data, []byte(templateType)) {
			return nil
		}
		fixed := bytes.ReplaceAll(data, []byte(templateType), []byte(documentType))
		return &compiledPart{index: i, nodes: []node{{lit: fixed}}}
	}
	return nil
}
