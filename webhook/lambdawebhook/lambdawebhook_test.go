package lambdawebhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/lambdawebhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// receiver is a Handler as a Lambda function builds it, with a typed
// handler for Purchase Agreement Created - Proposer that fails for the
// agreement ids in fail, and the DeliveryErrors its hook received.
type receiver struct {
	h     *webhook.Handler
	calls []string // agreement ids handled
	errs  []*webhook.DeliveryError
}

func newReceiver(t *testing.T, fail ...string) *receiver {
	t.Helper()
	v, err := webhook.NewVerifierWith(webhook.VerifierOptions{InsecureSkipVerify: true})
	if err != nil {
		t.Fatalf("NewVerifierWith: %v", err)
	}
	r := new(receiver)
	r.h, err = webhook.NewHandler(webhook.Options{
		Verifier: v,
		Logger:   slog.New(slog.DiscardHandler),
		OnError:  func(_ *http.Request, err *webhook.DeliveryError) { r.errs = append(r.errs, err) },
	})
	if err != nil {
		t.Fatalf("NewHandler: %v", err)
	}
	webhook.On(r.h, func(_ context.Context, e *event.Event, m *aws.PurchaseAgreementCreatedProposer) error {
		if slices.Contains(fail, e.ID) {
			return errors.New("billing is down")
		}
		r.calls = append(r.calls, e.ID)
		return nil
	})
	return r
}

// edited returns the Purchase Agreement Created - Proposer fixture with
// the top-level members that set gives.
func edited(t *testing.T, set map[string]any) []byte {
	t.Helper()
	var e map[string]any
	if err := json.Unmarshal(webhooktest.MustFixture(topics.AWSAgreementPurchaseAgreementCreatedProposer), &e); err != nil {
		t.Fatalf("fixture: %v", err)
	}
	maps.Copy(e, set)
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	return b
}

// withID returns the fixture as another event, of id id.
func withID(t *testing.T, id string) []byte {
	t.Helper()
	return edited(t, map[string]any{"id": id})
}

// invalid returns the fixture with a detail that does not decode.
func invalid(t *testing.T) []byte {
	t.Helper()
	return edited(t, map[string]any{"id": "evt-invalid", "detail": map[string]any{"agreement": 42}})
}

// TestEventBridge runs the EventBridge-rule handler on the fixture,
// marshalled from aws-lambda-go's events.EventBridgeEvent as Lambda's
// runtime reads it too, on its duplicate, on a failing handler, on a
// malformed event and on an invalid detail.
func TestEventBridge(t *testing.T) {
	t.Parallel()
	r := newReceiver(t, "evt-fail")
	fn := lambdawebhook.EventBridge(r.h)
	fixture := webhooktest.MustFixture(topics.AWSAgreementPurchaseAgreementCreatedProposer)
	var typed events.EventBridgeEvent
	if err := json.Unmarshal(fixture, &typed); err != nil {
		t.Fatalf("events.EventBridgeEvent: %v", err)
	}
	viaTyped, err := json.Marshal(typed)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	for i, body := range [][]byte{fixture, viaTyped, fixture} {
		if err := fn(t.Context(), body); err != nil {
			t.Errorf("invocation %d: %v", i, err)
		}
	}
	if want := []string{typed.ID}; !slices.Equal(r.calls, want) {
		t.Errorf("handled %v, want %v: a duplicate ran the handler", r.calls, want)
	}

	err = fn(t.Context(), withID(t, "evt-fail"))
	var de *webhook.DeliveryError
	if !errors.As(err, &de) || de.Status != http.StatusInternalServerError {
		t.Errorf("failing handler: got %v, want a 500 DeliveryError, so that Lambda retries", err)
	}
	for name, body := range map[string][]byte{"malformed": []byte(`{"version":"0","id":`), "invalid detail": invalid(t)} {
		if err := fn(t.Context(), body); err != nil {
			t.Errorf("%s: got %v, want nil: a retry cannot succeed", name, err)
		}
	}
	var statuses []int
	for _, e := range r.errs {
		statuses = append(statuses, e.Status)
	}
	slices.Sort(statuses)
	if want := []int{400, 422, 500}; !slices.Equal(statuses, want) {
		t.Errorf("OnError statuses %v, want %v", statuses, want)
	}
}

func sqsEvent(arn string, bodies ...[]byte) events.SQSEvent {
	var e events.SQSEvent
	for i, b := range bodies {
		e.Records = append(e.Records, events.SQSMessage{
			MessageId:      "msg-" + string(rune('a'+i)),
			Body:           string(b),
			EventSource:    "aws:sqs",
			EventSourceARN: arn,
		})
	}
	return e
}

func failures(resp events.SQSEventResponse) []string {
	var ids []string
	for _, f := range resp.BatchItemFailures {
		ids = append(ids, f.ItemIdentifier)
	}
	return ids
}

// TestSQSBatch checks that in a batch where one message's handler fails,
// only that message is reported, that a duplicate of an event in the batch
// runs its handler once, and that malformed and invalid messages are not
// retried.
func TestSQSBatch(t *testing.T) {
	t.Parallel()
	r := newReceiver(t, "evt-2")
	fn := lambdawebhook.SQS(r.h)
	batch := sqsEvent("arn:aws:sqs:us-east-1:123456789012:marketplace-events",
		withID(t, "evt-1"), withID(t, "evt-2"), withID(t, "evt-3"), withID(t, "evt-1"),
		[]byte("not json"), invalid(t))
	resp, err := fn(t.Context(), batch)
	if err != nil {
		t.Fatalf("SQS: %v", err)
	}
	if got, want := failures(resp), []string{"msg-b"}; !slices.Equal(got, want) {
		t.Errorf("BatchItemFailures %v, want %v", got, want)
	}
	if got, want := r.calls, []string{"evt-1", "evt-3"}; !slices.Equal(got, want) {
		t.Errorf("handled %v, want %v", got, want)
	}
	if len(r.errs) != 3 {
		t.Errorf("OnError received %d errors, want 3 (500, 400, 422): %v", len(r.errs), r.errs)
	}

	// The queue redelivers msg-b alone; now it succeeds.
	r2 := lambdawebhook.SQS(r.h)
	resp, err = r2(t.Context(), sqsEvent("arn:aws:sqs:us-east-1:123456789012:marketplace-events", withID(t, "evt-1")))
	if err != nil || len(resp.BatchItemFailures) != 0 {
		t.Errorf("redelivery: %v, %v", resp, err)
	}
}

// TestSQSFIFO checks that in a FIFO queue's batch the messages after a
// failure are reported without being handled, and that a cancelled
// context reports every message unhandled.
func TestSQSFIFO(t *testing.T) {
	t.Parallel()
	r := newReceiver(t, "evt-2")
	fn := lambdawebhook.SQS(r.h)
	resp, err := fn(t.Context(), sqsEvent("arn:aws:sqs:us-east-1:123456789012:marketplace-events.fifo",
		withID(t, "evt-1"), withID(t, "evt-2"), withID(t, "evt-3")))
	if err != nil {
		t.Fatalf("SQS: %v", err)
	}
	if got, want := failures(resp), []string{"msg-b", "msg-c"}; !slices.Equal(got, want) {
		t.Errorf("BatchItemFailures %v, want %v", got, want)
	}
	if got, want := r.calls, []string{"evt-1"}; !slices.Equal(got, want) {
		t.Errorf("handled %v, want %v", got, want)
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	resp, _ = fn(ctx, sqsEvent("arn:aws:sqs:us-east-1:123456789012:q", withID(t, "evt-4"), withID(t, "evt-5")))
	if got, want := failures(resp), []string{"msg-a", "msg-b"}; !slices.Equal(got, want) {
		t.Errorf("cancelled: BatchItemFailures %v, want %v", got, want)
	}
	if len(r.calls) != 1 {
		t.Errorf("a cancelled invocation ran handlers: %v", r.calls)
	}
}
