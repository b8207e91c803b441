package aws_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

func TestListingMetadataEmpty(t *testing.T) {
	listings := []event.Metadata{
		aws.ListingSubmittedToClazar{}, aws.ListingWaitingOnAWS{}, aws.ListingInLimitedState{}, aws.ListingPublished{},
	}
	for _, m := range listings {
		for name, body := range map[string]string{
			"absent": `{"topic":"` + string(m.Topic()) + `"}`,
			"null":   `{"topic":"` + string(m.Topic()) + `","metadata":null}`,
			"empty":  `{"topic":"` + string(m.Topic()) + `","metadata":{}}`,
		} {
			t.Run(string(m.Topic())+"/"+name, func(t *testing.T) {
				t.Parallel()
				got, err := parseBody(t, []byte(body)).DecodeStrict()
				if err != nil {
					t.Fatalf("DecodeStrict: %v", err)
				}
				if reflect.TypeOf(got).Elem() != reflect.TypeOf(m) {
					t.Errorf("decoded %T, want *%T", got, m)
				}
				assertLossless(t, []byte(`{}`), got)
			})
		}
		t.Run(string(m.Topic())+"/unknown key", func(t *testing.T) {
			t.Parallel()
			e := docEvent(t, m.Topic(), `{"listing_title":"Lumen Observability Platform"}`)
			if _, err := e.Decode(); err != nil {
				t.Errorf("Decode ignores unknown keys, got %v", err)
			}
			if _, err := e.DecodeStrict(); !errors.Is(err, event.ErrMalformed) {
				t.Errorf("DecodeStrict = %v, want ErrMalformed", err)
			}
		})
	}
}

func TestListingSubmittedDescription(t *testing.T) {
	t.Parallel()
	s, ok := event.Lookup(topics.AWSListingSubmittedToClazar)
	if !ok {
		t.Fatal("aws.listing.submitted_to_clazar is not registered")
	}
	e := parseFixture(t, topics.AWSListingSubmittedToClazar)
	if want := strings.ReplaceAll(s.Description, "{listing-title}", "Lumen Observability Platform"); e.Description != want {
		t.Errorf("Description = %q, want %q", e.Description, want)
	}
	if _, err := event.DecodeAs[aws.ListingSubmittedToClazar](e); err != nil {
		t.Errorf("DecodeAs: %v", err)
	}
}
