package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/sdktest"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// handleRoutes registers the handlers of the Handle tests: a typed handler
// for aws.contract.created that fails as the customer identifier asks, and
// a pattern handler for the Azure topics.
func handleRoutes(h *webhook.Handler) {
	webhook.On(h, func(_ context.Context, _ *event.Event, m *aws.ContractCreated) error {
		switch m.CustomerIdentifier {
		case "fail":
			return errors.New("provisioning is down")
		case "never":
			return fmt.Errorf("no such plan: %w", webhook.ErrUnprocessable)
		case "abort":
			panic(http.ErrAbortHandler)
		}
		return nil
	})
	h.OnTopic("azure.**", func(context.Context, *event.Event) error { return nil })
}

// contractCreated returns the aws.contract.created fixture with its id
// and customer identifier replaced.
func contractCreated(t *testing.T, id, customer string) []byte {
	t.Helper()
	b, err := webhooktest.Restamp(webhooktest.MustFixture(topics.AWSContractCreated), webhooktest.Stamp{
		ID:       id,
		Metadata: map[string]any{"customer_identifier": customer},
	})
	require.NoError(t, err)
	return b
}

// TestHandleAnswersAsServeHTTP checks that Handle's Result has the status
// that ServeHTTP answers for the same signed delivery, and that both report
// the same failures to OnError, with a nil request for Handle.
func TestHandleAnswersAsServeHTTP(t *testing.T) {
	t.Parallel()
	unknown := sdktest.Parse(t, webhooktest.MustFixture(topics.AWSContractCreated))
	unknown.Topic = "aws.contract.reticulated"
	invalid := sdktest.Parse(t, webhooktest.MustFixture(topics.AWSContractCreated))
	invalid.Metadata = []byte(`{"product_code":7}`)
	tests := []struct {
		name   string
		body   []byte
		status int
		retry  bool
	}{
		{"handled", contractCreated(t, "evt_ok", "cust-1"), http.StatusNoContent, false},
		{"no handler", sdktest.Marshal(t, unknown), http.StatusNoContent, false},
		{"pattern", webhooktest.MustFixture(topics.AzureListingSubmittedToClazar), http.StatusNoContent, false},
		{"not an envelope", []byte(`{"id":`), http.StatusBadRequest, false},
		{"metadata invalid", sdktest.Marshal(t, invalid), http.StatusUnprocessableEntity, false},
		{"handler unprocessable", contractCreated(t, "evt_never", "never"), http.StatusUnprocessableEntity, false},
		{"handler failed", contractCreated(t, "evt_fail", "fail"), http.StatusInternalServerError, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t, webhook.Options{}, handleRoutes)
			req := s.signed(t, "msg_1", tt.body)
			status, _, text := s.do(t, s.signed(t, "msg_1", tt.body))
			require.Equal(t, tt.status, status, "ServeHTTP: %s", text)

			var mu sync.Mutex
			var hooked []*http.Request
			h, err := webhook.NewHandler(webhook.Options{
				Secrets: []string{s.secret},
				Logger:  slog.New(slog.DiscardHandler),
				OnError: func(r *http.Request, _ *webhook.DeliveryError) {
					mu.Lock()
					defer mu.Unlock()
					hooked = append(hooked, r)
				},
			})
			require.NoError(t, err)
			handleRoutes(h)
			res := h.Handle(t.Context(), webhook.Message{Body: tt.body, Header: req.Header})
			assert.Equal(t, tt.status, res.Status)
			assert.Equal(t, tt.retry, res.Retry())
			assert.False(t, res.Duplicate)
			serveErrs := s.deliveryErrors()
			if tt.status == http.StatusNoContent {
				assert.Nil(t, res.Err)
				assert.Empty(t, hooked)
				assert.Empty(t, serveErrs)
				return
			}
			require.NotNil(t, res.Err)
			require.Len(t, serveErrs, 1)
			assert.Equal(t, serveErrs[0].Status, res.Err.Status)
			assert.Equal(t, serveErrs[0].Delivery.ID, res.Err.Delivery.ID)
			assert.Equal(t, []*http.Request{nil}, hooked)
		})
	}
}

// TestHandleVerifies checks that Handle verifies a Message that is not
// Authenticated, takes the delivery id from the verified header, and skips
// verification for an Authenticated one.
func TestHandleVerifies(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	h, err := webhook.NewHandler(webhook.Options{Secrets: []string{secret}, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	var keys []string
	webhook.On(h, func(ctx context.Context, _ *event.Event, _ *aws.ContractCreated) error {
		d, ok := webhook.FromContext(ctx)
		require.True(t, ok)
		keys = append(keys, d.ID)
		return nil
	})
	body := contractCreated(t, "evt_1", "cust-1")
	header, err := webhooktest.Sign(secret, "msg_1", time.Now(), body)
	require.NoError(t, err)

	res := h.Handle(t.Context(), webhook.Message{Body: body})
	assert.Equal(t, http.StatusUnauthorized, res.Status)
	assert.ErrorIs(t, res.Err, webhook.ErrMissingHeaders)
	assert.Nil(t, res.Err.Delivery, "an unverified body reaches no hook")

	forged, err := webhooktest.Sign(webhooktest.NewSecret(), "msg_1", time.Now(), body)
	require.NoError(t, err)
	res = h.Handle(t.Context(), webhook.Message{Body: body, Header: forged})
	assert.ErrorIs(t, res.Err, webhook.ErrNoMatchingSignature)

	assert.Equal(t, http.StatusNoContent, h.Handle(t.Context(), webhook.Message{Body: body, Header: header}).Status)
	assert.Equal(t, http.StatusNoContent, h.Handle(t.Context(), webhook.Message{Body: body, Authenticated: true}).Status)
	assert.Equal(t, http.StatusNoContent, h.Handle(t.Context(), webhook.Message{Body: body, Authenticated: true, ID: "sqs-7"}).Status)
	assert.Equal(t, []string{"msg_1", "evt_1", "sqs-7"}, keys)
}

// TestHandleDeduplicates checks that a Message handled once is a duplicate
// the second time, by its envelope id, and runs no handler.
func TestHandleDeduplicates(t *testing.T) {
	t.Parallel()
	h, err := webhook.NewHandler(webhook.Options{Secrets: []string{webhooktest.NewSecret()}, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	calls := 0
	webhook.On(h, func(context.Context, *event.Event, *aws.PurchaseAgreementCreatedProposer) error {
		calls++
		return nil
	})
	body := webhooktest.MustFixture(topics.AWSAgreementPurchaseAgreementCreatedProposer)
	first := h.Handle(t.Context(), webhook.Message{Body: body, Authenticated: true})
	second := h.Handle(t.Context(), webhook.Message{Body: sdktest.Marshal(t, sdktest.Parse(t, body)), Authenticated: true})
	assert.Equal(t, webhook.Result{Status: http.StatusNoContent}, first)
	assert.Equal(t, webhook.Result{Status: http.StatusNoContent, Duplicate: true}, second)
	assert.Equal(t, 1, calls)
}

// TestHandleReceivedAndLimits checks Message.Received as the Attempt, the
// body limit, and that an aborting handler gives a retryable 500 instead
// of a panic.
func TestHandleReceivedAndLimits(t *testing.T) {
	t.Parallel()
	clock := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	h, err := webhook.NewHandler(webhook.Options{
		Secrets:      []string{webhooktest.NewSecret()},
		Now:          func() time.Time { return clock },
		MaxBodyBytes: 4 << 10,
		Logger:       slog.New(slog.DiscardHandler),
	})
	require.NoError(t, err)
	var attempts []time.Time
	h.OnTopic("aws.contract.*", func(ctx context.Context, _ *event.Event) error {
		d, _ := webhook.FromContext(ctx)
		attempts = append(attempts, d.Attempt)
		return nil
	})
	handleRoutes(h)

	received := clock.Add(-time.Minute)
	assert.Equal(t, http.StatusNoContent, h.Handle(t.Context(), webhook.Message{Body: contractCreated(t, "evt_a", "cust-1"), Authenticated: true, Received: received}).Status)
	assert.Equal(t, http.StatusNoContent, h.Handle(t.Context(), webhook.Message{Body: contractCreated(t, "evt_b", "cust-1"), Authenticated: true}).Status)
	assert.Equal(t, []time.Time{received, clock}, attempts)

	res := h.Handle(t.Context(), webhook.Message{Body: make([]byte, 4<<10+1), Authenticated: true})
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.Status)
	assert.ErrorIs(t, res.Err, webhook.ErrBodyTooLarge)

	res = h.Handle(t.Context(), webhook.Message{Body: contractCreated(t, "evt_c", "abort"), Authenticated: true})
	assert.Equal(t, http.StatusInternalServerError, res.Status)
	assert.True(t, res.Retry())
	assert.ErrorIs(t, res.Err, webhook.ErrHandlerPanic)
	assert.ErrorIs(t, res.Err, http.ErrAbortHandler)
	// The claim was released: the retry runs the handlers again.
	assert.Equal(t, http.StatusInternalServerError, h.Handle(t.Context(), webhook.Message{Body: contractCreated(t, "evt_c", "abort"), Authenticated: true}).Status)
}

// TestResultRetry checks which statuses a transport retries.
func TestResultRetry(t *testing.T) {
	t.Parallel()
	for status, want := range map[int]bool{
		http.StatusNoContent: false, http.StatusBadRequest: false, http.StatusUnauthorized: false,
		http.StatusRequestEntityTooLarge: false, http.StatusUnprocessableEntity: false,
		http.StatusConflict: true, http.StatusInternalServerError: true, http.StatusServiceUnavailable: true,
	} {
		assert.Equal(t, want, webhook.Result{Status: status}.Retry(), "status %d", status)
	}
}

// TestHandleObserve checks that Options.Observe receives a report of every
// Message, with Handle's context.
func TestHandleObserve(t *testing.T) {
	t.Parallel()
	type key struct{}
	var reports []webhook.DeliveryReport
	h, err := webhook.NewHandler(webhook.Options{
		Secrets: []string{webhooktest.NewSecret()},
		Logger:  slog.New(slog.DiscardHandler),
		Observe: func(ctx context.Context, r *webhook.DeliveryReport) {
			assert.Equal(t, "lambda", ctx.Value(key{}))
			reports = append(reports, *r)
		},
	})
	require.NoError(t, err)
	handleRoutes(h)
	ctx := context.WithValue(t.Context(), key{}, "lambda")
	body := contractCreated(t, "evt_1", "cust-1")
	h.Handle(ctx, webhook.Message{Body: body, Authenticated: true})
	h.Handle(ctx, webhook.Message{Body: body, Authenticated: true})
	h.Handle(ctx, webhook.Message{Body: contractCreated(t, "evt_2", "fail"), Authenticated: true})
	require.Len(t, reports, 3)
	assert.Equal(t, []webhook.Outcome{webhook.OutcomeHandled, webhook.OutcomeDuplicate, webhook.OutcomeFailed},
		[]webhook.Outcome{reports[0].Outcome, reports[1].Outcome, reports[2].Outcome})
	assert.Equal(t, []int{204, 204, 500}, []int{reports[0].Status, reports[1].Status, reports[2].Status})
	assert.Equal(t, "evt_1", reports[0].ID)
}
