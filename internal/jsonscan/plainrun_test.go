package jsonscan

import (
	"bytes"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
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

// TestPlain checks plain against a byte-at-a-time scan, with a quote, a
// backslash, a control character, a valid multi-byte rune or invalid
// UTF-8 at each place in strings around the length of a word.
func TestPlain(t *testing.T) {
	slow := func(inner []byte) bool {
		for _, c := range inner {
			if c == '\\' || c == '"' || c < 0x20 {
				return false
			}
		}
		return utf8.Valid(inner)
	}
	inserts := [][]byte{{'"'}, {'\\'}, {0x00}, {0x1f}, []byte("é"), []byte("€"), []byte("😀"), {0xff}, {0xc3}, {0xe2, 0x82}, {0x80}}
	for n := 0; n <= 20; n++ {
		for pos := 0; pos <= n; pos++ {
			for _, first := range inserts {
				for _, second := range append(inserts, nil) {
					inner := slices.Concat(bytes.Repeat([]byte{'a'}, pos), first, bytes.Repeat([]byte{'b'}, n-pos), second)
					assert.Equal(t, slow(inner), plain(inner), "plain(%q)", inner)
				}
			}
		}
	}
	assert.True(t, plain(nil), "plain of the empty string")
	assert.True(t, plain([]byte("msg_2pQv8LxK0dYt")))
}
