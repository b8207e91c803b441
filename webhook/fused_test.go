package webhook_test

import (
	"bytes"
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// contractView is a receiver's own view of aws.contract.created: a second
// metadata type for a topic, beside the registered one.
type contractView struct {
	ProductCode string `json:"product_code" validate:"required"`
	Region      string `json:"region" validate:"required"`
}

func (contractView) Topic() topics.Topic { return topics.AWSContractCreated }

// TestHandlerTypesOfOneTopic checks that handlers of two types for one
// topic each receive the metadata decoded as their type, whichever is
// registered first (the first is decoded in the envelope's pass), and that
// a delivery whose metadata one of them cannot take runs no handler, is
// answered 422 and leaves no claim behind.
func TestHandlerTypesOfOneTopic(t *testing.T) {
	t.Parallel()
	fixture := webhooktest.MustFixture(topics.AWSContractCreated)
	withRegion := []byte(`{"id":"evt_view_1","topic":"aws.contract.created","metadata":{"product_code":"p1","customer_identifier":"c1","region":"eu-west-1"}}`)

	for _, viewFirst := range []bool{false, true} {
		var (
			mu      sync.Mutex // the handlers run on the server's goroutines
			created []*aws.ContractCreated
			views   []*contractView
		)
		onCreated := func(h *webhook.Handler) {
			webhook.On(h, func(_ context.Context, _ *event.Event, m *aws.ContractCreated) error {
				mu.Lock()
				defer mu.Unlock()
				created = append(created, m)
				return nil
			})
		}
		onView := func(h *webhook.Handler) {
			webhook.On(h, func(_ context.Context, _ *event.Event, m *contractView) error {
				mu.Lock()
				defer mu.Unlock()
				views = append(views, m)
				return nil
			})
		}
		counts := func() (int, int) {
			mu.Lock()
			defer mu.Unlock()
			return len(created), len(views)
		}
		s := newTestServer(t, webhook.Options{}, func(h *webhook.Handler) {
			if viewFirst {
				onView(h)
				onCreated(h)
			} else {
				onCreated(h)
				onView(h)
			}
		})

		status, _, body := s.do(t, s.signed(t, "msg_view_1", withRegion))
		require.Equal(t, http.StatusNoContent, status, "view first: %v; %s", viewFirst, body)
		nc, nv := counts()
		require.Equal(t, 1, nc)
		require.Equal(t, 1, nv)
		mu.Lock()
		assert.Equal(t, "c1", created[0].CustomerIdentifier, "view first: %v", viewFirst)
		assert.Equal(t, contractView{ProductCode: "p1", Region: "eu-west-1"}, *views[0], "view first: %v", viewFirst)
		mu.Unlock()

		// The fixture has no region: the view's validation fails.
		status, _, _ = s.do(t, s.signed(t, "msg_view_2", fixture))
		assert.Equal(t, http.StatusUnprocessableEntity, status, "view first: %v", viewFirst)
		nc, nv = counts()
		assert.Equal(t, [2]int{1, 1}, [2]int{nc, nv}, "a handler ran for a delivery answered 422 (view first: %v)", viewFirst)
		errs := s.deliveryErrors()
		require.NotEmpty(t, errs)
		var ve *event.ValidationError
		require.ErrorAs(t, errs[len(errs)-1].Err, &ve)
		assert.Equal(t, "metadata.region", ve.Fields[0].Path)

		// Its claim was released: the same id with a usable body is handled.
		status, _, body = s.do(t, s.signed(t, "msg_view_2", withRegion))
		assert.Equal(t, http.StatusNoContent, status, "view first: %v; %s", viewFirst, body)
		nc, nv = counts()
		assert.Equal(t, [2]int{2, 2}, [2]int{nc, nv}, "view first: %v", viewFirst)
	}
}

// TestHandlerMetadataInBody checks that the Event a handler receives has
// its Metadata in the Delivery's Body, not in a copy, over HTTP and through
// Handle, and that both hold the metadata as sent.
func TestHandlerMetadataInBody(t *testing.T) {
	t.Parallel()
	const metadata = `{"product_code":"p1","customer_identifier":"c1","region":"eu-west-1"}`
	body := []byte(`{"id":"evt_in_place_1","topic":"aws.contract.created","metadata":` + metadata + `}`)
	var (
		mu      sync.Mutex
		checked int
	)
	check := func(ctx context.Context, e *event.Event, m *contractView) error {
		d, ok := webhook.FromContext(ctx)
		if !assert.True(t, ok, "no Delivery in the handler's context") {
			return nil
		}
		assert.Equal(t, metadata, string(e.Metadata))
		assert.Equal(t, "eu-west-1", m.Region)
		i := bytes.Index(d.Body, e.Metadata)
		if !assert.GreaterOrEqual(t, i, 0, "the Delivery's Body does not hold the metadata") {
			return nil
		}
		// Writing the body's metadata is seen in the Event's: they are one
		// array. The body is restored before the handler returns.
		d.Body[i+1] = 'X'
		assert.Equal(t, byte('X'), e.Metadata[1], "the Event's Metadata is a copy of the body's")
		d.Body[i+1] = '"'
		mu.Lock()
		checked++
		mu.Unlock()
		return nil
	}

	s := newTestServer(t, webhook.Options{}, func(h *webhook.Handler) { webhook.On(h, check) })
	status, _, answer := s.do(t, s.signed(t, "msg_in_place_1", body))
	require.Equal(t, http.StatusNoContent, status, "%s", answer)

	h, err := webhook.NewHandler(webhook.Options{Secrets: []string{webhooktest.NewSecret()}})
	require.NoError(t, err)
	webhook.On(h, check)
	res := h.Handle(context.Background(), webhook.Message{Body: bytes.Clone(body), Authenticated: true, ID: "msg_in_place_2"})
	require.Nil(t, res.Err)
	assert.Equal(t, http.StatusNoContent, res.Status)

	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, 2, checked, "handler runs")
}
