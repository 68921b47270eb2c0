package chromium

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
)

// Printed is one document of a PrintMany: its PDF (the caller closes it),
// or why it failed.
type Printed struct {
	PDF *PDF
	Err error
}

// Many is what PrintMany made: one entry per HTML document, in order.
type Many struct {
	Items []Printed
	// Combined is how many documents were printed in shared prints, the
	// others each in a print of its own.
	Combined int
	// Prints is how many Chromium prints it took.
	Prints int
	// Why says why documents were printed one by one ("" when none was,
	// or when none could share a print with another).
	Why string
}

// MaxCombined is the most documents one combined print takes. Measured on
// the example invoice (docs/performance.md, Batches): past a few dozen,
// larger prints gain nothing and hold a tab longer.
var MaxCombined = 32

// PrintMany prints several HTML documents made with the same options (the
// items of one template's batch), each to a PDF of its own, as a print of
// each would make it. Documents that can share a print are printed
// together, up to MaxCombined at a time, on the engine's tabs in parallel;
// the PDF of each print is split back by the pages where each document
// starts (named destinations the layout put in the PDF); page numbers in
// the header and footer are stamped on each document (stamp.go). The
// others get a print each: documents with scripts, headers or footers that
// show the title, tagged PDFs, documents whose layout depends on being
// alone (see prepareJS), and every document of a shared print that failed,
// so that a broken document fails alone. The error is for the job itself
// (its options); each document's failure is in its entry.
func (e *Engine) PrintMany(ctx context.Context, j Job, htmls []string) (Many, error) {
	params, err := j.printParams()
	if err != nil {
		return Many{}, err
	}
	m := Many{Items: make([]Printed, len(htmls))}
	groups, parts, why := planMany(j, htmls, max(2, MaxCombined), e.o.Tabs)
	run := &manyRun{e: e, j: j, htmls: htmls, m: &m}
	run.why.Store(&why)
	shared := printing{params: params, lim: e.o.limits()}
	if headerFooterCounts(j) {
		shared.params = bodyOnly(params)
		run.stamps = &stamps{e: e, params: params, prints: func() { run.prints.Add(1) }, made: map[string]*stamp{}}
	}

	work := make(chan []int)
	var wg sync.WaitGroup
	// One more worker than tabs: a worker splitting a PDF leaves its tab
	// to another print.
	for range min(e.o.Tabs+1, len(groups)) {
		wg.Go(func() {
			for g := range work {
				if len(g) == 1 {
					run.single(ctx, g[0])
					continue
				}
				run.combined(ctx, g, parts, shared)
			}
		})
	}
	for _, g := range groups {
		work <- g
	}
	close(work)
	wg.Wait()
	m.Prints = int(run.prints.Load())
	m.Combined = int(run.combinedDocs.Load())
	if m.Combined < len(htmls) {
		m.Why = *run.why.Load()
	}
	return m, nil
}

// manyRun is one PrintMany under way.
type manyRun struct {
	e            *Engine
	j            Job
	htmls        []string
	m            *Many // each worker writes the entries of its own documents
	prints       atomic.Int64
	combinedDocs atomic.Int64
	// refused is set when a combined print's layout check refused: the
	// documents left (one template) are then printed one by one at once.
	refused atomic.Bool
	why     atomic.Pointer[string]
	// stamps, when the header or footer counts pages, are laid over the
	// combined prints' pages (see stamp.go).
	stamps *stamps
}

func (r *manyRun) single(ctx context.Context, i int) {
	j := r.j
	j.HTML = r.htmls[i]
	r.prints.Add(1)
	pdf, err := r.e.RenderPDF(ctx, j)
	r.m.Items[i] = Printed{PDF: pdf, Err: err}
}

func (r *manyRun) singles(ctx context.Context, idx []int, why string) {
	r.why.Store(&why)
	for _, i := range idx {
		r.single(ctx, i)
	}
}

// combined prints documents idx together, or one by one when that fails.
func (r *manyRun) combined(ctx context.Context, idx []int, parts []part, p printing) {
	if r.refused.Load() {
		r.singles(ctx, idx, *r.why.Load())
		return
	}
	group := make([]part, len(idx))
	for k, i := range idx {
		group[k] = parts[i]
	}
	r.prints.Add(1)
	pdfs, err := r.e.printCombined(ctx, group, p, r.stamps)
	var refused *notCombinable
	if errors.As(err, &refused) {
		r.refused.Store(true)
	}
	if err != nil {
		r.singles(ctx, idx, err.Error())
		return
	}
	for k, i := range idx {
		r.m.Items[i] = Printed{PDF: pdfs[k]}
	}
	r.combinedDocs.Add(int64(len(idx)))
}

// planMany groups the documents: runs of up to chunk documents that can
// share a print (same shared part, in the order given), and single ones.
// It also says why documents cannot share prints, when it knows.
func planMany(j Job, htmls []string, chunk, tabs int) (groups [][]int, parts []part, why string) {
	parts = make([]part, len(htmls))
	if reason := jobKeepsApart(j); reason != "" {
		for i := range htmls {
			groups = append(groups, []int{i})
		}
		return groups, parts, reason
	}
	byKey := map[string][]int{}
	var keys []string
	for i, h := range htmls {
		p, ok := part{}, false
		if !hasScript(h) {
			p, ok = cutDocument(h)
		}
		if !ok {
			groups = append(groups, []int{i})
			why = "documents with scripts print one by one"
			continue
		}
		parts[i] = p
		if _, seen := byKey[p.key]; !seen {
			keys = append(keys, p.key)
		}
		byKey[p.key] = append(byKey[p.key], i)
	}
	for _, k := range keys {
		idx := byKey[k]
		for _, size := range chunkSizes(len(idx), chunk, tabs) {
			groups = append(groups, idx[:size])
			idx = idx[size:]
		}
	}
	return groups, parts, why
}

// chunkSizes cuts n documents into prints of at most chunk documents, as
// even as they can be, and in a multiple of tabs prints where there are
// enough documents for each tab to print several at once.
func chunkSizes(n, chunk, tabs int) []int {
	prints := (n + chunk - 1) / chunk
	if r := prints % tabs; r != 0 && n >= 2*(prints+tabs-r) {
		prints += tabs - r
	}
	sizes := make([]int, prints)
	for i := range sizes {
		sizes[i] = n / prints
		if i < n%prints {
			sizes[i]++
		}
	}
	return sizes
}

// jobKeepsApart says why a job's documents cannot share prints, or "".
// Chromium fills the title elements of headers and footers with the
// title of the whole print.
func jobKeepsApart(j Job) string {
	switch {
	case j.Tagged:
		return "tagged PDFs print one by one"
	case strings.Contains(j.HeaderHTML, "title") || strings.Contains(j.FooterHTML, "title"):
		return "headers and footers that show the title print one by one"
	}
	return ""
}

// headerFooterCounts says whether the header or footer shows page numbers,
// which a combined print gets from stamps.
func headerFooterCounts(j Job) bool {
	hf := j.HeaderHTML + j.FooterHTML
	return strings.Contains(hf, "pageNumber") || strings.Contains(hf, "totalPages")
}
