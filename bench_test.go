package clazarevents_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	clazarevents "github.com/clazarevents/sdk-go"
	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/gcp"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// benchBodies are the realistic bodies every benchmark runs over. The first
// three are held out from the fixtures and the tests, compact as a sender
// writes them, in testdata/bench: a small listing event, a mid-size
// contract change and the large disbursement; the peer benchmarks
// (internal/bench/peers) read the same files. The last is the fixture of
// AWS's EventBridge example of an amended agreement.
var benchBodies = []benchCase{
	{"listing", "", typedUnmarshal[gcp.ListingPublished], onTyped[gcp.ListingPublished]},
	{"contract", "", typedUnmarshal[aws.ContractModified], onTyped[aws.ContractModified]},
	{"disbursement", "", typedUnmarshal[aws.AnalyticsDisbursement], onTyped[aws.AnalyticsDisbursement]},
	{"eventbridge", topics.AWSAgreementPurchaseAgreementAmendedProposer, eventBridgeUnmarshal[aws.PurchaseAgreementAmendedProposer], onTyped[aws.PurchaseAgreementAmendedProposer]},
}

// A benchCase is one of the bodies benchmarks run over.
type benchCase struct {
	name string
	// topic names the fixture of the body, or "" for a held-out body.
	topic topics.Topic
	// typed unmarshals body into the envelope with typed metadata, as a
	// hand-written receiver that knows the topic would.
	typed func(body []byte) error
	// on registers a typed handler for the topic on h, which adds one to
	// *calls for each event it receives.
	on func(h *webhook.Handler, calls *int)
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

// eventBridgeEnvelope is an EventBridge event with its detail typed,
// decoded by encoding/json alone.
type eventBridgeEnvelope[T any] struct {
	Version    string   `json:"version"`
	ID         string   `json:"id"`
	DetailType string   `json:"detail-type"`
	Source     string   `json:"source"`
	Account    string   `json:"account"`
	Time       string   `json:"time"`
	Region     string   `json:"region"`
	Resources  []string `json:"resources"`
	Detail     T        `json:"detail"`
}

func eventBridgeUnmarshal[T any](body []byte) error {
	var e eventBridgeEnvelope[T]
	return json.Unmarshal(body, &e)
}

// onTyped registers on h a typed handler for T's topic that counts the
// deliveries it receives in *calls.
func onTyped[T event.Metadata](h *webhook.Handler, calls *int) {
	webhook.On(h, func(context.Context, *event.Event, *T) error {
		*calls++
		return nil
	})
}

// Signing inputs of BenchmarkVerify and BenchmarkServeHTTP: the secret and
// id of the worked example in Svix's documentation, and a fixed clock.
const (
	benchSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	benchID     = "msg_p5jXN8AQM9LWM0D4loKWxJek"
)

var benchNow = time.Unix(1614265330, 0)

func benchClock() time.Time { return benchNow }

func benchSign(b *testing.B, body []byte) http.Header {
	b.Helper()
	h, err := webhooktest.Sign(benchSecret, benchID, benchNow, body)
	if err != nil {
		b.Fatal(err)
	}
	return h
}

func benchBody(b *testing.B, bc benchCase) []byte {
	b.Helper()
	var (
		body []byte
		err  error
	)
	if bc.topic == "" {
		body, err = os.ReadFile(filepath.Join("testdata", "bench", bc.name+".json"))
	} else {
		body, err = fs.ReadFile(clazarevents.Fixtures, clazarevents.FixturePath(bc.topic))
	}
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// benchOver runs a sub-benchmark for each body: setup returns the
// operation to time for that body, which fails the benchmark by returning
// an error.
func benchOver(b *testing.B, setup func(b *testing.B, bc benchCase, body []byte) func() error) {
	for _, bc := range benchBodies {
		body := benchBody(b, bc)
		op := setup(b, bc, body)
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if err := op(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParse reads the envelope only.
func BenchmarkParse(b *testing.B) {
	benchOver(b, func(_ *testing.B, _ benchCase, body []byte) func() error {
		return func() error {
			_, err := event.Parse(body)
			return err
		}
	})
}

// BenchmarkDecode is Parse, then Decode with validation: what a receiver
// does with each delivery.
func BenchmarkDecode(b *testing.B) {
	benchOver(b, func(_ *testing.B, _ benchCase, body []byte) func() error {
		return func() error {
			e, err := event.Parse(body)
			if err != nil {
				return err
			}
			_, err = e.Decode()
			return err
		}
	})
}

// BenchmarkParseFor is BenchmarkDecode in one pass: ParseFor decodes the
// metadata into the topic's registered type as it checks the body.
func BenchmarkParseFor(b *testing.B) {
	newFor := func(t topics.Topic) event.Metadata {
		s, ok := event.Lookup(t)
		if !ok {
			return nil
		}
		return s.New()
	}
	benchOver(b, func(_ *testing.B, _ benchCase, body []byte) func() error {
		return func() error {
			_, _, err := event.ParseFor(body, newFor)
			return err
		}
	})
}

// BenchmarkBaselineMap is what a hand-written receiver does: unmarshal the
// body into map[string]any.
func BenchmarkBaselineMap(b *testing.B) {
	benchOver(b, func(_ *testing.B, _ benchCase, body []byte) func() error {
		return func() error {
			var m map[string]any
			return json.Unmarshal(body, &m)
		}
	})
}

// BenchmarkBaselineTyped unmarshals the body into an envelope with the
// same typed metadata struct, without validation.
func BenchmarkBaselineTyped(b *testing.B) {
	benchOver(b, func(_ *testing.B, bc benchCase, body []byte) func() error {
		return func() error { return bc.typed(body) }
	})
}

// BenchmarkBaselineFloor is the least any verifying receiver must do:
// HMAC-SHA256 of the body and a JSON validity check.
func BenchmarkBaselineFloor(b *testing.B) {
	key := make([]byte, 32)
	benchOver(b, func(_ *testing.B, _ benchCase, body []byte) func() error {
		var sum [sha256.Size]byte
		return func() error {
			mac := hmac.New(sha256.New, key)
			mac.Write(body)
			mac.Sum(sum[:0])
			if !json.Valid(body) {
				return errors.New("invalid body")
			}
			return nil
		}
	})
}

// BenchmarkVerify checks the Svix signature of each body with the default
// Verifier, as the Handler does before it parses the body.
func BenchmarkVerify(b *testing.B) {
	v, err := webhook.NewVerifierWith(webhook.VerifierOptions{Secrets: []string{benchSecret}, Now: benchClock})
	if err != nil {
		b.Fatal(err)
	}
	benchOver(b, func(b *testing.B, _ benchCase, body []byte) func() error {
		h := benchSign(b, body)
		return func() error { return v.Verify(h, body) }
	})
}

// BenchmarkServeHTTP is the whole path of a delivery through a Handler
// with one typed handler for the body's topic: reading the body, verifying
// it, parsing, claiming, decoding and validating the metadata, running the
// handler and completing. The same signed request is served in every
// iteration, with its body reader reset, so the Handler uses a Store that
// never reports a duplicate (neverDone): the benchmark measures the SDK,
// not a Store, whose cost depends on where it keeps its keys.
func BenchmarkServeHTTP(b *testing.B) {
	for _, bc := range benchBodies {
		body := benchBody(b, bc)
		b.Run(bc.name, func(b *testing.B) {
			h, err := webhook.NewHandler(webhook.Options{
				Secrets: []string{benchSecret},
				Now:     benchClock,
				Store:   neverDone{},
			})
			if err != nil {
				b.Fatal(err)
			}
			calls := 0
			bc.on(h, &calls)
			rd := bytes.NewReader(body)
			req := httptest.NewRequest(http.MethodPost, "/", rd)
			req.Header = benchSign(b, body)
			req.Body = io.NopCloser(rd)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				rd.Reset(body)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusNoContent {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
				n++
			}
			if calls != n {
				b.Fatalf("handler ran %d times in %d deliveries", calls, n)
			}
		})
	}
}

// neverDone is a Store that claims every key and remembers nothing.
type neverDone struct{}

func (neverDone) Claim(context.Context, string, time.Duration) (webhook.ClaimStatus, error) {
	return webhook.Claimed, nil
}
func (neverDone) Complete(context.Context, string, time.Duration) error { return nil }
func (neverDone) Release(context.Context, string) error                 { return nil }
