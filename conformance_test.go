package clazarevents_test

import (
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
	"time"

	"github.com/google/go-cmp/cmp"

	clazarevents "github.com/clazarevents/sdk-go"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/sdktest"
	"github.com/clazarevents/sdk-go/topics"

	_ "github.com/clazarevents/sdk-go/azure"
	_ "github.com/clazarevents/sdk-go/gcp"
)

var update = flag.Bool("update", false, "rewrite the golden files and the README topic table")

// identity lists the fields that validation requires, by topic pattern:
// identity only, so that real deliveries are never rejected for detail.
// A field is a dotted path into the metadata (an EventBridge detail). A
// topic no pattern matches requires nothing.
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
	{"aws.marketplacecatalog.offer_released", []string{"offer.id"}},
	{"aws.marketplacecatalog.offer_set_released", []string{"offerSet.id"}},
	{"aws.marketplacecatalog.change_set_succeeded", []string{"ChangeSetId"}},
	{"aws.marketplacecatalog.change_set_failed", []string{"ChangeSetId"}},
	{"aws.marketplacecatalog.change_set_cancelled", []string{"ChangeSetId"}},
	{"aws.agreement_marketplace.license_updated_manufacturer", []string{"agreement.id", "license.arn"}},
	{"aws.agreement_marketplace.license_deprovisioned_manufacturer", []string{"agreement.id", "license.arn"}},
	{"aws.agreement_marketplace.agreement_cancellation_request_pending_approval_proposer", []string{"agreement.id", "agreementCancellationRequest.id"}},
	{"aws.agreement_marketplace.agreement_cancellation_request_approved_proposer", []string{"agreement.id", "agreementCancellationRequest.id"}},
	{"aws.agreement_marketplace.agreement_cancellation_request_rejected_proposer", []string{"agreement.id", "agreementCancellationRequest.id"}},
	{"aws.agreement_marketplace.agreement_cancellation_request_cancelled_proposer", []string{"agreement.id", "agreementCancellationRequest.id"}},
	{"aws.agreement_marketplace.agreement_cancellation_request_validation_failed_proposer", []string{"agreement.id", "agreementCancellationRequest.id"}},
	{"aws.agreement_marketplace.purchase_agreement_billing_adjustment_completed_proposer", []string{"agreement.id", "billingAdjustmentRequest.id"}},
	{"aws.agreement_marketplace.purchase_agreement_billing_adjustment_failed_proposer", []string{"agreement.id", "billingAdjustmentRequest.id"}},
	{"aws.agreement_marketplace.*", []string{"agreement.id"}}, // the purchase agreement events
}

func identityFields(t topics.Topic) []string {
	for _, id := range identity {
		if topics.Match(id.pattern, t) {
			return id.fields
		}
	}
	return nil
}

func goldenPath(t topics.Topic) string {
	return strings.TrimSuffix(clazarevents.FixturePath(t), ".json") + ".golden"
}

// TestRegistryCoversTopics checks that the marketplace packages register
// exactly the documented topics, each with a metadata type named by the
// SDK's contract in its marketplace's package, that names its topic with
// a value receiver, and with the documented parts of its Spec filled in.
func TestRegistryCoversTopics(t *testing.T) {
	var registered []topics.Topic
	metadata := reflect.TypeFor[event.Metadata]()
	for _, s := range event.Specs() {
		registered = append(registered, s.Topic)
		typ := s.Type()
		if want := "github.com/clazarevents/sdk-go/" + string(s.Topic.Marketplace()); typ.PkgPath() != want || typ.Name() != sdktest.TypeName(s.Topic) {
			t.Errorf("%s: metadata type %s.%s, want %s.%s", s.Topic, typ.PkgPath(), typ.Name(), want, sdktest.TypeName(s.Topic))
		}
		if !typ.Implements(metadata) {
			t.Errorf("%s: %s implements event.Metadata only through a pointer", s.Topic, typ)
		}
		if s.Summary == "" || strings.Contains(s.Summary, "\n") || !strings.HasSuffix(s.Summary, ".") {
			t.Errorf("%s: Summary %q is not one sentence", s.Topic, s.Summary)
		}
		switch aws := s.Topic.Marketplace() == topics.AWS; {
		case !aws && (s.Text == "" || s.Origin == "" || s.Suborigin == ""):
			t.Errorf("%s: Clazar documents a text, origin and suborigin, the Spec lacks one: %+v", s.Topic, s)
		case aws && s.Text != "":
			t.Errorf("%s: Text %q, but the AWS page documents none", s.Topic, s.Text)
		case s.Suborigin != "" && s.Origin == "":
			t.Errorf("%s: suborigin %q without an origin", s.Topic, s.Suborigin)
		}
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
			body, err := fs.ReadFile(clazarevents.Fixtures, clazarevents.FixturePath(s.Topic))
			if err != nil {
				t.Fatalf("no fixture: %v", err)
			}
			e, err := event.Parse(body)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			checkEnvelope(t, s, e)
			var canonical strings.Builder
			enc := json.NewEncoder(&canonical)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(e); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(canonical.String(), string(body)); diff != "" {
				t.Errorf("fixture is not the canonical envelope, 2-space indented (-want +got):\n%s", diff)
			}
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
			sdktest.JSONEq(t, e.Metadata, out, "metadata does not round-trip")
			checkGolden(t, s.Topic, e, out)
			checkIdentity(t, s, e)
			if s.Type().NumField() == 0 {
				checkEmptyMetadata(t, s)
			}
		})
	}
}

func checkEnvelope(t *testing.T, s event.Spec, e *event.Event) {
	t.Helper()
	if e.Topic != s.Topic || e.Origin != s.Origin || e.Suborigin != s.Suborigin || e.Text != s.Text {
		t.Errorf("envelope %q/%q/%q/%q, the Spec says %q/%q/%q/%q",
			e.Topic, e.Origin, e.Suborigin, e.Text, s.Topic, s.Origin, s.Suborigin, s.Text)
	}
	if e.ID == "" || e.Timestamp.IsZero() || e.Timestamp.Location() != time.UTC {
		t.Errorf("fixture lacks an id or a UTC timestamp: %q, %v", e.ID, e.Timestamp)
	}
	switch eb := e.EventBridge; {
	case s.Source == "" && eb != nil:
		t.Errorf("a Clazar topic's fixture is an EventBridge event")
	case s.Source != "" && (eb == nil || eb.Source != s.Source || eb.DetailType != s.DetailType):
		t.Errorf("EventBridge envelope %+v, the Spec says source %q, detail-type %q", eb, s.Source, s.DetailType)
	case eb != nil && (eb.Version != "0" || len(eb.Account) != 12 || eb.Region == ""):
		t.Errorf("EventBridge envelope lacks the version, account or region of a real event: %+v", eb)
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
	sdktest.JSONEq(t, want, got, "canonical form differs from %s", goldenPath(topic))
}

// checkIdentity removes each identity field in turn and expects a
// *event.ValidationError naming it, with its path from the member that
// holds the metadata ("metadata", or "detail" for an EventBridge event);
// and validates empty metadata to check that nothing else is required.
func checkIdentity(t *testing.T, s event.Spec, e *event.Event) {
	t.Helper()
	fields := identityFields(s.Topic)
	root := "metadata"
	if e.EventBridge != nil {
		root = "detail"
	}
	var md map[string]json.RawMessage
	if err := json.Unmarshal(e.Metadata, &md); err != nil {
		t.Fatal(err)
	}
	holds := map[string]bool{} // top-level keys that hold an identity field
	for _, f := range fields {
		top, _, _ := strings.Cut(f, ".")
		holds[top] = true
		if !hasPath(t, e.Metadata, f) {
			t.Errorf("fixture lacks identity field %q", f)
			continue
		}
		for _, value := range []string{"", `""`, "null"} {
			stripped := *e
			stripped.Metadata = json.RawMessage(withPath(t, e.Metadata, f, value))
			_, err := stripped.Decode()
			var ve *event.ValidationError
			if !errors.As(err, &ve) {
				t.Errorf("with %q=%s: Decode = %v, want *event.ValidationError", f, value, err)
				continue
			}
			want := []*event.FieldError{{Path: root + "." + f, Rule: "required"}}
			if diff := cmp.Diff(want, ve.Fields); diff != "" {
				t.Errorf("with %q=%s (-want +got):\n%s", f, value, diff)
			}
		}
	}
	for key := range md {
		if holds[key] {
			continue
		}
		stripped := *e
		stripped.Metadata = json.RawMessage(sdktest.WithMember(t, e.Metadata, key, ""))
		if _, err := stripped.Decode(); err != nil {
			t.Errorf("without %q, which identifies nothing: Decode = %v", key, err)
		}
	}
	empty := *e
	empty.Metadata = json.RawMessage(`{}`)
	_, err := empty.Decode()
	var got []string
	var ve *event.ValidationError
	if errors.As(err, &ve) {
		for _, fe := range ve.Fields {
			got = append(got, strings.TrimPrefix(fe.Path, root+".")+":"+fe.Rule)
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

// hasPath reports whether the JSON object metadata has a member at the
// dotted path.
func hasPath(t *testing.T, metadata []byte, path string) bool {
	t.Helper()
	key, rest, nested := strings.Cut(path, ".")
	var m map[string]json.RawMessage
	if json.Unmarshal(metadata, &m) != nil {
		return false
	}
	v, ok := m[key]
	if !ok || !nested {
		return ok
	}
	return hasPath(t, v, rest)
}

// withPath returns metadata with the member at the dotted path set to the
// JSON text value, or removed if value is "".
func withPath(t *testing.T, metadata []byte, path, value string) string {
	t.Helper()
	key, rest, nested := strings.Cut(path, ".")
	if !nested {
		return sdktest.WithMember(t, metadata, key, value)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(metadata, &m); err != nil {
		t.Fatalf("metadata is not an object: %v", err)
	}
	return sdktest.WithMember(t, metadata, key, withPath(t, m[key], rest, value))
}

// checkEmptyMetadata checks a topic that documents no metadata: its
// metadata decodes from {}, null or nothing, marshals as {}, and ignores an
// undocumented key unless decoded strictly.
func checkEmptyMetadata(t *testing.T, s event.Spec) {
	t.Helper()
	for _, md := range []string{`,"metadata":{}`, `,"metadata":null`, ``} {
		e := sdktest.Parse(t, []byte(`{"topic":"`+string(s.Topic)+`"`+md+`}`))
		m, err := e.DecodeStrict()
		if err != nil {
			t.Errorf("metadata %q: DecodeStrict: %v", md, err)
			continue
		}
		if out := sdktest.Marshal(t, m); string(out) != "{}" {
			t.Errorf("metadata %q marshals as %s, want {}", md, out)
		}
	}
	e := sdktest.Parse(t, []byte(`{"topic":"`+string(s.Topic)+`","metadata":{"listing_title":"Lumen"}}`))
	if _, err := e.Decode(); err != nil {
		t.Errorf("Decode of an undocumented key: %v, want it ignored", err)
	}
	if _, err := e.DecodeStrict(); !errors.Is(err, event.ErrMalformed) {
		t.Errorf("DecodeStrict of an undocumented key: %v, want event.ErrMalformed", err)
	}
}

// TestEveryFixtureHasAnOwner fails on a fixture that no Spec owns, and on
// two fixtures with one delivery id.
func TestEveryFixtureHasAnOwner(t *testing.T) {
	owned := map[string]bool{}
	ids := map[string]topics.Topic{}
	for _, s := range event.Specs() {
		owned[clazarevents.FixturePath(s.Topic)] = true
		owned[goldenPath(s.Topic)] = true
		body, err := fs.ReadFile(clazarevents.Fixtures, clazarevents.FixturePath(s.Topic))
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
		if dir := path.Dir(p); slices.Contains([]string{"testdata/aws", "testdata/azure", "testdata/gcp"}, dir) && !owned[p] {
			t.Errorf("%s: no registered topic owns this fixture", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
