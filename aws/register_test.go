package aws_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

func TestEveryAWSTopicRegistered(t *testing.T) {
	t.Parallel()
	var documented, registered []topics.Topic
	for _, topic := range topics.All() {
		if topic.Marketplace() == topics.AWS {
			documented = append(documented, topic)
		}
	}
	for _, s := range awsSpecs() {
		registered = append(registered, s.Topic)
	}
	if !slices.Equal(documented, registered) {
		t.Errorf("registered AWS topics = %v, want %v", registered, documented)
	}
	if len(registered) != 16 {
		t.Errorf("%d AWS topics registered, want 16", len(registered))
	}
}

func TestSpecs(t *testing.T) {
	t.Parallel()
	awsPkg := reflect.TypeFor[aws.ContractCreated]().PkgPath()
	for _, s := range awsSpecs() {
		t.Run(string(s.Topic), func(t *testing.T) {
			t.Parallel()
			typ := s.Type()
			if typ.PkgPath() != awsPkg || typ.Name() != typeName(s.Topic) {
				t.Errorf("metadata type = %s.%s, want aws.%s", typ.PkgPath(), typ.Name(), typeName(s.Topic))
			}
			if typ.Kind() != reflect.Struct {
				t.Errorf("metadata type %s is a %s, want a struct", typ, typ.Kind())
			}
			if got := reflect.Zero(typ).Interface().(event.Metadata).Topic(); got != s.Topic {
				t.Errorf("value receiver Topic() = %s", got)
			}
			if s.Summary == "" || strings.Contains(s.Summary, "\n") {
				t.Errorf("Summary = %q, want one line", s.Summary)
			}
			if s.Text != "" {
				t.Errorf("Text = %q; the AWS page documents no Text lines", s.Text)
			}
			if s.Suborigin != "" && s.Origin == "" {
				t.Errorf("suborigin %q without an origin", s.Suborigin)
			}
		})
	}
}

// descriptionPattern turns a description template such as "Listing
// {listing-title} is submitted to Clazar." into a pattern that matches its
// renderings.
func descriptionPattern(template string) *regexp.Regexp {
	placeholder := regexp.MustCompile(`\\\{[a-z-]+\\\}`)
	return regexp.MustCompile("^" + placeholder.ReplaceAllString(regexp.QuoteMeta(template), ".+") + "$")
}

func TestFixtures(t *testing.T) {
	t.Parallel()
	for _, s := range awsSpecs() {
		t.Run(string(s.Topic), func(t *testing.T) {
			t.Parallel()
			body := readFile(t, filepath.Join(fixtureDir, string(s.Topic)+".json"))
			e := parseBody(t, body)
			if e.ID == "" || e.Topic != s.Topic {
				t.Errorf("id %q, topic %q", e.ID, e.Topic)
			}
			if e.Origin != s.Origin || e.Suborigin != s.Suborigin || e.Text != s.Text {
				t.Errorf("origin %q, suborigin %q, text %q; want %q, %q, %q as registered",
					e.Origin, e.Suborigin, e.Text, s.Origin, s.Suborigin, s.Text)
			}
			if s.Description == "" && e.Description != "" {
				t.Errorf("description %q, but none is documented", e.Description)
			}
			if s.Description != "" && !descriptionPattern(s.Description).MatchString(e.Description) {
				t.Errorf("description %q does not render %q", e.Description, s.Description)
			}
			if e.Timestamp.IsZero() || e.Timestamp.Location() != time.UTC {
				t.Errorf("timestamp %v, want a UTC instant", e.Timestamp)
			}

			m, err := e.DecodeStrict()
			if err != nil {
				t.Fatalf("DecodeStrict: %v", err)
			}
			if reflect.TypeOf(m).Elem() != s.Type() {
				t.Errorf("DecodeStrict = %T, want *%s", m, s.Type())
			}
			if e.Metadata == nil {
				t.Error("fixture has no metadata object")
			}
			assertExact(t, e.Metadata, m)

			canonical, err := e.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			var indented bytes.Buffer
			if err := json.Indent(&indented, canonical, "", "  "); err != nil {
				t.Fatal(err)
			}
			indented.WriteByte('\n')
			if !bytes.Equal(indented.Bytes(), body) {
				t.Errorf("fixture is not the canonical envelope, 2-space indented; want:\n%s", indented.Bytes())
			}
		})
	}
}

// identity lists the fields that validation requires, by topic: only those
// that identify what an event is about.
var identity = map[topics.Topic][]string{
	topics.AWSPrivateOfferCreated:                {"offer_id"},
	topics.AWSContractCreated:                    {"customer_identifier", "product_code"},
	topics.AWSContractRegistered:                 {"customer_identifier", "product_code"},
	topics.AWSContractModified:                   {"customer_identifier", "product_code"},
	topics.AWSContractRenewed:                    {"customer_identifier", "product_code"},
	topics.AWSContractCancelled:                  {"customer_identifier", "product_code"},
	topics.AWSAnalyticsMeteredUsage:              {"product_code"},
	topics.AWSAnalyticsContractFees:              {"product_code"},
	topics.AWSAnalyticsNewProductSubscriber:      {"product_code"},
	topics.AWSAnalyticsCanceledProductSubscriber: {"product_code"},
	topics.AWSAnalyticsDisbursement:              {"product_code"},
	topics.AWSMeteringSubmissionFailed:           {"customer_identifier", "product_code"},
}

func TestIdentityFieldsRequired(t *testing.T) {
	t.Parallel()
	for _, s := range awsSpecs() {
		for _, field := range identity[s.Topic] {
			for _, value := range []string{"", `""`, "null"} {
				t.Run(string(s.Topic)+"/"+field+"="+value, func(t *testing.T) {
					t.Parallel()
					fixture := parseFixture(t, s.Topic)
					e := docEvent(t, s.Topic, withMember(t, fixture.Metadata, field, value))
					_, err := e.Decode()
					wantInvalid(t, err, "metadata."+field+" required")
					var fe *event.FieldError
					if _, err := e.DecodeStrict(); err == nil || !errors.As(err, &fe) || fe.Path != "metadata."+field {
						t.Errorf("DecodeStrict error = %v, want a FieldError for metadata.%s", err, field)
					}
				})
			}
		}
	}
}

func TestOnlyIdentityFieldsRequired(t *testing.T) {
	t.Parallel()
	for _, s := range awsSpecs() {
		t.Run(string(s.Topic), func(t *testing.T) {
			t.Parallel()
			minimal := map[string]string{}
			for _, field := range identity[s.Topic] {
				minimal[field] = "x1"
			}
			b, err := json.Marshal(minimal)
			if err != nil {
				t.Fatal(err)
			}
			m, err := docEvent(t, s.Topic, string(b)).DecodeStrict()
			if err != nil {
				t.Fatalf("metadata %s: %v", b, err)
			}
			if err := event.Validate(reflect.Zero(s.Type()).Interface()); len(identity[s.Topic]) == 0 && err != nil {
				t.Errorf("zero %s does not validate: %v", s.Type(), err)
			} else if len(identity[s.Topic]) > 0 && err == nil {
				t.Errorf("zero %s validates, want its identity fields required", s.Type())
			}
			if reflect.TypeOf(m).Elem() != s.Type() {
				t.Errorf("decoded %T", m)
			}
		})
	}
}
