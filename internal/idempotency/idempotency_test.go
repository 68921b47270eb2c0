package idempotency

import (
	"strings"
	"testing"
)

func TestFingerprintIgnoresJSONLayoutOnly(t *testing.T) {
	base := Fingerprint("POST", "/v1/documents/generate?", "live", []byte(`{"html":"<p>x</p>","data":{"a":1,"b":[1,2]}}`))
	same := []string{
		`{"data":{"b":[1,2],"a":1},"html":"<p>x</p>"}`,
		" {\n  \"html\": \"<p>x</p>\",\n  \"data\": {\"a\": 1, \"b\": [1, 2]}\n}\n",
	}
	for _, body := range same {
		if Fingerprint("POST", "/v1/documents/generate?", "live", []byte(body)) != base {
			t.Errorf("%q counts as another request", body)
		}
	}
	different := map[string]string{
		"value":  `{"html":"<p>y</p>","data":{"a":1,"b":[1,2]}}`,
		"order":  `{"html":"<p>x</p>","data":{"a":1,"b":[2,1]}}`,
		"number": `{"html":"<p>x</p>","data":{"a":1.0,"b":[1,2]}}`,
	}
	for name, body := range different {
		if Fingerprint("POST", "/v1/documents/generate?", "live", []byte(body)) == base {
			t.Errorf("%s: %q counts as the same request", name, body)
		}
	}
	if Fingerprint("POST", "/v1/documents/fill?", "live", []byte(same[0])) == base {
		t.Error("another route counts as the same request")
	}
	if Fingerprint("POST", "/v1/documents/generate?", "test", []byte(same[0])) == base {
		t.Error("a test key's request counts as a live key's")
	}
}

func TestCheckKey(t *testing.T) {
	for _, ok := range []string{"a", "order-42", "3f1c0d2e-9a7b-4c1d-8e2f-0123456789ab", strings.Repeat("k", MaxKeyLength)} {
		if err := CheckKey(ok); err != nil {
			t.Errorf("CheckKey(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", strings.Repeat("k", MaxKeyLength+1), "tab\there", "é"} {
		if CheckKey(bad) == nil {
			t.Errorf("CheckKey(%q) accepted", bad)
		}
	}
}
