package clazarevents_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"io/fs"
	"testing"

	clazarevents "github.com/clazarevents/sdk-go"
	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

// benchBodies are the realistic bodies every benchmark runs over: a small
// listing event, a mid-size contract event and the large disbursement.
var benchBodies = []struct {
	name  string
	topic topics.Topic
	// typed unmarshals body into the envelope with typed metadata, as a
	// hand-written receiver that knows the topic would.
	typed func(body []byte) error
}{
	{"listing", topics.AWSListingPublished, typedUnmarshal[aws.ListingPublished]},
	{"contract", topics.AWSContractCreated, typedUnmarshal[aws.ContractCreated]},
	{"disbursement", topics.AWSAnalyticsDisbursement, typedUnmarshal[aws.AnalyticsDisbursement]},
}

// typedEnvelope is a delivery with its metadata typed, decoded by
// encoding/json alone.
type typedEnvelope[T any] struct {
	ID          string `json:"id"`
	Topic       string `json:"topic"`
	Origin      string `json:"origin"`
	Suborigin   string `json:"suborigin"`
	Text        string `json:"text"`
	Description string `json:"description"`
	Timestamp   string `json:"timestamp"`
	Metadata    T      `json:"metadata"`
}

func typedUnmarshal[T any](body []byte) error {
	var e typedEnvelope[T]
	return json.Unmarshal(body, &e)
}

func benchBody(b *testing.B, t topics.Topic) []byte {
	b.Helper()
	body, err := fs.ReadFile(clazarevents.Fixtures, fixturePath(t))
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// BenchmarkParse reads the envelope only.
func BenchmarkParse(b *testing.B) {
	for _, bb := range benchBodies {
		body := benchBody(b, bb.topic)
		b.Run(bb.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := event.Parse(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecode is Parse, then Decode with validation: what a receiver
// does with each delivery.
func BenchmarkDecode(b *testing.B) {
	for _, bb := range benchBodies {
		body := benchBody(b, bb.topic)
		b.Run(bb.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				e, err := event.Parse(body)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := e.Decode(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBaselineMap is what a hand-written receiver does: unmarshal the
// body into map[string]any.
func BenchmarkBaselineMap(b *testing.B) {
	for _, bb := range benchBodies {
		body := benchBody(b, bb.topic)
		b.Run(bb.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				var m map[string]any
				if err := json.Unmarshal(body, &m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBaselineTyped unmarshals the body into an envelope with the
// same typed metadata struct, without validation.
func BenchmarkBaselineTyped(b *testing.B) {
	for _, bb := range benchBodies {
		body := benchBody(b, bb.topic)
		b.Run(bb.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if err := bb.typed(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBaselineFloor is the least any verifying receiver must do:
// HMAC-SHA256 of the body and a JSON validity check.
func BenchmarkBaselineFloor(b *testing.B) {
	key := make([]byte, 32)
	for _, bb := range benchBodies {
		body := benchBody(b, bb.topic)
		b.Run(bb.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			var sum [sha256.Size]byte
			for b.Loop() {
				mac := hmac.New(sha256.New, key)
				mac.Write(body)
				mac.Sum(sum[:0])
				if !json.Valid(body) {
					b.Fatal("invalid body")
				}
			}
		})
	}
}
