package chromium

import (
	"fmt"
	"testing"
)

// Prints are as even as they can be, at most chunk documents each, and a
// multiple of the tabs when there are enough documents.
func TestChunkSizes(t *testing.T) {
	for _, c := range []struct {
		n, chunk, tabs int
		want           string
	}{
		{200, 32, 4, "[25 25 25 25 25 25 25 25]"},
		{1000, 32, 4, "[32 32 32 32 32 32 32 32 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31]"},
		{12, 32, 2, "[6 6]"},
		{3, 32, 4, "[3]"},
		{64, 32, 1, "[32 32]"},
	} {
		got := chunkSizes(c.n, c.chunk, c.tabs)
		if fmt.Sprint(got) != c.want {
			t.Errorf("chunkSizes(%d, %d, %d) = %v, want %s", c.n, c.chunk, c.tabs, got, c.want)
		}
	}
}

// The shared part of a document is all but its title and body content; a
// <base> or a frameset keeps a document apart.
func TestCutDocument(t *testing.T) {
	a, okA := cutDocument(`<!doctype html><html lang=en><head><title>A</title><style>p{}</style></head><body class=x><p>one</p></body></html>`)
	b, okB := cutDocument(`<!doctype html><html lang=en><head><title>B</title><style>p{}</style></head><body class=x><p>two</p><p>2</p></body></html>`)
	if !okA || !okB || a.key != b.key || a.title != "A" || a.body != "<p>one</p>" {
		t.Errorf("a = %+v, b = %+v", a, b)
	}
	// Each of these differs from a in one thing only.
	if c, _ := cutDocument(`<!doctype html><html lang=fr><head><title>A</title><style>p{}</style></head><body class=x><p>one</p></body></html>`); c.key == a.key {
		t.Error("another lang shares the key")
	}
	if d, _ := cutDocument(`<!doctype html><html lang=en><head><title>A</title><style>p{}</style></head><body class=x><p>one</p><style>.x{}</style></body></html>`); d.key == a.key {
		t.Error("a sheet in the body shares the key")
	}
	for _, src := range []string{`<base href="http://x/"><p>x`, `<frameset><frame></frameset>`} {
		if _, ok := cutDocument(src); ok {
			t.Errorf("%s: cut", src)
		}
	}
}
