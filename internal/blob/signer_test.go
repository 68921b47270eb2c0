package blob

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestSignerURLVerifies(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	s := &Signer{Key: []byte("k"), BaseURL: "http://127.0.0.1:8080/", TTL: 24 * time.Hour, Now: func() time.Time { return now }}
	link, exp := s.URL("documents/acc_1/doc_1.pdf", "invoice é.pdf")
	if !exp.Equal(now.Add(24 * time.Hour)) {
		t.Fatalf("expires %v", exp)
	}
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(link, "http://127.0.0.1:8080/files/documents/acc_1/doc_1.pdf?") {
		t.Fatalf("link %q: %v", link, err)
	}
	q := u.Query()
	key := strings.TrimPrefix(u.Path, FilesPath)
	if err := s.Verify(key, q.Get("filename"), q.Get("expires"), q.Get("signature")); err != nil {
		t.Fatalf("valid link refused: %v", err)
	}
	for name, args := range map[string][4]string{
		"other key":      {"documents/acc_2/doc_1.pdf", q.Get("filename"), q.Get("expires"), q.Get("signature")},
		"other filename": {key, "x.pdf", q.Get("expires"), q.Get("signature")},
		"later expiry":   {key, q.Get("filename"), q.Get("expires") + "0", q.Get("signature")},
		"no signature":   {key, q.Get("filename"), q.Get("expires"), ""},
	} {
		if err := s.Verify(args[0], args[1], args[2], args[3]); err != ErrBadSignature {
			t.Errorf("%s: %v, want ErrBadSignature", name, err)
		}
	}
	other := &Signer{Key: []byte("other"), TTL: time.Hour, Now: s.Now}
	if err := other.Verify(key, q.Get("filename"), q.Get("expires"), q.Get("signature")); err != ErrBadSignature {
		t.Errorf("another key accepted the link: %v", err)
	}
	now = now.Add(24 * time.Hour)
	if err := s.Verify(key, q.Get("filename"), q.Get("expires"), q.Get("signature")); err != ErrLinkExpired {
		t.Fatalf("expired link: %v", err)
	}
}
