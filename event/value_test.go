package event_test

import (
	"encoding/json"
	"math"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/event"
)

func TestDecimalRoundTrip(t *testing.T) {
	tests := []struct {
		in   string
		str  string
		rat  string
		isOK bool
	}{
		{`98765432109876.54321`, "98765432109876.54321", "9876543210987654321/100000", true},
		{`"98765432109876.54321"`, "98765432109876.54321", "9876543210987654321/100000", true},
		{`"2.3"`, "2.3", "23/10", true},
		{`2`, "2", "2/1", true},
		{`-0.10`, "-0.10", "-1/10", true},
		{`"12.50"`, "12.50", "25/2", true},
		{`1e3`, "1e3", "1000/1", true},
		{`"1.5E-2"`, "1.5E-2", "3/200", true},
		{`"007"`, "007", "7/1", true},
		{`123456789012345678901234567890`, "123456789012345678901234567890", "123456789012345678901234567890/1", true},
		{`null`, "", "0/1", true},
		{`""`, "", "0/1", true},
		{`"abc"`, "", "", false},
		{`"1.2.3"`, "", "", false},
		{`" 1"`, "", "", false},
		{`"+1"`, "", "", false},
		{`"1."`, "", "", false},
		{`".5"`, "", "", false},
		{`"1e"`, "", "", false},
		{`"1e100000"`, "", "", false},
		{`true`, "", "", false},
		{`{}`, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var d event.Decimal
			err := json.Unmarshal([]byte(tt.in), &d)
			if !tt.isOK {
				if err == nil {
					t.Fatalf("Unmarshal(%s) accepted %q", tt.in, d)
				}
				return
			}
			if err != nil {
				t.Fatalf("Unmarshal(%s): %v", tt.in, err)
			}
			if d.String() != tt.str {
				t.Errorf("String() = %q, want %q", d, tt.str)
			}
			if got := d.Rat().String(); got != tt.rat {
				t.Errorf("Rat() = %s, want %s", got, tt.rat)
			}
			if d.IsSet() != (tt.str != "") {
				t.Errorf("IsSet() = %v", d.IsSet())
			}
			out, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.in {
				t.Errorf("Marshal = %s, want the input %s", out, tt.in)
			}
		})
	}
}

func TestDecimalExceedsFloat64(t *testing.T) {
	t.Parallel()
	const digits = "98765432109876.54321"
	d := event.MustDecimal(digits)
	exact, _ := new(big.Rat).SetString(digits)
	if d.Rat().Cmp(exact) != 0 {
		t.Errorf("Rat() = %s, want %s", d.Rat(), exact)
	}
	asFloat, _ := new(big.Rat).SetString("98765432109876.54321")
	f, _ := asFloat.Float64()
	if new(big.Rat).SetFloat64(f).Cmp(exact) == 0 {
		t.Fatal("the test value fits in a float64; choose another")
	}
	type money struct {
		Amount event.Decimal `json:"amount"`
	}
	var m money
	if err := json.Unmarshal([]byte(`{"amount":98765432109876.54321}`), &m); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(m)
	if string(out) != `{"amount":98765432109876.54321}` {
		t.Errorf("Marshal = %s", out)
	}
}

func TestDecimalCmp(t *testing.T) {
	t.Parallel()
	if event.MustDecimal("2.30").Cmp(event.MustDecimal("2.3")) != 0 {
		t.Error("2.30 != 2.3")
	}
	if event.MustDecimal("-1").Cmp(event.Decimal{}) != -1 {
		t.Error("-1 >= unset")
	}
	if _, err := event.ParseDecimal("1,5"); err == nil {
		t.Error("ParseDecimal accepted 1,5")
	}
}

func TestDecimalInt64(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string // JSON
		want int64
		ok   bool
	}{
		{`6`, 6, true},
		{`"12"`, 12, true},
		{`-42`, -42, true},
		{`"007"`, 7, true},
		{`-0`, 0, true},
		{`12.000`, 12, true},
		{`1.2e1`, 12, true},
		{`1E3`, 1000, true},
		{`-5e-0`, -5, true},
		{`120e-1`, 12, true},
		{`9223372036854775807`, math.MaxInt64, true},
		{`-9223372036854775808`, math.MinInt64, true},
		{`9.223372036854775807e18`, math.MaxInt64, true},
		{`9223372036854775808`, 0, false},
		{`-9223372036854775809`, 0, false},
		{`92233720368547758080e-1`, 0, false},
		{`1e19`, 0, false},
		{`1e1000`, 0, false},
		{`12.5`, 0, false},
		{`1e-3`, 0, false},
		{`0.1`, 0, false},
		{`null`, 0, false},
		{`""`, 0, false},
	}
	for _, tt := range tests {
		var d event.Decimal
		if err := json.Unmarshal([]byte(tt.in), &d); err != nil {
			t.Fatalf("Unmarshal(%s): %v", tt.in, err)
		}
		n, ok := d.Int64()
		if n != tt.want || ok != tt.ok {
			t.Errorf("Decimal(%s).Int64() = %d, %t; want %d, %t", tt.in, n, ok, tt.want, tt.ok)
		}
	}
	if n, ok := (event.Decimal{}).Int64(); n != 0 || ok {
		t.Errorf("zero Decimal: Int64() = %d, %t; want 0, false", n, ok)
	}
}

func TestTimeRoundTrip(t *testing.T) {
	tests := []struct {
		in     string
		want   time.Time
		layout string
	}{
		{`"2023-10-19T00:00:00.000Z"`, time.Date(2023, 10, 19, 0, 0, 0, 0, time.UTC), "2006-01-02T15:04:05.000Z07:00"},
		{`"2023-10-19T01:02:03Z"`, time.Date(2023, 10, 19, 1, 2, 3, 0, time.UTC), "2006-01-02T15:04:05Z07:00"},
		{`"2023-10-19T01:02:03+05:30"`, time.Date(2023, 10, 18, 19, 32, 3, 0, time.UTC), "2006-01-02T15:04:05-07:00"},
		{`"2023-10-19T01:02:03+00:00"`, time.Date(2023, 10, 19, 1, 2, 3, 0, time.UTC), "2006-01-02T15:04:05-07:00"},
		{`"2023-10-19T01:02:03.5"`, time.Date(2023, 10, 19, 1, 2, 3, 5e8, time.UTC), "2006-01-02T15:04:05.0"},
		{`"2025-08-26 13:45:22"`, time.Date(2025, 8, 26, 13, 45, 22, 0, time.UTC), "2006-01-02 15:04:05"},
		{`"2025-08-26 13:45:22.123456"`, time.Date(2025, 8, 26, 13, 45, 22, 123456e3, time.UTC), "2006-01-02 15:04:05.000000"},
		{`"2025-08-26 13:45:22Z"`, time.Date(2025, 8, 26, 13, 45, 22, 0, time.UTC), "2006-01-02 15:04:05Z07:00"},
		{`"2024-02-29"`, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "2006-01-02"},
		{`"2024/02/29"`, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "2006/01/02"},
		{`"02/29/2024"`, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "01/02/2006"},
		{`1614265330`, time.Unix(1614265330, 0), "unix"},
		{`1614265330.120`, time.Unix(1614265330, 12e7), "unix.000"},
		{`1614265330123`, time.UnixMilli(1614265330123), "unixmilli"},
		{`0`, time.Unix(0, 0), "unix"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var v event.Time
			if err := json.Unmarshal([]byte(tt.in), &v); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if !v.Equal(tt.want) {
				t.Errorf("instant = %v, want %v", v.Time, tt.want)
			}
			if v.Layout() != tt.layout {
				t.Errorf("Layout() = %q, want %q", v.Layout(), tt.layout)
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			if tt.in != "0" && string(out) != tt.in {
				t.Errorf("Marshal = %s, want %s", out, tt.in)
			}
		})
	}
}

func TestTimeZeroAndErrors(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{`null`: `null`, `""`: `""`} {
		var v event.Time
		if err := json.Unmarshal([]byte(in), &v); err != nil {
			t.Fatalf("Unmarshal(%s): %v", in, err)
		}
		if !v.IsZero() {
			t.Errorf("Unmarshal(%s) is not zero: %v", in, v)
		}
		if out, _ := json.Marshal(v); string(out) != want {
			t.Errorf("Marshal after %s = %s, want %s", in, out, want)
		}
	}
	for _, bad := range []string{`"soon"`, `"2023-13-01"`, `"2023-10-19T25:00:00Z"`, `"2023-10-19X01:02:03"`, `"2023-10-19T01:02:03+5"`, `true`, `{}`, `-1.5`, `1e3`, `1614265330123.5`, `1.1234567891`} {
		var v event.Time
		if err := json.Unmarshal([]byte(bad), &v); err == nil {
			t.Errorf("Unmarshal(%s) accepted %v", bad, v)
		} else if !strings.HasPrefix(err.Error(), "event: ") && !strings.Contains(err.Error(), "event: ") {
			t.Errorf("error %q lacks the package prefix", err)
		}
	}
}

func TestNewTime(t *testing.T) {
	t.Parallel()
	v := event.NewTime(time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC), "2006-01-02 15:04:05")
	if got := v.String(); got != "2024-05-06 07:08:09" {
		t.Errorf("String() = %q", got)
	}
	if got, _ := json.Marshal(event.NewTime(time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC), "")); string(got) != `"2024-05-06T07:08:09Z"` {
		t.Errorf("default layout = %s", got)
	}
}

func TestLooseTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time // zero when kept as text
		text string
	}{
		{`"2025-09-15"`, time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC), ""},
		{`"2025-09-15 10:11:12"`, time.Date(2025, 9, 15, 10, 11, 12, 0, time.UTC), ""},
		{`"2025-09-15T10:11:12.000Z"`, time.Date(2025, 9, 15, 10, 11, 12, 0, time.UTC), ""},
		{`"09/15/2025"`, time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC), ""},
		{`"Sep 15, 2025"`, time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC), ""},
		{`"September 15, 2025"`, time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC), ""},
		{`"15 Sep 2025"`, time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC), ""},
		{`"15-Sep-2025"`, time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC), ""},
		{`1757930400`, time.Unix(1757930400, 0), ""},
		{`"Q3 2025"`, time.Time{}, "Q3 2025"},
		{`"15.09.2025"`, time.Time{}, "15.09.2025"},
		{`"2025-02-30"`, time.Time{}, "2025-02-30"},
		{`1.5e9`, time.Time{}, "1.5e9"},
		{`""`, time.Time{}, ""},
		{`null`, time.Time{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var v event.LooseTime
			if err := json.Unmarshal([]byte(tt.in), &v); err != nil {
				t.Fatalf("Unmarshal(%s): %v", tt.in, err)
			}
			if !v.Equal(tt.want) {
				t.Errorf("instant = %v, want %v", v.Time, tt.want)
			}
			if v.Text() != tt.text {
				t.Errorf("Text() = %q, want %q", v.Text(), tt.text)
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.in {
				t.Errorf("Marshal = %s, want the input %s", out, tt.in)
			}
		})
	}
	for _, bad := range []string{`true`, `[]`, `{}`} {
		var v event.LooseTime
		if err := json.Unmarshal([]byte(bad), &v); err == nil {
			t.Errorf("Unmarshal(%s) accepted a %T", bad, v)
		}
	}
}
