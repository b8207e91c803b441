package event

import (
	"testing"
	"time"
)

// TestDaysSinceEpoch checks daysSinceEpoch against time.Date on every day
// of the years 0 to 2500, on leap days and month ends, and on the first
// and last days of the years up to 9999 that parseCommon reads.
func TestDaysSinceEpoch(t *testing.T) {
	check := func(y, m, d int) {
		t.Helper()
		want := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix() / 86400
		if got := daysSinceEpoch(y, m, d); got != want {
			t.Fatalf("daysSinceEpoch(%04d-%02d-%02d) = %d, want %d", y, m, d, got, want)
		}
	}
	for y := 0; y <= 2500; y++ {
		for m := 1; m <= 12; m++ {
			for d := 1; d <= daysIn(m, y); d++ {
				check(y, m, d)
			}
		}
	}
	for y := 2501; y <= 9999; y++ {
		check(y, 1, 1)
		check(y, 2, daysIn(2, y))
		check(y, 12, 31)
	}
}

// TestParseCommonTime checks that parseCommon's times are those of
// time.Date: the same instant, location and representation.
func TestParseCommonTime(t *testing.T) {
	for _, s := range []string{"2026-02-03T11:20:45Z", "0000-01-01 00:00:00", "1969-12-31T23:59:59", "2024-02-29", "9999-12-31 23:59:59Z"} {
		got, ok := parseCommon([]byte(s))
		if !ok {
			t.Fatalf("parseCommon(%q) failed", s)
		}
		want, err := time.Parse(got.layout, s)
		if err != nil {
			t.Fatal(err)
		}
		if got.Time != want.UTC() || got.Location() != time.UTC {
			t.Errorf("parseCommon(%q) = %#v, want %#v", s, got.Time, want.UTC())
		}
	}
}

// TestParseCommonRejectsNonDigits checks that parseCommon reads no byte
// but a decimal digit where a layout has one: each digit of each layout,
// replaced by the bytes on either side of '0'..'9' and by others that
// share a digit's high nibble, fails.
func TestParseCommonRejectsNonDigits(t *testing.T) {
	for _, s := range []string{"2023-06-23", "2023-06-23 13:02:20", "2023-06-23T13:02:20", "2023-06-23T13:02:20Z", "2023-06-23 13:02:20Z"} {
		if _, ok := parseCommon([]byte(s)); !ok {
			t.Fatalf("parseCommon(%q) failed", s)
		}
		for i := range len(s) {
			if s[i] < '0' || s[i] > '9' {
				continue
			}
			for _, c := range []byte{'/', ':', ';', '?', ' ', 'a', 0x80, 0x39 + 0x10} {
				b := []byte(s)
				b[i] = c
				if got, ok := parseCommon(b); ok {
					t.Errorf("parseCommon(%q) = %v, want false", b, got)
				}
			}
		}
	}
}
