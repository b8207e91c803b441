package aws_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/sdktest"
	"github.com/clazarevents/sdk-go/topics"
)

func TestEntitlementValueMembers(t *testing.T) {
	tests := []struct {
		in     string
		kind   aws.ValueKind
		out    string // the marshalled value, if not the input
		int    int64
		intOK  bool
		number string // Number's digits, "" if not ok
		double string // Double's digits, "" if not ok
		str    string
		strOK  bool
		bool   bool
		boolOK bool
	}{
		{in: `{"IntegerValue":10}`, kind: aws.IntegerKind, int: 10, intOK: true, number: "10"},
		{in: `{"IntegerValue":-3}`, kind: aws.IntegerKind, int: -3, intOK: true, number: "-3"},
		{in: `{"IntegerValue":"250"}`, kind: aws.IntegerKind, int: 250, intOK: true, number: "250"},
		{in: `{"IntegerValue":0}`, kind: aws.IntegerKind, int: 0, intOK: true, number: "0"},
		{in: `{"IntegerValue":123456789012345678901234567890}`, kind: aws.IntegerKind, number: "123456789012345678901234567890"},
		{in: `{"StringValue":"premium-24x7"}`, kind: aws.StringKind, str: "premium-24x7", strOK: true},
		{in: `{"StringValue":""}`, kind: aws.StringKind, strOK: true},
		{in: `{"DoubleValue":13.5}`, kind: aws.DoubleKind, number: "13.5", double: "13.5"},
		{in: `{"DoubleValue":"0.1000000000000000055511151231257827"}`, kind: aws.DoubleKind, number: "0.1000000000000000055511151231257827", double: "0.1000000000000000055511151231257827"},
		{in: `{"DoubleValue":1e3}`, kind: aws.DoubleKind, number: "1e3", double: "1e3"},
		{in: `{"DoubleValue":2}`, kind: aws.DoubleKind, number: "2", double: "2"},
		{in: `{"BooleanValue":true}`, kind: aws.BooleanKind, bool: true, boolOK: true},
		{in: `{"BooleanValue":false}`, kind: aws.BooleanKind, boolOK: true},
		{in: `{"integerValue":7}`, kind: aws.IntegerKind, out: `{"IntegerValue":7}`, int: 7, intOK: true, number: "7"},
		{in: `{"IntegerValue":5,"Unit":"GB"}`, kind: aws.IntegerKind, int: 5, intOK: true, number: "5"},
		{in: `{"IntegerValue":null,"StringValue":"basic"}`, kind: aws.StringKind, out: `{"StringValue":"basic"}`, str: "basic", strOK: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var v aws.EntitlementValue
			if err := json.Unmarshal([]byte(tt.in), &v); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if v.Kind() != tt.kind {
				t.Errorf("Kind() = %q, want %q", v.Kind(), tt.kind)
			}
			if n, ok := v.Int(); n != tt.int || ok != tt.intOK {
				t.Errorf("Int() = %d, %v; want %d, %v", n, ok, tt.int, tt.intOK)
			}
			if d, ok := v.Number(); d.String() != tt.number || ok != (tt.number != "") {
				t.Errorf("Number() = %q, %v; want %q", d, ok, tt.number)
			}
			if d, ok := v.Double(); d.String() != tt.double || ok != (tt.double != "") {
				t.Errorf("Double() = %q, %v; want %q", d, ok, tt.double)
			}
			if s, ok := v.Str(); s != tt.str || ok != tt.strOK {
				t.Errorf("Str() = %q, %v; want %q, %v", s, ok, tt.str, tt.strOK)
			}
			if b, ok := v.Bool(); b != tt.bool || ok != tt.boolOK {
				t.Errorf("Bool() = %v, %v; want %v, %v", b, ok, tt.bool, tt.boolOK)
			}
			want := tt.out
			if want == "" {
				want = tt.in
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			if string(out) != want {
				t.Errorf("Marshal = %s, want %s", out, want)
			}
			if v.String() != want {
				t.Errorf("String() = %s, want %s", v.String(), want)
			}
			if err := event.Validate(aws.Entitlement{Value: v}); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestEntitlementValueNoneOrSeveral(t *testing.T) {
	tests := []struct {
		name, in, out string
	}{
		{"empty object", `{}`, `{}`},
		{"null", `null`, `{}`},
		{"null member", `{"IntegerValue":null}`, `{}`},
		{"unknown member only", `{"LongValue":5}`, `{"LongValue":5}`},
		{"two members", `{"IntegerValue":10,"StringValue":"10"}`, `{"IntegerValue":10,"StringValue":"10"}`},
		{"four members", `{"BooleanValue":true,"DoubleValue":1.5,"StringValue":"a","IntegerValue":1}`, `{"IntegerValue":1,"StringValue":"a","DoubleValue":1.5,"BooleanValue":true}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var v aws.EntitlementValue
			if err := json.Unmarshal([]byte(tt.in), &v); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if v.Kind() != "" {
				t.Errorf("Kind() = %q, want none", v.Kind())
			}
			if out, _ := json.Marshal(v); string(out) != tt.out {
				t.Errorf("Marshal = %s, want %s", out, tt.out)
			}
			sdktest.WantInvalid(t, event.Validate(aws.Entitlement{Value: v}), "metadata.Value exactly_one")
		})
	}
}

// TestEntitlementValueValidationPaths decodes whole deliveries whose
// entitlement values have no member or several: they decode, and
// validation names each one by its path.
func TestEntitlementValueValidationPaths(t *testing.T) {
	t.Parallel()
	tests := []struct {
		topic    topics.Topic
		metadata string
		problems []string
	}{
		{topics.AWSContractCreated, `{"product_code":"p","customer_identifier":"c","entitlements":[
			{"Dimension":"a","Value":{"IntegerValue":1}},
			{"Dimension":"b","Value":{}},
			{"Dimension":"c","Value":{"IntegerValue":1,"StringValue":"1"}},
			{"Dimension":"d"},
			{"Dimension":"e","Value":null}]}`,
			[]string{
				"metadata.entitlements[1].Value exactly_one",
				"metadata.entitlements[2].Value exactly_one",
				"metadata.entitlements[3].Value exactly_one",
				"metadata.entitlements[4].Value exactly_one",
			}},
		{topics.AWSContractModified, `{"product_code":"p","customer_identifier":"c",
			"old_entitlements":[{"Dimension":"a","Value":{"DoubleValue":1,"BooleanValue":true}}],
			"new_entitlements":[{"Dimension":"a","Value":{"DoubleValue":2}},{"Dimension":"b","Value":{}}]}`,
			[]string{"metadata.new_entitlements[1].Value exactly_one", "metadata.old_entitlements[0].Value exactly_one"}},
		{topics.AWSContractRenewed, `{"product_code":"p","customer_identifier":"c","new_entitlements":[{"Value":{}}]}`,
			[]string{"metadata.new_entitlements[0].Value exactly_one"}},
		{topics.AWSContractCancelled, `{"customer_identifier":"c","old_entitlements":[{"Value":{"Quantity":3}}]}`,
			[]string{"metadata.old_entitlements[0].Value exactly_one", "metadata.product_code required"}},
	}
	for _, tt := range tests {
		_, err := sdktest.Delivery(t, tt.topic, tt.metadata).Decode()
		if errors.Is(err, event.ErrMalformed) {
			t.Errorf("%s: %v, want a validation error, not a decoding error", tt.topic, err)
			continue
		}
		sdktest.WantInvalid(t, err, tt.problems...)
	}
}

func TestEntitlementValueWrongKind(t *testing.T) {
	for _, value := range []string{
		`{"IntegerValue":"abc"}`,
		`{"IntegerValue":1.5}`,
		`{"IntegerValue":1e3}`,
		`{"IntegerValue":"1.0"}`,
		`{"IntegerValue":""}`,
		`{"IntegerValue":true}`,
		`{"IntegerValue":[1]}`,
		`{"StringValue":5}`,
		`{"StringValue":{"text":"a"}}`,
		`{"DoubleValue":"x"}`,
		`{"DoubleValue":""}`,
		`{"DoubleValue":false}`,
		`{"BooleanValue":"true"}`,
		`{"BooleanValue":1}`,
		`{"integervalue":"ten"}`,
		`[]`,
		`"10"`,
		`10`,
	} {
		t.Run(value, func(t *testing.T) {
			t.Parallel()
			e := sdktest.Delivery(t, topics.AWSContractCreated,
				`{"product_code":"p","customer_identifier":"c","entitlements":[{"Dimension":"d","Value":`+value+`}]}`)
			_, err := e.Decode()
			if !errors.Is(err, event.ErrMalformed) {
				t.Fatalf("Decode = %v, want ErrMalformed", err)
			}
			if !strings.Contains(err.Error(), "aws: entitlement value") {
				t.Errorf("error %q does not name the entitlement value", err)
			}
			var v aws.EntitlementValue
			if err := json.Unmarshal([]byte(value), &v); err == nil {
				t.Errorf("Unmarshal accepted %s as %s", value, v)
			}
		})
	}
}

func TestEntitlementValueUnmarshalBadJSON(t *testing.T) {
	t.Parallel()
	var v aws.EntitlementValue
	for _, bad := range []string{``, `{`, `{"IntegerValue":}`} {
		if err := v.UnmarshalJSON([]byte(bad)); err == nil || !strings.HasPrefix(err.Error(), "aws: ") {
			t.Errorf("UnmarshalJSON(%q) = %v, want an aws: error", bad, err)
		}
	}
}

func TestNewEntitlementValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    aws.EntitlementValue
		kind aws.ValueKind
		json string
	}{
		{aws.NewIntegerValue(-42), aws.IntegerKind, `{"IntegerValue":-42}`},
		{aws.NewStringValue(`say "hi"`), aws.StringKind, `{"StringValue":"say \"hi\""}`},
		{aws.NewDoubleValue(event.MustDecimal("2.50")), aws.DoubleKind, `{"DoubleValue":2.50}`},
		{aws.NewDoubleValue(event.Decimal{}), "", `{}`},
		{aws.NewBooleanValue(false), aws.BooleanKind, `{"BooleanValue":false}`},
		{aws.EntitlementValue{}, "", `{}`},
	}
	for _, tt := range tests {
		if tt.v.Kind() != tt.kind {
			t.Errorf("%s: Kind() = %q, want %q", tt.json, tt.v.Kind(), tt.kind)
		}
		out, err := json.Marshal(tt.v)
		if err != nil || string(out) != tt.json {
			t.Errorf("Marshal = %s, %v; want %s", out, err, tt.json)
		}
		var back aws.EntitlementValue
		if err := json.Unmarshal(out, &back); err != nil || back.String() != tt.json {
			t.Errorf("Unmarshal(%s) = %s, %v", out, back, err)
		}
	}
	n, ok := aws.NewIntegerValue(1 << 62).Int()
	if !ok || n != 1<<62 {
		t.Errorf("NewIntegerValue(1<<62).Int() = %d, %v", n, ok)
	}
}

func TestEntitlementExpirationDate(t *testing.T) {
	t.Parallel()
	var e aws.Entitlement
	in := `{"Dimension":"seats","Value":{"IntegerValue":25},"ExpirationDate":"2026-08-07 14:02:54"}`
	if err := json.Unmarshal([]byte(in), &e); err != nil {
		t.Fatal(err)
	}
	if got := e.ExpirationDate.UTC().Format("2006-01-02T15:04:05Z07:00"); got != "2026-08-07T14:02:54Z" {
		t.Errorf("ExpirationDate = %s", got)
	}
	if e.ExpirationDate.Layout() != "2006-01-02 15:04:05" {
		t.Errorf("Layout() = %q", e.ExpirationDate.Layout())
	}
	sdktest.Lossless(t, []byte(in), e)
}
