package blob

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/testenv"
)

// wantStorageError checks that err is STORAGE_UNAVAILABLE with a message
// that names the operation and no path of the disk.
func wantStorageError(t *testing.T, err error, verb, dir string) {
	t.Helper()
	var de *errs.Error
	if !errors.As(err, &de) || de.Code != errs.StorageUnavailable {
		t.Fatalf("error %v, want STORAGE_UNAVAILABLE", err)
	}
	if !strings.Contains(de.Message, "cannot "+verb) || strings.Contains(de.Message, dir) {
		t.Fatalf("message %q: want one saying it cannot %s, without the path", de.Message, verb)
	}
}

func openDir(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(t.Context(), "file://"+dir+"?no_tmp_dir=true&metadata=skip")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestFullAndReadOnlyStorageAreStorageUnavailable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blobs")
	fs := testenv.MountTmpfs(t, dir, 256)
	s := openDir(t, dir)
	ctx := t.Context()
	if err := s.Put(ctx, "documents/a/kept.pdf", []byte("%PDF kept"), "application/pdf"); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping on a writable store: %v", err)
	}

	fs.Fill()
	wantStorageError(t, s.Put(ctx, "documents/a/new.pdf", make([]byte, 64<<10), "application/pdf"), "write", dir)
	wantStorageError(t, s.Ping(ctx), "write", dir)
	if got, err := s.Get(ctx, "documents/a/kept.pdf"); err != nil || string(got) != "%PDF kept" {
		t.Fatalf("a full store must still read: %q %v", got, err)
	}
	if _, err := s.Get(ctx, "documents/a/new.pdf"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a failed write left a (truncated) file behind: %v", err)
	}
	if left, _ := os.ReadDir(filepath.Join(dir, "documents", "a")); len(left) != 1 {
		t.Fatalf("after a failed write the folder holds %d files, want only kept.pdf", len(left))
	}
	fs.Unfill()

	fs.ReadOnly()
	wantStorageError(t, s.Put(ctx, "documents/a/new.pdf", []byte("x"), "application/pdf"), "write", dir)
	wantStorageError(t, s.Delete(ctx, "documents/a/kept.pdf"), "delete", dir)
	wantStorageError(t, s.Ping(ctx), "write", dir)
	fs.Writable()

	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping after the store came back: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "_probe"))
	if len(entries) != 0 {
		t.Errorf("Ping left %d probe objects behind", len(entries))
	}
}

// A key whose folder is a file cannot be read: that is a storage failure,
// not a missing document.
func TestUnreadableBlobIsStorageUnavailable(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	if err := os.WriteFile(filepath.Join(dir, "documents"), []byte("not a folder"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := s.Get(t.Context(), "documents/a/doc.pdf")
	wantStorageError(t, err, "read", dir)
	_, err = s.Open(t.Context(), "documents/a/doc.pdf")
	wantStorageError(t, err, "read", dir)
}
