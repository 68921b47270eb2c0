package frompdf

import (
	"math"
	"testing"
)

// A Private DICT's size and offset near 2^62 overflowed their sum and
// sliced past the font's end; a DICT operand that large is refused.
func TestCFFPrivateOffsetsOverflow(t *testing.T) {
	b := make([]byte, 64)
	for _, so := range [][]float64{{1 << 62, 1 << 62}, {math.MaxInt64, 10}, {10, math.MaxInt64}, {60, 10}, {-1, 0}} {
		if _, err := readPrivate(b, cffDict{18: so}, nil); err == nil {
			t.Errorf("Private DICT size/offset %v: read, want errNotCFF", so)
		}
	}
	// a DICT real of 1e300 (nibbles "1E300"), then an operator
	if _, err := readDict([]byte{30, 0x1b, 0x30, 0x0f, 18}); err == nil {
		t.Error("DICT operand 1e300 read, want errNotCFF")
	}
	if d, err := readDict([]byte{30, 0x1b, 0x3f, 18}); err != nil || d.at(18, 0, 0) != 1000 {
		t.Errorf("DICT operand 1e3: %v %v, want 1000", d, err)
	}
}

// Subroutine k calling k+1 forty times, nine deep, stays within nesting
// depth but is 40^9 calls: the run stops at its operator budget.
func TestCharstringSubroutineBomb(t *testing.T) {
	const levels = 10
	subrs := make(cffIndex, levels)
	for k := 0; k < levels-1; k++ {
		var s []byte
		for j := 0; j < 40; j++ {
			s = append(s, byte(139+k+1-107), 10) // callsubr k+1
		}
		subrs[k] = append(s, 11)
	}
	subrs[levels-1] = []byte{139, 139, 5, 11} // rlineto 0 0, return
	run := &charstringRun{subrs: subrs}
	if err := run.exec([]byte{139, 139, 21, 139 - 107, 10, 14}, 0); err != errCharstring {
		t.Fatalf("exec: %v, want errCharstring", err)
	}
	if run.ops > maxCharstringOps+1 {
		t.Errorf("%d operators run, want at most %d", run.ops, maxCharstringOps+1)
	}
}
