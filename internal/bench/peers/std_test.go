package peers_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-playground/validator/v10"
	goccyjson "github.com/goccy/go-json"
	svix "github.com/svix/svix-webhooks/go"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/azure"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/gcp"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// A peerBody is one body the peer comparisons run over, with what each
// side needs to handle its topic.
type peerBody struct {
	name string
	body []byte
	// sdk decodes body with the SDK's ParseAs, validated: the envelope
	// and the metadata in one pass.
	sdk func(body []byte) error
	// twoPass decodes body with the SDK's Parse, then DecodeAs.
	twoPass func(body []byte) error
	// std decodes body with encoding/json into the SDK's typed structs and
	// validates the metadata with the same rules.
	std func(body []byte) error
	// goccy is std with goccy/go-json in place of encoding/json: the cost
	// of a second JSON library, measured rather than assumed.
	goccy func(body []byte) error
	// on registers on h a typed handler for the body's topic that calls
	// count.
	on func(h *webhook.Handler, count func())
	// typed decodes and validates body in the hand-rolled handler, as
	// std does.
	typed func(body []byte) (*stdEnvelope[json.RawMessage], error)
}

// heldOut are bodies that no test or fixture shares, compact, as a sender
// writes them: a listing without metadata, a contract change and the large
// disbursement. They live in the core module's testdata/bench.
var heldOut = []struct {
	name string
	peer func(name string, body []byte) peerBody
}{
	{"listing", peerOf[gcp.ListingPublished]},
	{"contract", peerOf[aws.ContractModified]},
	{"disbursement", peerOf[aws.AnalyticsDisbursement]},
}

// largest are the largest fixture of each marketplace, by the bytes of
// their compact form.
var largest = []struct {
	name string
	peer func(name string, body []byte) peerBody
	t    topics.Topic
}{
	{"largest-aws", peerOf[aws.AnalyticsDisbursement], topics.AWSAnalyticsDisbursement},
	{"largest-azure", peerOf[azure.ContractPlanChanged], topics.AzureContractPlanChanged},
	{"largest-gcp", peerOf[gcp.ContractPlanChangeCanceled], topics.GCPContractPlanChangeCanceled},
}

// peerBodies returns the held-out bodies and the largest fixtures.
func peerBodies(tb testing.TB) []peerBody {
	tb.Helper()
	var out []peerBody
	for _, h := range heldOut {
		out = append(out, h.peer(h.name, heldOutBody(tb, h.name)))
	}
	for _, l := range largest {
		var buf bytes.Buffer
		if err := json.Compact(&buf, webhooktest.MustFixture(l.t)); err != nil {
			tb.Fatal(err)
		}
		out = append(out, l.peer(l.name, buf.Bytes()))
	}
	return out
}

// heldOutBody returns the held-out body of the given name.
func heldOutBody(tb testing.TB, name string) []byte {
	tb.Helper()
	body, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "bench", name+".json"))
	if err != nil {
		tb.Fatal(err)
	}
	return body
}

func peerOf[T event.Metadata](name string, body []byte) peerBody {
	return peerBody{
		name:    name,
		body:    body,
		sdk:     sdkParseAs[T],
		twoPass: sdkDecode[T],
		std:     stdDecode[T],
		goccy: func(body []byte) error {
			var e stdEnvelope[T]
			if err := goccyjson.Unmarshal(body, &e); err != nil {
				return err
			}
			return stdValidator.Struct(&e.Metadata)
		},
		on: func(h *webhook.Handler, count func()) {
			webhook.On(h, func(context.Context, *event.Event, *T) error {
				count()
				return nil
			})
		},
		typed: func(body []byte) (*stdEnvelope[json.RawMessage], error) {
			e, err := stdDecodeEnvelope[T](body)
			if err != nil {
				return nil, err
			}
			return &stdEnvelope[json.RawMessage]{ID: e.ID, Topic: e.Topic}, nil
		},
	}
}

// stdEnvelope is the delivery as a receiver writes it for encoding/json
// without the SDK: plain fields, a time.Time and the metadata typed.
type stdEnvelope[T any] struct {
	ID          string    `json:"id"`
	Topic       string    `json:"topic"`
	Origin      string    `json:"origin"`
	Suborigin   string    `json:"suborigin"`
	Text        string    `json:"text"`
	Description string    `json:"description"`
	Timestamp   time.Time `json:"timestamp"`
	Metadata    T         `json:"metadata"`
}

// stdValidator runs the rules of the SDK's validate tags with
// validator/v10, as a receiver without the SDK would: the same options, and
// the one rule a tag of the validator package cannot express.
var stdValidator = func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	err := v.RegisterValidation("exactly_one", func(fl validator.FieldLevel) bool {
		ev, ok := fl.Field().Interface().(aws.EntitlementValue)
		return ok && ev.Kind() != "" // Kind is "" for no member or several
	})
	if err != nil {
		panic(err)
	}
	return v
}()

func stdDecodeEnvelope[T event.Metadata](body []byte) (*stdEnvelope[T], error) {
	var e stdEnvelope[T]
	if err := json.Unmarshal(body, &e); err != nil {
		return nil, err
	}
	if err := stdValidator.Struct(&e.Metadata); err != nil {
		return nil, err
	}
	return &e, nil
}

func stdDecode[T event.Metadata](body []byte) error {
	_, err := stdDecodeEnvelope[T](body)
	return err
}

// handRolled is the receiver a Go developer writes without the SDK: the
// Svix library's Verify, encoding/json into the SDK's typed structs with
// the same validation, and a map of the ids handled, under a mutex.
type handRolled struct {
	wh *svix.Webhook
	// decode decodes and validates the body, and returns its envelope.
	decode func(body []byte) (*stdEnvelope[json.RawMessage], error)
	handle func(e *stdEnvelope[json.RawMessage]) error

	mu   sync.Mutex
	done map[string]bool
}

func newHandRolled(tb testing.TB, decode func([]byte) (*stdEnvelope[json.RawMessage], error), handle func(*stdEnvelope[json.RawMessage]) error) *handRolled {
	tb.Helper()
	wh, err := svix.NewWebhook(secret)
	if err != nil {
		tb.Fatal(err)
	}
	return &handRolled{wh: wh, decode: decode, handle: handle, done: map[string]bool{}}
}

func (h *handRolled) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	if err := h.wh.Verify(body, r.Header); err != nil {
		http.Error(w, "signature verification failed", http.StatusUnauthorized)
		return
	}
	id := r.Header.Get("svix-id")
	h.mu.Lock()
	seen := h.done[id]
	h.mu.Unlock()
	if seen {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	e, err := h.decode(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	}
	if err := h.handle(e); err != nil {
		http.Error(w, "handler failed", http.StatusInternalServerError)
		return
	}
	h.mu.Lock()
	h.done[id] = true
	h.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// forget removes id from the ids handled.
func (h *handRolled) forget(id string) {
	h.mu.Lock()
	delete(h.done, id)
	h.mu.Unlock()
}

// dispatchByTopic decodes a body of any of bodies' topics, as a
// hand-rolled receiver of several topics does: the envelope with the
// metadata raw, then the metadata into its topic's typed struct, validated.
func dispatchByTopic(bodies []peerBody) func([]byte) (*stdEnvelope[json.RawMessage], error) {
	byTopic := map[string]func([]byte) error{}
	for _, pb := range bodies {
		var probe struct {
			Topic string `json:"topic"`
		}
		_ = json.Unmarshal(pb.body, &probe)
		byTopic[probe.Topic] = metadataDecoder(probe.Topic)
	}
	return func(body []byte) (*stdEnvelope[json.RawMessage], error) {
		var e stdEnvelope[json.RawMessage]
		if err := json.Unmarshal(body, &e); err != nil {
			return nil, err
		}
		decode, ok := byTopic[e.Topic]
		if !ok {
			return &e, nil
		}
		if err := decode(e.Metadata); err != nil {
			return nil, err
		}
		return &e, nil
	}
}

// metadataDecoder returns a decoder of the metadata of topic t into its
// registered type, validated.
func metadataDecoder(t string) func([]byte) error {
	spec, _ := event.Lookup(topics.Topic(t))
	return func(data []byte) error {
		m := spec.New()
		if err := json.Unmarshal(data, m); err != nil {
			return err
		}
		return event.Validate(m)
	}
}

// floor is the least any verifying receiver does with a body: HMAC-SHA256
// of it and a JSON validity check.
func floor(key []byte) func(body []byte) error {
	var sum [sha256.Size]byte
	return func(body []byte) error {
		mac := hmac.New(sha256.New, key)
		mac.Write(body)
		mac.Sum(sum[:0])
		if !json.Valid(body) {
			return errors.New("invalid body")
		}
		return nil
	}
}

// BenchmarkStdDecode decodes each body with the SDK (ParseAs, and Parse
// then DecodeAs), with encoding/json into the same typed structs and with
// goccy/go-json into them, all validated by the same rules.
func BenchmarkStdDecode(b *testing.B) {
	for _, pb := range peerBodies(b) {
		for _, side := range []struct {
			name   string
			decode func([]byte) error
		}{{"sdk", pb.sdk}, {"twopass", pb.twoPass}, {"std", pb.std}, {"goccy", pb.goccy}} {
			b.Run(pb.name+"/"+side.name, func(b *testing.B) {
				b.SetBytes(int64(len(pb.body)))
				b.ReportAllocs()
				for b.Loop() {
					if err := side.decode(pb.body); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkStdServe serves each signed body, again and again, through the
// SDK's Handler with a typed handler, through the hand-rolled handler,
// and through the harness alone (the same recorder and request, and a
// handler that answers 204), beside the floor. The Handler's Store claims
// every id and remembers none (neverDone), and the hand-rolled handler
// forgets each id after its delivery, so that every iteration is a first
// delivery.
func BenchmarkStdServe(b *testing.B) {
	for _, pb := range peerBodies(b) {
		header := signedHeaders(b, pb.body)
		sdk, err := webhook.NewHandler(webhook.Options{Secrets: []string{secret}, Store: neverDone{}})
		if err != nil {
			b.Fatal(err)
		}
		calls := 0
		pb.on(sdk, func() { calls++ })
		hand := newHandRolled(b, pb.typed, func(*stdEnvelope[json.RawMessage]) error {
			calls++
			return nil
		})
		bare := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
		for _, side := range []struct {
			name  string
			h     http.Handler
			after func()
		}{
			{"sdk", sdk, func() {}},
			{"handrolled", hand, func() { hand.forget(msgID) }},
			{"harness", bare, func() { calls++ }},
		} {
			b.Run(pb.name+"/"+side.name, func(b *testing.B) {
				calls = 0
				rd := bytes.NewReader(pb.body)
				req := httptest.NewRequest(http.MethodPost, "/", rd)
				req.Header = header
				req.Body = io.NopCloser(rd)
				b.SetBytes(int64(len(pb.body)))
				b.ReportAllocs()
				n := 0
				for b.Loop() {
					rd.Reset(pb.body)
					rec := httptest.NewRecorder()
					side.h.ServeHTTP(rec, req)
					if rec.Code != http.StatusNoContent {
						b.Fatalf("status %d: %s", rec.Code, rec.Body)
					}
					side.after()
					n++
				}
				if calls != n {
					b.Fatalf("handler ran %d times in %d deliveries", calls, n)
				}
			})
		}
		b.Run(pb.name+"/floor", func(b *testing.B) {
			f := floor([]byte(strings.Repeat("k", 32)))
			b.SetBytes(int64(len(pb.body)))
			b.ReportAllocs()
			for b.Loop() {
				if err := f(pb.body); err != nil {
					b.Fatal(err)
				}
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

// TestStdPeersAgree checks that the SDK and the peers accept every body
// and reject the same broken ones, so that the benchmarks compare equal
// work.
func TestStdPeersAgree(t *testing.T) {
	for _, pb := range peerBodies(t) {
		if err := pb.sdk(pb.body); err != nil {
			t.Errorf("%s: sdk: %v", pb.name, err)
		}
		if err := pb.std(pb.body); err != nil {
			t.Errorf("%s: std: %v", pb.name, err)
		}
		if err := pb.goccy(pb.body); err != nil {
			t.Errorf("%s: goccy: %v", pb.name, err)
		}
		if _, err := pb.typed(pb.body); err != nil {
			t.Errorf("%s: hand-rolled: %v", pb.name, err)
		}
		if err := pb.twoPass(pb.body); err != nil {
			t.Errorf("%s: sdk, two passes: %v", pb.name, err)
		}
		truncated := pb.body[:len(pb.body)-1]
		if pb.sdk(truncated) == nil || pb.twoPass(truncated) == nil || pb.std(truncated) == nil {
			t.Errorf("%s: a truncated body decodes", pb.name)
		}
	}
	// A missing required field fails both validations.
	body := []byte(`{"topic":"aws.contract.modified","metadata":{"customer_identifier":"c"}}`)
	var ve *event.ValidationError
	for _, sdk := range []func([]byte) error{sdkParseAs[aws.ContractModified], sdkDecode[aws.ContractModified]} {
		if err := sdk(body); !errors.As(err, &ve) {
			t.Errorf("sdk: %v, want a *event.ValidationError", err)
		}
	}
	var verrs validator.ValidationErrors
	if err := stdDecode[aws.ContractModified](body); !errors.As(err, &verrs) {
		t.Errorf("std: %v, want validator.ValidationErrors", err)
	}
	// So does an entitlement value with two members.
	body = []byte(`{"topic":"aws.contract.modified","metadata":{"product_code":"p","customer_identifier":"c",` +
		`"new_entitlements":[{"Dimension":"d","Value":{"IntegerValue":1,"StringValue":"x"}}]}}`)
	for _, sdk := range []func([]byte) error{sdkParseAs[aws.ContractModified], sdkDecode[aws.ContractModified]} {
		if err := sdk(body); !errors.As(err, &ve) {
			t.Errorf("sdk: %v, want a *event.ValidationError", err)
		}
	}
	if err := stdDecode[aws.ContractModified](body); !errors.As(err, &verrs) {
		t.Errorf("std: %v, want validator.ValidationErrors", err)
	}
}

// TestHandRolledServes checks the hand-rolled handler's answers: 204 for a
// signed delivery, once for its duplicate, 401 for a tampered one and 422
// for metadata that fails validation.
func TestHandRolledServes(t *testing.T) {
	bodies := peerBodies(t)
	calls := 0
	h := newHandRolled(t, dispatchByTopic(bodies), func(*stdEnvelope[json.RawMessage]) error {
		calls++
		return nil
	})
	serve := func(body []byte, header http.Header) int {
		req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		req.Header = header
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	body := bodies[1].body
	header := signedHeaders(t, body)
	for i, want := range []int{http.StatusNoContent, http.StatusNoContent} {
		if got := serve(body, header); got != want {
			t.Errorf("delivery %d: status %d, want %d", i, got, want)
		}
	}
	if calls != 1 {
		t.Errorf("handler ran %d times for a delivery and its duplicate, want 1", calls)
	}
	tampered := bytes.Replace(body, []byte("seats"), []byte("seatz"), 1)
	if got := serve(tampered, header); got != http.StatusUnauthorized {
		t.Errorf("tampered: status %d, want 401", got)
	}
	invalid := []byte(`{"id":"x","topic":"aws.contract.modified","metadata":{"product_code":"p"}}`)
	h2, err := webhooktest.Sign(secret, "msg_invalid", time.Now(), invalid)
	if err != nil {
		t.Fatal(err)
	}
	if got := serve(invalid, h2); got != http.StatusUnprocessableEntity {
		t.Errorf("invalid metadata: status %d, want 422", got)
	}
}
