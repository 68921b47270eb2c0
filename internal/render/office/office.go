// Package office converts DOCX documents to PDF with LibreOffice
// (soffice --headless --convert-to pdf). LibreOffice cannot run two
// conversions on one profile and a hung conversion blocks everything behind
// it, so a Converter runs one conversion at a time, in its own process group
// with its own profile directory, and kills the whole group on timeout or
// cancellation.
//
// LibreOffice fetches what a document links to (pictures, above all) and
// puts it in the PDF. So that a hostile DOCX cannot make the server fetch
// a URL or read one of its files, ToPDF first strips every external
// reference (docx.StripExternal), runs LibreOffice with a profile that
// loads no linked content and sends web requests to a dead proxy, and,
// where Linux allows it, in a network namespace with no way out (Network).
package office

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/quirehq/quire/internal/render/docx"
)

// DebianPackage is what to install for conversions to work.
const DebianPackage = "libreoffice-writer-nogui"

// DefaultTimeout bounds one conversion when Options.Timeout is zero.
const DefaultTimeout = 60 * time.Second

// Kinds of failure: every error of NewConverter and ToPDF wraps one of
// them, to test with errors.Is. Their messages are fit to show a user.
var (
	ErrNotInstalled = errors.New("DOCX to PDF conversion needs LibreOffice, " +
		"which is not installed on this server: install the Debian package " + DebianPackage +
		" (apt-get install -y " + DebianPackage + ") or set the soffice path")
	ErrTimeout = errors.New("the DOCX to PDF conversion took too long and was stopped")
	ErrFailed  = errors.New("LibreOffice could not convert the document to PDF")
	ErrClosed  = errors.New("the DOCX to PDF converter is closed")
)

// Options configures a Converter.
type Options struct {
	SofficePath string        // "" looks up soffice, then libreoffice, on PATH
	Timeout     time.Duration // per conversion, queueing excluded; 0 means DefaultTimeout
	TempDir     string        // where work directories go; "" means os.TempDir()
	// Limits bound the DOCX that ToPDF unpacks to strip its external
	// references; zero fields use the docx package's defaults.
	Limits docx.Limits
}

// Converter turns DOCX into PDF, one conversion at a time.
type Converter struct {
	path    string
	timeout time.Duration
	tempDir string
	limits  docx.Limits
	network Network
	// lockdown writes the no-egress LibreOffice settings into new
	// profiles; only tests that check another layer alone turn it off.
	lockdown bool
	slot     chan struct{} // holds one token: the right to run soffice
	closed   chan struct{}
	// profile is the LibreOffice user profile, created by the first
	// conversion and reused (creating one costs seconds); guarded by slot.
	profile string
}

// Available reports where LibreOffice is, if it is on PATH.
func Available() (path string, ok bool) {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, true
		}
	}
	return "", false
}

// NewConverter checks that LibreOffice can be found and returns a Converter.
func NewConverter(o Options) (*Converter, error) {
	path := o.SofficePath
	if path == "" {
		p, ok := Available()
		if !ok {
			return nil, ErrNotInstalled
		}
		path = p
	} else if p, err := exec.LookPath(path); err != nil {
		return nil, fmt.Errorf("%w (no executable at %s)", ErrNotInstalled, path)
	} else {
		path = p
	}
	c := &Converter{path: path, timeout: o.Timeout, tempDir: o.TempDir, limits: o.Limits,
		network: probeNetwork(path), lockdown: true,
		slot: make(chan struct{}, 1), closed: make(chan struct{})}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	c.slot <- struct{}{}
	return c, nil
}

// Network says what keeps LibreOffice off the network on this machine.
func (c *Converter) Network() Network { return c.network }

// Close makes later conversions fail, waits for a running one and removes
// the profile directory.
func (c *Converter) Close() error {
	select {
	case <-c.closed:
		return nil
	default:
		close(c.closed)
	}
	<-c.slot
	defer func() { c.slot <- struct{}{} }()
	return c.dropProfile()
}

func (c *Converter) dropProfile() error {
	if c.profile == "" {
		return nil
	}
	err := os.RemoveAll(c.profile)
	c.profile = ""
	return err
}

// ToPDF converts a DOCX document to PDF, with its external references
// stripped first (a DOCX it cannot read fails with a *docx.Error). It
// waits its turn (or until ctx ends), then gives LibreOffice
// Options.Timeout to finish.
func (c *Converter) ToPDF(ctx context.Context, document []byte) ([]byte, error) {
	select {
	case <-c.closed:
		return nil, ErrClosed
	default:
	}
	clean, err := docx.StripExternal(document, c.limits)
	if err != nil {
		return nil, err
	}
	return c.convert(ctx, clean)
}

// convert runs LibreOffice on a DOCX as it is.
func (c *Converter) convert(ctx context.Context, document []byte) ([]byte, error) {
	select {
	case <-c.closed:
		return nil, ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-c.slot:
	}
	defer func() { c.slot <- struct{}{} }()
	select {
	case <-c.closed:
		return nil, ErrClosed
	default:
	}
	work, err := os.MkdirTemp(c.tempDir, "quire-office-*")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFailed, err)
	}
	defer os.RemoveAll(work)
	in := filepath.Join(work, "document.docx")
	if err := os.WriteFile(in, document, 0o600); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFailed, err)
	}
	if c.profile == "" {
		if c.profile, err = os.MkdirTemp(c.tempDir, "quire-office-profile-*"); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrFailed, err)
		}
		if c.lockdown {
			if err := writeLockdown(c.profile); err != nil {
				_ = c.dropProfile()
				return nil, fmt.Errorf("%w: %w", ErrFailed, err)
			}
		}
	}
	outDir := filepath.Join(work, "out")
	if err := c.run(ctx, work, in, outDir); err != nil {
		if !errors.Is(err, ErrFailed) {
			_ = c.dropProfile() // a killed LibreOffice may leave its profile half-written
		}
		return nil, err
	}
	pdf, err := os.ReadFile(filepath.Join(outDir, "document.pdf"))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		return nil, fmt.Errorf("%w: no PDF was produced", ErrFailed)
	}
	return pdf, nil
}

// run starts soffice in its own process group and waits for it, killing
// the group on timeout or cancellation.
func (c *Converter) run(ctx context.Context, work, in, outDir string) error {
	profile := url.URL{Scheme: "file", Path: c.profile}
	cmd := exec.Command(c.path,
		"-env:UserInstallation="+profile.String(),
		"--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
		"--convert-to", "pdf:writer_pdf_Export", "--outdir", outDir, in)
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "HOME="+work, "TMPDIR="+work)
	var output limitedBuffer
	cmd.Stdout, cmd.Stderr = &output, &output
	isolate(cmd, c.network)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("%w: %w", ErrFailed, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	timer := time.NewTimer(c.timeout)
	defer timer.Stop()
	var err error
	select {
	case err = <-done:
		killGroup(cmd) // stray children (soffice.bin) must not outlive the conversion
	case <-timer.C:
		killGroup(cmd)
		<-done
		return ErrTimeout
	case <-ctx.Done():
		killGroup(cmd)
		<-done
		return ctx.Err()
	}
	if err != nil {
		return fmt.Errorf("%w: %w: %s", ErrFailed, err, strings.TrimSpace(output.String()))
	}
	return nil
}

// limitedBuffer keeps the first 4 KB of a process's output for messages.
type limitedBuffer struct{ bytes.Buffer }

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := 4096 - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
