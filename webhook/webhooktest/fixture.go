package webhooktest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	clazarevents "github.com/clazarevents/sdk-go"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

// Fixture returns the bundled delivery body of topic t: a realistic
// envelope, with metadata as Clazar documents it (or, for an AWS
// Marketplace EventBridge topic, the event as EventBridge delivers it), as
// the repository's testdata/<marketplace>/<topic>.json holds it. Each call returns a new
// copy. It returns an error wrapping fs.ErrNotExist for a topic without a
// fixture.
func Fixture(t topics.Topic) ([]byte, error) {
	if !topics.ValidPattern(string(t)) || strings.Contains(string(t), "*") || strings.ContainsAny(string(t), "/\\") {
		return nil, fmt.Errorf("webhooktest: fixture of %q: %w", t, fs.ErrNotExist)
	}
	b, err := fs.ReadFile(clazarevents.Fixtures, clazarevents.FixturePath(t))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("webhooktest: no fixture for topic %q: %w", t, fs.ErrNotExist)
		}
		return nil, fmt.Errorf("webhooktest: fixture of %q: %w", t, err)
	}
	return b, nil
}

// MustFixture is like Fixture but panics if t has no fixture. It is for
// tests and examples of documented topics.
func MustFixture(t topics.Topic) []byte {
	b, err := Fixture(t)
	if err != nil {
		panic(err)
	}
	return b
}

// EventBridgeFixture returns the bundled AWS Marketplace EventBridge event
// of the given detail type, such as aws.DetailTypeOfferReleased ("Offer
// Released"): the Fixture of the registered topic whose Spec has that
// DetailType. It returns an error wrapping fs.ErrNotExist for a detail type
// that no package registers.
func EventBridgeFixture(detailType string) ([]byte, error) {
	for _, s := range event.Specs() {
		if s.DetailType == detailType && detailType != "" {
			return Fixture(s.Topic)
		}
	}
	return nil, fmt.Errorf("webhooktest: no EventBridge fixture of detail-type %q: %w", detailType, fs.ErrNotExist)
}

// A Stamp says what Restamp changes in a delivery. Zero fields change
// nothing.
type Stamp struct {
	// ID replaces the envelope's id.
	ID string
	// Timestamp replaces the envelope's timestamp.
	Timestamp time.Time
	// Metadata sets top-level members of the metadata: each value is
	// marshalled with encoding/json (event.Decimal and event.Time marshal
	// as they read), and a nil value removes the member.
	Metadata map[string]any
}

// Restamp returns a copy of the delivery body with the changes s names,
// written in the SDK's canonical form. It suits table tests that need
// many distinct deliveries of one topic:
//
//	body, err := webhooktest.Restamp(webhooktest.MustFixture(topics.AWSContractCreated), webhooktest.Stamp{
//		ID:       "evt_42",
//		Metadata: map[string]any{"customer_identifier": "cust-42"},
//	})
//
// The error wraps event.ErrMalformed if body is not a delivery, and
// reports a metadata value that does not marshal.
func Restamp(body []byte, s Stamp) ([]byte, error) {
	e, err := event.Parse(body)
	if err != nil {
		return nil, fmt.Errorf("webhooktest: restamp: %w", err)
	}
	if s.ID != "" {
		e.ID = s.ID
	}
	if !s.Timestamp.IsZero() {
		e.Timestamp = s.Timestamp
	}
	if len(s.Metadata) > 0 {
		members := map[string]json.RawMessage{}
		if len(e.Metadata) > 0 {
			if err := json.Unmarshal(e.Metadata, &members); err != nil {
				return nil, fmt.Errorf("webhooktest: restamp metadata: %w", err)
			}
		}
		for k, v := range s.Metadata {
			if v == nil {
				delete(members, k)
				continue
			}
			raw, err := json.Marshal(v)
			if err != nil {
				return nil, fmt.Errorf("webhooktest: restamp metadata %q: %w", k, err)
			}
			members[k] = raw
		}
		if e.Metadata, err = json.Marshal(members); err != nil {
			return nil, fmt.Errorf("webhooktest: restamp metadata: %w", err)
		}
	}
	return json.Marshal(e)
}
