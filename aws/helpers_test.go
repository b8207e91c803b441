package aws_test

import (
	"testing"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/sdktest"
	"github.com/clazarevents/sdk-go/topics"
)

// parseFixture parses the fixture delivery of topic.
func parseFixture(t *testing.T, topic topics.Topic) *event.Event {
	t.Helper()
	return sdktest.Parse(t, sdktest.Fixture(t, topic))
}

// decodeStrict decodes e's metadata strictly as T, checks that the decoded
// value marshals back to the input metadata, and returns it.
func decodeStrict[T event.Metadata](t *testing.T, e *event.Event) *T {
	t.Helper()
	m, err := e.DecodeStrict()
	if err != nil {
		t.Fatalf("DecodeStrict(%s): %v", e.Topic, err)
	}
	v, ok := any(m).(*T)
	if !ok {
		t.Fatalf("DecodeStrict(%s) = %T, want *%T", e.Topic, m, *new(T))
	}
	sdktest.Lossless(t, e.Metadata, v)
	return v
}

// decodeFixture decodes the fixture delivery of T's topic strictly, and
// checks that the decoded value marshals to exactly the fixture's metadata.
func decodeFixture[T event.Metadata](t *testing.T) *T {
	t.Helper()
	var zero T
	e := parseFixture(t, zero.Topic())
	v := decodeStrict[T](t, e)
	sdktest.Exact(t, e.Metadata, v)
	return v
}

// decodeDoc decodes metadata, a documented example written as JSON,
// strictly as T, and checks that the decoded value marshals to exactly it.
func decodeDoc[T event.Metadata](t *testing.T, metadata string) *T {
	t.Helper()
	var zero T
	e := sdktest.Delivery(t, zero.Topic(), metadata)
	v := decodeStrict[T](t, e)
	sdktest.Exact(t, e.Metadata, v)
	return v
}
