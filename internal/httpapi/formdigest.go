package httpapi

import (
	"crypto/sha256"
	"io"
	"maps"
	"slices"

	"github.com/danielgtaylor/huma/v2"
)

// formDigest is what a multipart request asks for, as the Idempotency-Key
// fingerprint sees it: its fields and files by name, in name order, not
// the bytes on the wire (a client draws a new boundary for each send, so
// a retry never repeats them).
func formDigest(ctx huma.Context) ([]byte, error) {
	form, err := ctx.GetMultipartForm()
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	for _, name := range slices.Sorted(maps.Keys(form.Value)) {
		for _, v := range form.Value[name] {
			writeDigestPart(h, "value", name, v)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(form.File)) {
		for _, fh := range form.File[name] {
			writeDigestPart(h, "file", name, fh.Filename)
			f, err := fh.Open()
			if err != nil {
				return nil, err
			}
			_, err = io.Copy(h, f)
			f.Close()
			if err != nil {
				return nil, err
			}
		}
	}
	return h.Sum(nil), nil
}

// writeDigestPart writes strings each followed by a NUL, so that no two
// different lists write the same bytes.
func writeDigestPart(w io.Writer, parts ...string) {
	for _, p := range parts {
		_, _ = io.WriteString(w, p)
		_, _ = w.Write([]byte{0})
	}
}
