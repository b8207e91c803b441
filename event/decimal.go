package event

import (
	"fmt"
	"math/big"
	"strconv"

	"github.com/clazarevents/sdk-go/internal/jsonscan"
)

// Decimal is an exact decimal number, read from a JSON number or a numeric
// JSON string such as "2.3", and never converted to float64. It keeps the
// digits it read, so MarshalJSON writes them back unchanged, quoted if they
// were quoted. Money and quantities in every marketplace package are
// Decimals.
//
// The zero Decimal holds no number (the field was absent or null) and
// marshals as null; a Decimal read from "" holds no number either and
// marshals as "".
type Decimal struct {
	digits string
	quoted bool
}

// maxExponent bounds the exponent of a Decimal, so that Rat never has to
// build a number of unreasonable size.
const maxExponent = 1000

// ParseDecimal reads s, written as a JSON number ("-12.50", "1e3"); leading
// zeros are also accepted, as numeric strings from spreadsheets carry them.
func ParseDecimal(s string) (Decimal, error) {
	if err := checkDecimal(s); err != nil {
		return Decimal{}, err
	}
	return Decimal{digits: s}, nil
}

// MustDecimal is like ParseDecimal but panics if s is not a decimal. It is
// for constants in tests and examples.
func MustDecimal(s string) Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

// checkDecimal accepts -?digits(.digits)?([eE][+-]?digits)?.
func checkDecimal(s string) error {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	if digits() == 0 {
		return fmt.Errorf("event: %q is not a decimal number", s)
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return fmt.Errorf("event: %q is not a decimal number", s)
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		start := i
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return fmt.Errorf("event: %q is not a decimal number", s)
		}
		exp, err := strconv.Atoi(s[start:i])
		if err != nil || exp > maxExponent || exp < -maxExponent {
			return fmt.Errorf("event: decimal %q: exponent out of range", s)
		}
	}
	if i != len(s) {
		return fmt.Errorf("event: %q is not a decimal number", s)
	}
	return nil
}

// IsSet reports whether d holds a number.
func (d Decimal) IsSet() bool { return d.digits != "" }

// String returns the digits as read, or "" if d holds no number.
func (d Decimal) String() string { return d.digits }

// Rat returns the exact value of d, or 0 if d holds no number.
func (d Decimal) Rat() *big.Rat {
	r := new(big.Rat)
	if d.digits != "" {
		r.SetString(d.digits) // checked by checkDecimal
	}
	return r
}

// Int64 returns the value of d as an int64, exactly, and true if d holds
// an integer within the range of int64: "12", "12.0", "1.2e1", "007" and
// "-0" do. It returns 0 and false for a fraction such as "12.5", for an
// integer beyond the range of int64, and when d holds no number.
func (d Decimal) Int64() (int64, bool) {
	if n, err := strconv.ParseInt(d.digits, 10, 64); err == nil {
		return n, true // the common case: plain digits, without a Rat
	}
	if d.digits == "" {
		return 0, false
	}
	r := d.Rat()
	if !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}

// Cmp compares d and other as numbers, returning -1, 0 or +1. A Decimal
// that holds no number compares as 0.
func (d Decimal) Cmp(other Decimal) int { return d.Rat().Cmp(other.Rat()) }

// UnmarshalJSON reads a JSON number, a numeric JSON string, "" or null.
func (d *Decimal) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*d = Decimal{}
		return nil
	}
	quoted := len(data) > 0 && data[0] == '"'
	var s string
	if quoted {
		if err := jsonUnquote(data, &s); err != nil {
			return err
		}
		if s == "" {
			*d = Decimal{quoted: true}
			return nil
		}
	} else {
		s = string(data)
	}
	if err := checkDecimal(s); err != nil {
		return err
	}
	*d = Decimal{digits: s, quoted: quoted}
	return nil
}

// MarshalJSON writes the digits as read: as a JSON string if they were read
// from one, else as a JSON number; null if d holds no number.
func (d Decimal) MarshalJSON() ([]byte, error) {
	switch {
	case d.quoted:
		return strconv.AppendQuote(nil, d.digits), nil
	case d.digits == "":
		return []byte("null"), nil
	}
	return []byte(d.digits), nil
}

// jsonUnquote reads the JSON string data into s; a value of another JSON
// kind is an error that names it.
func jsonUnquote(data []byte, s *string) error {
	v, ok := jsonscan.Unquote(data)
	if !ok {
		return fmt.Errorf("event: want a JSON string, got %s", data)
	}
	*s = v
	return nil
}
