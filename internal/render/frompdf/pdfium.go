package frompdf

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// Runtime is one PDFium WebAssembly instance, started on first use and
// shared. PDFium is single-threaded: calls are serialised. After Idle
// without a call the instance is closed and its memory (about 35 MiB)
// given back to the system; the next call starts it again from the
// compilation cache.
type Runtime struct {
	// CacheDir keeps wazero's compiled module, so only the very first
	// start of an installation compiles PDFium (tens of seconds).
	CacheDir string
	// Idle is how long an unused instance is kept; 0 keeps it for good.
	Idle time.Duration

	use sync.Mutex // one PDFium call at a time

	mu       sync.Mutex // guards the fields below
	inst     *instance
	starting chan struct{} // closed when the start under way ends
	startErr error         // the last start's failure
	busy     int           // calls holding inst
	closing  bool          // an idle close is giving memory back
	idle     *time.Timer
	started  time.Duration
	closed   bool
}

type instance struct {
	pool  pdfium.Pool
	p     pdfium.Pdfium
	cache wazero.CompilationCache // holds the compiled module in memory too
}

func (i *instance) close() error {
	_ = i.p.Close()
	err := i.pool.Close()
	if i.cache != nil {
		_ = i.cache.Close(context.Background())
	}
	return err
}

// NewRuntime returns a runtime that compiles PDFium on first use (or at
// Start), keeps the compilation cache in cacheDir ("" = no cache) and
// closes an instance unused for idle (0 keeps it for good).
func NewRuntime(cacheDir string, idle time.Duration) *Runtime {
	return &Runtime{CacheDir: cacheDir, Idle: idle}
}

// Start begins starting PDFium in the background; it returns at once.
func (r *Runtime) Start() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.startLocked()
}

// startLocked starts an instance unless one runs or is starting; r.mu held.
func (r *Runtime) startLocked() chan struct{} {
	if r.inst == nil && r.starting == nil && !r.closed {
		done := make(chan struct{})
		r.starting = done
		go r.start(done)
	}
	return r.starting
}

func (r *Runtime) start(done chan struct{}) {
	t0 := time.Now()
	inst, err := r.open()
	r.mu.Lock()
	defer r.mu.Unlock()
	defer close(done)
	r.starting, r.startErr = nil, err
	if err != nil {
		return
	}
	if r.closed {
		_ = inst.close()
		return
	}
	r.inst, r.started = inst, time.Since(t0)
	r.armIdleLocked()
}

func (r *Runtime) open() (*instance, error) {
	fresh := r.CacheDir != "" && emptyDir(r.CacheDir)
	inst, err := r.openOnce()
	if err != nil || !fresh {
		return inst, err
	}
	// The first start compiles PDFium and keeps about 290 MiB of the
	// compiler's output live; the same module loaded back from the cache
	// just written holds about 30 MiB. Pay one more load (well under a
	// second) to hold the small one.
	_ = inst.close()
	debug.FreeOSMemory()
	return r.openOnce()
}

func emptyDir(dir string) bool {
	entries, err := os.ReadDir(dir)
	return err != nil || len(entries) == 0
}

func (r *Runtime) openOnce() (*instance, error) {
	cfg := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling)
	var cache wazero.CompilationCache
	if r.CacheDir != "" {
		if err := os.MkdirAll(r.CacheDir, 0o755); err == nil {
			if c, err := wazero.NewCompilationCacheWithDir(filepath.Clean(r.CacheDir)); err == nil {
				cache = c
				cfg = cfg.WithCompilationCache(cache)
			}
		}
	}
	// No file system: PDFs are passed as bytes, and a document must not
	// reach the host's files.
	pool, err := webassembly.Init(webassembly.Config{
		MinIdle: 1, MaxIdle: 1, MaxTotal: 1, ReuseWorkers: true,
		RuntimeConfig: cfg, FSConfig: wazero.NewFSConfig(),
	})
	if err != nil {
		return nil, fmt.Errorf("starting PDFium: %w", err)
	}
	p, err := pool.GetInstance(5 * time.Minute)
	if err != nil {
		_ = pool.Close()
		return nil, fmt.Errorf("starting PDFium: %w", err)
	}
	return &instance{pool: pool, p: p, cache: cache}, nil
}

// StartupTime is how long the last start took (compilation included),
// waiting for a start under way.
func (r *Runtime) StartupTime() time.Duration {
	r.mu.Lock()
	done := r.starting
	r.mu.Unlock()
	if done != nil {
		<-done
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.started
}

// Running reports whether an instance holds memory (started, or closing).
func (r *Runtime) Running() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.inst != nil || r.closing
}

// with runs fn with exclusive use of the PDFium instance, starting it if
// needed (the wait is bounded by ctx).
func (r *Runtime) with(ctx context.Context, fn func(p pdfium.Pdfium) error) error {
	inst, err := r.acquire(ctx)
	if err != nil {
		return err
	}
	defer r.releaseUse()
	r.use.Lock()
	defer r.use.Unlock()
	return fn(inst.p)
}

func (r *Runtime) acquire(ctx context.Context) (*instance, error) {
	for {
		r.mu.Lock()
		if r.closed {
			r.mu.Unlock()
			return nil, errors.New("PDFium is shut down")
		}
		if r.inst != nil {
			r.busy++
			if r.idle != nil {
				r.idle.Stop()
			}
			inst := r.inst
			r.mu.Unlock()
			return inst, nil
		}
		done := r.startLocked()
		r.mu.Unlock()
		select {
		case <-done:
		case <-ctx.Done():
			return nil, fmt.Errorf("PDFium is still starting: %w", ctx.Err())
		}
		r.mu.Lock()
		err := r.startErr
		r.mu.Unlock()
		if err != nil {
			return nil, err
		}
	}
}

func (r *Runtime) releaseUse() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.busy--
	r.armIdleLocked()
}

// armIdleLocked schedules the idle close when nothing uses the instance.
func (r *Runtime) armIdleLocked() {
	if r.Idle <= 0 || r.busy > 0 || r.inst == nil {
		return
	}
	if r.idle != nil {
		r.idle.Stop()
	}
	r.idle = time.AfterFunc(r.Idle, r.closeIdle)
}

// closeIdle closes an instance nobody used for Idle and returns its memory.
func (r *Runtime) closeIdle() {
	r.mu.Lock()
	inst := r.inst
	if inst == nil || r.busy > 0 {
		r.mu.Unlock()
		return
	}
	r.inst, r.closing = nil, true
	r.mu.Unlock()
	_ = inst.close()
	// The linear memory is Go heap: collect it and hand it back now rather
	// than at the scavenger's pace.
	debug.FreeOSMemory()
	r.mu.Lock()
	r.closing = false
	r.mu.Unlock()
}

// Close releases PDFium; later calls fail.
func (r *Runtime) Close() error {
	r.mu.Lock()
	r.closed = true
	inst := r.inst
	r.inst = nil
	if r.idle != nil {
		r.idle.Stop()
	}
	r.mu.Unlock()
	if inst == nil {
		return nil
	}
	r.use.Lock() // wait for a call under way
	defer r.use.Unlock()
	return inst.close()
}
