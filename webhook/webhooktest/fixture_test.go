package webhooktest_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

func TestEventBridgeFixture(t *testing.T) {
	t.Parallel()
	n := 0
	for _, s := range event.Specs() {
		if s.DetailType == "" {
			continue
		}
		n++
		body, err := webhooktest.EventBridgeFixture(s.DetailType)
		if err != nil {
			t.Fatalf("EventBridgeFixture(%q): %v", s.DetailType, err)
		}
		e, err := event.Parse(body)
		if err != nil || e.EventBridge == nil || e.EventBridge.DetailType != s.DetailType || e.Topic != s.Topic {
			t.Fatalf("EventBridgeFixture(%q) parses to %+v, %v", s.DetailType, e, err)
		}
		if _, err := e.DecodeStrict(); err != nil {
			t.Errorf("EventBridgeFixture(%q): DecodeStrict: %v", s.DetailType, err)
		}
		//lint:ignore SA1019 the deprecated reader must still read every fixture
		if eb, err := aws.ParseEventBridge(body); err != nil || eb.ID != e.ID {
			t.Errorf("EventBridgeFixture(%q): ParseEventBridge = %+v, %v", s.DetailType, eb, err)
		}
	}
	if n != 27 {
		t.Errorf("%d EventBridge detail types, want 27", n)
	}
	for _, bad := range []string{"", "Offer Withdrawn", "Purchase Agreement Created - Acceptor", "../../go.mod", "a/b"} {
		if _, err := webhooktest.EventBridgeFixture(bad); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("EventBridgeFixture(%q) = %v, want fs.ErrNotExist", bad, err)
		}
	}
}

func TestRestamp(t *testing.T) {
	t.Parallel()
	ts := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	body, err := webhooktest.Restamp(webhooktest.MustFixture(topics.AWSContractCreated), webhooktest.Stamp{
		ID:        "evt_42",
		Timestamp: ts,
		Metadata: map[string]any{
			"customer_identifier": "cust-42",
			"product_code":        nil,
			"note":                []int{1, 2},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	e, err := event.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	if e.ID != "evt_42" || !e.Timestamp.Equal(ts) || e.Topic != topics.AWSContractCreated {
		t.Errorf("envelope = %+v", e)
	}
	var md map[string]json.RawMessage
	if err := json.Unmarshal(e.Metadata, &md); err != nil {
		t.Fatal(err)
	}
	if string(md["customer_identifier"]) != `"cust-42"` || string(md["note"]) != `[1,2]` {
		t.Errorf("metadata = %s", e.Metadata)
	}
	if _, ok := md["product_code"]; ok {
		t.Error("a nil value did not remove product_code")
	}
	if _, ok := md["entitlements"]; !ok {
		t.Error("Restamp dropped a member it was not asked to change")
	}
	var ve *event.ValidationError
	if _, err := e.Decode(); !errors.As(err, &ve) {
		t.Errorf("Decode without product_code = %v, want *event.ValidationError", err)
	}
}

func TestRestampKeepsWhatItIsNotAsked(t *testing.T) {
	t.Parallel()
	orig := webhooktest.MustFixture(topics.GCPContractRenewed)
	body, err := webhooktest.Restamp(orig, webhooktest.Stamp{})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := event.Parse(orig)
	b, _ := event.Parse(body)
	ab, _ := json.Marshal(a)
	bb, _ := json.Marshal(b)
	if string(ab) != string(bb) {
		t.Errorf("an empty Stamp changed the delivery:\n%s\n%s", ab, bb)
	}
}

func TestRestampErrors(t *testing.T) {
	t.Parallel()
	if _, err := webhooktest.Restamp([]byte(`[]`), webhooktest.Stamp{ID: "x"}); !errors.Is(err, event.ErrMalformed) {
		t.Errorf("Restamp of a non-delivery = %v, want event.ErrMalformed", err)
	}
	_, err := webhooktest.Restamp(webhooktest.MustFixture(topics.AWSListingPublished), webhooktest.Stamp{Metadata: map[string]any{"bad": make(chan int)}})
	var ue *json.UnsupportedTypeError
	if !errors.As(err, &ue) {
		t.Errorf("Restamp with an unmarshallable value = %v, want *json.UnsupportedTypeError", err)
	}
}
