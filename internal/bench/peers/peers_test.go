package peers_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	svix "github.com/svix/svix-webhooks/go"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/gcp"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// bodies are the core benchmarks' held-out bodies, under the same names.
var bodies = []struct {
	name string
	// sdk decodes body with the SDK: Parse, then the typed metadata,
	// validated.
	sdk func(body []byte) error
	// lambda decodes body as aws-lambda-go's events teach for EventBridge:
	// the envelope with the metadata as json.RawMessage, then the metadata
	// into the typed struct, without validation.
	lambda func(body []byte) error
}{
	{"listing", sdkDecode[gcp.ListingPublished], lambdaDecode[gcp.ListingPublished]},
	{"contract", sdkDecode[aws.ContractModified], lambdaDecode[aws.ContractModified]},
	{"disbursement", sdkDecode[aws.AnalyticsDisbursement], lambdaDecode[aws.AnalyticsDisbursement]},
}

// sdkDecode is Parse, then DecodeAs: the envelope, then the metadata.
func sdkDecode[T event.Metadata](body []byte) error {
	e, err := event.Parse(body)
	if err != nil {
		return err
	}
	_, err = event.DecodeAs[T](e)
	return err
}

// sdkParseAs is ParseAs, which decodes the metadata in the envelope's
// pass, as the Handler does for a typed handler.
func sdkParseAs[T event.Metadata](body []byte) error {
	_, _, err := event.ParseAs[T](body)
	return err
}

// lambdaEnvelope is the delivery envelope in the shape of aws-lambda-go's
// events.CloudWatchEvent: plain fields, a time.Time, and the payload left
// raw for a second decode.
type lambdaEnvelope struct {
	ID          string          `json:"id"`
	Topic       string          `json:"topic"`
	Origin      string          `json:"origin"`
	Suborigin   string          `json:"suborigin"`
	Text        string          `json:"text"`
	Description string          `json:"description"`
	Timestamp   time.Time       `json:"timestamp"`
	Metadata    json.RawMessage `json:"metadata"`
}

func lambdaDecode[T any](body []byte) error {
	var env lambdaEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		return err
	}
	var m T
	return json.Unmarshal(env.Metadata, &m)
}

// The signing inputs shared by every library: the secret and id of the
// worked example in Svix's documentation.
const (
	secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	msgID  = "msg_p5jXN8AQM9LWM0D4loKWxJek"
)

// signedHeaders signs body now and returns one header set that every
// library reads: svix-id, svix-timestamp and svix-signature, which the SDK
// and the Svix library read, and the same values as webhook-id,
// webhook-timestamp and webhook-signature, which the Standard Webhooks
// library reads. The libraries check the timestamp against time.Now with a
// tolerance of five minutes, so each benchmark signs when it starts.
func signedHeaders(tb testing.TB, body []byte) http.Header {
	tb.Helper()
	h, err := webhooktest.Sign(secret, msgID, time.Now(), body)
	if err != nil {
		tb.Fatal(err)
	}
	h.Set(standardwebhooks.HeaderWebhookID, h.Get("svix-id"))
	h.Set(standardwebhooks.HeaderWebhookTimestamp, h.Get("svix-timestamp"))
	h.Set(standardwebhooks.HeaderWebhookSignature, h.Get("svix-signature"))
	return h
}

// BenchmarkPeerVerify verifies each body's signature with the SDK's
// Verifier, the Svix library and the Standard Webhooks library, each with
// its default clock and tolerance.
func BenchmarkPeerVerify(b *testing.B) {
	ours, err := webhook.NewVerifier(secret)
	if err != nil {
		b.Fatal(err)
	}
	sv, err := svix.NewWebhook(secret)
	if err != nil {
		b.Fatal(err)
	}
	sw, err := standardwebhooks.NewWebhook(secret)
	if err != nil {
		b.Fatal(err)
	}
	libs := []struct {
		name   string
		verify func(body []byte, h http.Header) error
	}{
		{"sdk", func(body []byte, h http.Header) error { return ours.Verify(h, body) }},
		{"svix", sv.Verify},
		{"standardwebhooks", sw.Verify},
	}
	for _, bb := range bodies {
		body := heldOutBody(b, bb.name)
		for _, lib := range libs {
			b.Run(bb.name+"/"+lib.name, func(b *testing.B) {
				h := signedHeaders(b, body)
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				for b.Loop() {
					if err := lib.verify(body, h); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkPeerDecode decodes each body with the SDK (Parse, then DecodeAs
// with validation) and in the style of aws-lambda-go's events (an envelope
// with json.RawMessage metadata, then the metadata into the same typed
// struct, without validation), written here by hand so that this module
// need not import aws-lambda-go.
func BenchmarkPeerDecode(b *testing.B) {
	for _, bb := range bodies {
		body := heldOutBody(b, bb.name)
		for _, style := range []struct {
			name   string
			decode func([]byte) error
		}{
			{"sdk", bb.sdk},
			{"lambda", bb.lambda},
		} {
			b.Run(bb.name+"/"+style.name, func(b *testing.B) {
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				for b.Loop() {
					if err := style.decode(body); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestPeersAgree checks that the libraries verify the same signed message
// and reject the same tampered one, so that the benchmarks compare equal
// work.
func TestPeersAgree(t *testing.T) {
	ours, err := webhook.NewVerifier(secret)
	if err != nil {
		t.Fatal(err)
	}
	sv, err := svix.NewWebhook(secret)
	if err != nil {
		t.Fatal(err)
	}
	sw, err := standardwebhooks.NewWebhook(secret)
	if err != nil {
		t.Fatal(err)
	}
	for _, bb := range bodies {
		body := heldOutBody(t, bb.name)
		h := signedHeaders(t, body)
		tampered := append([]byte(nil), body...)
		tampered[len(tampered)-2] ^= 1
		for _, tc := range []struct {
			name string
			body []byte
			want bool
		}{
			{"as signed", body, true},
			{"with one bit changed", tampered, false},
		} {
			got := map[string]bool{
				"sdk":              ours.Verify(h, tc.body) == nil,
				"svix":             sv.Verify(tc.body, h) == nil,
				"standardwebhooks": sw.Verify(tc.body, h) == nil,
			}
			for lib, ok := range got {
				if ok != tc.want {
					t.Errorf("%s: %s accepts the body %s: %v, want %v", bb.name, lib, tc.name, ok, tc.want)
				}
			}
		}
		if err := bb.sdk(body); err != nil {
			t.Errorf("%s: sdk decode: %v", bb.name, err)
		}
		if err := bb.lambda(body); err != nil {
			t.Errorf("%s: lambda-style decode: %v", bb.name, err)
		}
	}
}
