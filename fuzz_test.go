package clazarevents_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	clazarevents "github.com/clazarevents/sdk-go"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
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

// byRegistry gives ParseFor the registered type of each topic, as Decode
// types it.
func byRegistry(t topics.Topic) event.Metadata {
	s, ok := event.Lookup(t)
	if !ok {
		return nil
	}
	return s.New()
}

// parseForSeeds are bodies whose members come in orders that make ParseFor
// decode the metadata after the envelope rather than in its pass, or decode
// a member it then drops, beside bodies whose metadata is at fault.
var parseForSeeds = []string{
	`{"metadata":{"product_code":"p","customer_identifier":"c"},"topic":"aws.contract.created"}`,
	`{"type":"gcp.contract.activated","data":{"entitlement_id":"e"},"topic":"aws.contract.created","metadata":{"product_code":"p"}}`,
	`{"topic":"aws.contract.created","data":{"product_code":"d"},"metadata":{"product_code":"m","customer_identifier":"c"}}`,
	`{"topic":"aws.contract.created","metadata":{"product_code":"m","customer_identifier":"c"},"payload":{"product_code":7}}`,
	`{"topic":"aws.contract.created","metadata":{"product_code":7,"customer_identifier":"c"}}`,
	`{"topic":"aws.contract.created","metadata":{"product_code":7,"customer_identifier":"c"`,
	`{"topic":"aws.contract.created","metadata":{"new_entitlements":[{"Value":{"IntegerValue":1.5}}]}}`,
	`{"topic":"aws.contract.created","metadata":[1]}`,
	`{"topic":"aws.contract.created","metadata":null}`,
	`{"topic":"aws.contract.created"}`,
	`{"topic":"no.such.topic","metadata":{"a":1}}`,
	`{"detail":{"ChangeSetId":"x"},"detail-type":"Change Set Failed","source":"aws.marketplacecatalog"}`,
}

// FuzzParseFor checks that ParseFor, which decodes the metadata in the
// envelope's pass, agrees with Parse followed by Decode on every body:
// the same event, the same metadata, the same errors.
func FuzzParseFor(f *testing.F) {
	addFixtures(f, "testdata/*/*.json")
	for _, s := range parseForSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParseFor(t, data)
	})
}

// TestParseForAgrees runs FuzzParseFor's check over every fixture and seed.
func TestParseForAgrees(t *testing.T) {
	paths, err := fs.Glob(clazarevents.Fixtures, "testdata/*/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, p := range paths {
		body, err := fs.ReadFile(clazarevents.Fixtures, p)
		require.NoError(t, err)
		t.Run(p, func(t *testing.T) { checkParseFor(t, body) })
	}
	for _, s := range parseForSeeds {
		t.Run(s, func(t *testing.T) { checkParseFor(t, []byte(s)) })
	}
}

func checkParseFor(t *testing.T, data []byte) {
	t.Helper()
	got, gotM, gotErr := event.ParseFor(data, byRegistry)
	want, err := event.Parse(data)
	if err != nil {
		require.Nil(t, got, "ParseFor returned an event for a body Parse rejects: %q", data)
		require.EqualError(t, gotErr, err.Error(), "body %q", data)
		return
	}
	require.NotNil(t, got, "ParseFor rejected a body Parse reads: %q: %v", data, gotErr)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("ParseFor read another envelope from %q (-Parse +ParseFor):\n%s", data, diff)
	}
	if _, known := event.Lookup(want.Topic); !known {
		assert.Nil(t, gotM)
		assert.NoError(t, gotErr)
		return
	}
	wantM, err := want.Decode()
	if err != nil {
		assert.Nil(t, gotM)
		require.EqualError(t, gotErr, err.Error(), "body %q", data)
		var ve *event.ValidationError
		assert.Equal(t, errors.As(err, &ve), errors.As(gotErr, &ve), "a ValidationError from one only")
		return
	}
	require.NoError(t, gotErr, "body %q", data)
	if !reflect.DeepEqual(wantM, gotM) {
		t.Fatalf("ParseFor decoded other metadata from %q:\n%+v\nDecode:\n%+v", data, gotM, wantM)
	}
}
