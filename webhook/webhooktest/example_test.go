package webhooktest_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// Sign reproduces the worked example of Svix's documentation.
func ExampleSign() {
	h, err := webhooktest.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
		"msg_p5jXN8AQM9LWM0D4loKWxJek", time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`))
	if err != nil {
		panic(err)
	}
	fmt.Println(h.Get("svix-id"))
	fmt.Println(h.Get("svix-timestamp"))
	fmt.Println(h.Get("svix-signature"))
	// Output:
	// msg_p5jXN8AQM9LWM0D4loKWxJek
	// 1614265330
	// v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=
}

// NewRequest and Fixture test a receiver without a network.
func ExampleNewRequest() {
	secret := webhooktest.NewSecret()
	h, err := webhook.NewHandler(webhook.Options{Secrets: []string{secret}})
	if err != nil {
		panic(err)
	}
	h.OnTopic("azure.contract.*", func(ctx context.Context, e *event.Event) error {
		fmt.Println("received", e.Topic)
		return nil
	})

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, webhooktest.NewRequest(secret, webhooktest.MustFixture(topics.AzureContractSuspended)))
	fmt.Println(rec.Code)
	// Output:
	// received azure.contract.suspended
	// 204
}

// NewRequestWith chooses the delivery id, to test a duplicate, and the
// signing time, to test a replay.
func ExampleNewRequestWith() {
	secret := webhooktest.NewSecret()
	h, err := webhook.NewHandler(webhook.Options{Secrets: []string{secret}})
	if err != nil {
		panic(err)
	}
	webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
		fmt.Println("provision", m.CustomerIdentifier)
		return nil
	})

	body := webhooktest.MustFixture(topics.AWSContractCreated)
	for _, opts := range []webhooktest.RequestOptions{
		{ID: "msg_1", Target: "/webhooks/clazar"},
		{ID: "msg_1", Target: "/webhooks/clazar"},                                        // the sender's retry
		{ID: "msg_2", Target: "/webhooks/clazar", Timestamp: time.Now().Add(-time.Hour)}, // a replay
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, webhooktest.NewRequestWith(secret, body, opts))
		fmt.Println(opts.ID, rec.Code)
	}
	// Output:
	// provision Z5Zb2Qd7nLx
	// msg_1 204
	// msg_1 204
	// msg_2 401
}

func ExampleFixture() {
	body, err := webhooktest.Fixture(topics.GCPMeteringSubmissionFailed)
	if err != nil {
		panic(err)
	}
	e, err := event.Parse(body)
	if err != nil {
		panic(err)
	}
	fmt.Println(e.Topic, e.Origin, e.Timestamp.Format(time.RFC3339))
	// Output:
	// gcp.metering.submission_failed User 2025-09-02T07:15:03Z
}

// Restamp makes distinct deliveries of one topic for a table test.
func ExampleRestamp() {
	for i, customer := range []string{"cust-1", "cust-2"} {
		body, err := webhooktest.Restamp(webhooktest.MustFixture(topics.AWSContractCreated), webhooktest.Stamp{
			ID:        fmt.Sprintf("evt_%d", i),
			Timestamp: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
			Metadata:  map[string]any{"customer_identifier": customer},
		})
		if err != nil {
			panic(err)
		}
		e, err := event.Parse(body)
		if err != nil {
			panic(err)
		}
		m, err := event.DecodeAs[aws.ContractCreated](e)
		if err != nil {
			panic(err)
		}
		fmt.Println(e.ID, e.Timestamp.Format(time.RFC3339), m.CustomerIdentifier)
	}
	// Output:
	// evt_0 2026-01-02T03:04:05Z cust-1
	// evt_1 2026-01-02T03:04:05Z cust-2
}
