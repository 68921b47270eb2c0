package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/blob/s3test"
)

// TestS3Backend runs Quire on a real S3 server: templates and documents
// are stored there, signed links serve them, and retention removes them.
func TestS3Backend(t *testing.T) {
	srv := s3test.Start(t, "quire-docs")
	env := append(s3test.Env(s3test.SecretKey), "QUIRE_BLOB_URL="+srv.URL("quire-docs"),
		"QUIRE_RETENTION=3s", "QUIRE_RETENTION_SWEEP=300ms")
	s := startServer(t, env...)
	key := s.newKey(t, "s3@example.com", "live")
	up := s.upload(t, key, "letter.html", []byte("<h1>Dear {{name}}</h1>"), "Letter")
	wantStatus(t, up, 201)
	r := s.call(t, "POST", "/v1/documents/generate", key, map[string]any{
		"template_id": up.json(t)["id"], "data": map[string]any{"name": "Ada from S3"}})
	wantStatus(t, r, 201)
	doc := r.json(t)
	got := fetch(t, doc["download_url"].(string))
	wantStatus(t, got, 200)
	if text := strings.Join(pdfText(t, got.Body), "\n"); !strings.Contains(text, "Dear Ada from S3") {
		t.Fatalf("document from S3: %q", text)
	}
	if n := countFiles(t, filepath.Join(srv.Dir, "quire-docs")); n < 2 {
		t.Fatalf("%d objects in the bucket, want the template and the document", n)
	}
	waitFor(t, 20, func() bool {
		return s.call(t, "GET", "/v1/documents/"+doc["id"].(string), key, nil).json(t)["status"] == "expired"
	})
	wantError(t, fetch(t, doc["download_url"].(string)), 404, "DOCUMENT_NOT_FOUND")
	if n := countFiles(t, filepath.Join(srv.Dir, "quire-docs", "documents")); n != 0 {
		t.Fatalf("%d document objects left in the bucket after expiry", n)
	}
	wantStatus(t, s.call(t, "GET", "/readyz", "", nil), 200)
}

// TestS3BadSettingsStopTheStart: a missing bucket or wrong credentials stop
// `quire serve` with an error naming the cause, and no secret in the logs.
func TestS3BadSettingsStopTheStart(t *testing.T) {
	srv := s3test.Start(t, "quire-docs")
	wrong := "wrong-s3-secret-never-in-logs-77c1"
	cases := []struct {
		name string
		env  []string
		want string
	}{
		{"missing bucket", append(s3test.Env(s3test.SecretKey), "QUIRE_BLOB_URL="+srv.URL("no-such-bucket")), `bucket "no-such-bucket" does not exist`},
		{"wrong secret", append(s3test.Env(wrong), "QUIRE_BLOB_URL="+srv.URL("quire-docs")), "refused these credentials"},
	}
	for _, c := range cases {
		_, err := launch(t.TempDir(), c.env...)
		if err == nil {
			t.Fatalf("%s: the server started", c.name)
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: logs lack %q:\n%s", c.name, c.want, tail(err.Error(), 2000))
		}
		for _, secret := range []string{wrong, s3test.SecretKey} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("%s: a secret is in the logs", c.name)
			}
		}
	}
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		if os.IsNotExist(err) {
			return nil
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
