package aws_test

import (
	"encoding/json"
	"errors"
	"io/fs"
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
// documented examples and the bundled samples: any input parses or fails
// with ErrMalformed; DecodeDetail returns a detail or an error of a
// documented class; and a parsed event re-marshals to an envelope that
// parses to the same again.
func FuzzParseEventBridge(f *testing.F) {
	f.Add([]byte(docChangeSetFailed))
	f.Add([]byte(docOfferReleasedISV))
	f.Add([]byte(docOfferReleasedPartnerPrinted))
	f.Add([]byte(docProductsSecurityReportCreated))
	f.Add([]byte(`{"detail-type":"Offer Released","source":"aws.marketplacecatalog","detail":null}`))
	samples, err := fs.Glob(clazarevents.Fixtures, "testdata/aws/eventbridge/*.json")
	if err != nil || len(samples) == 0 {
		f.Fatalf("no EventBridge samples: %v", err)
	}
	for _, p := range samples {
		body, err := fs.ReadFile(clazarevents.Fixtures, p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := aws.ParseEventBridge(data)
		if err != nil {
			if !errors.Is(err, event.ErrMalformed) {
				t.Fatalf("ParseEventBridge(%q) = %v, want ErrMalformed", data, err)
			}
			return
		}
		d, err := e.DecodeDetail()
		var ve *event.ValidationError
		switch {
		case err == nil && d == nil:
			t.Fatalf("DecodeDetail(%q) returned neither a detail nor an error", data)
		case err != nil && !errors.Is(err, event.ErrMalformed) && !errors.Is(err, event.ErrUnknownTopic) && !errors.As(err, &ve):
			t.Fatalf("DecodeDetail of %q: unclassified error %v", data, err)
		}
		out, err := json.Marshal(e)
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
	})
}
