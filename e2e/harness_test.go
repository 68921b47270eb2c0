// Package e2e drives the real quire binary over HTTP with real Chromium,
// SQLite (or PostgreSQL) and blob storage, and reads the PDFs it returns.
package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/testenv"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// quireBinary builds ./cmd/quire once per test run.
func quireBinary(t testing.TB) string {
	t.Helper()
	bin, err := buildQuire()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

func buildQuire() (string, error) {
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "quire-e2e-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "quire")
		out, err := exec.Command("go", "build", "-o", binPath, "../cmd/quire").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	return binPath, buildErr
}

// server is one running quire process.
type server struct {
	URL     string
	DataDir string
	env     []string
	cmd     *exec.Cmd
	exited  chan struct{}
	logs    *bytes.Buffer
}

// startServer runs `quire serve` on a free port with a fresh data dir; env
// adds QUIRE_* settings. It is stopped when the test ends.
func startServer(t testing.TB, env ...string) *server {
	t.Helper()
	testenv.Command(t, "chromium", "chromium")
	s, err := launch(t.TempDir(), env...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.stop()
		if t.Failed() {
			t.Logf("server logs:\n%s", s.logs.String())
		}
	})
	return s
}

// launch starts a server on dataDir and waits until /readyz answers 200.
func launch(dataDir string, env ...string) (*server, error) {
	bin, err := buildQuire()
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	s := &server{URL: "http://" + addr, DataDir: dataDir, logs: &bytes.Buffer{}}
	s.env = append(os.Environ(), "QUIRE_ADDR="+addr, "QUIRE_DATA_DIR="+dataDir)
	s.env = append(s.env, env...)
	s.cmd = exec.Command(bin, "serve")
	s.cmd.Env = s.env
	s.cmd.Stdout, s.cmd.Stderr = s.logs, s.logs
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(exited) }()
	s.exited = exited
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(s.URL + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s, nil
			}
		}
		select {
		case <-exited:
			return nil, fmt.Errorf("server exited; logs:\n%s", s.logs.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
	s.stop()
	return nil, fmt.Errorf("server did not become ready; logs:\n%s", s.logs.String())
}

// stop interrupts the server and waits for it to exit.
func (s *server) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.exited:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

// cli runs a quire command against the server's data dir and returns stdout.
func (s *server) cli(t testing.TB, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(quireBinary(t), args...)
	cmd.Env = s.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("%v: %s", err, stderr.String())
	}
	return string(out), nil
}

// newKey mints a key with `quire keys create` for account (""= default).
func (s *server) newKey(t testing.TB, account, mode string) string {
	t.Helper()
	args := []string{"keys", "create", "--name", "e2e", "--mode", mode}
	if account != "" {
		args = append(args, "--account", account)
	}
	out, err := s.cli(t, args...)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(out)
}

// setPlan moves account to plan with `quire accounts set-plan`.
func (s *server) setPlan(t testing.TB, account, plan string) {
	t.Helper()
	if _, err := s.cli(t, "accounts", "set-plan", "--account", account, "--plan", plan); err != nil {
		t.Fatal(err)
	}
}

// response is a finished HTTP exchange.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("not a JSON object (%d): %s", r.Status, r.Body)
	}
	return m
}

// errorCode returns error.code of an error envelope, failing on any other shape.
func (r response) errorCode(t testing.TB) string {
	t.Helper()
	m := r.json(t)
	e, ok := m["error"].(map[string]any)
	if !ok || e["code"] == nil || e["message"] == nil || e["message"] == "" {
		t.Fatalf("not an error envelope (%d): %s", r.Status, r.Body)
	}
	return e["code"].(string)
}

func (r response) message(t testing.TB) string {
	t.Helper()
	return r.json(t)["error"].(map[string]any)["message"].(string)
}

// call sends a request; body may be nil, []byte (sent as is) or a value sent as JSON.
func (s *server) call(t testing.TB, method, path, key string, body any, headers ...string) response {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("X-API-Key", key)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return do(t, req)
}

func do(t testing.TB, req *http.Request) response {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// upload posts a template file as multipart/form-data.
func (s *server) upload(t testing.TB, key, filename string, content []byte, name string) response {
	t.Helper()
	fields := map[string]string{}
	if name != "" {
		fields["name"] = name
	}
	return s.uploadForm(t, key, filename, content, fields)
}

// uploadForm posts a template file with extra form fields.
func (s *server) uploadForm(t testing.TB, key, filename string, content []byte, fields map[string]string) response {
	t.Helper()
	return s.postFile(t, "/v1/templates", key, filename, content, fields)
}

// postFile posts a file as multipart/form-data field "file", with extra
// form fields, to path.
func (s *server) postFile(t testing.TB, path, key, filename string, content []byte, fields map[string]string) response {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	fw, err := w.CreateFormFile("file", filename)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, s.URL+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("X-API-Key", key)
	return do(t, req)
}

// fetch downloads an absolute URL.
func fetch(t testing.TB, url string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, req)
}

func wantStatus(t testing.TB, r response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
}

func wantError(t testing.TB, r response, status int, code string) {
	t.Helper()
	wantStatus(t, r, status)
	if got := r.errorCode(t); got != code {
		t.Fatalf("error code %s, want %s: %s", got, code, r.Body)
	}
}

// wantMessage fails unless the error message names every part.
func wantMessage(t testing.TB, r response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.message(t), p) {
			t.Fatalf("message %q does not name %q", r.message(t), p)
		}
	}
}

func mustUnmarshal(t testing.TB, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
}

// waitFor polls cond every 100 ms for up to seconds.
func waitFor(t testing.TB, seconds int, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Duration(seconds) * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}
