package clazarevents_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	clazarevents "github.com/clazarevents/sdk-go"
	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"

	_ "github.com/clazarevents/sdk-go/azure"
	_ "github.com/clazarevents/sdk-go/gcp"
)

var update = flag.Bool("update", false, "rewrite the golden files and the README topic table")

// identity lists the fields that validation requires, by topic pattern:
// identity only, so that real deliveries are never rejected for detail.
// A topic no pattern matches requires nothing.
var identity = []struct {
	pattern string
	fields  []string
}{
	{"aws.contract.*", []string{"customer_identifier", "product_code"}},
	{"aws.metering.*", []string{"customer_identifier", "product_code"}},
	{"aws.private_offer.created", []string{"offer_id"}},
	{"aws.analytics.*", []string{"product_code"}},
	{"azure.contract.*", []string{"offer_id", "subscription_id"}},
	{"gcp.contract.*", []string{"entitlement_id"}},
	{"gcp.metering.*", []string{"dimension", "entitlement_id"}},
}

func identityFields(t topics.Topic) []string {
	for _, id := range identity {
		if topics.Match(id.pattern, t) {
			return id.fields
		}
	}
	return nil
}

func fixturePath(t topics.Topic) string {
	return path.Join("testdata", string(t.Marketplace()), string(t)+".json")
}

func goldenPath(t topics.Topic) string {
	return strings.TrimSuffix(fixturePath(t), ".json") + ".golden"
}

// TestRegistryCoversTopics checks that the marketplace packages register
// exactly the documented topics.
func TestRegistryCoversTopics(t *testing.T) {
	var registered []topics.Topic
	for _, s := range event.Specs() {
		registered = append(registered, s.Topic)
	}
	if diff := cmp.Diff(topics.All(), registered); diff != "" {
		t.Errorf("registry and topics.All differ (-documented +registered):\n%s", diff)
	}
}

// TestConformance runs one suite over every registered topic: its fixture
// parses, matches its Spec, decodes strictly, validates, round-trips
// losslessly, matches its golden file, and fails validation without each
// identity field.
func TestConformance(t *testing.T) {
	for _, s := range event.Specs() {
		t.Run(string(s.Topic), func(t *testing.T) {
			t.Parallel()
			body, err := fs.ReadFile(clazarevents.Fixtures, fixturePath(s.Topic))
			if err != nil {
				t.Fatalf("no fixture: %v", err)
			}
			e, err := event.Parse(body)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			checkEnvelope(t, s, e)
			m, err := e.DecodeStrict()
			if err != nil {
				t.Fatalf("DecodeStrict: %v", err)
			}
			if got := reflect.TypeOf(m); got.Kind() != reflect.Pointer || got.Elem() != s.Type() {
				t.Errorf("Decode gave %s, the Spec says *%s", got, s.Type())
			}
			out, err := json.Marshal(m)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			if diff := diffJSON(t, e.Metadata, out); diff != "" {
				t.Errorf("metadata does not round-trip (-fixture +re-marshalled):\n%s", diff)
			}
			checkGolden(t, s.Topic, e, out)
			checkIdentity(t, s, e)
		})
	}
}

func checkEnvelope(t *testing.T, s event.Spec, e *event.Event) {
	t.Helper()
	if e.Topic != s.Topic || e.Origin != s.Origin || e.Suborigin != s.Suborigin || e.Text != s.Text {
		t.Errorf("envelope %q/%q/%q/%q, the Spec says %q/%q/%q/%q",
			e.Topic, e.Origin, e.Suborigin, e.Text, s.Topic, s.Origin, s.Suborigin, s.Text)
	}
	if e.ID == "" || e.Timestamp.IsZero() {
		t.Errorf("fixture lacks an id or a timestamp: %q, %v", e.ID, e.Timestamp)
	}
	if !descriptionPattern(s.Description).MatchString(e.Description) {
		t.Errorf("description %q does not render the template %q", e.Description, s.Description)
	}
	if strings.Contains(string(e.Metadata), "[email protected]") || strings.ContainsAny(e.Description, "{}") {
		t.Errorf("fixture keeps a placeholder of the docs")
	}
}

// descriptionPattern turns "Listing {listing-title} is live." into a
// pattern that a rendered description matches.
func descriptionPattern(template string) *regexp.Regexp {
	parts := regexp.MustCompile(`\{[^}]+\}`).Split(template, -1)
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile("^" + strings.Join(parts, `[^{}]+`) + "$")
}

func checkGolden(t *testing.T, topic topics.Topic, e *event.Event, metadata []byte) {
	t.Helper()
	canonical := *e
	canonical.Metadata = metadata
	got, err := json.MarshalIndent(&canonical, "", "  ")
	if err != nil {
		t.Fatalf("Marshal canonical: %v", err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(goldenPath(topic), got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(goldenPath(topic))
	if err != nil {
		t.Fatalf("no golden file (run go test -update): %v", err)
	}
	if diff := diffJSON(t, want, got); diff != "" {
		t.Errorf("canonical form differs from %s (-golden +got):\n%s", goldenPath(topic), diff)
	}
}

// checkIdentity removes each identity field in turn and expects a
// *event.ValidationError naming it; and validates empty metadata to check
// that nothing else is required.
func checkIdentity(t *testing.T, s event.Spec, e *event.Event) {
	t.Helper()
	fields := identityFields(s.Topic)
	for _, f := range fields {
		var md map[string]json.RawMessage
		if err := json.Unmarshal(e.Metadata, &md); err != nil {
			t.Fatal(err)
		}
		if _, ok := md[f]; !ok {
			t.Errorf("fixture lacks identity field %q", f)
			continue
		}
		delete(md, f)
		stripped := *e
		stripped.Metadata, _ = json.Marshal(md)
		_, err := stripped.Decode()
		var ve *event.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("without %q: Decode = %v, want *event.ValidationError", f, err)
			continue
		}
		want := []*event.FieldError{{Path: "metadata." + f, Rule: "required"}}
		if diff := cmp.Diff(want, ve.Fields); diff != "" {
			t.Errorf("without %q (-want +got):\n%s", f, diff)
		}
	}
	empty := *e
	empty.Metadata = json.RawMessage(`{}`)
	_, err := empty.Decode()
	var got []string
	var ve *event.ValidationError
	if errors.As(err, &ve) {
		for _, fe := range ve.Fields {
			got = append(got, strings.TrimPrefix(fe.Path, "metadata.")+":"+fe.Rule)
		}
	} else if err != nil {
		t.Fatalf("Decode of {}: %v", err)
	}
	var want []string
	for _, f := range fields {
		want = append(want, f+":required")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("validation of {} requires more or less than the identity (-identity +required):\n%s", diff)
	}
}

// TestEveryFixtureHasAnOwner fails on a fixture that no Spec or EventBridge
// detail type owns, and on two fixtures with one delivery id.
func TestEveryFixtureHasAnOwner(t *testing.T) {
	owned := map[string]bool{}
	ids := map[string]topics.Topic{}
	for _, s := range event.Specs() {
		owned[fixturePath(s.Topic)] = true
		owned[goldenPath(s.Topic)] = true
		body, err := fs.ReadFile(clazarevents.Fixtures, fixturePath(s.Topic))
		if err != nil {
			continue // TestConformance reports it
		}
		if e, err := event.Parse(body); err == nil {
			if other, dup := ids[e.ID]; dup {
				t.Errorf("%s and %s share the delivery id %q", other, s.Topic, e.ID)
			}
			ids[e.ID] = s.Topic
		}
	}
	err := fs.WalkDir(os.DirFS("."), "testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch dir := path.Dir(p); {
		case dir == "testdata/aws/eventbridge":
			checkEventBridgeFixture(t, p)
		case slices.Contains([]string{"testdata/aws", "testdata/azure", "testdata/gcp"}, dir) && !owned[p]:
			t.Errorf("%s: no registered topic owns this fixture", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func checkEventBridgeFixture(t *testing.T, p string) {
	t.Helper()
	body, err := fs.ReadFile(clazarevents.Fixtures, p)
	if err != nil {
		t.Errorf("%s is not embedded: %v", p, err)
		return
	}
	eb, err := aws.ParseEventBridge(body)
	if err != nil {
		t.Errorf("%s: ParseEventBridge: %v", p, err)
		return
	}
	if _, err := eb.DecodeDetail(); err != nil {
		t.Errorf("%s: DecodeDetail: %v", p, err)
	}
}

// diffJSON compares two JSON texts as values, with numbers compared by
// their digits and a null member the same as an absent one.
func diffJSON(t *testing.T, a, b []byte) string {
	t.Helper()
	return cmp.Diff(jsonValue(t, a), jsonValue(t, b))
}

func jsonValue(t *testing.T, data []byte) any {
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
