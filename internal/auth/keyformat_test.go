package auth

import (
	"strings"
	"testing"
)

func TestNewKeyParsesBack(t *testing.T) {
	seen := map[string]bool{}
	for _, mode := range []string{ModeLive, ModeTest} {
		for i := 0; i < 200; i++ {
			raw := NewKey("qk", mode)
			if seen[raw] {
				t.Fatal("duplicate key")
			}
			seen[raw] = true
			p, ok := ParseKey("qk", raw)
			if !ok || p.Mode != mode || p.Raw != raw {
				t.Fatalf("ParseKey(%q) = %+v, %v", raw, p, ok)
			}
			if !strings.HasPrefix(raw, "qk_"+mode+"_") || len(raw) != len("qk_"+mode+"_")+keyRandomLen+keyChecksumLen {
				t.Fatalf("shape of %q", raw)
			}
			if dp := DisplayPrefix(raw); dp != raw[:len("qk_"+mode+"_")+8] {
				t.Fatalf("DisplayPrefix(%q) = %q", raw, dp)
			}
		}
	}
}

func TestParseKeyRejectsEverySingleCharacterChange(t *testing.T) {
	raw := NewKey("qk", ModeLive)
	alphabet := "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"
	for i := 0; i < len(raw); i++ {
		for _, c := range []byte(alphabet) {
			if c == raw[i] {
				continue
			}
			mutated := raw[:i] + string(c) + raw[i+1:]
			if _, ok := ParseKey("qk", mutated); ok {
				t.Fatalf("accepted %q (position %d changed)", mutated, i)
			}
		}
	}
}

func TestParseKeyRejectsMalformed(t *testing.T) {
	good := NewKey("qk", ModeLive)
	for _, raw := range []string{"", "qk", "qk_live_", "qk_prod_" + good[8:], good[1:], good + "A", "pk" + good[2:],
		strings.ToUpper(good), "qk_live_" + strings.Repeat("é", 19)} {
		if _, ok := ParseKey("qk", raw); ok {
			t.Errorf("accepted %q", raw)
		}
	}
	if _, ok := ParseKey("acme", NewKey("acme", ModeTest)); !ok {
		t.Error("a configured prefix is not accepted")
	}
}

func TestHashKeyIsSHA256Hex(t *testing.T) {
	// sha256("abc")
	if h := HashKey("abc"); h != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Fatalf("HashKey = %s", h)
	}
}
