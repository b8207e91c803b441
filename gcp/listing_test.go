package gcp_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/clazarevents/sdk-go/event"
)

func TestListingMetadata(t *testing.T) {
	t.Parallel()
	listings := gcpTopics("listing")
	if len(listings) != 4 {
		t.Fatalf("%d GCP listing topics, want 4", len(listings))
	}
	for _, topic := range listings {
		for name, body := range map[string]string{
			"empty":  `{"topic":"` + string(topic) + `","metadata":{}}`,
			"null":   `{"topic":"` + string(topic) + `","metadata":null}`,
			"absent": `{"topic":"` + string(topic) + `"}`,
		} {
			t.Run(string(topic)+"/"+name, func(t *testing.T) {
				t.Parallel()
				m := decodeStrict(t, parse(t, []byte(body)))
				out, err := json.Marshal(m)
				if err != nil {
					t.Fatal(err)
				}
				if string(out) != "{}" {
					t.Errorf("Marshal = %s, want {}", out)
				}
			})
		}
		t.Run(string(topic)+"/undocumented_key", func(t *testing.T) {
			t.Parallel()
			e := withMetadata(t, topic, `{"listing_title":"Skyline Observability Platform"}`)
			if _, err := e.Decode(); err != nil {
				t.Errorf("Decode: %v, want the key ignored", err)
			}
			if _, err := e.DecodeStrict(); !errors.Is(err, event.ErrMalformed) {
				t.Errorf("DecodeStrict = %v, want ErrMalformed", err)
			}
		})
	}
}
