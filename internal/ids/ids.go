// Package ids makes the prefixed random identifiers of public objects
// (tpl_…, doc_…, ak_…, acc_…).
package ids

import (
	"crypto/rand"
	"math/big"
)

const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

// Random returns n characters drawn uniformly from base62.
func Random(n int) string {
	b := make([]byte, n)
	max := big.NewInt(int64(len(alphabet)))
	for i := range b {
		v, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic("ids: crypto/rand failed: " + err.Error())
		}
		b[i] = alphabet[v.Int64()]
	}
	return string(b)
}

// New returns prefix + "_" + 16 random base62 characters.
func New(prefix string) string { return prefix + "_" + Random(16) }
