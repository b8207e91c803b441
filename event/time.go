package event

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/clazarevents/sdk-go/internal/jsonscan"
)

// Time is an instant read from one of the time layouts that Clazar and the
// marketplaces use, which remembers the layout so that MarshalJSON writes
// the instant back the way it was read. The layouts, all read as UTC unless
// they carry an offset:
//
//   - RFC 3339, with or without fractional seconds: "2023-10-19T00:00:00.000Z";
//   - RFC 3339 without an offset: "2023-10-19T00:00:00";
//   - a date and time with a space: "2023-06-23 13:02:20", optionally with
//     fractional seconds and an offset;
//   - a date: "2023-06-23", "2023/06/23", or the US "06/23/2023";
//   - a JSON number of Unix seconds (optionally with a fraction), or of Unix
//     milliseconds when its magnitude is 1e11 or more (1e11 seconds is past
//     the year 5000).
//
// The empty string and null read as the zero Time, and a zero Time marshals
// as null, or as "" when it was read from "".
type Time struct {
	time.Time
	layout string
}

// Layouts of numeric times, held where a Time keeps its Go layout.
const (
	layoutUnix      = "unix"
	layoutUnixMilli = "unixmilli"
	layoutEmpty     = "empty"
)

// unixMilliFrom is the magnitude from which a numeric time is taken as
// milliseconds rather than seconds.
const unixMilliFrom = 1e11

// NewTime returns t to be written in the Go layout given, such as
// time.RFC3339 or "2006-01-02 15:04:05".
func NewTime(t time.Time, layout string) Time { return Time{Time: t, layout: layout} }

// Layout returns the Go time layout the Time was read in, or "unix" or
// "unixmilli" for a number; "" means RFC 3339.
func (t Time) Layout() string {
	if t.layout == layoutEmpty {
		return ""
	}
	return t.layout
}

var errTimeLayout = errors.New("not a known time layout")

// ParseTime reads s in any of Time's string layouts.
func ParseTime(s string) (Time, error) {
	if s == "" {
		return Time{layout: layoutEmpty}, nil
	}
	layout, ok := layoutOf(s)
	if !ok {
		return Time{}, fmt.Errorf("event: time %q: %w", s, errTimeLayout)
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return Time{}, fmt.Errorf("event: time %q: %w", s, err)
	}
	return Time{Time: t, layout: layout}, nil
}

// parseCommon reads b in the layouts most senders use, "2006-01-02",
// "2006-01-02 15:04:05" and RFC 3339 in UTC without a fraction, with 'T' or
// a space, without allocating. It reports false for anything else,
// including a value out of range, which ParseTime then reads or rejects:
// what it accepts, ParseTime reads as the same Time.
func parseCommon(b []byte) (Time, bool) {
	var layout string
	switch {
	case len(b) == 10:
		layout = "2006-01-02"
	case len(b) == 19 && b[10] == 'T':
		layout = "2006-01-02T15:04:05"
	case len(b) == 19 && b[10] == ' ':
		layout = "2006-01-02 15:04:05"
	case len(b) == 20 && b[10] == 'T' && b[19] == 'Z':
		layout = "2006-01-02T15:04:05Z07:00"
	case len(b) == 20 && b[10] == ' ' && b[19] == 'Z':
		layout = "2006-01-02 15:04:05Z07:00"
	default:
		return Time{}, false
	}
	if b[4] != '-' || b[7] != '-' || !digitsAt(b, 0, yearMonth) || !digitsAt(b, 2, pairs) {
		return Time{}, false
	}
	year := int(b[0]-'0')*1000 + int(b[1]-'0')*100 + int(b[2]-'0')*10 + int(b[3]-'0')
	month, day := two(b[5], b[6]), two(b[8], b[9])
	hour, minute, sec := 0, 0, 0
	if len(b) > 10 {
		if b[13] != ':' || b[16] != ':' || !digitsAt(b, 8, pairs) || !digitsAt(b, 11, pairs) {
			return Time{}, false
		}
		hour, minute, sec = two(b[11], b[12]), two(b[14], b[15]), two(b[17], b[18])
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 || sec > 59 {
		return Time{}, false
	}
	unix := daysSinceEpoch(year, month, day)*86400 + int64(hour*3600+minute*60+sec)
	return Time{Time: time.Unix(unix, 0).UTC(), layout: layout}, true
}

// daysSinceEpoch returns the number of days from 1970-01-01 to the given
// date of the proleptic Gregorian calendar, as time.Date counts them, for
// a year from 0 and a valid month and day: by eras of 400 years, which
// repeat, with years starting in March so that a leap day ends one.
func daysSinceEpoch(year, month, day int) int64 {
	if month <= 2 {
		year--
	}
	era := year / 400
	if year < 0 {
		era = (year - 399) / 400
	}
	yoe := year - era*400                     // [0, 399]
	doy := (153*((month+9)%12)+2)/5 + day - 1 // [0, 365], from March 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy    // [0, 146096]
	return int64(era)*146097 + int64(doe) - 719468
}

// The bytes of eight that digitsAt checks, 0xff for a digit: yearMonth
// for "2006-01-", pairs for "06-01-02", "01 15:04" and "15:04:05".
const (
	yearMonth = 0x00ffff00ffffffff
	pairs     = 0xffff00ffff00ffff
)

// digitsAt reports whether the bytes of b[i:i+8] that mask selects are
// decimal digits, testing the eight at once: a digit's high nibble is 3,
// and adding 6 to it does not carry into the high nibble.
func digitsAt(b []byte, i int, mask uint64) bool {
	x := binary.LittleEndian.Uint64(b[i:])
	const (
		threes = 0x3030303030303030
		sixes  = 0x0606060606060606
		highs  = 0xf0f0f0f0f0f0f0f0
	)
	return x&highs&mask == threes&mask && (x&mask+sixes&mask)&highs&mask == threes&mask
}

// two returns the number of the decimal digits hi and lo.
func two(hi, lo byte) int { return int(hi-'0')*10 + int(lo-'0') }

// daysIn returns the number of days of month in year.
func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// parseUnix reads the JSON number n as Unix seconds or milliseconds.
func parseUnix(n string) (Time, error) {
	whole, frac, hasFrac := strings.Cut(n, ".")
	sec, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || strings.ContainsAny(n, "eE") || (hasFrac && (frac == "" || sec < 0 || whole == "-0")) {
		return Time{}, fmt.Errorf("event: time %s: not a Unix time", n)
	}
	if sec >= unixMilliFrom || sec <= -unixMilliFrom {
		if hasFrac {
			return Time{}, fmt.Errorf("event: time %s: fractional Unix milliseconds", n)
		}
		return Time{Time: time.UnixMilli(sec).UTC(), layout: layoutUnixMilli}, nil
	}
	var nsec int64
	if hasFrac {
		if len(frac) > 9 {
			return Time{}, fmt.Errorf("event: time %s: more than nanosecond precision", n)
		}
		f, err := strconv.ParseUint(frac, 10, 32)
		if err != nil {
			return Time{}, fmt.Errorf("event: time %s: not a Unix time", n)
		}
		nsec = int64(f)
		for range 9 - len(frac) {
			nsec *= 10
		}
	}
	layout := layoutUnix
	if hasFrac {
		layout += "." + strings.Repeat("0", len(frac))
	}
	return Time{Time: time.Unix(sec, nsec).UTC(), layout: layout}, nil
}

// layoutOf returns the Go layout that s is written in, by its shape.
func layoutOf(s string) (string, bool) {
	if len(s) < 10 {
		return "", false
	}
	var buf [48]byte
	b := buf[:0]
	switch {
	case s[4] == '-' && s[7] == '-':
		b = append(b, "2006-01-02"...)
	case s[4] == '/' && s[7] == '/':
		b = append(b, "2006/01/02"...)
	case s[2] == '/' && s[5] == '/':
		b = append(b, "01/02/2006"...)
	default:
		return "", false
	}
	rest := s[10:]
	if rest == "" {
		return intern(b), true
	}
	switch rest[0] {
	case 'T', 't':
		b = append(b, 'T')
	case ' ':
		b = append(b, ' ')
	default:
		return "", false
	}
	rest = rest[1:]
	if len(rest) < 8 || rest[2] != ':' || rest[5] != ':' {
		return "", false
	}
	b = append(b, "15:04:05"...)
	rest = rest[8:]
	if rest != "" && rest[0] == '.' {
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 1 || n > 10 {
			return "", false
		}
		b = append(b, ".000000000"[:n]...)
		rest = rest[n:]
	}
	switch {
	case rest == "":
	case rest == "Z" || rest == "z":
		b = append(b, "Z07:00"...)
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		b = append(b, "-07:00"...)
	case len(rest) == 5 && (rest[0] == '+' || rest[0] == '-'):
		b = append(b, "-0700"...)
	default:
		return "", false
	}
	return intern(b), true
}

// layouts holds every layout layoutOf can build, so that reading a time
// does not allocate its layout.
var layouts = func() map[string]string {
	m := map[string]string{}
	for _, date := range []string{"2006-01-02", "2006/01/02", "01/02/2006"} {
		m[date] = date
		for _, sep := range []string{"T", " "} {
			for digits := 0; digits <= 9; digits++ {
				frac := ""
				if digits > 0 {
					frac = "." + strings.Repeat("0", digits)
				}
				for _, zone := range []string{"", "Z07:00", "-07:00", "-0700"} {
					l := date + sep + "15:04:05" + frac + zone
					m[l] = l
				}
			}
		}
	}
	return m
}()

func intern(b []byte) string {
	if l, ok := layouts[string(b)]; ok {
		return l
	}
	return string(b)
}

// UnmarshalJSON reads a JSON string in any of Time's layouts, a JSON number
// of Unix seconds or milliseconds, or null.
func (t *Time) UnmarshalJSON(data []byte) error {
	switch {
	case string(data) == "null":
		*t = Time{}
		return nil
	case len(data) > 0 && data[0] == '"':
		if len(data) >= 2 && data[len(data)-1] == '"' {
			if v, ok := parseCommon(data[1 : len(data)-1]); ok {
				*t = v
				return nil
			}
		}
		var s string
		if err := jsonUnquote(data, &s); err != nil {
			return err
		}
		v, err := ParseTime(s)
		if err != nil {
			return err
		}
		*t = v
		return nil
	case len(data) > 0 && (data[0] == '-' || data[0] >= '0' && data[0] <= '9'):
		v, err := parseUnix(string(data))
		if err != nil {
			return err
		}
		*t = v
		return nil
	}
	return fmt.Errorf("event: time must be a string or a number, got %s", data)
}

// MarshalJSON writes the instant in the layout it was read in: a number for
// Unix times, null for a zero Time that was not read from "".
func (t Time) MarshalJSON() ([]byte, error) {
	return t.AppendJSON(nil), nil
}

// AppendJSON appends the JSON form of t to b, as MarshalJSON writes it.
func (t Time) AppendJSON(b []byte) []byte {
	switch {
	case t.layout == layoutEmpty:
		return append(b, `""`...)
	case t.Time.IsZero():
		return append(b, "null"...)
	case t.layout == layoutUnixMilli:
		return strconv.AppendInt(b, t.UnixMilli(), 10)
	case strings.HasPrefix(t.layout, layoutUnix):
		b = strconv.AppendInt(b, t.Unix(), 10)
		if digits := len(t.layout) - len(layoutUnix) - 1; digits > 0 {
			frac := strconv.AppendInt(nil, int64(t.Nanosecond())+1e9, 10)[1:]
			b = append(b, '.')
			b = append(b, frac[:digits]...)
		}
		return b
	}
	layout := t.layout
	if layout == "" {
		layout = time.RFC3339Nano
	}
	b = append(b, '"')
	b = t.Time.AppendFormat(b, layout)
	return append(b, '"')
}

// String formats t in the layout it was read in, without JSON quotes.
func (t Time) String() string {
	b := t.AppendJSON(nil)
	if len(b) > 0 && b[0] == '"' {
		b = b[1 : len(b)-1]
	}
	return string(b)
}

// LooseTime is a time for fields whose layout nobody documents, such as
// the dates of AWS analytics reports. It reads every layout Time reads, and
// written-out dates such as "Sep 15, 2025", "September 15, 2025",
// "15 Sep 2025" and "15-Sep-2025"; any other string or number it keeps as
// it came, with a zero instant, so that an unexpected layout never fails a
// delivery. Text returns what was kept, and MarshalJSON writes it back
// unchanged.
type LooseTime struct {
	time.Time
	layout string
	raw    string // the JSON value as read, when no layout matched
}

// writtenLayouts are the written-out date layouts LooseTime also reads.
var writtenLayouts = []string{"Jan 2, 2006", "January 2, 2006", "2 Jan 2006", "2 January 2006", "02-Jan-2006", "Jan 2 2006"}

// Layout returns the Go time layout the value was read in, as Time's
// Layout does, or "" for kept text.
func (t LooseTime) Layout() string { return t.strict().Layout() }

// Text returns the value as read when it matched no layout (a string
// without its quotes), or "" when the value was read as a time.
func (t LooseTime) Text() string {
	if s, ok := jsonscan.Unquote([]byte(t.raw)); ok {
		return s
	}
	return t.raw
}

func (t LooseTime) strict() Time { return Time{Time: t.Time, layout: t.layout} }

// UnmarshalJSON reads what Time reads, the written-out layouts, or else
// keeps the string or number as it came. Only a value of another JSON kind
// (a boolean, an array or an object) is an error.
func (t *LooseTime) UnmarshalJSON(data []byte) error {
	var v Time
	err := v.UnmarshalJSON(data)
	if err == nil {
		*t = LooseTime{Time: v.Time, layout: v.layout}
		return nil
	}
	switch jsonscan.KindOf(data) {
	case jsonscan.String:
		s, ok := jsonscan.Unquote(data)
		if !ok {
			return err
		}
		for _, layout := range writtenLayouts {
			if p, perr := time.Parse(layout, s); perr == nil {
				*t = LooseTime{Time: p, layout: layout}
				return nil
			}
		}
	case jsonscan.Number:
	default:
		return err
	}
	*t = LooseTime{raw: string(data)}
	return nil
}

// MarshalJSON writes the value back as it was read.
func (t LooseTime) MarshalJSON() ([]byte, error) {
	if t.raw != "" {
		return []byte(t.raw), nil
	}
	return t.strict().MarshalJSON()
}

// String returns the time in the layout it was read in, or the kept text.
func (t LooseTime) String() string {
	if t.raw != "" {
		return t.Text()
	}
	return t.strict().String()
}
