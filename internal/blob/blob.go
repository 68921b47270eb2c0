// Package blob stores template and document bytes through gocloud.dev: a
// folder on disk by default, S3 when configured. Callers never see which.
package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	neturl "net/url"
	"time"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/fileblob" // file:// buckets
	_ "gocloud.dev/blob/memblob"  // mem:// buckets
	_ "gocloud.dev/blob/s3blob"   // s3:// buckets
	"gocloud.dev/gcerrors"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/ids"
)

// ErrNotFound is returned for a key that holds nothing.
var ErrNotFound = errors.New("blob: not found")

// Store is a bucket of blobs addressed by slash-separated keys.
type Store struct {
	bucket *blob.Bucket
}

// Open opens the bucket at url (file:///dir?…, s3://bucket?…, mem://) and
// checks that it exists and these credentials reach it, so a wrong setting
// stops the start rather than the first upload.
func Open(ctx context.Context, url string) (*Store, error) {
	b, err := blob.OpenBucket(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("blob: open %s: %w", url, err)
	}
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	ok, err := b.IsAccessible(ctx)
	switch {
	case err != nil && refused(err):
		err = fmt.Errorf("blob: bucket %q at %s refused these credentials (check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the bucket's policy): %w", bucketName(url), where(url), err)
	case err != nil:
		err = fmt.Errorf("blob: cannot reach bucket %q at %s: %w", bucketName(url), where(url), err)
	case !ok:
		err = fmt.Errorf("blob: bucket %q does not exist at %s (create it, or fix QUIRE_BLOB_URL)", bucketName(url), where(url))
	}
	if err != nil {
		_ = b.Close()
		return nil, err
	}
	return &Store{bucket: b}, nil
}

// refused tells an authentication or authorisation failure (HTTP 401/403
// from S3) from other failures.
func refused(err error) bool {
	if gcerrors.Code(err) == gcerrors.PermissionDenied {
		return true
	}
	var status interface{ HTTPStatusCode() int }
	if errors.As(err, &status) {
		return status.HTTPStatusCode() == 401 || status.HTTPStatusCode() == 403
	}
	return false
}

// bucketName is the bucket (or folder) of a blob URL.
func bucketName(raw string) string {
	u, err := neturl.Parse(raw)
	if err != nil {
		return raw
	}
	if u.Scheme == "file" {
		return u.Path
	}
	return u.Host
}

// where names the endpoint of a blob URL for errors (S3 URLs carry no
// secrets: credentials come from the environment).
func where(raw string) string {
	u, err := neturl.Parse(raw)
	if err != nil {
		return "?"
	}
	if e := u.Query().Get("endpoint"); e != "" {
		return e
	}
	if u.Scheme == "s3" {
		return "AWS S3"
	}
	return u.Scheme + "://"
}

// FromBucket wraps an already opened bucket (e.g. an S3 client built in code).
func FromBucket(b *blob.Bucket) *Store { return &Store{bucket: b} }

// Put writes data under key, replacing what was there. A failed write
// leaves nothing behind: the writer is cancelled before it is closed, since
// closing it after a short write (disk full) would commit a truncated file.
func (s *Store) Put(ctx context.Context, key string, data []byte, contentType string) error {
	return s.Write(ctx, key, bytes.NewReader(data), contentType)
}

// Write streams r under key as Put writes bytes, holding no more of it in
// memory than the bucket's writer buffers.
func (s *Store) Write(ctx context.Context, key string, r io.Reader, contentType string) error {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := s.bucket.NewWriter(wctx, key, &blob.WriterOptions{ContentType: contentType})
	if err != nil {
		return failed(ctx, err, "write", key)
	}
	if _, err := io.Copy(w, r); err != nil {
		cancel()
		_ = w.Close()
		return failed(ctx, err, "write", key)
	}
	if err := w.Close(); err != nil {
		return failed(ctx, err, "write", key)
	}
	return nil
}

// Get reads the whole blob at key.
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	data, err := s.bucket.ReadAll(ctx, key)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, failed(ctx, err, "read", key)
	}
	return data, nil
}

// Reader streams the blob at key; the caller closes it.
type Reader struct {
	io.ReadCloser
	Size        int64
	ContentType string
}

// Open streams the blob at key.
func (s *Store) Open(ctx context.Context, key string) (*Reader, error) {
	r, err := s.bucket.NewReader(ctx, key, nil)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, failed(ctx, err, "read", key)
	}
	return &Reader{ReadCloser: r, Size: r.Size(), ContentType: r.ContentType()}, nil
}

// Delete removes the blob at key; a missing blob is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	err := s.bucket.Delete(ctx, key)
	if err != nil && gcerrors.Code(err) != gcerrors.NotFound {
		return failed(ctx, err, "delete", key)
	}
	return nil
}

// probeTimeout bounds a readiness probe: a hung disk or S3 endpoint is not ready.
const probeTimeout = 3 * time.Second

// Ping checks that the bucket can be written: it writes and deletes a small
// probe object, so a full or read-only store is not reported ready.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	key := "_probe/" + ids.New("probe")
	if err := s.Put(ctx, key, []byte("ok"), "text/plain"); err != nil {
		return errs.Wrap(err, errs.StorageUnavailable, "cannot write a probe object")
	}
	if err := s.bucket.Delete(ctx, key); err != nil {
		return errs.Wrap(err, errs.StorageUnavailable, "cannot delete a probe object")
	}
	return nil
}

// failed turns a storage failure into STORAGE_UNAVAILABLE (503 with
// Retry-After): the client's request was fine and may work later. The
// cause (paths, S3 errors) stays in the logs. A cancelled request keeps its
// context error.
func failed(ctx context.Context, err error, verb, key string) error {
	err = fmt.Errorf("blob: %s %s: %w", verb, key, err)
	if ctx.Err() != nil {
		return err
	}
	return errs.Wrap(err, errs.StorageUnavailable, "file storage failed: cannot %s the file; try again later", verb)
}

// Close releases the bucket.
func (s *Store) Close() error { return s.bucket.Close() }
