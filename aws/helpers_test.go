package aws_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

// fixtureDir holds one delivery per AWS topic.
var fixtureDir = filepath.Join("..", "testdata", "aws")

// readFile returns the contents of the file at path.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading fixture: %v", err)
	}
	return b
}

// parseFixture parses the fixture delivery of topic.
func parseFixture(t *testing.T, topic topics.Topic) *event.Event {
	t.Helper()
	return parseBody(t, readFile(t, filepath.Join(fixtureDir, string(topic)+".json")))
}

// parseBody parses a delivery that must be well formed.
func parseBody(t *testing.T, body []byte) *event.Event {
	t.Helper()
	e, err := event.Parse(body)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return e
}

// docEvent returns a delivery of topic whose metadata is the JSON text
// metadata.
func docEvent(t *testing.T, topic topics.Topic, metadata string) *event.Event {
	t.Helper()
	return parseBody(t, []byte(`{"topic":"`+string(topic)+`","metadata":`+metadata+`}`))
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
	assertLossless(t, e.Metadata, v)
	return v
}

// decodeFixture decodes the fixture delivery of T's topic strictly, and
// checks that the decoded value marshals to exactly the fixture's metadata.
func decodeFixture[T event.Metadata](t *testing.T) *T {
	t.Helper()
	var zero T
	e := parseFixture(t, zero.Topic())
	v := decodeStrict[T](t, e)
	assertExact(t, e.Metadata, v)
	return v
}

// decodeDoc decodes metadata, a documented example written as JSON,
// strictly as T, and checks that the decoded value marshals to exactly it.
func decodeDoc[T event.Metadata](t *testing.T, metadata string) *T {
	t.Helper()
	var zero T
	e := docEvent(t, zero.Topic(), metadata)
	v := decodeStrict[T](t, e)
	assertExact(t, e.Metadata, v)
	return v
}

// assertLossless checks that json.Marshal(v) reproduces every member of
// input with the same value, compared as JSON with numbers kept as written
// and null members taken as absent. Members that the output adds for keys
// absent from input must hold zero values ("", 0, false, {} or []).
func assertLossless(t *testing.T, input []byte, v any) {
	t.Helper()
	want, got := normalize(t, orNull(input)), normalize(t, marshal(t, v))
	got = pruneZeroExtras(t, "$", got, want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%T does not marshal back to its input (-input +marshalled):\n%s", v, diff)
	}
}

// assertExact checks that json.Marshal(v) is input, compared as JSON with
// numbers kept as written and null members taken as absent.
func assertExact(t *testing.T, input []byte, v any) {
	t.Helper()
	if diff := cmp.Diff(normalize(t, orNull(input)), normalize(t, marshal(t, v))); diff != "" {
		t.Errorf("%T does not marshal to exactly its input (-input +marshalled):\n%s", v, diff)
	}
}

func orNull(b []byte) []byte {
	if len(b) == 0 {
		return []byte("null")
	}
	return b
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("Marshal(%T): %v", v, err)
	}
	return out
}

// pruneZeroExtras removes from got the object members that want lacks,
// reporting those whose value is not a zero value.
func pruneZeroExtras(t *testing.T, path string, got, want any) any {
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

// normalize decodes the JSON text data, keeping numbers as json.Number
// and dropping object members whose value is null.
func normalize(t *testing.T, data []byte) any {
	t.Helper()
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

// wantInvalid checks that err is an *event.ValidationError listing exactly
// the given "path rule" problems, in order.
func wantInvalid(t *testing.T, err error, problems ...string) {
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

// withMember returns the JSON object metadata with member key set to the
// JSON value value, or removed if value is "".
func withMember(t *testing.T, metadata []byte, key, value string) string {
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
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	return string(b)
}

// compact returns the JSON text s without insignificant space.
func compact(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return b.String()
}

// awsSpecs returns the registered specs of AWS topics.
func awsSpecs() []event.Spec {
	var specs []event.Spec
	for _, s := range event.Specs() {
		if s.Topic.Marketplace() == topics.AWS {
			specs = append(specs, s)
		}
	}
	return specs
}

// typeName returns the Go name that the contract gives the metadata type
// of topic: the entity and the action in CamelCase, with AWS upper-cased.
func typeName(topic topics.Topic) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(topic.Entity()+"_"+topic.Action(), func(r rune) bool { return r == '_' }) {
		if part == "aws" {
			b.WriteString("AWS")
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}
