package blob

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Signed download links are served by Quire itself at
// /files/<key>?filename=…&expires=<unix>&signature=<HMAC-SHA256>, so they work
// the same on disk and S3 and need no login: the signature is the permission.
var (
	ErrBadSignature = errors.New("blob: the download link's signature is invalid")
	ErrLinkExpired  = errors.New("blob: the download link has expired")
)

// FilesPath is the path prefix the download handler is mounted at.
const FilesPath = "/files/"

// Signer makes and checks signed download links.
type Signer struct {
	Key     []byte
	BaseURL string // e.g. http://127.0.0.1:8080
	TTL     time.Duration
	Now     func() time.Time
}

// URL returns a link to the blob at key, downloaded as filename, valid for TTL.
func (s *Signer) URL(key, filename string) (link string, expires time.Time) {
	expires = s.now().Add(s.TTL).Truncate(time.Second)
	exp := strconv.FormatInt(expires.Unix(), 10)
	q := url.Values{}
	q.Set("filename", filename)
	q.Set("expires", exp)
	q.Set("signature", s.sign(key, filename, exp))
	return strings.TrimRight(s.BaseURL, "/") + FilesPath + escapeKey(key) + "?" + q.Encode(), expires
}

// Verify checks a link's key, filename, expiry and signature.
func (s *Signer) Verify(key, filename, expires, signature string) error {
	want := s.sign(key, filename, expires)
	if !hmac.Equal([]byte(want), []byte(signature)) {
		return ErrBadSignature
	}
	exp, err := strconv.ParseInt(expires, 10, 64)
	if err != nil {
		return ErrBadSignature
	}
	if !s.now().Before(time.Unix(exp, 0)) {
		return ErrLinkExpired
	}
	return nil
}

func (s *Signer) sign(key, filename, expires string) string {
	m := hmac.New(sha256.New, s.Key)
	m.Write([]byte(key + "\x00" + filename + "\x00" + expires))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (s *Signer) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func escapeKey(key string) string {
	parts := strings.Split(key, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}
