package event_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

func TestParseKeySpellings(t *testing.T) {
	ts := time.Date(2024, 3, 1, 12, 30, 0, 0, time.UTC)
	want := &event.Event{
		ID:          "evt_1",
		Topic:       topics.AWSContractCreated,
		Origin:      event.OriginAWS,
		Suborigin:   event.SuboriginSNS,
		Text:        "Contract Created",
		Description: "Buyer purchased.",
		Timestamp:   ts,
		Metadata:    json.RawMessage(`{"product_code":"p"}`),
	}
	tests := []struct {
		name string
		body string
	}{
		{"canonical", `{"id":"evt_1","topic":"aws.contract.created","origin":"AWS","suborigin":"SNS","text":"Contract Created","description":"Buyer purchased.","timestamp":"2024-03-01T12:30:00Z","metadata":{"product_code":"p"}}`},
		{"snake aliases", `{"event_id":"evt_1","event_type":"aws.contract.created","origin":"AWS","sub_origin":"SNS","text":"Contract Created","description":"Buyer purchased.","created_at":"2024-03-01 12:30:00","data":{"product_code":"p"}}`},
		{"camel aliases", `{"eventId":"evt_1","eventType":"aws.contract.created","Origin":"AWS","subOrigin":"SNS","Text":"Contract Created","Description":"Buyer purchased.","occurredAt":"2024-03-01T12:30:00Z","payload":{"product_code":"p"}}`},
		{"pascal and kebab", `{"ID":"evt_1","Type":"aws.contract.created","ORIGIN":"AWS","Sub-Origin":"SNS","TEXT":"Contract Created","DESCRIPTION":"Buyer purchased.","Time":1709296200,"Metadata":{"product_code":"p"}}`},
		{"unix millis", `{"id":"evt_1","topic":"aws.contract.created","origin":"AWS","suborigin":"SNS","text":"Contract Created","description":"Buyer purchased.","time":1709296200000,"metadata":{"product_code":"p"}}`},
		{"escaped key", `{"id":"evt_1","top\u0069c":"aws.contract.created","origin":"AWS","suborigin":"SNS","text":"Contract Created","description":"Buyer purchased.","timestamp":"2024-03-01T12:30:00Z","metadata":{"product_code":"p"}}`},
		{"whitespace", " {\n \"id\" : \"evt_1\" ,\t\"topic\":\"aws.contract.created\",\"origin\":\"AWS\",\"suborigin\":\"SNS\",\"text\":\"Contract Created\",\"description\":\"Buyer purchased.\",\"timestamp\":\"2024-03-01T12:30:00Z\",\"metadata\":{\"product_code\":\"p\"}\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := event.Parse([]byte(tt.body))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Parse mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseAliasPreference(t *testing.T) {
	t.Parallel()
	body := `{"type":"webhook","event_type":"gcp.contract.pending","topic":"gcp.contract.renewed","data":{"a":1},"metadata":{"b":2},"time":"2020-01-01","timestamp":"2021-01-01","id":"first","event_id":"second"}`
	e, err := event.Parse([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if e.Topic != topics.GCPContractRenewed || string(e.Metadata) != `{"b":2}` || e.ID != "first" || e.Timestamp.Year() != 2021 {
		t.Errorf("Parse took the wrong aliases: %+v", e)
	}
}

func TestParseTimestampLayouts(t *testing.T) {
	tests := []struct {
		value string
		want  time.Time
	}{
		{`"2023-10-19T07:08:09Z"`, time.Date(2023, 10, 19, 7, 8, 9, 0, time.UTC)},
		{`"2023-10-19T07:08:09.123Z"`, time.Date(2023, 10, 19, 7, 8, 9, 123e6, time.UTC)},
		{`"2023-10-19T07:08:09.123456789+02:00"`, time.Date(2023, 10, 19, 5, 8, 9, 123456789, time.UTC)},
		{`"2023-10-19T07:08:09"`, time.Date(2023, 10, 19, 7, 8, 9, 0, time.UTC)},
		{`"2023-06-23 13:02:20"`, time.Date(2023, 6, 23, 13, 2, 20, 0, time.UTC)},
		{`"2023-06-23 13:02:20.5"`, time.Date(2023, 6, 23, 13, 2, 20, 5e8, time.UTC)},
		{`"2023-06-23 13:02:20-0500"`, time.Date(2023, 6, 23, 18, 2, 20, 0, time.UTC)},
		{`"2023-06-23"`, time.Date(2023, 6, 23, 0, 0, 0, 0, time.UTC)},
		{`1614265330`, time.Unix(1614265330, 0)},
		{`1614265330.25`, time.Unix(1614265330, 25e7)},
		{`1614265330123`, time.UnixMilli(1614265330123)},
		{`null`, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			t.Parallel()
			e, err := event.Parse([]byte(`{"topic":"aws.listing.published","timestamp":` + tt.value + `}`))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !e.Timestamp.Equal(tt.want) {
				t.Errorf("timestamp = %v, want %v", e.Timestamp, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, body, detail string
	}{
		{"empty", ``, "not JSON"},
		{"not JSON", `topic=aws.contract.created`, "not JSON"},
		{"truncated", `{"topic":"aws.contract.created"`, "not JSON"},
		{"trailing garbage", `{"topic":"aws.contract.created"} x`, "not JSON"},
		{"array", `[{"topic":"aws.contract.created"}]`, "not a JSON object"},
		{"string", `"aws.contract.created"`, "not a JSON object"},
		{"null", `null`, "not a JSON object"},
		{"no topic", `{"metadata":{}}`, "no topic"},
		{"empty topic", `{"topic":""}`, "no topic"},
		{"null topic", `{"topic":null}`, "no topic"},
		{"topic number", `{"topic":7}`, `"topic" must be a string, got number`},
		{"topic object", `{"event_type":{}}`, `"event_type" must be a string, got object`},
		{"origin bool", `{"topic":"a.b.c","origin":true}`, `"origin" must be a string, got boolean`},
		{"suborigin array", `{"topic":"a.b.c","sub_origin":[]}`, `"sub_origin" must be a string, got array`},
		{"text number", `{"topic":"a.b.c","text":1}`, `"text" must be a string`},
		{"description object", `{"topic":"a.b.c","description":{}}`, `"description" must be a string`},
		{"id bool", `{"topic":"a.b.c","id":false}`, `"id" must be a string or a number, got boolean`},
		{"metadata array", `{"topic":"a.b.c","metadata":[]}`, `"metadata" must be an object, got array`},
		{"metadata string", `{"topic":"a.b.c","data":"{}"}`, `"data" must be an object, got string`},
		{"timestamp bool", `{"topic":"a.b.c","timestamp":true}`, "must be a string or a number, got boolean"},
		{"timestamp layout", `{"topic":"a.b.c","timestamp":"yesterday"}`, "not a known time layout"},
		{"timestamp invalid date", `{"topic":"a.b.c","timestamp":"2023-02-30T00:00:00Z"}`, "day out of range"},
		{"timestamp exponent", `{"topic":"a.b.c","timestamp":1e9}`, "not a Unix time"},
		{"duplicate key", `{"topic":"a.b.c","topic":"d.e.f"}`, `key "topic" appears more than once`},
		{"duplicate folded key", `{"topic":"a.b.c","Topic":"d.e.f"}`, `appears more than once`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := event.Parse([]byte(tt.body))
			if !errors.Is(err, event.ErrMalformed) {
				t.Fatalf("Parse(%s) = %v, %v; want ErrMalformed", tt.body, e, err)
			}
			if !strings.HasPrefix(err.Error(), "event: ") || !strings.Contains(err.Error(), tt.detail) {
				t.Errorf("error %q does not say %q", err, tt.detail)
			}
		})
	}
}

func TestParseUnknownTopicSurvives(t *testing.T) {
	t.Parallel()
	e, err := event.Parse([]byte(`{"topic":"aws.quota.exceeded","metadata":{"quota":3}}`))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if e.Topic != "aws.quota.exceeded" || string(e.Metadata) != `{"quota":3}` {
		t.Errorf("unknown topic event lost data: %+v", e)
	}
	if _, err := e.Decode(); !errors.Is(err, event.ErrUnknownTopic) {
		t.Errorf("Decode of unknown topic = %v, want ErrUnknownTopic", err)
	}
}

func TestParseDoesNotKeepInput(t *testing.T) {
	t.Parallel()
	body := []byte(`{"topic":"a.b.c","metadata":{"k":"v"}}`)
	e, err := event.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	copy(body, strings.Repeat("x", len(body)))
	if string(e.Metadata) != `{"k":"v"}` || e.Topic != "a.b.c" {
		t.Errorf("event changed with its input: %+v", e)
	}
}

func TestMarshalCanonical(t *testing.T) {
	t.Parallel()
	e := &event.Event{
		ID:          "evt_1",
		Topic:       topics.GCPContractRenewed,
		Origin:      event.OriginGCP,
		Suborigin:   event.SuboriginPubSub,
		Text:        "Contract Renewed",
		Description: `GCP contract renewed for listing "A&B <x>".`,
		Timestamp:   time.Date(2024, 1, 2, 3, 4, 5, 6e6, time.UTC),
		Metadata:    json.RawMessage(`{"entitlement_id":"e1"}`),
	}
	got, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"evt_1","topic":"gcp.contract.renewed","origin":"GCP","suborigin":"Pub/Sub","text":"Contract Renewed",` +
		`"description":"GCP contract renewed for listing \"A\u0026B \u003cx\u003e\".","timestamp":"2024-01-02T03:04:05.006Z","metadata":{"entitlement_id":"e1"}}`
	if string(got) != want {
		t.Errorf("Marshal =\n%s\nwant\n%s", got, want)
	}
	var back event.Event
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(e, &back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}

	empty, err := json.Marshal(&event.Event{Topic: topics.AWSListingPublished})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"id":"","topic":"aws.listing.published","origin":"","suborigin":"","text":"","description":"","timestamp":null,"metadata":null}`; string(empty) != want {
		t.Errorf("Marshal of empty event = %s, want %s", empty, want)
	}
}

func TestMarshalRejectsInvalidMetadata(t *testing.T) {
	t.Parallel()
	_, err := json.Marshal(&event.Event{Topic: "a.b.c", Metadata: json.RawMessage(`{`)})
	var me *json.MarshalerError
	if !errors.As(err, &me) {
		t.Errorf("Marshal with invalid metadata = %v, want *json.MarshalerError", err)
	}
}
