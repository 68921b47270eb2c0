package httpapi

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/blob"
	"github.com/quirehq/quire/internal/errs"
)

type fileInput struct {
	Account   string `path:"account"`
	File      string `path:"file"`
	Filename  string `query:"filename" doc:"Download file name (signed)"`
	Expires   string `query:"expires" doc:"Unix time the link expires (signed)"`
	Signature string `query:"signature" doc:"HMAC-SHA256 of the key, file name and expiry"`
}

// registerFiles serves signed download links. The signature is the
// permission, so these routes take no API key.
func registerFiles(api huma.API, blobs *blob.Store, signer *blob.Signer) {
	register(api, public("the signature in the link is the permission"), huma.Operation{
		OperationID: "download-file", Method: http.MethodGet, Path: blob.FilesPath + "documents/{account}/{file}", Tags: []string{"Documents"},
		Summary:     "Download a document through a signed link",
		Description: "The links in `download_url`. 403 when the signature is wrong or the link has expired; 404 once the document is gone.",
	}, func(ctx context.Context, in *fileInput) (*huma.StreamResponse, error) {
		key := "documents/" + in.Account + "/" + in.File
		switch err := signer.Verify(key, in.Filename, in.Expires, in.Signature); {
		case errors.Is(err, blob.ErrLinkExpired):
			return nil, fail(ctx, errs.New(errs.Forbidden, "this download link has expired: ask GET /v1/documents/{id}/download for a fresh one"))
		case err != nil:
			return nil, fail(ctx, errs.New(errs.Forbidden, "this download link is not valid"))
		}
		r, err := blobs.Open(ctx, key)
		if errors.Is(err, blob.ErrNotFound) {
			return nil, fail(ctx, errs.New(errs.DocumentNotFound, "this document no longer exists"))
		}
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &huma.StreamResponse{Body: func(hc huma.Context) {
			defer r.Close()
			// By extension, not blob metadata: disk buckets keep none.
			contentType := mime.TypeByExtension(path.Ext(in.File))
			if contentType == "" {
				contentType = "application/octet-stream"
			}
			hc.SetHeader("Content-Type", contentType)
			hc.SetHeader("Content-Length", strconv.FormatInt(r.Size, 10))
			hc.SetHeader("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": in.Filename}))
			hc.SetHeader("Cache-Control", "private, max-age=3600")
			hc.SetHeader("X-Content-Type-Options", "nosniff")
			hc.SetStatus(http.StatusOK)
			_, _ = io.Copy(hc.BodyWriter(), r)
		}}, nil
	})
}
