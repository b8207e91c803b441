package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// calls records which handlers ran, in order.
type calls struct {
	mu  sync.Mutex
	ran []string
}

func (c *calls) add(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ran = append(c.ran, fmt.Sprintf(format, args...))
}

// take returns the handlers that ran since the last take.
func (c *calls) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	ran := c.ran
	c.ran = nil
	return ran
}

// TestHandlerOnUnhandled checks that OnUnhandled handlers run, in the order
// registered, exactly for the topics that no typed or pattern handler
// matches, known or not, with their metadata never decoded; and that their
// deliveries are deduplicated and retried like any other.
func TestHandlerOnUnhandled(t *testing.T) {
	t.Parallel()
	var c calls
	var failNext atomic.Bool
	s := newTestServer(t, webhook.Options{}, func(h *webhook.Handler) {
		h.OnUnhandled(func(ctx context.Context, e *event.Event) error {
			c.add("first %s", e.Topic)
			if failNext.CompareAndSwap(true, false) {
				return errors.New("disk full")
			}
			if e.Topic == "oci.contract.broken" {
				return fmt.Errorf("%w: no tenancy", webhook.ErrUnprocessable)
			}
			return nil
		})
		webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
			c.add("typed %s", e.Topic)
			return nil
		})
		h.OnTopic("gcp.**", func(ctx context.Context, e *event.Event) error {
			c.add("pattern %s", e.Topic)
			return nil
		})
		h.OnUnhandled(func(ctx context.Context, e *event.Event) error {
			c.add("second %s %s", e.Topic, e.Metadata)
			return nil
		})
	})

	tests := []struct {
		name   string
		id     string
		body   []byte
		status int
		ran    []string
	}{
		{
			name:   "typed handler matches",
			body:   webhooktest.MustFixture(topics.AWSContractCreated),
			status: http.StatusNoContent,
			ran:    []string{"typed aws.contract.created"},
		},
		{
			name:   "pattern matches",
			body:   webhooktest.MustFixture(topics.GCPContractActivated),
			status: http.StatusNoContent,
			ran:    []string{"pattern gcp.contract.activated"},
		},
		{
			name:   "known topic nobody handles",
			id:     "msg_unhandled",
			body:   withMetadata(t, topics.AzureContractSuspended, `{"offer_id":"o-1","subscription_id":"s-1"}`),
			status: http.StatusNoContent,
			ran:    []string{"first azure.contract.suspended", `second azure.contract.suspended {"offer_id":"o-1","subscription_id":"s-1"}`},
		},
		{
			name:   "duplicate of a handled delivery",
			id:     "msg_unhandled",
			body:   withMetadata(t, topics.AzureContractSuspended, `{"offer_id":"o-1","subscription_id":"s-1"}`),
			status: http.StatusNoContent,
		},
		{
			name:   "metadata that would not validate is not decoded",
			body:   withMetadata(t, topics.AzureContractSuspended, `{"offer_id":7}`),
			status: http.StatusNoContent,
			ran:    []string{"first azure.contract.suspended", `second azure.contract.suspended {"offer_id":7}`},
		},
		{
			name:   "topic no package knows",
			body:   []byte(`{"id":"evt_oci","topic":"oci.contract.created","metadata":{"tenancy":"t-1"}}`),
			status: http.StatusNoContent,
			ran:    []string{"first oci.contract.created", `second oci.contract.created {"tenancy":"t-1"}`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := tt.id
			if id == "" {
				id = webhooktest.NewID()
			}
			status, _, resp := s.do(t, s.signed(t, id, tt.body))
			assert.Equal(t, tt.status, status, "response %q", resp)
			assert.Equal(t, tt.ran, c.take())
		})
	}

	t.Run("unprocessable", func(t *testing.T) {
		status, _, resp := s.do(t, s.signed(t, webhooktest.NewID(), []byte(`{"topic":"oci.contract.broken","metadata":{}}`)))
		assert.Equal(t, http.StatusUnprocessableEntity, status, resp)
		assert.Equal(t, []string{"first oci.contract.broken"}, c.take())
	})

	t.Run("failure is retried", func(t *testing.T) {
		body := webhooktest.MustFixture(topics.AzureContractRenewed)
		id := webhooktest.NewID()
		failNext.Store(true)
		status, _, _ := s.do(t, s.signed(t, id, body))
		assert.Equal(t, http.StatusInternalServerError, status)
		assert.Equal(t, []string{"first azure.contract.renewed"}, c.take(), "a failing handler stops the delivery")
		errs := s.deliveryErrors()
		require.NotEmpty(t, errs)
		last := errs[len(errs)-1]
		assert.Equal(t, http.StatusInternalServerError, last.Status)
		assert.ErrorContains(t, last.Err, "webhook: OnUnhandled: disk full")

		status, _, _ = s.do(t, s.signed(t, id, body))
		assert.Equal(t, http.StatusNoContent, status)
		assert.Len(t, c.take(), 2, "the retry runs both handlers")
	})
}

// TestHandlerWithoutOnUnhandled checks that a delivery no handler matches
// is acknowledged without being recorded, so that a handler registered
// later receives its retry.
func TestHandlerWithoutOnUnhandled(t *testing.T) {
	t.Parallel()
	var c calls
	s := newTestServer(t, webhook.Options{}, nil)
	body := webhooktest.MustFixture(topics.GCPContractCanceled)
	status, _, _ := s.do(t, s.signed(t, "msg_later", body))
	assert.Equal(t, http.StatusNoContent, status)
	s.h.OnUnhandled(func(ctx context.Context, e *event.Event) error {
		c.add("%s", e.Topic)
		return nil
	})
	status, _, _ = s.do(t, s.signed(t, "msg_later", body))
	assert.Equal(t, http.StatusNoContent, status)
	assert.Equal(t, []string{"gcp.contract.canceled"}, c.take())
}

func TestOnUnhandledPanicsOnNil(t *testing.T) {
	t.Parallel()
	h, err := webhook.NewHandler(webhook.Options{Secrets: []string{webhooktest.NewSecret()}})
	require.NoError(t, err)
	assert.PanicsWithValue(t, "webhook: OnUnhandled with a nil function", func() { h.OnUnhandled(nil) })
}
