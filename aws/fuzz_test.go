package aws_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"reflect"
	"testing"

	clazarevents "github.com/clazarevents/sdk-go"
	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
)

// FuzzEntitlementValue checks that any JSON decodes without panicking, and
// that a decoded value marshals to JSON that decodes to the same value.
func FuzzEntitlementValue(f *testing.F) {
	for _, s := range []string{
		`{"IntegerValue":10}`, `{"StringValue":"a"}`, `{"DoubleValue":"1.5"}`, `{"BooleanValue":true}`,
		`{}`, `null`, `{"IntegerValue":1,"StringValue":"1","Unit":[1,{"a":null}]}`, `{"integervalue":-0}`,
		`{"IntegerValue":"abc"}`, `[]`, `"x"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v aws.EntitlementValue
		if err := json.Unmarshal(data, &v); err != nil {
			return
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("Marshal of %s: %v", data, err)
		}
		var back aws.EntitlementValue
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%s re-marshalled as %s, which does not decode: %v", data, out, err)
		}
		if back.String() != string(out) || back.Kind() != v.Kind() {
			t.Errorf("%s: marshalled %s, then %s", data, out, back)
		}
	})
}

// FuzzParseEventBridge reads EventBridge events, seeded from AWS's
// documented examples and the fixture of every registered EventBridge
// detail type: event.Parse fails only with ErrMalformed, and an
// EventBridge event re-marshals to a body that parses to the same again;
// the deprecated ParseEventBridge fails only with ErrMalformed, its
// DecodeDetail returns a detail or an error of a documented class, and
// where it accepts the body it derives the topic that event.Parse does
// and decodes the detail to the same type.
func FuzzParseEventBridge(f *testing.F) {
	f.Add([]byte(docChangeSetFailed))
	f.Add([]byte(docOfferReleasedISV))
	f.Add([]byte(docOfferReleasedPartnerPrinted))
	f.Add([]byte(docProductsSecurityReportCreated))
	f.Add([]byte(`{"detail-type":"Offer Released","source":"aws.marketplacecatalog","detail":null}`))
	for _, s := range event.Specs() {
		if s.Source != "" {
			body, err := fs.ReadFile(clazarevents.Fixtures, clazarevents.FixturePath(s.Topic))
			if err != nil {
				f.Fatal(err)
			}
			f.Add(body)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := event.Parse(data)
		switch {
		case err != nil && !errors.Is(err, event.ErrMalformed):
			t.Fatalf("Parse(%q) = %v, not ErrMalformed", data, err)
		case err == nil && e.EventBridge != nil:
			out, err := json.Marshal(e)
			if err != nil {
				t.Fatalf("Marshal of parsed %q: %v", data, err)
			}
			back, err := event.Parse(out)
			if err != nil {
				t.Fatalf("re-marshalled %s does not parse: %v", out, err)
			}
			if again, _ := json.Marshal(back); string(again) != string(out) {
				t.Fatalf("envelope changed on a second round trip:\n%s\n%s", out, again)
			}
		}

		eb, perr := aws.ParseEventBridge(data)
		// ParseEventBridge decodes with internal/jsondec: it must agree
		// with encoding/json on every event it accepts.
		var want aws.EventBridgeEvent
		if jerr := json.Unmarshal(data, &want); jerr != nil && perr == nil {
			t.Fatalf("ParseEventBridge(%q) accepts what encoding/json rejects: %v", data, jerr)
		} else if perr == nil {
			wb, err1 := json.Marshal(&want)
			gb, err2 := json.Marshal(eb)
			if err1 != nil || err2 != nil || !bytes.Equal(wb, gb) {
				t.Fatalf("ParseEventBridge(%q) = %s (%v), encoding/json %s (%v)", data, gb, err2, wb, err1)
			}
		}
		if perr != nil {
			if !errors.Is(perr, event.ErrMalformed) {
				t.Fatalf("ParseEventBridge(%q) = %v, want ErrMalformed", data, perr)
			}
			return
		}
		d, derr := eb.DecodeDetail()
		var ve *event.ValidationError
		switch {
		case derr == nil && d == nil:
			t.Fatalf("DecodeDetail(%q) returned neither a detail nor an error", data)
		case derr != nil && !errors.Is(derr, event.ErrMalformed) && !errors.Is(derr, event.ErrUnknownTopic) && !errors.As(derr, &ve):
			t.Fatalf("DecodeDetail of %q: unclassified error %v", data, derr)
		}
		out, err := json.Marshal(eb)
		if err != nil {
			t.Fatalf("Marshal of parsed %q: %v", data, err)
		}
		back, err := aws.ParseEventBridge(out)
		if err != nil {
			t.Fatalf("re-marshalled %s does not parse: %v", out, err)
		}
		if again, err := json.Marshal(back); err != nil || string(again) != string(out) {
			t.Fatalf("envelope changed on a second round trip:\n%s\n%s (%v)", out, again, err)
		}
		if e == nil || e.EventBridge == nil {
			return // event.Parse is stricter here, such as about a key given twice
		}
		if got := eb.Event().Topic; got != e.Topic {
			t.Fatalf("ParseEventBridge derives topic %q, event.Parse %q", got, e.Topic)
		}
		m, merr := e.Decode()
		if (derr == nil) != (merr == nil) {
			t.Fatalf("DecodeDetail = %v, Decode = %v", derr, merr)
		}
		if merr == nil && reflect.TypeOf(d) != reflect.TypeOf(m) {
			t.Fatalf("DecodeDetail gave %T, Decode %T", d, m)
		}
	})
}
