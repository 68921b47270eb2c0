package metrics

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

// bearer reports whether r carries token as a bearer token (compared in
// constant time).
func bearer(r *http.Request, token string) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
}
