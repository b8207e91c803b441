// Package sdktest holds the helpers that the SDK's own tests share:
// reading the bundled fixtures, comparing JSON as values, and the naming
// contract of metadata types. Only tests import it.
package sdktest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"

	clazarevents "github.com/clazarevents/sdk-go"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

// Fixture returns the bundled fixture of topic, stopping the test if there
// is none.
func Fixture(t testing.TB, topic topics.Topic) []byte {
	t.Helper()
	body, err := fs.ReadFile(clazarevents.Fixtures, clazarevents.FixturePath(topic))
	if err != nil {
		t.Fatalf("fixture of %s: %v", topic, err)
	}
	return body
}

// Parse parses a delivery, stopping the test if it is malformed.
func Parse(t testing.TB, body []byte) *event.Event {
	t.Helper()
	e, err := event.Parse(body)
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, body)
	}
	return e
}

// TypeName is the Go name that the SDK gives the metadata type of topic:
// its entity and action in CamelCase, with the initialisms AWS and GCP
// upper-cased, as in ListingWaitingOnAWS for aws.listing.waiting_on_aws.
// For a registered EventBridge topic, whose entity is its source, it is
// the action alone, as in ChangeSetFailed for
// aws.marketplacecatalog.change_set_failed.
func TypeName(topic topics.Topic) string {
	words := topic.Entity() + "_" + topic.Action()
	if s, ok := event.Lookup(topic); ok && s.Source != "" {
		words = topic.Action()
	}
	var b strings.Builder
	for _, w := range strings.FieldsFunc(words, func(r rune) bool { return r == '_' }) {
		switch w {
		case "aws", "gcp":
			b.WriteString(strings.ToUpper(w))
		default:
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

// normalize decodes the JSON text data for comparison: numbers stay as
// written (json.Number) and object members whose value is null are
// dropped, so that null and absent compare equal.
func normalize(t testing.TB, data []byte) any {
	t.Helper()
	if len(data) == 0 {
		data = []byte("null")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, data)
	}
	return dropNulls(v)
}

func dropNulls(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if x == nil {
				delete(v, k)
			} else {
				v[k] = dropNulls(x)
			}
		}
	case []any:
		for i, x := range v {
			v[i] = dropNulls(x)
		}
	}
	return v
}

// Marshal marshals v, stopping the test on error.
func Marshal(t testing.TB, v any) []byte {
	t.Helper()
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("Marshal(%T): %v", v, err)
	}
	return out
}

// JSONEq checks that the JSON texts want and got hold the same value, as
// assert.JSONEq does, and reports their difference as it does, with two
// departures that the SDK's claims need: numbers compare by their digits,
// where assert.JSONEq reads them as float64, so that 12.50 and 12.5, or two
// amounts that differ past the 16th digit, compare equal; and a member
// whose value is null equals an absent one, as a struct field marshalled
// without omitempty writes null for what the input did not have.
func JSONEq(t testing.TB, want, got []byte, msgAndArgs ...any) bool {
	t.Helper()
	return assert.Equal(t, normalize(t, want), normalize(t, got), msgAndArgs...)
}

// Exact checks that json.Marshal(v) is the JSON text input, compared as
// JSONEq compares.
func Exact(t testing.TB, input []byte, v any) {
	t.Helper()
	JSONEq(t, input, Marshal(t, v), "%T does not marshal to exactly its input", v)
}

// Lossless checks that json.Marshal(v) reproduces every member of input
// with the same value, compared as values. Members that the output adds
// for keys absent from input must hold zero values ("", 0, false, {} or
// []), as a decoded struct writes every field it has.
func Lossless(t testing.TB, input []byte, v any) {
	t.Helper()
	want, got := normalize(t, input), normalize(t, Marshal(t, v))
	got = pruneZeroExtras(t, "$", got, want)
	assert.Equal(t, want, got, "%T does not marshal back to its input", v)
}

// pruneZeroExtras removes from got the object members that want lacks,
// reporting those whose value is not a zero value.
func pruneZeroExtras(t testing.TB, path string, got, want any) any {
	t.Helper()
	switch g := got.(type) {
	case map[string]any:
		w, ok := want.(map[string]any)
		if !ok {
			return got
		}
		for k, x := range g {
			if wx, ok := w[k]; ok {
				g[k] = pruneZeroExtras(t, path+"."+k, x, wx)
				continue
			}
			if !isZeroJSON(x) {
				t.Errorf("marshalled %s.%s = %v, absent from the input", path, k, x)
			}
			delete(g, k)
		}
	case []any:
		w, ok := want.([]any)
		if !ok || len(w) != len(g) {
			return got
		}
		for i := range g {
			g[i] = pruneZeroExtras(t, fmt.Sprintf("%s[%d]", path, i), g[i], w[i])
		}
	}
	return got
}

// isZeroJSON reports whether v, a normalized JSON value, is "", 0, false,
// an empty object or an empty array.
func isZeroJSON(v any) bool {
	switch v := v.(type) {
	case string:
		return v == ""
	case bool:
		return !v
	case json.Number:
		return v.String() == "0"
	case map[string]any:
		return len(v) == 0
	case []any:
		return len(v) == 0
	}
	return false
}

// WithMember returns the JSON object metadata with member key set to the
// JSON text value, or removed if value is "".
func WithMember(t testing.TB, metadata []byte, key, value string) string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(metadata, &m); err != nil {
		t.Fatalf("metadata is not an object: %v", err)
	}
	if value == "" {
		delete(m, key)
	} else {
		m[key] = json.RawMessage(value)
	}
	return string(Marshal(t, m))
}

// WantInvalid checks that err is an *event.ValidationError listing
// exactly the given "path rule" problems, in order.
func WantInvalid(t testing.TB, err error, problems ...string) {
	t.Helper()
	var ve *event.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error = %v, want *event.ValidationError", err)
	}
	got := make([]string, len(ve.Fields))
	for i, f := range ve.Fields {
		got[i] = f.Path + " " + f.Rule
	}
	if diff := cmp.Diff(problems, got); diff != "" {
		t.Errorf("validation problems (-want +got):\n%s", diff)
	}
}

// FixtureMetadata returns the members of the metadata of topic's fixture.
func FixtureMetadata(t testing.TB, topic topics.Topic) map[string]json.RawMessage {
	t.Helper()
	var md map[string]json.RawMessage
	if err := json.Unmarshal(Parse(t, Fixture(t, topic)).Metadata, &md); err != nil {
		t.Fatalf("metadata of %s: %v", topic, err)
	}
	return md
}

// Delivery returns a delivery of topic whose metadata is the JSON text
// metadata, stopping the test if it does not parse.
func Delivery(t testing.TB, topic topics.Topic, metadata string) *event.Event {
	t.Helper()
	return Parse(t, []byte(`{"topic":"`+string(topic)+`","metadata":`+metadata+`}`))
}

// DecodeStrict decodes e's metadata strictly, stopping the test on error
// or on metadata of another topic.
func DecodeStrict(t testing.TB, e *event.Event) event.Metadata {
	t.Helper()
	m, err := e.DecodeStrict()
	if err != nil {
		t.Fatalf("DecodeStrict(%s): %v", e.Topic, err)
	}
	if m.Topic() != e.Topic {
		t.Fatalf("DecodeStrict(%s) = %T, which is for %s", e.Topic, m, m.Topic())
	}
	return m
}

// Topics returns the documented topics of marketplace m, only those of
// entity unless it is "".
func Topics(m topics.Marketplace, entity string) []topics.Topic {
	var ts []topics.Topic
	for _, t := range topics.All() {
		if t.Marketplace() == m && (entity == "" || t.Entity() == entity) {
			ts = append(ts, t)
		}
	}
	return ts
}

// SyncBuffer is a bytes.Buffer safe for concurrent use: a server's
// goroutines write logs to it while the test reads them.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p to the buffer.
func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what the buffer holds.
func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
