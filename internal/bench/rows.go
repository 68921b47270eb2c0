package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ParseRows reads a --rows list: positive row counts separated by commas,
// e.g. "100,1000,10000".
func ParseRows(s string) ([]int, error) { return ParseCounts("rows", s) }

// ParseCounts reads the list of flag --name: positive counts separated by
// commas.
func ParseCounts(name, s string) ([]int, error) {
	var counts []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("--%s: %q is not a positive count", name, f)
		}
		counts = append(counts, n)
	}
	return counts, nil
}

// TableHTML is a styled HTML table of n rows with four columns, the shape of
// a long report.
func TableHTML(n int) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html><head><style>
body{font-family:sans-serif;font-size:11px} table{width:100%;border-collapse:collapse}
td,th{border:1px solid #ccc;padding:3px} th{background:#eef;text-align:left}</style></head><body>
<h1>Report</h1><table><thead><tr><th>#</th><th>Item</th><th>Qty</th><th>Amount</th></tr></thead><tbody>`)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "<tr><td>%d</td><td>Item %d</td><td>%d</td><td>%d.%02d</td></tr>", i, i, i%9+1, i*7%1000, i%100)
	}
	b.WriteString("</tbody></table></body></html>")
	return b.String()
}

// Doc is what a generate request answered.
type Doc struct {
	Pages     int   `json:"pages"`
	SizeBytes int64 `json:"size_bytes"`
}

// GenerateDoc posts one generate request and returns the document, or the
// error envelope of anything but 201.
func (c *Client) GenerateDoc(ctx context.Context, body []byte) (Doc, error) {
	var d Doc
	return d, c.call(ctx, http.MethodPost, "/v1/documents/generate", body, http.StatusCreated, &d)
}

// call sends one API request and decodes the answer into out, or returns
// the error envelope of any status but want.
func (c *Client) call(ctx context.Context, method, path string, body []byte, want int, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-API-Key", c.Key)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	return json.Unmarshal(b, out)
}

// Generate posts one generate request and fails on anything but 201.
func (c *Client) Generate(ctx context.Context, body []byte) error {
	_, err := c.GenerateDoc(ctx, body)
	return err
}

// Peak is the highest memory seen while sampling: the total (this process
// plus its descendants' PSS) and this process alone, each at its own moment.
type Peak struct{ Total, Self int64 }

// PeakRSS samples RSS (this process plus its descendants' PSS) every
// interval until stop is called, and stop returns the highest figures seen.
func PeakRSS(interval time.Duration) (stop func() Peak) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	var peak Peak
	sample := func() {
		if self, children, err := RSS(); err == nil {
			peak.Total = max(peak.Total, self+children)
			peak.Self = max(peak.Self, self)
		}
	}
	wg.Go(func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			sample()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() Peak {
		close(done)
		wg.Wait()
		sample()
		return peak
	}
}
