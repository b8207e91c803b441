package azure_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clazarevents/sdk-go/azure"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

// fixtureDir holds one delivery per Azure topic.
var fixtureDir = filepath.Join("..", "testdata", "azure")

// azureTopics returns the documented Azure topics, optionally only those
// of one entity.
func azureTopics(entity string) []topics.Topic {
	var ts []topics.Topic
	for _, t := range topics.All() {
		if t.Marketplace() == topics.Azure && (entity == "" || t.Entity() == entity) {
			ts = append(ts, t)
		}
	}
	return ts
}

// typeName is the metadata type name the contract gives a topic:
// CamelCase(entity) + CamelCase(action), initialisms upper-cased.
func typeName(t topics.Topic) string {
	var b strings.Builder
	for _, w := range strings.Split(t.Entity()+"_"+t.Action(), "_") {
		switch w {
		case "aws", "gcp", "id":
			b.WriteString(strings.ToUpper(w))
		default:
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

// readFixture returns the bytes of the fixture of topic t.
func readFixture(t *testing.T, topic topics.Topic) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtureDir, string(topic)+".json"))
	if err != nil {
		t.Fatalf("fixture of %s: %v", topic, err)
	}
	return data
}

// parse reads a delivery, stopping the test if it is malformed.
func parse(t *testing.T, body []byte) *event.Event {
	t.Helper()
	e, err := event.Parse(body)
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, body)
	}
	return e
}

// withMetadata returns a delivery of topic t with the given raw metadata.
func withMetadata(t *testing.T, topic topics.Topic, metadata string) *event.Event {
	t.Helper()
	return parse(t, []byte(`{"topic":"`+string(topic)+`","metadata":`+metadata+`}`))
}

// decodeStrict decodes e's metadata strictly, stopping the test on error.
func decodeStrict(t *testing.T, e *event.Event) event.Metadata {
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

// normalize reads JSON into plain values, keeping numbers as written and
// dropping null members, so that null and absent compare equal.
func normalize(t *testing.T, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("normalize: %v\n%s", err, data)
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

// assertLossless checks that m marshals back to the JSON it was decoded
// from: every member with the same value, numbers digit for digit.
func assertLossless(t *testing.T, in []byte, m any) {
	t.Helper()
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatalf("Marshal(%T): %v", m, err)
	}
	if diff := cmp.Diff(normalize(t, in), normalize(t, out)); diff != "" {
		t.Errorf("%T does not round-trip (-in +out):\n%s", m, diff)
	}
}

func TestRegistry(t *testing.T) {
	t.Parallel()
	all := azureTopics("")
	if len(all) != 12 {
		t.Fatalf("topics lists %d Azure topics, want 12", len(all))
	}
	metadata := reflect.TypeFor[event.Metadata]()
	for _, topic := range all {
		t.Run(string(topic), func(t *testing.T) {
			t.Parallel()
			s, ok := event.Lookup(topic)
			if !ok {
				t.Fatal("not registered")
			}
			typ := s.Type()
			if typ.PkgPath() != reflect.TypeFor[azure.ContractPending]().PkgPath() || typ.Name() != typeName(topic) {
				t.Errorf("metadata type = %s, want azure.%s", typ, typeName(topic))
			}
			if !typ.Implements(metadata) {
				t.Errorf("%s implements event.Metadata only through a pointer", typ)
			}
			if s.Origin == "" || s.Suborigin == "" || s.Text == "" || s.Summary == "" {
				t.Errorf("spec has empty documented fields: %+v", s)
			}
			if !strings.Contains(s.Description, "{listing-title}") {
				t.Errorf("Description %q lacks the {listing-title} placeholder", s.Description)
			}
			if !strings.HasSuffix(s.Summary, ".") || strings.Contains(s.Summary, "\n") {
				t.Errorf("Summary %q is not one sentence", s.Summary)
			}
		})
	}
	for _, s := range event.Specs() {
		if s.Type().PkgPath() == reflect.TypeFor[azure.ContractPending]().PkgPath() && !s.Topic.Known() {
			t.Errorf("azure registers %s, which topics does not name", s.Topic)
		}
	}
}

// templateRE matches a description rendered from template, whatever the
// values of its placeholders.
func templateRE(template string) *regexp.Regexp {
	quoted := regexp.QuoteMeta(template)
	return regexp.MustCompile("^" + regexp.MustCompile(`\\\{[a-z-]+\\\}`).ReplaceAllString(quoted, ".+") + "$")
}

func TestFixtures(t *testing.T) {
	t.Parallel()
	for _, topic := range azureTopics("") {
		t.Run(string(topic), func(t *testing.T) {
			t.Parallel()
			data := readFixture(t, topic)
			e := parse(t, data)
			s, _ := event.Lookup(topic)
			if e.Topic != topic || e.Origin != s.Origin || e.Suborigin != s.Suborigin || e.Text != s.Text {
				t.Errorf("envelope %q %q %q %q, want the spec's %q %q %q %q",
					e.Topic, e.Origin, e.Suborigin, e.Text, topic, s.Origin, s.Suborigin, s.Text)
			}
			if !templateRE(s.Description).MatchString(e.Description) || strings.Contains(e.Description, "{") {
				t.Errorf("description %q is not a rendering of %q", e.Description, s.Description)
			}
			if e.ID == "" || e.Timestamp.IsZero() || e.Metadata == nil {
				t.Errorf("fixture lacks an id, a timestamp or metadata: %+v", e)
			}
			canonical, err := json.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			var indented bytes.Buffer
			if err := json.Indent(&indented, canonical, "", "  "); err != nil {
				t.Fatal(err)
			}
			indented.WriteByte('\n')
			if diff := cmp.Diff(indented.String(), string(data)); diff != "" {
				t.Errorf("fixture is not the canonical envelope, 2-space indented (-want +got):\n%s", diff)
			}

			m := decodeStrict(t, e)
			if reflect.TypeOf(m).Elem() != s.Type() {
				t.Errorf("DecodeStrict = %T, want *%s", m, s.Type())
			}
			assertLossless(t, e.Metadata, m)
		})
	}
}
