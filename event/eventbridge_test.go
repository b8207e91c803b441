package event_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

// changeSetFailed is AWS's documented example of a Change Set Failed event.
const changeSetFailed = `{ "version": "0", "id": "01234567-0123-0123-0123-0123456789ab", "detail-type": "Change Set Failed", "source": "aws.marketplacecatalog", "account": "123456789012", "time": "2022-11-01T13:12:22Z", "region": "us-east-1", "resources": [ "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/ChangeSet/76yesvf8y165pa4f98td2crtg" ], "detail": { "requestId" : "3d4c9f9b-b809-4f5e-9fac-a9ae98b05cbb", "Catalog": "AWSMarketplace", "ChangeSetId": "76yesvf8y165pa4f98td2crtg", "ChangeSetName": "Create my product", "StartTime": "2018-02-27T13:45:22Z", "EndTime": "2018-02-27T14:55:22Z", "FailureCode": "CLIENT_ERROR" } }`

func TestParseEventBridge(t *testing.T) {
	t.Parallel()
	got, err := event.Parse([]byte(changeSetFailed))
	if err != nil {
		t.Fatal(err)
	}
	want := &event.Event{
		ID:        "01234567-0123-0123-0123-0123456789ab",
		Topic:     "aws.marketplacecatalog.change_set_failed",
		Origin:    event.OriginAWS,
		Suborigin: event.SuboriginEventBridge,
		Timestamp: time.Date(2022, 11, 1, 13, 12, 22, 0, time.UTC),
		Metadata:  json.RawMessage(changeSetFailed[strings.Index(changeSetFailed, `{ "requestId"`) : len(changeSetFailed)-2]),
		EventBridge: &event.EventBridge{
			Version:    "0",
			Source:     "aws.marketplacecatalog",
			DetailType: "Change Set Failed",
			Account:    "123456789012",
			Region:     "us-east-1",
			Resources:  []string{"arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/ChangeSet/76yesvf8y165pa4f98td2crtg"},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}

	out, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	const canonical = `{"version":"0","id":"01234567-0123-0123-0123-0123456789ab","detail-type":"Change Set Failed","source":"aws.marketplacecatalog","account":"123456789012","time":"2022-11-01T13:12:22Z","region":"us-east-1","resources":["arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/ChangeSet/76yesvf8y165pa4f98td2crtg"],"detail":`
	if !strings.HasPrefix(string(out), canonical) {
		t.Errorf("Marshal = %s\nwant the EventBridge envelope %s...", out, canonical)
	}
	back, err := event.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, got.Metadata); err != nil {
		t.Fatal(err)
	}
	got.Metadata = compact.Bytes() // json.Marshal compacts what MarshalJSON writes
	if diff := cmp.Diff(got, back); diff != "" {
		t.Errorf("round trip (-first +second):\n%s", diff)
	}
}

func TestParseEventBridgeSpellings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		want       *event.Event
	}{
		{
			"minimal",
			`{"detail-type":"Object Created","source":"aws.s3"}`,
			&event.Event{Topic: "aws.s3.object_created", Origin: event.OriginAWS, Suborigin: event.SuboriginEventBridge,
				EventBridge: &event.EventBridge{Source: "aws.s3", DetailType: "Object Created"}},
		},
		{
			"folded keys, null detail, empty resources",
			`{"Detail_Type":"License Updated - Manufacturer","SOURCE":"aws.agreement-marketplace","resources":[],"detail":null,"ID":"e1"}`,
			&event.Event{ID: "e1", Topic: topics.AWSAgreementLicenseUpdatedManufacturer, Origin: event.OriginAWS, Suborigin: event.SuboriginEventBridge,
				EventBridge: &event.EventBridge{Source: "aws.agreement-marketplace", DetailType: "License Updated - Manufacturer"}},
		},
		{
			"Clazar's envelope keys are not read",
			`{"detail-type":"Object Created","source":"aws.s3","origin":"Clazar","text":"t","metadata":{"a":1},"detail":{"b":2}}`,
			&event.Event{Topic: "aws.s3.object_created", Origin: event.OriginAWS, Suborigin: event.SuboriginEventBridge, Metadata: json.RawMessage(`{"b":2}`),
				EventBridge: &event.EventBridge{Source: "aws.s3", DetailType: "Object Created"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := parse(t, tt.body)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseEventBridgeErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]struct{ body, msg string }{
		"no source":             {`{"detail-type":"Offer Released","detail":{}}`, "EventBridge event has no source"},
		"empty detail-type":     {`{"detail-type":"","source":"aws.marketplacecatalog"}`, "EventBridge event has no detail-type"},
		"detail-type number":    {`{"detail-type":5,"source":"aws.marketplacecatalog"}`, `"detail-type" must be a string`},
		"source object":         {`{"detail-type":"Offer Released","source":{}}`, `"source" must be a string`},
		"no topic derivable":    {`{"detail-type":"---","source":"aws.marketplacecatalog"}`, "name no topic"},
		"topic and detail-type": {`{"topic":"aws.contract.created","detail-type":"Offer Released","source":"aws.marketplacecatalog"}`, "not both"},
		"resources string":      {`{"detail-type":"Offer Released","source":"aws.marketplacecatalog","resources":"arn"}`, `"resources" must be an array of strings`},
		"resources of numbers":  {`{"detail-type":"Offer Released","source":"aws.marketplacecatalog","resources":[1]}`, `"resources" must be an array of strings`},
		"detail array":          {`{"detail-type":"Offer Released","source":"aws.marketplacecatalog","detail":[]}`, `"detail" must be an object`},
		"detail string":         {`{"detail-type":"Offer Released","source":"aws.marketplacecatalog","detail":"{}"}`, `"detail" must be an object`},
		"time not a time":       {`{"detail-type":"Offer Released","source":"aws.marketplacecatalog","time":"yesterday"}`, "time"},
		"region twice":          {`{"detail-type":"Offer Released","source":"aws.marketplacecatalog","region":"us-east-1","Region":"eu-west-1"}`, "appears more than once"},
		"detail twice":          {`{"detail-type":"Offer Released","source":"aws.marketplacecatalog","detail":{},"Detail":{}}`, "appears more than once"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e, err := event.Parse([]byte(tt.body))
			if !errors.Is(err, event.ErrMalformed) || e != nil {
				t.Fatalf("Parse = %v, %v; want ErrMalformed", e, err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
		})
	}
}

// TestParseClazarIgnoresEventBridgeKeys checks that keys only an
// EventBridge envelope reads do not change how a Clazar delivery is read,
// even when one appears twice.
func TestParseClazarIgnoresEventBridgeKeys(t *testing.T) {
	t.Parallel()
	e := parse(t, `{"topic":"aws.contract.created","source":1,"Source":2,"region":[],"metadata":{},"detail":"x"}`)
	if e.EventBridge != nil || e.Topic != topics.AWSContractCreated || string(e.Metadata) != "{}" {
		t.Errorf("Parse = %+v", e)
	}
}

// TestValidationPathFromSource checks that validation errors of an
// EventBridge event's detail name paths from "detail", and those of the
// same metadata in a Clazar delivery paths from "metadata".
func TestValidationPathFromSource(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ body, root string }{
		{`{"topic":"test.widget.widget_created","metadata":{"product_code":"p"}}`, "metadata"},
		{`{"detail-type":"Widget Created","source":"test.widget","detail":{"product_code":"p"}}`, "detail"},
	} {
		e := parse(t, tt.body)
		if e.Topic != testTopicBridged {
			t.Fatalf("topic %q, want %q", e.Topic, testTopicBridged)
		}
		_, err := e.Decode()
		var ve *event.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("Decode = %v, want *event.ValidationError", err)
		}
		want := []*event.FieldError{{Path: tt.root + ".customer_identifier", Rule: "required"}}
		if diff := cmp.Diff(want, ve.Fields); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.body, diff)
		}
		if _, err := event.DecodeAs[widgetBridged](e); !errors.As(err, &ve) || ve.Fields[0].Path != tt.root+".customer_identifier" {
			t.Errorf("DecodeAs = %v, want a path from %q", err, tt.root)
		}
	}
}

func TestRegisterEventBridgeMismatchPanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("Register of a spec whose source and detail type name another topic did not panic")
		}
	}()
	event.Register(event.SpecFor[widgetBridged](event.Spec{Source: "test.widget", DetailType: "Widget Listed"}))
}
