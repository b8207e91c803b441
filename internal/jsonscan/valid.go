package jsonscan

import (
	"encoding/binary"
	"math/bits"
)

// maxDepth is the deepest nesting Valid accepts, as encoding/json does.
const maxDepth = 10000

// Valid reports whether data is one valid JSON value with optional
// surrounding white space. It accepts exactly what json.Valid accepts
// (including invalid UTF-8 inside strings and nesting to 10000 levels), in
// one pass and without allocating.
func Valid(data []byte) bool {
	i := ScanValue(data, skipSpace(data, 0))
	return i >= 0 && skipSpace(data, i) == len(data)
}

// room returns bits with room for the bit of depth.
func room(bits []uint64, depth int) []uint64 {
	if depth>>6 < len(bits) {
		return bits
	}
	grown := make([]uint64, maxDepth/64+1)
	copy(grown, bits)
	return grown
}

// objectKey checks the key and colon of an object member starting at i and
// returns the index after the colon, or -1.
func objectKey(data []byte, i int) int {
	if i >= len(data) || data[i] != '"' {
		return -1
	}
	if i = validString(data, i); i < 0 {
		return -1
	}
	if i = skipSpace(data, i); i >= len(data) || data[i] != ':' {
		return -1
	}
	return i + 1
}

// validString checks the string starting at data[i] == '"' and returns the
// index after it, or -1.
func validString(data []byte, i int) int {
	for i++; i < len(data); i++ {
		if i = plainRun(data, i, plainByte); i >= len(data) {
			break
		}
		switch c := data[i]; {
		case c == '"':
			return i + 1
		case c < 0x20:
			return -1
		case c == '\\':
			i++
			if i >= len(data) {
				return -1
			}
			switch data[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(data) || !isHex(data[i+1]) || !isHex(data[i+2]) || !isHex(data[i+3]) || !isHex(data[i+4]) {
					return -1
				}
				i += 4
			default:
				return -1
			}
		}
	}
	return -1
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// validNumber checks the number starting at i and returns the index after
// it, or -1.
func validNumber(data []byte, i int) int {
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i >= len(data):
		return -1
	case data[i] == '0':
		i++
	case '1' <= data[i] && data[i] <= '9':
		i = digits(data, i+1)
	default:
		return -1
	}
	if i < len(data) && data[i] == '.' {
		j := digits(data, i+1)
		if j == i+1 {
			return -1
		}
		i = j
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		j := digits(data, i)
		if j == i {
			return -1
		}
		i = j
	}
	return i
}

func digits(data []byte, i int) int {
	for i < len(data) && '0' <= data[i] && data[i] <= '9' {
		i++
	}
	return i
}

func literal(data []byte, i int, lit string) int {
	if len(data)-i < len(lit) || string(data[i:i+len(lit)]) != lit {
		return -1
	}
	return i + len(lit)
}

// SkipSpace returns the index of the first byte at or after i that is not
// JSON white space, or len(data).
func SkipSpace(data []byte, i int) int { return skipSpace(data, i) }

// ScanString checks the JSON string that starts at data[i] == '"' and
// returns the index just past it, or -1 if it is not valid. plain reports
// that its text is its bytes: no escape, and only ASCII.
func ScanString(data []byte, i int) (end int, plain bool) {
	start := i
	if i = plainRun(data, i+1, asciiByte); i < len(data) && data[i] == '"' {
		return i + 1, true
	}
	return validString(data, start), false
}

// The classes of a byte inside a JSON string.
const (
	plainByte = 1 << iota // needs no check: not a quote, a backslash or a control character
	asciiByte             // a plainByte below 0x80, which is its own text
)

// plainRun returns the index of the first byte at or after i that is not of
// class in a JSON string, or len(data). It looks at eight bytes at a time
// while none of them is a quote, a backslash, a control character or, for
// asciiByte, a byte from 0x80.
func plainRun(data []byte, i int, class byte) int {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	var high uint64
	if class == asciiByte {
		high = highs
	}
	for ; i+8 <= len(data); i += 8 {
		x := binary.LittleEndian.Uint64(data[i : i+8])
		// Each term has a high bit set where a byte is special, and may
		// set more bits above the first special byte, never below it: a
		// term borrows only from a byte that is special for it. So the
		// lowest bit set is the first special byte.
		q, b := x^('"'*ones), x^('\\'*ones)
		if special := ((q-ones)&^q|(b-ones)&^b|(x-0x20*ones)&^x)&highs | x&high; special != 0 {
			return i + bits.TrailingZeros64(special)/8
		}
	}
	for i < len(data) && inString[data[i]]&class != 0 {
		i++
	}
	return i
}

var inString = func() (t [256]byte) {
	for c := 0x20; c < 256; c++ {
		if c != '"' && c != '\\' {
			t[c] = plainByte
			if c < 0x80 {
				t[c] |= asciiByte
			}
		}
	}
	return t
}()

// ScanNumber checks the JSON number that starts at data[i] and returns the
// index just past it, or -1 if it is not valid.
func ScanNumber(data []byte, i int) int { return validNumber(data, i) }

// ScanLiteral checks that the literal lit (true, false or null) starts at
// data[i] and returns the index just past it, or -1.
func ScanLiteral(data []byte, i int, lit string) int { return literal(data, i, lit) }

// ScanValue checks the one JSON value that starts at data[i], which is not
// white space, and returns the index just past it, or -1 if it is not valid.
// It accepts what Valid accepts.
func ScanValue(data []byte, i int) int {
	if i >= len(data) {
		return -1
	}
	switch data[i] {
	case '"':
		end, _ := ScanString(data, i)
		return end
	case 't':
		return literal(data, i, "true")
	case 'f':
		return literal(data, i, "false")
	case 'n':
		return literal(data, i, "null")
	case '{', '[':
		return scanContainer(data, i, 0)
	}
	return validNumber(data, i)
}

// scanContainer is ScanValue for an object or an array within base
// containers already open.
func scanContainer(data []byte, i, base int) int {
	// One bit per open container: on the stack for the nesting of any
	// real document, on the heap for deeper.
	var small [2]uint64
	inObject := small[:]
	depth := base
	for {
		// A value starts at i.
		i = skipSpace(data, i)
		if i >= len(data) {
			return -1
		}
		switch data[i] {
		case '{':
			if depth == maxDepth {
				return -1
			}
			inObject = room(inObject, depth)
			inObject[depth>>6] |= 1 << (depth & 63)
			depth++
			if i = skipSpace(data, i+1); i < len(data) && data[i] == '}' {
				depth--
				i++
				break
			}
			if i = objectKey(data, i); i < 0 {
				return -1
			}
			continue
		case '[':
			if depth == maxDepth {
				return -1
			}
			inObject = room(inObject, depth)
			inObject[depth>>6] &^= 1 << (depth & 63)
			depth++
			if i = skipSpace(data, i+1); i < len(data) && data[i] == ']' {
				depth--
				i++
				break
			}
			continue
		case '"':
			i = validString(data, i)
		case 't':
			i = literal(data, i, "true")
		case 'f':
			i = literal(data, i, "false")
		case 'n':
			i = literal(data, i, "null")
		default:
			i = validNumber(data, i)
		}
		if i < 0 {
			return -1
		}
		// A value ended at i: close containers until the next value.
		for {
			if depth == base {
				return i
			}
			i = skipSpace(data, i)
			if i >= len(data) {
				return -1
			}
			obj := inObject[(depth-1)>>6]&(1<<((depth-1)&63)) != 0
			c := data[i]
			if c == ',' {
				i++
				if obj {
					if i = objectKey(data, skipSpace(data, i)); i < 0 {
						return -1
					}
				}
				break
			}
			if obj && c == '}' || !obj && c == ']' {
				depth--
				i++
				continue
			}
			return -1
		}
	}
}

// ValidMembers is Members for data not yet checked: it checks that data is
// valid JSON, as Valid does, in the same pass, and calls fn with each member
// of the top-level object as it finds it. ok is false if data is not valid
// JSON, in which case fn may have been called for the members before the
// fault; isObject is false if it is valid but not an object.
func ValidMembers(data []byte, fn func(key, value []byte)) (isObject, ok bool) {
	return ValidObject(data, func(key []byte, i int) int {
		end := ScanMember(data, i)
		if end >= 0 {
			fn(key, data[i:end])
		}
		return end
	})
}

// ScanMember is ScanValue for the value that starts at data[i] within a
// top-level object: its nesting is counted from the object's, as Valid
// counts it.
func ScanMember(data []byte, i int) int {
	if i < len(data) && (data[i] == '{' || data[i] == '[') {
		return scanContainer(data, i, 1)
	}
	return ScanValue(data, i)
}

// ValidObject checks that data is valid JSON, as Valid does, and reads the
// members of the top-level object in the same pass, leaving each member's
// value to member: it receives the member's raw key (quotes included) and
// the index in data of its value, which is not white space, and returns the
// index just past the value, which it has checked as ScanMember does (by
// calling it, or by decoding the value), or -1 if the value is not valid.
// ok is false if data is not valid JSON, in which case member may have been
// called for the members before the fault; isObject is false if it is
// valid but not an object.
func ValidObject(data []byte, member func(key []byte, i int) int) (isObject, ok bool) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return false, Valid(data)
	}
	end := object(data, i, member)
	return true, end >= 0 && skipSpace(data, end) == len(data)
}

// MembersAt checks the JSON object that starts at data[i] == '{', with
// its nesting counted from the object's as ScanMember counts it, and
// passes the raw key (quotes included) and the value of each of its
// members to fn, in one pass. It returns the index just past the object,
// or -1 if it is not valid JSON, in which case fn may have been called for
// the members before the fault.
func MembersAt(data []byte, i int, fn func(key, value []byte)) int {
	return object(data, i, func(key []byte, j int) int {
		end := ScanMember(data, j)
		if end >= 0 {
			fn(key, data[j:end])
		}
		return end
	})
}

// object checks the object that starts at data[i] == '{', leaving each
// member's value to member as ValidObject does, and returns the index just
// past it, or -1.
func object(data []byte, i int, member func(key []byte, i int) int) int {
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return i + 1
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return -1
		}
		kend := validString(data, i)
		if kend < 0 {
			return -1
		}
		key := data[i:kend]
		j := skipSpace(data, kend)
		if j >= len(data) || data[j] != ':' {
			return -1
		}
		j = skipSpace(data, j+1)
		if j >= len(data) {
			return -1
		}
		end := member(key, j)
		if end < 0 {
			return -1
		}
		i = skipSpace(data, end)
		switch {
		case i >= len(data):
			return -1
		case data[i] == ',':
			i = skipSpace(data, i+1)
		case data[i] == '}':
			return i + 1
		default:
			return -1
		}
	}
}
