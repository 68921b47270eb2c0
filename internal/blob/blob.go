// Package blob stores template and document bytes through gocloud.dev: a
// folder on disk by default, S3 when configured. Callers never see which.
package blob

import (
	"context"
	"errors"
	"fmt"
	"io"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/fileblob" // file:// buckets
	_ "gocloud.dev/blob/memblob"  // mem:// buckets
	_ "gocloud.dev/blob/s3blob"   // s3:// buckets
	"gocloud.dev/gcerrors"
)

// ErrNotFound is returned for a key that holds nothing.
var ErrNotFound = errors.New("blob: not found")

// Store is a bucket of blobs addressed by slash-separated keys.
type Store struct {
	bucket *blob.Bucket
}

// Open opens the bucket at url (file:///dir?…, s3://bucket?…, mem://).
func Open(ctx context.Context, url string) (*Store, error) {
	b, err := blob.OpenBucket(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("blob: open %s: %w", url, err)
	}
	return &Store{bucket: b}, nil
}

// FromBucket wraps an already opened bucket (e.g. an S3 client built in code).
func FromBucket(b *blob.Bucket) *Store { return &Store{bucket: b} }

// Put writes data under key, replacing what was there.
func (s *Store) Put(ctx context.Context, key string, data []byte, contentType string) error {
	opts := &blob.WriterOptions{ContentType: contentType}
	if err := s.bucket.WriteAll(ctx, key, data, opts); err != nil {
		return fmt.Errorf("blob: put %s: %w", key, err)
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
		return nil, fmt.Errorf("blob: get %s: %w", key, err)
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
		return nil, fmt.Errorf("blob: open %s: %w", key, err)
	}
	return &Reader{ReadCloser: r, Size: r.Size(), ContentType: r.ContentType()}, nil
}

// Delete removes the blob at key; a missing blob is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	err := s.bucket.Delete(ctx, key)
	if err != nil && gcerrors.Code(err) != gcerrors.NotFound {
		return fmt.Errorf("blob: delete %s: %w", key, err)
	}
	return nil
}

// Ping checks that the bucket answers.
func (s *Store) Ping(ctx context.Context) error {
	_, err := s.bucket.IsAccessible(ctx)
	return err
}

// Close releases the bucket.
func (s *Store) Close() error { return s.bucket.Close() }
