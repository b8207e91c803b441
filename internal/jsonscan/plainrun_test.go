package jsonscan

import (
	"bytes"
	"testing"
)

// TestPlainRun checks that plainRun stops at the first byte outside its
// class, wherever it is in a run of eight and whatever follows it, against
// a byte-at-a-time scan.
func TestPlainRun(t *testing.T) {
	specials := []byte{'"', '\\', 0x00, 0x1f, 0x80, 0xff}
	slow := func(data []byte, i int, class byte) int {
		for i < len(data) && inString[data[i]]&class != 0 {
			i++
		}
		return i
	}
	for n := 0; n <= 24; n++ {
		for pos := 0; pos < n; pos++ {
			for _, c := range specials {
				for _, after := range specials {
					data := bytes.Repeat([]byte{'a'}, n)
					data[pos] = c
					if pos+1 < n {
						data[pos+1] = after
					}
					for _, class := range []byte{plainByte, asciiByte} {
						if got, want := plainRun(data, 0, class), slow(data, 0, class); got != want {
							t.Fatalf("plainRun(%q, class %d) = %d, want %d", data, class, got, want)
						}
					}
				}
			}
		}
	}
}
