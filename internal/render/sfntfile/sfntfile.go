// Package sfntfile writes TrueType and OpenType (sfnt) font files from
// their tables.
package sfntfile

import (
	"encoding/binary"
	"sort"
)

// Write lays out a TrueType file: the directory sorted by tag, then each
// table 4-byte aligned, with the table checksums and, when a head table
// is given, its checkSumAdjustment.
func Write(tables map[string][]byte) []byte { return write(0x00010000, tables) }

// WriteCFF lays out an OpenType font with CFF outlines ('OTTO'), as Write
// does.
func WriteCFF(tables map[string][]byte) []byte { return write(0x4F54544F, tables) }

func write(version uint32, tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	entrySelector := 0
	for 1<<(entrySelector+1) <= n {
		entrySelector++
	}
	searchRange := (1 << entrySelector) * 16
	out := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(out, version)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(searchRange))
	binary.BigEndian.PutUint16(out[8:], uint16(entrySelector))
	binary.BigEndian.PutUint16(out[10:], uint16(n*16-searchRange))
	head := -1
	for i, t := range tags {
		b := tables[t]
		rec := out[12+16*i:]
		copy(rec, t)
		if t == "head" && len(b) >= 12 {
			head = len(out)
			b = append([]byte(nil), b...)
			binary.BigEndian.PutUint32(b[8:], 0) // checkSumAdjustment, set below
		}
		binary.BigEndian.PutUint32(rec[4:], Checksum(b))
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(b)))
		out = append(out, b...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	if head >= 0 {
		binary.BigEndian.PutUint32(out[head+8:], 0xB1B0AFBA-Checksum(out))
	}
	return out
}

// Checksum is the sfnt checksum of b (big-endian uint32 words, the last
// one zero-padded).
func Checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
