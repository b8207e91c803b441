package aws_test

import (
	"encoding/json"
	"errors"
	"testing"

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

// FuzzParseEventBridge checks that any input parses or fails with
// ErrMalformed, and that DecodeDetail never panics.
func FuzzParseEventBridge(f *testing.F) {
	f.Add([]byte(docChangeSetFailed))
	f.Add([]byte(docOfferReleasedISV))
	f.Add([]byte(docOfferReleasedPartnerPrinted))
	f.Add([]byte(docProductsSecurityReportCreated))
	f.Add([]byte(`{"detail-type":"Offer Released","source":"aws.marketplacecatalog","detail":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := aws.ParseEventBridge(data)
		if err != nil {
			if !errors.Is(err, event.ErrMalformed) {
				t.Fatalf("ParseEventBridge(%q) = %v, want ErrMalformed", data, err)
			}
			return
		}
		d, err := e.DecodeDetail()
		if err == nil && d == nil {
			t.Fatalf("DecodeDetail(%q) returned neither a detail nor an error", data)
		}
	})
}
