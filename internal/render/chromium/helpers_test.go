package chromium

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/quirehq/quire/internal/testenv"
)

// needBrowser skips the test when no Chromium is installed.
func needBrowser(tb testing.TB) string {
	tb.Helper()
	p := FindBrowser()
	if p == "" {
		testenv.Missing(tb, "no Chromium binary found on PATH (chromium, chromium-browser, google-chrome; Debian package chromium, "+testenv.SetupHint+")")
	}
	return p
}

// newEngine starts an engine that the test closes at its end.
func newEngine(tb testing.TB, o Options) *Engine {
	tb.Helper()
	needBrowser(tb)
	e, err := New(context.Background(), o)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	tb.Cleanup(func() { _ = e.Close() })
	return e
}

var (
	sharedOnce   sync.Once
	sharedEngine *Engine
	sharedErr    error
)

// shared returns one engine for the tests that do not disturb it.
func shared(tb testing.TB) *Engine {
	tb.Helper()
	needBrowser(tb)
	sharedOnce.Do(func() { sharedEngine, sharedErr = New(context.Background(), Options{}) })
	if sharedErr != nil {
		tb.Fatalf("New: %v", sharedErr)
	}
	return sharedEngine
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedEngine != nil {
		_ = sharedEngine.Close()
	}
	os.Exit(code)
}

func render(tb testing.TB, e *Engine, j Job) []byte {
	tb.Helper()
	pdf, err := e.Render(context.Background(), j)
	if err != nil {
		tb.Fatalf("Render: %v", err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		tb.Fatalf("output is not a PDF: %q", pdf[:min(len(pdf), 20)])
	}
	return pdf
}

// pdfText returns the text of each page (the tests' one pdftotext helper).
var pdfText = testenv.PDFPages

func pageDims(tb testing.TB, pdf []byte) []types.Dim {
	tb.Helper()
	dims, err := api.PageDims(bytes.NewReader(pdf), nil)
	if err != nil {
		tb.Fatalf("pdfcpu PageDims: %v", err)
	}
	return dims
}

func pageCount(tb testing.TB, pdf []byte) int {
	tb.Helper()
	n, err := api.PageCount(bytes.NewReader(pdf), nil)
	if err != nil {
		tb.Fatalf("pdfcpu PageCount: %v", err)
	}
	return n
}

// hitCounter is a local HTTP server that counts every request it gets.
type hitCounter struct {
	*httptest.Server
	hits  atomic.Int64
	mu    sync.Mutex
	paths []string
}

func newHitCounter(tb testing.TB) *hitCounter {
	h := &hitCounter{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.hits.Add(1)
		h.mu.Lock()
		h.paths = append(h.paths, r.URL.Path)
		h.mu.Unlock()
		switch r.URL.Path {
		case "/redirect":
			http.Redirect(w, r, "/after-redirect", http.StatusFound)
		default:
			w.Header().Set("Access-Control-Allow-Origin", "*")
			_, _ = w.Write([]byte("LEAKED-FROM-SERVER"))
		}
	}))
	tb.Cleanup(h.Close)
	return h
}

func (h *hitCounter) seen() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.paths...)
}

// instancePID is the process id of the browser that serves now (0 if none).
func (e *Engine) instancePID() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.cur == nil {
		return 0
	}
	return e.cur.pid
}
