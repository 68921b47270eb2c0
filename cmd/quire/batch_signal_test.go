package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/apptest"
	"github.com/quirehq/quire/internal/testenv"
)

// cliProcess is `quire batch` running as a process of its own.
type cliProcess struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	stderr strings.Builder
	id     chan string // the batch id, once the CLI says it
	exited chan error
}

// startCLI runs the test binary as quire with args.
func startCLI(t *testing.T, args ...string) *cliProcess {
	t.Helper()
	p := &cliProcess{cmd: exec.Command(os.Args[0], args...), id: make(chan string, 1), exited: make(chan error, 1)}
	p.cmd.Env = append(os.Environ(), cliEnv+"=1")
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stdout = io.Discard
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.exited
	})
	started := regexp.MustCompile(`^batch (bat_\w+): `)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			p.mu.Lock()
			p.stderr.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			if m := started.FindStringSubmatch(sc.Text()); m != nil {
				p.id <- m[1]
			}
		}
		p.exited <- p.cmd.Wait()
	}()
	return p
}

// batchID waits for the CLI to say the id of the batch it started.
func (p *cliProcess) batchID(t *testing.T) string {
	t.Helper()
	select {
	case id := <-p.id:
		return id
	case <-time.After(60 * time.Second):
		t.Fatalf("the CLI said no batch id: %s", p.output())
		return ""
	}
}

// wait waits for the CLI to exit; it returns its exit code.
func (p *cliProcess) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-p.exited:
		p.exited <- nil // for the cleanup
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(120 * time.Second):
		t.Fatalf("the CLI did not exit: %s", p.output())
		return -1
	}
}

func (p *cliProcess) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// batchStatus is the batch as the server has it.
func batchStatus(t *testing.T, s *apptest.Server, key, id string) map[string]any {
	t.Helper()
	r := s.Call(t, "GET", "/v1/batches/"+id, key, nil)
	if r.Status != 200 {
		t.Fatalf("GET /v1/batches/%s: %d %s", id, r.Status, r.Body)
	}
	return r.JSON(t)
}

// Ctrl-C on the CLI while the batch runs cancels it on the server; the
// CLI says so and exits non-zero.
func TestBatchCLISigintCancels(t *testing.T) {
	s, acc := batchServer(t)
	dir := t.TempDir()
	p := startCLI(t, "batch", "Receipt", writeFile(t, dir, "receipts.csv", receiptsCSV(400)), "-o", filepath.Join(dir, "out"), "--poll", "50ms")
	id := p.batchID(t)
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(t); code == 0 {
		t.Errorf("exit status 0 after Ctrl-C, want non-zero; output %s", p.output())
	}
	if out := p.output(); !strings.Contains(out, "interrupted: batch "+id+" canceled") {
		t.Errorf("output %q does not say the batch was canceled", out)
	}
	b := batchStatus(t, s, acc.Key, id)
	if b["status"] != "canceled" || b["canceled"].(float64) == 0 {
		t.Errorf("batch on the server: %v, want canceled with canceled items", b)
	}
}

// A CLI killed (SIGKILL) while it waits is continued with --resume: the
// batch's every file is downloaded once, and a second resume fetches none.
func TestBatchCLIKilledThenResumed(t *testing.T) {
	s, acc := batchServer(t)
	dir := t.TempDir()
	const n = 30
	out := filepath.Join(dir, "out")
	p := startCLI(t, "batch", "Receipt", writeFile(t, dir, "receipts.csv", receiptsCSV(n)), "-o", out, "--filename", "receipt-{{number}}.pdf")
	id := p.batchID(t)
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	p.wait(t)

	said, err := quire(t, "batch", "--resume", id, "-o", out, "--poll", "50ms")
	if err != nil {
		t.Fatalf("resume: %v\n%s", err, said)
	}
	if !strings.Contains(said, fmt.Sprintf("%s: %d files written, 0 already there", out, n)) {
		t.Errorf("resume said %q, want all %d files written", said, n)
	}
	if b := batchStatus(t, s, acc.Key, id); b["status"] != "completed" {
		t.Errorf("batch %v, want completed", b)
	}
	names := pdfsIn(t, out)
	if len(names) != n {
		t.Fatalf("%d files, want %d: %v", len(names), n, names)
	}
	for i := 1; i <= n; i++ {
		wantReceipt(t, filepath.Join(out, fmt.Sprintf("receipt-R-%03d.pdf", i)), i)
	}
	said, err = quire(t, "batch", "--resume", id, "-o", out)
	if err != nil || !strings.Contains(said, fmt.Sprintf("0 files written, %d already there", n)) {
		t.Errorf("second resume: %q, %v; want nothing fetched again", said, err)
	}
}

// On a terminal (script(1) gives the CLI one) the progress is a bar
// redrawn in place, ending on the full count.
func TestBatchCLIProgressBarOnATerminal(t *testing.T) {
	scriptCmd := testenv.Command(t, "script", "util-linux")
	batchServer(t)
	dir := t.TempDir()
	cli := strings.Join([]string{os.Args[0], "batch", "Receipt", writeFile(t, dir, "receipts.csv", receiptsCSV(20)), "-o", filepath.Join(dir, "out"), "--poll", "50ms"}, " ")
	cmd := exec.Command(scriptCmd, "-qec", cli, "/dev/null")
	cmd.Env = append(os.Environ(), cliEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("quire batch on a terminal: %v\n%s", err, out)
	}
	text := string(out)
	if !strings.Contains(text, "\r[") || !strings.Contains(text, "[##############################] 20/20 100%") || strings.Contains(text, "documents 20/20") {
		t.Errorf("terminal output %q, want a bar redrawn in place up to 20/20 and no plain lines", text)
	}
	if !strings.Contains(text, "20 files written") {
		t.Errorf("terminal output %q lacks the summary", text)
	}
}
