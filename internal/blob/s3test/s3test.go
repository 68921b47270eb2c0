// Package s3test starts a real S3 server (versitygw over a temp folder) on
// 127.0.0.1 for tests of the s3:// blob path.
package s3test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/quirehq/quire/internal/testenv"
)

// Credentials of the test server. The secret is long and unusual so a test
// can search logs and errors for it.
const (
	AccessKey = "quiretestaccess"
	SecretKey = "quire-s3-secret-must-never-be-logged-5b7e"
	Region    = "us-east-1"
)

// Server is a running versitygw.
type Server struct {
	Endpoint string // http://127.0.0.1:PORT
	Dir      string // the posix root: one folder per bucket
	cmd      *exec.Cmd
}

// Stop kills the server (to test a store that goes away).
func (s *Server) Stop() {
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
}

// Start runs versitygw on a free port until the test ends, with one bucket
// per name given.
func Start(tb testing.TB, buckets ...string) *Server {
	tb.Helper()
	bin := testenv.GoBin(tb, "versitygw")
	dir := tb.TempDir()
	for _, b := range buckets {
		if err := os.MkdirAll(filepath.Join(dir, b), 0o755); err != nil {
			tb.Fatal(err)
		}
	}
	addr := testenv.FreeAddr(tb)
	cmd := exec.Command(bin, "--access", AccessKey, "--secret", SecretKey, "--region", Region, "--port", addr, "posix", dir)
	out := &safeBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		tb.Fatalf("versitygw: %v", err)
	}
	srv := &Server{Dir: dir, cmd: cmd}
	tb.Cleanup(srv.Stop)
	if testenv.AwaitTCP(addr) {
		srv.Endpoint = "http://" + addr
		return srv
	}
	tb.Fatalf("versitygw did not start on %s: %s", addr, out.String())
	return nil
}

// URL is the QUIRE_BLOB_URL of bucket on this server.
func (s *Server) URL(bucket string) string {
	return fmt.Sprintf("s3://%s?endpoint=%s&region=%s&use_path_style=true&disable_https=true", bucket, s.Endpoint, Region)
}

// Env is the environment a client needs for the server's credentials
// (the AWS SDK reads them from there), with the given secret.
func Env(secret string) []string {
	return []string{"AWS_ACCESS_KEY_ID=" + AccessKey, "AWS_SECRET_ACCESS_KEY=" + secret,
		"AWS_EC2_METADATA_DISABLED=true", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null"}
}

// SetEnv sets the credentials for this test process (tests using it must
// not run in parallel).
func SetEnv(tb testing.TB, secret string) {
	tb.Helper()
	for _, kv := range Env(secret) {
		k, v, _ := strings.Cut(kv, "=")
		tb.Setenv(k, v)
	}
}

// safeBuffer collects the server's output while it runs.
type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
