package webhook_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// observed serves a Handler whose Observe hook sends every report on the
// returned channel.
func observed(t *testing.T, opts webhook.Options, register func(h *webhook.Handler)) (*testServer, <-chan *webhook.DeliveryReport) {
	t.Helper()
	reports := make(chan *webhook.DeliveryReport, 16)
	opts.Observe = func(ctx context.Context, r *webhook.DeliveryReport) {
		if ctx == nil {
			t.Error("Observe got a nil context")
		}
		reports <- r
	}
	return newTestServer(t, opts, register), reports
}

// next returns the next report, which the Handler passes once the response
// is written, so shortly after the client has it.
func next(t *testing.T, reports <-chan *webhook.DeliveryReport) *webhook.DeliveryReport {
	t.Helper()
	select {
	case r := <-reports:
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("no report within 5 s")
		return nil
	}
}

func TestObserve(t *testing.T) {
	t.Parallel()
	created := webhooktest.MustFixture(topics.AWSContractCreated)
	errRefused := errors.New("provisioning refused")
	store := &flakyStore{MemoryStore: webhook.NewMemoryStore(webhook.MemoryStoreOptions{})}
	s, reports := observed(t, webhook.Options{Store: store}, func(h *webhook.Handler) {
		webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
			time.Sleep(2 * time.Millisecond)
			d, _ := webhook.FromContext(ctx)
			switch d.ID {
			case "msg_fail":
				return errRefused
			case "msg_panic":
				panic("out of range")
			}
			return nil
		})
		h.OnTopic("aws.contract.*", func(ctx context.Context, e *event.Event) error { return nil })
	})
	before := time.Now()

	type want struct {
		status   int
		outcome  webhook.Outcome
		class    string
		id       string
		topic    topics.Topic
		handlers []string // names; the last one's error class follows
		failed   string
	}
	both := []string{"On[aws.ContractCreated]", `OnTopic("aws.contract.*")`}
	tests := []struct {
		name string
		req  func() *http.Request
		want want
	}{
		{"handled", func() *http.Request { return s.signed(t, "msg_ok", created) },
			want{status: 204, outcome: webhook.OutcomeHandled, id: "msg_ok", topic: topics.AWSContractCreated, handlers: both}},
		{"duplicate", func() *http.Request { return s.signed(t, "msg_ok", created) },
			want{status: 204, outcome: webhook.OutcomeDuplicate, id: "msg_ok", topic: topics.AWSContractCreated}},
		{"ignored", func() *http.Request {
			return s.signed(t, "msg_gcp", webhooktest.MustFixture(topics.GCPContractRenewed))
		}, want{status: 204, outcome: webhook.OutcomeIgnored, id: "msg_gcp", topic: topics.GCPContractRenewed}},
		{"401", func() *http.Request {
			r := s.signed(t, "msg_forged", created)
			r.Header.Set("Svix-Signature", hostileBadSignature)
			return r
		}, want{status: 401, outcome: webhook.OutcomeRejected, class: "webhook.ErrNoMatchingSignature"}},
		{"405", func() *http.Request { return s.request(t, http.MethodGet, nil, nil) },
			want{status: 405, outcome: webhook.OutcomeRejected, class: "webhook.ErrMethodNotAllowed"}},
		{"400", func() *http.Request { return s.signed(t, "msg_text", []byte("not json")) },
			want{status: 400, outcome: webhook.OutcomeRejected, class: "event.ErrMalformed", id: "msg_text"}},
		{"422", func() *http.Request {
			return s.signed(t, "msg_invalid", withMetadata(t, topics.AWSContractCreated, `{"product_code":""}`))
		}, want{status: 422, outcome: webhook.OutcomeInvalid, class: "*event.ValidationError", id: "msg_invalid", topic: topics.AWSContractCreated}},
		{"500", func() *http.Request { return s.signed(t, "msg_fail", created) },
			want{status: 500, outcome: webhook.OutcomeFailed, class: "_OTHER", id: "msg_fail", topic: topics.AWSContractCreated, handlers: both[:1], failed: "_OTHER"}},
		{"500 by a panic", func() *http.Request { return s.signed(t, "msg_panic", created) },
			want{status: 500, outcome: webhook.OutcomeFailed, class: "webhook.ErrHandlerPanic", id: "msg_panic", topic: topics.AWSContractCreated, handlers: both[:1], failed: "webhook.ErrHandlerPanic"}},
	}
	// In order: the duplicate follows the first delivery.
	for _, tt := range tests {
		status, _, _ := s.do(t, tt.req())
		require.Equal(t, tt.want.status, status, tt.name)
		r := next(t, reports)
		w := tt.want
		assert.Equal(t, w.status, r.Status, "%s: Status", tt.name)
		assert.Equal(t, w.outcome, r.Outcome, "%s: Outcome", tt.name)
		assert.Equal(t, w.class, r.ErrorClass(), "%s: ErrorClass", tt.name)
		assert.Equal(t, w.class == "", r.Err == nil, "%s: Err %v", tt.name, r.Err)
		assert.Equal(t, w.id, r.ID, "%s: ID", tt.name)
		assert.Equal(t, w.topic, r.Topic, "%s: Topic", tt.name)
		assert.False(t, r.Received.Before(before), "%s: Received %v before the test began", tt.name, r.Received)
		assert.Positive(t, r.Duration, "%s: Duration", tt.name)
		if w.id != "" {
			assert.WithinDuration(t, time.Now(), r.Attempt, time.Minute, "%s: Attempt", tt.name)
			assert.Positive(t, r.Verify, "%s: Verify", tt.name)
		}
		var names []string
		for _, h := range r.Handlers {
			names = append(names, h.Name)
			assert.False(t, h.Start.Before(r.Received), "%s: handler started before the request", tt.name)
		}
		assert.Equal(t, w.handlers, names, "%s: Handlers", tt.name)
		if len(r.Handlers) > 0 {
			first, last := r.Handlers[0], r.Handlers[len(r.Handlers)-1]
			assert.GreaterOrEqual(t, first.Duration, 2*time.Millisecond, "%s: the typed handler sleeps 2 ms", tt.name)
			assert.Equal(t, w.failed, last.ErrorClass(), "%s: the last handler's error class", tt.name)
			assert.LessOrEqual(t, first.Start.Add(first.Duration), r.Received.Add(r.Duration), "%s: handler ended after the request", tt.name)
			if w.failed == "_OTHER" {
				assert.ErrorIs(t, last.Err, errRefused)
			}
		}
	}

	store.failClaim = true
	status, _, _ := s.do(t, s.signed(t, "msg_store", created))
	require.Equal(t, http.StatusServiceUnavailable, status)
	r := next(t, reports)
	assert.Equal(t, webhook.OutcomeUnavailable, r.Outcome)
	assert.Equal(t, "_OTHER", r.ErrorClass())
	assert.ErrorIs(t, r.Err, errDatabase)
	store.failClaim = false

	store.status = webhook.InFlight
	status, _, _ = s.do(t, s.signed(t, "msg_busy", created))
	require.Equal(t, http.StatusConflict, status)
	r = next(t, reports)
	assert.Equal(t, webhook.OutcomeInFlight, r.Outcome)
	assert.Equal(t, "webhook.ErrInFlight", r.ErrorClass())
}

// TestObserveAbort checks that a response a handler aborts is reported.
func TestObserveAbort(t *testing.T) {
	t.Parallel()
	reports := make(chan *webhook.DeliveryReport, 1)
	secret := webhooktest.NewSecret()
	h, err := webhook.NewHandler(webhook.Options{
		Secrets: []string{secret},
		Observe: func(_ context.Context, r *webhook.DeliveryReport) { reports <- r },
	})
	require.NoError(t, err)
	h.OnTopic("**", func(context.Context, *event.Event) error { panic(http.ErrAbortHandler) })
	body := webhooktest.MustFixture(topics.AWSContractCreated)
	require.PanicsWithValue(t, http.ErrAbortHandler, func() {
		h.ServeHTTP(httptest.NewRecorder(), webhooktest.NewRequest(secret, body))
	})
	r := <-reports
	assert.Equal(t, 0, r.Status)
	assert.Equal(t, webhook.OutcomeFailed, r.Outcome)
	assert.ErrorIs(t, r.Err, http.ErrAbortHandler)
	assert.Equal(t, topics.AWSContractCreated, r.Topic)
	require.Len(t, r.Handlers, 1)
}

func TestErrorClassNames(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{errors.New("other"), "_OTHER"},
		{webhook.ErrBodyTooLarge, "webhook.ErrBodyTooLarge"},
		{webhook.ErrMissingHeaders, "webhook.ErrMissingHeaders"},
		{webhook.ErrMalformedHeader, "webhook.ErrMalformedHeader"},
		{webhook.ErrDeliveryIDTooLong, "webhook.ErrDeliveryIDTooLong"},
		{webhook.ErrTimestampTooOld, "webhook.ErrTimestampTooOld"},
		{webhook.ErrTimestampTooNew, "webhook.ErrTimestampTooNew"},
		{webhook.ErrStoreFull, "webhook.ErrStoreFull"},
		{event.ErrUnknownTopic, "event.ErrUnknownTopic"},
		{event.ErrTopicMismatch, "event.ErrTopicMismatch"},
	} {
		r := webhook.DeliveryReport{Err: tt.err}
		assert.Equal(t, tt.want, r.ErrorClass(), "%v", tt.err)
	}
}

// BenchmarkObserve is the cost of the Observe hook: the same delivery
// served without it, and with a hook that does nothing but keep the
// report. The ratio of the two is the cost of measuring.
func BenchmarkObserve(b *testing.B) {
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	body := webhooktest.MustFixture(topics.AWSContractCreated)
	now := time.Now()
	header, err := webhooktest.Sign(secret, "msg_bench", now, body)
	if err != nil {
		b.Fatal(err)
	}
	var kept *webhook.DeliveryReport
	for _, bc := range []struct {
		name    string
		observe func(context.Context, *webhook.DeliveryReport)
	}{
		{"none", nil},
		{"observed", func(_ context.Context, r *webhook.DeliveryReport) { kept = r }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			h, err := webhook.NewHandler(webhook.Options{Secrets: []string{secret}, Store: neverDoneStore{}, Observe: bc.observe})
			if err != nil {
				b.Fatal(err)
			}
			webhook.On(h, func(context.Context, *event.Event, *aws.ContractCreated) error { return nil })
			rd := bytes.NewReader(body)
			req := httptest.NewRequest(http.MethodPost, "/", rd)
			req.Header = header
			req.Body = io.NopCloser(rd)
			b.ReportAllocs()
			for b.Loop() {
				rd.Reset(body)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusNoContent {
					b.Fatalf("status %d: %s", rec.Code, strings.TrimSpace(rec.Body.String()))
				}
			}
		})
	}
	_ = kept
}

// neverDoneStore claims every key and remembers nothing, so that one
// request can be served again and again.
type neverDoneStore struct{}

func (neverDoneStore) Claim(context.Context, string, time.Duration) (webhook.ClaimStatus, error) {
	return webhook.Claimed, nil
}
func (neverDoneStore) Complete(context.Context, string, time.Duration) error { return nil }
func (neverDoneStore) Release(context.Context, string) error                 { return nil }
