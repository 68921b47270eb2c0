package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"hash/crc32"
	"strings"

	"github.com/quirehq/quire/internal/ids"
)

// Raw API keys look like <prefix>_<mode>_<32 random base62><6 base62 checksum>,
// e.g. qk_live_… . The checksum (CRC-32 of everything before it) lets the
// server reject mistyped or made-up keys without a database lookup.
const (
	keyRandomLen   = 32
	keyChecksumLen = 6
	// displayLen is how many random characters the public prefix shows.
	displayLen = 8
)

// Key modes.
const (
	ModeLive = "live"
	ModeTest = "test"
)

// NewKey returns a fresh raw key for mode under prefix (e.g. "qk").
func NewKey(prefix, mode string) string {
	head := prefix + "_" + mode + "_" + ids.Random(keyRandomLen)
	return head + checksum(head)
}

// ParsedKey is a raw key that passed the format and checksum checks.
type ParsedKey struct {
	Raw  string
	Mode string
}

// ParseKey checks the shape and checksum of raw for the configured prefix.
func ParseKey(prefix, raw string) (ParsedKey, bool) {
	rest, ok := strings.CutPrefix(raw, prefix+"_")
	if !ok {
		return ParsedKey{}, false
	}
	mode, body, ok := strings.Cut(rest, "_")
	if !ok || (mode != ModeLive && mode != ModeTest) || len(body) != keyRandomLen+keyChecksumLen {
		return ParsedKey{}, false
	}
	for i := 0; i < len(body); i++ {
		if !isBase62(body[i]) {
			return ParsedKey{}, false
		}
	}
	head := raw[:len(raw)-keyChecksumLen]
	if checksum(head) != raw[len(raw)-keyChecksumLen:] {
		return ParsedKey{}, false
	}
	return ParsedKey{Raw: raw, Mode: mode}, true
}

// HashKey is what the store keeps of a raw key: hex SHA-256.
func HashKey(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

// DisplayPrefix is the part of a raw key that may be shown again later,
// e.g. "qk_live_a1b2c3d4".
func DisplayPrefix(raw string) string {
	i := strings.LastIndexByte(raw[:len(raw)-keyChecksumLen-keyRandomLen], '_')
	return raw[:i+1+displayLen]
}

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func checksum(s string) string {
	n := crc32.ChecksumIEEE([]byte(s))
	out := make([]byte, keyChecksumLen)
	for i := keyChecksumLen - 1; i >= 0; i-- {
		out[i] = base62[n%62]
		n /= 62
	}
	return string(out)
}

func isBase62(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
