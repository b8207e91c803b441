package clazarevents_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"testing"

	clazarevents "github.com/clazarevents/sdk-go"
	"github.com/clazarevents/sdk-go/event"
)

// addFixtures seeds f with every embedded fixture under dir.
func addFixtures(f *testing.F, pattern string) {
	f.Helper()
	paths, err := fs.Glob(clazarevents.Fixtures, pattern)
	if err != nil || len(paths) == 0 {
		f.Fatalf("no fixtures match %s: %v", pattern, err)
	}
	for _, p := range paths {
		body, err := fs.ReadFile(clazarevents.Fixtures, p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body)
	}
}

// FuzzDecode decodes deliveries of every registered topic, seeded from the
// fixtures. Decode either fails with one of the documented error classes,
// or returns metadata that re-marshals to JSON that decodes to the same
// metadata again.
func FuzzDecode(f *testing.F) {
	addFixtures(f, "testdata/*/*.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := event.Parse(data)
		if err != nil {
			return // FuzzParse in package event covers Parse
		}
		m, err := e.Decode()
		if err != nil {
			var ve *event.ValidationError
			if !errors.Is(err, event.ErrMalformed) && !errors.Is(err, event.ErrUnknownTopic) && !errors.As(err, &ve) {
				t.Fatalf("Decode of %q: unclassified error %v", data, err)
			}
			return
		}
		first, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("Marshal of decoded %q: %v", data, err)
		}
		again := *e
		again.Metadata = first
		m2, err := again.Decode()
		if err != nil {
			t.Fatalf("re-marshalled metadata %s does not decode: %v", first, err)
		}
		second, err := json.Marshal(m2)
		if err != nil || string(second) != string(first) {
			t.Fatalf("metadata changed on a second round trip:\n%s\n%s (%v)", first, second, err)
		}
	})
}
