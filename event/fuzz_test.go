package event_test

import (
	"encoding/json"
	"errors"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clazarevents/sdk-go/event"
)

var parseSeeds = []string{
	`{"id":"evt_1","topic":"aws.contract.created","origin":"AWS","suborigin":"SNS","timestamp":"2024-03-01T12:30:00Z","metadata":{"product_code":"p"}}`,
	`{"event_id":7,"event_type":"gcp.metering.submission_failed","created_at":"2024-03-01 12:30:00","data":{"quantity":"2.3"}}`,
	`{"Type":"azure.contract.renewed","Time":1709296200123,"Payload":null}`,
	`{"topic":"a.b.c","timestamp":1614265330.25,"text":"\u00e9\n","description":"<&>"}`,
	`{"topic":"a.b.c","topic":"d"}`,
	`[]`, `null`, `{`, `{"topic":7}`,
	`{"version":"0","id":"01234567-0123-0123-0123-0123456789ab","detail-type":"Change Set Failed","source":"aws.marketplacecatalog","account":"123456789012","time":"2022-11-01T13:12:22Z","region":"us-east-1","resources":["arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/ChangeSet/76yesvf8y165pa4f98td2crtg"],"detail":{"ChangeSetId":"76yesvf8y165pa4f98td2crtg","FailureCode":"CLIENT_ERROR"}}`,
	`{"detail-type":"License Updated - Manufacturer","source":"aws.agreement-marketplace","resources":[],"detail":null}`,
	`{"Detail-Type":"x","Source":"a.b","detail":{},"detail_type":"y"}`,
}

// FuzzParse checks that Parse either fails with ErrMalformed or returns an
// event whose canonical form parses back to the same event.
func FuzzParse(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := event.Parse(data)
		if err != nil {
			if !errors.Is(err, event.ErrMalformed) {
				t.Fatalf("Parse(%q) = %v, not ErrMalformed", data, err)
			}
			return
		}
		canonical, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("Marshal of parsed %q: %v", data, err)
		}
		back, err := event.Parse(canonical)
		if err != nil {
			t.Fatalf("Parse of canonical %s: %v", canonical, err)
		}
		// json.Marshal compacts the metadata and escapes HTML characters in
		// it, which changes its bytes but not its value.
		first := *e
		first.Metadata = compactJSON(t, e.Metadata)
		if diff := cmp.Diff(&first, back); diff != "" {
			t.Fatalf("canonical round trip of %q changed the event (-first +second):\n%s", data, diff)
		}
	})
}

// compactJSON returns raw as json.Marshal writes it, or nil if it is
// empty.
func compactJSON(t *testing.T, raw json.RawMessage) json.RawMessage {
	t.Helper()
	if len(raw) == 0 {
		return nil
	}
	out, err := json.Marshal(raw)
	if err != nil {
		t.Fatalf("metadata %s: %v", raw, err)
	}
	return out
}

// FuzzDecimal checks that a Decimal writes back exactly what it read.
func FuzzDecimal(f *testing.F) {
	for _, s := range []string{`1`, `"2.3"`, `-0.10`, `98765432109876.54321`, `1e3`, `""`, `null`, `"1e99999"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d event.Decimal
		if json.Unmarshal(data, &d) != nil {
			return
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("Marshal after %q: %v", data, err)
		}
		var again event.Decimal
		if err := json.Unmarshal(out, &again); err != nil || again != d {
			t.Fatalf("%q -> %s -> %v (%v)", data, out, again, err)
		}
		if d.IsSet() && d.Rat() == nil {
			t.Fatalf("Rat of %q is nil", data)
		}
	})
}

// FuzzTime checks that a Time writes back the same instant in a layout it
// reads again.
func FuzzTime(f *testing.F) {
	for _, s := range []string{`"2023-10-19T00:00:00.000Z"`, `"2025-08-26 13:45:22"`, `"2024-02-29"`, `"02/29/2024"`, `1614265330`, `1614265330.5`, `1614265330123`, `""`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v event.Time
		if json.Unmarshal(data, &v) != nil {
			return
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("Marshal after %q: %v", data, err)
		}
		var again event.Time
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("%q -> %s does not read back: %v", data, out, err)
		}
		if !again.Equal(v.Time) || again.Layout() != v.Layout() {
			t.Fatalf("%q -> %s -> %v (%q), want %v (%q)", data, out, again.Time, again.Layout(), v.Time, v.Layout())
		}
	})
}

// FuzzCommonLayouts checks that reading a time in the layouts read without
// allocating gives what time.Parse gives in the layout ParseTime picks.
func FuzzCommonLayouts(f *testing.F) {
	for _, s := range []string{"2023-06-23 13:02:20", "2023-10-19T00:00:00Z", "2024-02-29", "2023-02-29", "2023-06-23 24:00:00",
		"2023-06-23T13:02:60Z", "0000-01-01", "2023-13-01", "2023-06-23 13:02:20Z", "2023-06-23t13:02:20z", "+023-06-23"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, gotErr := event.ParseTimeJSON([]byte(strconv.Quote(s)))
		want, wantErr := event.ParseTime(s)
		if (gotErr == nil) != (wantErr == nil) || got.Layout() != want.Layout() || !got.Time.Equal(want.Time) || got.Location() != want.Location() {
			t.Fatalf("%q: UnmarshalJSON %v (%s, %v), ParseTime %v (%s, %v)", s, got, got.Layout(), gotErr, want, want.Layout(), wantErr)
		}
	})
}
