package blob

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/blob/s3test"
	"github.com/quirehq/quire/internal/errs"
)

// stores opens the same suite's store on every backend: a folder, and a
// real S3 server (versitygw).
func stores(t *testing.T) map[string]*Store {
	ctx := t.Context()
	file, err := Open(ctx, "file://"+t.TempDir()+"?no_tmp_dir=true&metadata=skip")
	if err != nil {
		t.Fatal(err)
	}
	srv := s3test.Start(t, "quire")
	s3test.SetEnv(t, s3test.SecretKey)
	s3, err := Open(ctx, srv.URL("quire"))
	if err != nil {
		t.Fatalf("open s3: %v", err)
	}
	t.Cleanup(func() { file.Close(); s3.Close() })
	return map[string]*Store{"file": file, "s3": s3}
}

func TestConformance(t *testing.T) {
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			t.Run("round trip", func(t *testing.T) { roundTrip(t, s) })
			t.Run("large file streams", func(t *testing.T) { largeFile(t, s) })
			t.Run("probe", func(t *testing.T) {
				if err := s.Ping(t.Context()); err != nil {
					t.Fatal(err)
				}
			})
		})
	}
}

func roundTrip(t *testing.T, s *Store) {
	ctx := t.Context()
	key := "documents/acc_1/doc_1.pdf"
	if err := s.Put(ctx, key, []byte("%PDF-1.7 first"), "application/pdf"); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, key, []byte("%PDF-1.7 second"), "application/pdf"); err != nil {
		t.Fatal(err)
	}
	b, err := s.Get(ctx, key)
	if err != nil || string(b) != "%PDF-1.7 second" {
		t.Fatalf("get after overwrite: %q %v", b, err)
	}
	r, err := s.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(r)
	r.Close()
	if r.Size != 15 || string(body) != "%PDF-1.7 second" {
		t.Fatalf("open: size %d, body %q", r.Size, body)
	}
	if _, err := s.Get(ctx, "documents/acc_2/doc_1.pdf"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a key never written: %v", err)
	}
	if err := s.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, key); !errors.Is(err, ErrNotFound) {
		t.Fatalf("get after delete: %v", err)
	}
	if _, err := s.Open(ctx, key); !errors.Is(err, ErrNotFound) {
		t.Fatalf("open after delete: %v", err)
	}
	if err := s.Delete(ctx, key); err != nil {
		t.Fatalf("deleting a missing blob: %v", err)
	}
}

// largeFile writes 48 MiB (S3 takes it in several parts) and reads it
// back as a stream.
func largeFile(t *testing.T, s *Store) {
	ctx := t.Context()
	data := make([]byte, 48<<20)
	rand.Read(data)
	want := sha256.Sum256(data)
	if err := s.Put(ctx, "large/report.pdf", data, "application/pdf"); err != nil {
		t.Fatal(err)
	}
	defer s.Delete(ctx, "large/report.pdf")
	r, err := s.Open(ctx, "large/report.pdf")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	h := sha256.New()
	n, err := io.CopyBuffer(h, r, make([]byte, 1<<20))
	if err != nil || n != int64(len(data)) || r.Size != n || !bytes.Equal(h.Sum(nil), want[:]) {
		t.Fatalf("read back %d of %d bytes (size %d): %v", n, len(data), r.Size, err)
	}
}

// TestS3MissingBucket: a bucket that does not exist stops the start with
// an error naming it, not at the first upload.
func TestS3MissingBucket(t *testing.T) {
	srv := s3test.Start(t, "quire")
	s3test.SetEnv(t, s3test.SecretKey)
	_, err := Open(t.Context(), srv.URL("no-such-bucket"))
	if err == nil || !strings.Contains(err.Error(), `"no-such-bucket"`) || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("open of a missing bucket: %v", err)
	}
}

// TestS3WrongCredentials: refused at open with a clear error that holds
// no secret.
func TestS3WrongCredentials(t *testing.T) {
	srv := s3test.Start(t, "quire")
	wrong := "wrong-secret-that-must-not-appear-3f9a"
	s3test.SetEnv(t, wrong)
	_, err := Open(t.Context(), srv.URL("quire"))
	if err == nil || !strings.Contains(err.Error(), "credentials") {
		t.Fatalf("open with a wrong secret: %v", err)
	}
	for _, secret := range []string{wrong, s3test.SecretKey} {
		if strings.Contains(err.Error(), secret) {
			t.Fatalf("the error shows a secret: %v", err)
		}
	}
	t.Logf("error: %v", err)
}

// TestS3DownIsStorageUnavailable: a store that stops answering after the
// start gives STORAGE_UNAVAILABLE (503), as a full disk does.
func TestS3DownIsStorageUnavailable(t *testing.T) {
	srv := s3test.Start(t, "quire")
	s3test.SetEnv(t, s3test.SecretKey)
	s, err := Open(t.Context(), srv.URL("quire"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	srv.Stop()
	ctx, cancel := context.WithTimeout(t.Context(), 60e9)
	defer cancel()
	err = s.Put(ctx, "documents/x.pdf", []byte("%PDF"), "application/pdf")
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.StorageUnavailable {
		t.Fatalf("put to a stopped S3: %v", err)
	}
}
