package chromium

import (
	"io"
	"log/slog"
	"os/exec"
	"time"
)

// Options configure an Engine. The zero value is usable.
type Options struct {
	// ExecPath is the browser binary; "" looks up chromium, chromium-browser
	// and google-chrome on PATH.
	ExecPath string
	// RemoteURL, when set, is a Chromium that runs elsewhere: its DevTools
	// websocket (ws://host:port/devtools/browser/…) or its HTTP endpoint
	// (http://host:port, asked at /json/version). The engine then starts no
	// browser and ignores ExecPath; see remote.go.
	RemoteURL string
	// Tabs is the number of warm tabs, which is also the number of renders
	// that run at once (default 2).
	Tabs int
	// RecycleAfter replaces a tab, with its browser context and renderer
	// process, after at most this many renders (default 500): each tab
	// draws its own period between half and all of it, so tabs opened
	// together are replaced one at a time while the others keep serving.
	RecycleAfter int
	// RestartAfter restarts the whole browser after this many renders
	// (default 20 × RecycleAfter), for what the browser process itself may
	// hold; a negative value never does. In-flight renders finish on the old
	// browser.
	RestartAfter int
	// FreshTabPages and FreshTabBytes replace the tab after a render whose
	// PDF has at least this many pages or bytes, instead of keeping it warm:
	// a renderer keeps the heaps a big document grew. 0 = never.
	FreshTabPages int
	FreshTabBytes int64
	// RenderTimeout limits one render, from the moment it has a tab
	// (default 30s).
	RenderTimeout time.Duration
	// QueueTimeout limits how long a request waits for a free tab or for a
	// restarting browser (default: RenderTimeout). The request context can
	// cut both waits shorter.
	QueueTimeout time.Duration
	// StartTimeout limits starting the browser and warming its tabs
	// (default 30s).
	StartTimeout time.Duration
	// MaxPages stops the print of a document after this many pages and fails
	// it with ErrTooManyPages (0 = no limit).
	MaxPages int
	// MaxPDFBytes fails a render whose PDF is larger, with ErrTooLarge
	// (default 100 MiB).
	MaxPDFBytes int64
	// SpoolDir holds the printed PDFs while they are handed on, each in an
	// unlinked temporary file ("" = the system's temporary directory).
	SpoolDir string
	// Logf receives the browser's protocol errors (noise such as events for
	// frames that are gone); nil discards them.
	Logf func(format string, args ...any)
	// Logger receives the browser's lifecycle: a browser that died or a
	// connection that was lost, each failed restart or reconnect, and the
	// browser that serves again; nil discards them.
	Logger *slog.Logger

	// jsHeapMB caps each page's JavaScript heap; 0 = defaultJSHeapMB.
	jsHeapMB int
	// lockdown turns single network defences off, for the tests that check
	// each one alone; nil means all on.
	lockdown *lockdown
}

// lockdown says which of the independent network defences are on.
type lockdown struct {
	fetch       bool // the Fetch domain fails every non-data: request
	blockedURLs bool // Network.setBlockedURLs on network schemes
	proxy       bool // launch flags: dead proxy, also for loopback; no DNS; WebRTC only through the proxy
	noWebRTC    bool // documents have no RTCPeerConnection (a page guard)
	// localNetworkChecks leaves Chromium's own Local Network Access checks
	// on (they refuse loopback requests from reset tabs).
	localNetworkChecks bool
}

// defaultJSHeapMB is the JavaScript heap of one page, in MiB: far more than
// a template needs, far less than the machine has.
const defaultJSHeapMB = 1024

func (o Options) jsHeap() int {
	if o.jsHeapMB > 0 {
		return o.jsHeapMB
	}
	return defaultJSHeapMB
}

func (o Options) limits() limits {
	return limits{maxPages: o.MaxPages, maxBytes: o.MaxPDFBytes, spoolDir: o.SpoolDir}
}

func (o Options) logf() func(string, ...any) {
	if o.Logf != nil {
		return o.Logf
	}
	return func(string, ...any) {}
}

func (o Options) layers() lockdown {
	if o.lockdown == nil {
		return lockdown{fetch: true, blockedURLs: true, proxy: true, noWebRTC: true, localNetworkChecks: true}
	}
	return *o.lockdown
}

// Defaults used for zero fields of Options.
const (
	DefaultTabs          = 2
	DefaultRecycleAfter  = 500
	DefaultRenderTimeout = 30 * time.Second
	DefaultStartTimeout  = 30 * time.Second
	DefaultMaxPDFBytes   = 100 << 20
	// restartFactor: the browser restarts after this many tab recycles'
	// worth of renders (RestartAfter's default).
	restartFactor = 20
)

// browserNames are looked up on PATH, in this order, when ExecPath is empty.
var browserNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// FindBrowser returns the path of the first browser binary on PATH, or "".
func FindBrowser() string {
	for _, name := range browserNames {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// withDefaults fills the zero fields and checks the rest.
func (o Options) withDefaults() (Options, error) {
	if o.Tabs == 0 {
		o.Tabs = DefaultTabs
	}
	if o.RecycleAfter == 0 {
		o.RecycleAfter = DefaultRecycleAfter
	}
	if o.RestartAfter == 0 {
		o.RestartAfter = restartFactor * o.RecycleAfter
	}
	if o.RenderTimeout == 0 {
		o.RenderTimeout = DefaultRenderTimeout
	}
	if o.QueueTimeout == 0 {
		o.QueueTimeout = o.RenderTimeout
	}
	if o.StartTimeout == 0 {
		o.StartTimeout = DefaultStartTimeout
	}
	if o.MaxPDFBytes == 0 {
		o.MaxPDFBytes = DefaultMaxPDFBytes
	}
	switch {
	case o.Tabs < 0:
		return o, newError(ErrInvalidOptions, nil, "tabs must be at least 1, got %d", o.Tabs)
	case o.RecycleAfter < 0:
		return o, newError(ErrInvalidOptions, nil, "recycle-after must be at least 1, got %d", o.RecycleAfter)
	case o.RenderTimeout < 0 || o.QueueTimeout < 0 || o.StartTimeout < 0:
		return o, newError(ErrInvalidOptions, nil, "timeouts must be positive")
	case o.FreshTabPages < 0 || o.FreshTabBytes < 0:
		return o, newError(ErrInvalidOptions, nil, "fresh-tab thresholds must not be negative")
	case o.MaxPages < 0 || o.MaxPDFBytes < 0:
		return o, newError(ErrInvalidOptions, nil, "max pages and max PDF bytes must not be negative")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.RemoteURL != "" {
		return o, checkRemoteURL(o.RemoteURL)
	}
	if o.ExecPath == "" {
		o.ExecPath = FindBrowser()
		if o.ExecPath == "" {
			return o, newError(ErrInvalidOptions, nil, "no browser found on PATH (looked for %v); set the browser path", browserNames)
		}
	} else if _, err := exec.LookPath(o.ExecPath); err != nil {
		return o, newError(ErrInvalidOptions, err, "browser %q is not an executable", o.ExecPath)
	}
	return o, nil
}
