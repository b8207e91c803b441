package event_test

import (
	"encoding/json"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

// Test-only metadata types, registered under topics no marketplace uses.
const (
	testTopicCreated topics.Topic = "test.widget.created"
	testTopicEmpty   topics.Topic = "test.widget.listed"
	testTopicBridged topics.Topic = "test.widget.widget_created"
)

type widgetBase struct {
	ProductCode string `json:"product_code" validate:"required"`
	Customer    string `json:"customer_identifier" validate:"required"`
}

// choice has exactly_one_test semantics: one of A or B must be set.
type choice struct {
	A *string `json:"A,omitempty"`
	B *string `json:"B,omitempty"`
}

type widgetPart struct {
	Name  string `json:"Name" validate:"required"`
	Value choice `json:"Value" validate:"exactly_one_test"`
}

type widgetCreated struct {
	widgetBase
	Price event.Decimal `json:"price"`
	At    event.Time    `json:"at"`
	Parts []widgetPart  `json:"parts" validate:"dive"`
}

func (widgetCreated) Topic() topics.Topic { return testTopicCreated }

// widgetBridged is the detail of an EventBridge event, source
// "test.widget", detail type "Widget Created".
type widgetBridged struct {
	widgetBase
}

func (widgetBridged) Topic() topics.Topic { return testTopicBridged }

type widgetListed struct{}

func (widgetListed) Topic() topics.Topic { return testTopicEmpty }

func init() {
	event.RegisterRule("exactly_one_test", func(v any) bool {
		c := v.(choice)
		return (c.A != nil) != (c.B != nil)
	})
	event.Register(
		event.SpecFor[widgetCreated](event.Spec{Origin: event.OriginClazar, Suborigin: event.SuboriginUser, Summary: "A widget is created."}),
		event.SpecFor[widgetListed](event.Spec{Description: "Widget {title} is listed."}),
		event.SpecFor[widgetBridged](event.Spec{Source: "test.widget", DetailType: "Widget Created", Summary: "A widget is created, as EventBridge tells."}),
	)
}

func parse(t *testing.T, body string) *event.Event {
	t.Helper()
	e, err := event.Parse([]byte(body))
	if err != nil {
		t.Fatalf("Parse(%s): %v", body, err)
	}
	return e
}

func TestLookupAndSpecs(t *testing.T) {
	t.Parallel()
	s, ok := event.Lookup(testTopicCreated)
	if !ok {
		t.Fatal("Lookup of a registered topic failed")
	}
	if s.Topic != testTopicCreated || s.Origin != event.OriginClazar || s.Suborigin != event.SuboriginUser {
		t.Errorf("Lookup = %+v", s)
	}
	if got := s.Type().Name(); got != "widgetCreated" {
		t.Errorf("Type() = %s", got)
	}
	if _, ok := s.New().(*widgetCreated); !ok {
		t.Errorf("New() = %T, want *widgetCreated", s.New())
	}
	if _, ok := event.Lookup("test.widget.unknown"); ok {
		t.Error("Lookup of an unregistered topic succeeded")
	}
	specs := event.Specs()
	for i := 1; i < len(specs); i++ {
		if specs[i-1].Topic >= specs[i].Topic {
			t.Errorf("Specs() not sorted at %d: %s, %s", i, specs[i-1].Topic, specs[i].Topic)
		}
	}
	specs[0].Topic = "changed"
	if event.Specs()[0].Topic == "changed" {
		t.Error("Specs() returns a shared slice")
	}
}

func TestRegisterAfterSealPanics(t *testing.T) {
	t.Parallel()
	event.Specs() // seals
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "registry was first read") {
			t.Errorf("Register after sealing: recover() = %v", r)
		}
	}()
	event.Register(event.SpecFor[widgetListed](event.Spec{}))
}

func TestDecode(t *testing.T) {
	t.Parallel()
	e := parse(t, `{"topic":"test.widget.created","metadata":{"product_code":"p1","customer_identifier":"c1","price":"12.50","at":"2024-01-02 03:04:05","parts":[{"Name":"n","Value":{"A":"x"}}],"extra":true}}`)
	m, err := e.Decode()
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	w, ok := m.(*widgetCreated)
	if !ok {
		t.Fatalf("Decode = %T, want *widgetCreated", m)
	}
	if w.ProductCode != "p1" || w.Price.String() != "12.50" || w.At.Year() != 2024 || *w.Parts[0].Value.A != "x" {
		t.Errorf("Decode = %+v", w)
	}
	as, err := event.DecodeAs[widgetCreated](e)
	if err != nil {
		t.Fatalf("DecodeAs: %v", err)
	}
	if diff := cmp.Diff(w, as, cmp.AllowUnexported(widgetCreated{}, event.Decimal{}, event.Time{})); diff != "" {
		t.Errorf("DecodeAs differs from Decode:\n%s", diff)
	}
	if _, err := e.DecodeStrict(); !errors.Is(err, event.ErrMalformed) || !strings.Contains(err.Error(), `unknown field "extra"`) {
		t.Errorf("DecodeStrict with an unknown key = %v, want ErrMalformed naming it", err)
	}
}

func TestDecodeEmptyMetadata(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"topic":"test.widget.listed"}`,
		`{"topic":"test.widget.listed","metadata":null}`,
		`{"topic":"test.widget.listed","metadata":{}}`,
	} {
		m, err := parse(t, body).DecodeStrict()
		if err != nil {
			t.Errorf("Decode(%s): %v", body, err)
		} else if _, ok := m.(*widgetListed); !ok {
			t.Errorf("Decode(%s) = %T", body, m)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	_, err := parse(t, `{"topic":"test.widget.created","metadata":{"price":true}}`).Decode()
	var te *json.UnmarshalTypeError
	if !errors.Is(err, event.ErrMalformed) || !strings.Contains(err.Error(), "test.widget.created metadata") {
		t.Errorf("wrong kind of price: %v, want ErrMalformed", err)
	}
	_, err = parse(t, `{"topic":"test.widget.created","metadata":{"product_code":5}}`).Decode()
	if !errors.Is(err, event.ErrMalformed) || !errors.As(err, &te) || !strings.HasSuffix(te.Field, "product_code") {
		t.Errorf("wrong kind of product_code: %v, want ErrMalformed wrapping *json.UnmarshalTypeError", err)
	}
	_, err = parse(t, `{"topic":"test.widget.other"}`).Decode()
	if !errors.Is(err, event.ErrUnknownTopic) {
		t.Errorf("unknown topic: %v", err)
	}
	_, err = event.DecodeAs[widgetListed](parse(t, `{"topic":"test.widget.created","metadata":{}}`))
	if !errors.Is(err, event.ErrTopicMismatch) {
		t.Errorf("DecodeAs with another topic: %v, want ErrTopicMismatch", err)
	}
}

func TestValidationError(t *testing.T) {
	t.Parallel()
	e := parse(t, `{"topic":"test.widget.created","metadata":{"product_code":"","parts":[{"Name":"a","Value":{"A":"1"}},{"Value":{"A":"1","B":"2"}},{"Name":"c","Value":{}}]}}`)
	_, err := e.Decode()
	var ve *event.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Decode = %v, want *ValidationError", err)
	}
	want := []*event.FieldError{
		{Path: "metadata.customer_identifier", Rule: "required"},
		{Path: "metadata.parts[1].Name", Rule: "required"},
		{Path: "metadata.parts[1].Value", Rule: "exactly_one_test"},
		{Path: "metadata.parts[2].Value", Rule: "exactly_one_test"},
		{Path: "metadata.product_code", Rule: "required"},
	}
	if diff := cmp.Diff(want, ve.Fields); diff != "" {
		t.Errorf("Fields (-want +got):\n%s", diff)
	}
	if ve.Topic != testTopicCreated {
		t.Errorf("Topic = %q", ve.Topic)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "event: invalid metadata for test.widget.created: metadata.customer_identifier: required; ") {
		t.Errorf("Error() = %q", msg)
	}
	var fe *event.FieldError
	if !errors.As(err, &fe) || fe.Path != "metadata.customer_identifier" {
		t.Errorf("errors.As FieldError = %v", fe)
	}
	if _, err2 := event.DecodeAs[widgetCreated](e); err2 == nil || err2.Error() != msg {
		t.Errorf("DecodeAs error = %v, want the same as Decode's", err2)
	}
	if err := event.Validate(widgetListed{}); err != nil {
		t.Errorf("Validate of an empty struct: %v", err)
	}
}

// TestDecodeWithoutMarketplaces builds and runs a program that imports
// package event alone, so that no marketplace registers its topics: the
// error of decoding a topic of AWS, Azure or GCP names the package to
// import, and still wraps ErrUnknownTopic.
func TestDecodeWithoutMarketplaces(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the program with:", err)
	}
	out, err := exec.Command(goTool, "run", "./testdata/onlyevent").CombinedOutput()
	if err != nil {
		t.Fatalf("go run ./testdata/onlyevent: %v\n%s", err, out)
	}
	want := `true event: unknown topic: "aws.contract.created": package github.com/clazarevents/sdk-go/aws is not imported; importing it registers the aws topics
true event: unknown topic: "azure.contract.activated": package github.com/clazarevents/sdk-go/azure is not imported; importing it registers the azure topics
true event: unknown topic: "gcp.contract.activated": package github.com/clazarevents/sdk-go/gcp is not imported; importing it registers the gcp topics
true event: unknown topic: "oci.contract.created"
`
	if diff := cmp.Diff(want, string(out)); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

// TestDecodeUnknownTopicOfLinkedMarketplace checks that a topic unknown to
// a marketplace whose package is linked (gcp, imported by this package's
// examples) gets no advice to import it.
func TestDecodeUnknownTopicOfLinkedMarketplace(t *testing.T) {
	t.Parallel()
	_, err := parse(t, `{"topic":"gcp.contract.exploded"}`).Decode()
	if !errors.Is(err, event.ErrUnknownTopic) || err.Error() != `event: unknown topic: "gcp.contract.exploded"` {
		t.Errorf("Decode = %v, want ErrUnknownTopic without import advice", err)
	}
}

// TestDecodeChecksHandBuiltMetadata decodes events built by hand, whose
// metadata Parse never checked: metadata that is not JSON fails as such,
// even when a field of the wrong kind comes before the damage.
func TestDecodeChecksHandBuiltMetadata(t *testing.T) {
	for _, md := range []string{`{"product_code":"p"`, `{"product_code":1,"parts":[}`, `{"product_code":"p"}}`, `{"product_code":"p",}`} {
		e := &event.Event{Topic: testTopicCreated, Metadata: json.RawMessage(md)}
		_, err := e.Decode()
		if !errors.Is(err, event.ErrMalformed) || !strings.Contains(err.Error(), "metadata is not JSON") {
			t.Errorf("Decode of metadata %s: %v, want ErrMalformed saying it is not JSON", md, err)
		}
	}
}
