package jsonscan

// maxDepth is the deepest nesting Valid accepts, as encoding/json does.
const maxDepth = 10000

// Valid reports whether data is one valid JSON value with optional
// surrounding white space. It accepts exactly what json.Valid accepts
// (including invalid UTF-8 inside strings and nesting to 10000 levels), in
// one pass and without allocating.
func Valid(data []byte) bool {
	var inObject [maxDepth/64 + 1]uint64 // one bit per open container
	depth := 0
	i := 0
	for {
		// A value starts at i.
		i = skipSpace(data, i)
		if i >= len(data) {
			return false
		}
		switch data[i] {
		case '{':
			if depth == maxDepth {
				return false
			}
			inObject[depth>>6] |= 1 << (depth & 63)
			depth++
			if i = skipSpace(data, i+1); i < len(data) && data[i] == '}' {
				depth--
				i++
				break
			}
			if i = objectKey(data, i); i < 0 {
				return false
			}
			continue
		case '[':
			if depth == maxDepth {
				return false
			}
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
			return false
		}
		// A value ended before i: close containers until the next value.
		for {
			i = skipSpace(data, i)
			if depth == 0 {
				return i == len(data)
			}
			if i >= len(data) {
				return false
			}
			obj := inObject[(depth-1)>>6]&(1<<((depth-1)&63)) != 0
			c := data[i]
			if c == ',' {
				i++
				if obj {
					if i = objectKey(data, skipSpace(data, i)); i < 0 {
						return false
					}
				}
				break
			}
			if obj && c == '}' || !obj && c == ']' {
				depth--
				i++
				continue
			}
			return false
		}
	}
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
