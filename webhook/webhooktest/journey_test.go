package webhooktest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clazarevents/sdk-go/contract"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// Every journey's events decode strictly and validate, concern one buyer,
// have distinct ids and increasing timestamps, and start and end as
// documented.
func TestJourneys(t *testing.T) {
	t.Parallel()
	js := webhooktest.Journeys(9)
	require.Len(t, js, 9)
	ids := map[string]bool{}
	first := map[topics.Marketplace]topics.Topic{topics.AWS: topics.AWSContractCreated, topics.Azure: topics.AzureContractPending, topics.GCP: topics.GCPContractPending}
	last := map[topics.Marketplace]topics.Topic{topics.AWS: topics.AWSContractCancelled, topics.Azure: topics.AzureContractUnsubscribed, topics.GCP: topics.GCPContractCanceled}
	for i, j := range js {
		assert.Equal(t, [...]topics.Marketplace{topics.AWS, topics.Azure, topics.GCP}[i%3], j.Marketplace)
		require.NotEmpty(t, j.Events)
		assert.Equal(t, first[j.Marketplace], j.Events[0].Topic)
		assert.Equal(t, last[j.Marketplace], j.Events[len(j.Events)-1].Topic)
		for k, e := range j.Events {
			assert.Equal(t, j.Marketplace, e.Topic.Marketplace())
			assert.False(t, ids[e.ID], "id %s twice", e.ID)
			ids[e.ID] = true
			if k > 0 {
				assert.True(t, e.Timestamp.After(j.Events[k-1].Timestamp), "%s not after the event before", e.ID)
			}
			_, err := e.DecodeStrict()
			require.NoError(t, err, "%s %s", e.Topic, e.ID)
			f, ok, err := contract.FactOf(e)
			require.NoError(t, err)
			require.True(t, ok)
			assert.Equal(t, contract.Key{Marketplace: j.Marketplace, ID: j.Buyer}, f.Key, "%s: not the journey's buyer", e.ID)
		}
	}
	again, err := webhooktest.NewJourney(topics.GCP, 2)
	require.NoError(t, err)
	assert.Equal(t, js[2].Bodies(), again.Bodies(), "the same buyer gives the same journey")
	assert.NotEqual(t, js[0].Buyer, js[3].Buyer)

	_, err = webhooktest.NewJourney("ibm", 1)
	assert.Error(t, err)
}

// A journey's requests are signed deliveries that a Handler accepts.
func TestJourneyRequests(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	h, err := webhook.NewHandler(webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	var got []topics.Topic
	h.OnTopic("*.contract.*", func(_ context.Context, e *event.Event) error {
		got = append(got, e.Topic)
		return nil
	})
	j, err := webhooktest.NewJourney(topics.Azure, 4)
	require.NoError(t, err)
	for _, r := range j.Requests(secret) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		assert.Equal(t, http.StatusNoContent, rec.Code, rec.Body.String())
	}
	want := make([]topics.Topic, len(j.Events))
	for i, e := range j.Events {
		want[i] = e.Topic
	}
	assert.Equal(t, want, got)
}
