package frompdf

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// Runtime is one PDFium WebAssembly instance, started once and shared.
// PDFium is single-threaded: calls are serialised by mu.
type Runtime struct {
	// CacheDir keeps wazero's compiled module, so only the very first
	// start of an installation compiles PDFium (tens of seconds).
	CacheDir string

	once    sync.Once
	ready   chan struct{}
	initErr error
	pool    pdfium.Pool
	inst    pdfium.Pdfium
	mu      sync.Mutex
	started time.Duration
}

// NewRuntime returns a runtime that compiles PDFium on first use (or at
// Start) and keeps the compilation cache in cacheDir ("" = no cache).
func NewRuntime(cacheDir string) *Runtime {
	return &Runtime{CacheDir: cacheDir, ready: make(chan struct{})}
}

// Start begins compiling PDFium in the background; it returns at once.
func (r *Runtime) Start() { go r.init() }

func (r *Runtime) init() {
	r.once.Do(func() {
		defer close(r.ready)
		t0 := time.Now()
		cfg := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling)
		if r.CacheDir != "" {
			if err := os.MkdirAll(r.CacheDir, 0o755); err == nil {
				if cache, err := wazero.NewCompilationCacheWithDir(filepath.Clean(r.CacheDir)); err == nil {
					cfg = cfg.WithCompilationCache(cache)
				}
			}
		}
		// No file system: PDFs are passed as bytes, and a document must
		// not reach the host's files.
		pool, err := webassembly.Init(webassembly.Config{
			MinIdle: 1, MaxIdle: 1, MaxTotal: 1, ReuseWorkers: true,
			RuntimeConfig: cfg, FSConfig: wazero.NewFSConfig(),
		})
		if err != nil {
			r.initErr = fmt.Errorf("starting PDFium: %w", err)
			return
		}
		inst, err := pool.GetInstance(5 * time.Minute)
		if err != nil {
			_ = pool.Close()
			r.initErr = fmt.Errorf("starting PDFium: %w", err)
			return
		}
		r.pool, r.inst = pool, inst
		r.started = time.Since(t0)
	})
}

// StartupTime is how long the last start took (compilation included).
func (r *Runtime) StartupTime() time.Duration {
	<-r.ready
	return r.started
}

// with runs fn with exclusive use of the PDFium instance, waiting for the
// start-up (bounded by ctx).
func (r *Runtime) with(ctx context.Context, fn func(p pdfium.Pdfium) error) error {
	go r.init()
	select {
	case <-r.ready:
	case <-ctx.Done():
		return fmt.Errorf("PDFium is still starting: %w", ctx.Err())
	}
	if r.initErr != nil {
		return r.initErr
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return fn(r.inst)
}

// Close releases PDFium.
func (r *Runtime) Close() error {
	select {
	case <-r.ready:
	default:
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.inst != nil {
		_ = r.inst.Close()
	}
	if r.pool != nil {
		return r.pool.Close()
	}
	return nil
}
