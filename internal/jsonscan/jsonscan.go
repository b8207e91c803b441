// Package jsonscan walks the top level of a JSON object without decoding
// it, so that an envelope can be read with no intermediate map.
package jsonscan

import (
	"encoding/json"
	"unicode/utf8"
)

// Kind is the JSON kind of a value, told by its first byte.
type Kind byte

// The JSON kinds.
const (
	Invalid Kind = iota
	Null
	Bool
	Number
	String
	Array
	Object
)

var kindNames = [...]string{"invalid", "null", "boolean", "number", "string", "array", "object"}

// String returns the kind's JSON name, such as "number".
func (k Kind) String() string { return kindNames[k] }

// KindOf returns the kind of the JSON value v, which starts at v[0].
func KindOf(v []byte) Kind {
	if len(v) == 0 {
		return Invalid
	}
	switch v[0] {
	case 'n':
		return Null
	case 't', 'f':
		return Bool
	case '"':
		return String
	case '[':
		return Array
	case '{':
		return Object
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return Number
	}
	return Invalid
}

// Members calls fn with the raw key (quotes included) and the raw value of
// each member of the top-level object in data, in order. data must already
// be known to be valid JSON (json.Valid); Members reports false if it is not
// an object.
func Members(data []byte, fn func(key, value []byte)) bool {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return false
	}
	i++
	for {
		i = skipSpace(data, i)
		if i >= len(data) || data[i] == '}' {
			return true
		}
		if data[i] == ',' {
			i = skipSpace(data, i+1)
		}
		kstart := i
		i = skipString(data, i)
		key := data[kstart:i]
		i = skipSpace(data, i)
		i = skipSpace(data, i+1) // the colon
		vstart := i
		i = skipValue(data, i)
		fn(key, data[vstart:i])
	}
}

// Str returns the text of the raw JSON string s (quotes included), which
// must be valid. A string with escapes or invalid UTF-8 is decoded by
// encoding/json, which replaces invalid bytes with U+FFFD.
func Str(s []byte) string {
	inner := s[1 : len(s)-1]
	if plain(inner) {
		return string(inner)
	}
	var out string
	_ = json.Unmarshal(s, &out)
	return out
}

// Unquote returns the text of the JSON string s (quotes included), or false
// if s is not a valid JSON string. Unlike Str it checks s, so it suits
// UnmarshalJSON methods, which may be called directly.
func Unquote(s []byte) (string, bool) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", false
	}
	if inner := s[1 : len(s)-1]; plain(inner) {
		return string(inner), true
	}
	var out string
	if json.Unmarshal(s, &out) != nil {
		return "", false
	}
	return out, true
}

// plain reports whether the inside of a JSON string needs no decoding: no
// escape, quote or control character, and valid UTF-8.
//
// Most strings are ASCII: it looks at eight bytes at a time, as the
// validator does, and checks UTF-8 only from the first byte that is not.
func plain(inner []byte) bool {
	i := plainRun(inner, 0, asciiByte)
	switch {
	case i == len(inner):
		return true
	case inner[i] < utf8.RuneSelf:
		return false // a quote, a backslash or a control character
	}
	return plainRun(inner, i, plainByte) == len(inner) && utf8.Valid(inner[i:])
}

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		// No byte above the space is white space: one comparison for the
		// byte that follows a token in compact JSON.
		if c := data[i]; c > ' ' || c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return i
		}
		i++
	}
	return i
}

// skipString returns the index just past the string that starts at i.
func skipString(data []byte, i int) int {
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return i
}

// skipValue returns the index just past the value that starts at i.
func skipValue(data []byte, i int) int {
	if i >= len(data) {
		return i
	}
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		depth := 0
		for i < len(data) {
			switch data[i] {
			case '"':
				i = skipString(data, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	}
	for i < len(data) {
		switch data[i] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return i
		}
		i++
	}
	return i
}

// Elements calls fn with each element of the JSON array data, which must be
// valid JSON, in order. It reports false if data is not an array.
func Elements(data []byte, fn func(value []byte)) bool {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '[' {
		return false
	}
	i++
	for {
		i = skipSpace(data, i)
		if i >= len(data) || data[i] == ']' {
			return true
		}
		if data[i] == ',' {
			i = skipSpace(data, i+1)
		}
		start := i
		i = skipValue(data, i)
		fn(data[start:i])
	}
}
