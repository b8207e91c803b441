package webhook_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

func ExampleNewVerifier() {
	secret := webhooktest.NewSecret() // in production: the endpoint's whsec_ secret
	v, err := webhook.NewVerifier(secret)
	if err != nil {
		panic(err)
	}

	body := []byte(`{"id":"evt_1","topic":"aws.contract.renewed","metadata":{}}`)
	h, err := webhooktest.Sign(secret, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", time.Now(), body)
	if err != nil {
		panic(err)
	}
	fmt.Println("signed body:", v.Verify(h, body))

	tampered := []byte(`{"id":"evt_1","topic":"aws.contract.cancelled","metadata":{}}`)
	err = v.Verify(h, tampered)
	fmt.Println("tampered body:", errors.Is(err, webhook.ErrNoMatchingSignature))
	// Output:
	// signed body: <nil>
	// tampered body: true
}

// A Verifier with a fixed clock checks the worked example of Svix's
// documentation.
func ExampleNewVerifierWith() {
	signedAt := time.Unix(1614265330, 0)
	now := signedAt
	v, err := webhook.NewVerifierWith(webhook.VerifierOptions{
		Secrets: []string{"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"},
		Now:     func() time.Time { return now },
	})
	if err != nil {
		panic(err)
	}
	h := http.Header{}
	h.Set("svix-id", "msg_p5jXN8AQM9LWM0D4loKWxJek")
	h.Set("svix-timestamp", "1614265330")
	h.Set("svix-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
	body := []byte(`{"test": 2432232314}`)

	fmt.Println(v.Verify(h, body))
	now = signedAt.Add(10 * time.Minute)
	fmt.Println(v.Verify(h, body))
	// Output:
	// <nil>
	// webhook: timestamp too old: svix-timestamp is 10m0s before now, beyond the tolerance of 5m0s
}

// A Verifier for Clazar's X-Clazar-Signature scheme, passed to a Handler.
func ExampleNewVerifierWith_clazar() {
	v, err := webhook.NewVerifierWith(webhook.VerifierOptions{
		Scheme:  webhook.SchemeClazar,
		Secrets: []string{"the shared secret"},
	})
	if err != nil {
		panic(err)
	}
	h, err := webhook.NewHandler(webhook.Options{Verifier: v})
	if err != nil {
		panic(err)
	}

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", nil)) // unsigned
	fmt.Println(rec.Code, rec.Body.String())
	// Output:
	// 401 webhook: signature verification failed
}

func ExampleOn() {
	secret := webhooktest.NewSecret()
	h, err := webhook.NewHandler(webhook.Options{Secrets: []string{secret}})
	if err != nil {
		panic(err)
	}
	webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
		d, _ := webhook.FromContext(ctx)
		fmt.Println("delivery", d.ID, "of", e.Topic)
		fmt.Println("product", m.ProductCode, "customer", m.CustomerIdentifier)
		for _, ent := range m.Entitlements {
			n, _ := ent.Value.Int()
			fmt.Println("entitled to", n, ent.Dimension)
		}
		return nil
	})

	body := webhooktest.MustFixture(topics.AWSContractCreated)
	r := webhooktest.NewRequestWith(secret, body, webhooktest.RequestOptions{ID: "msg_2xE1KJ4pQ9vL7mT0", Target: "/webhooks/clazar"})

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	fmt.Println("status", rec.Code)
	// Output:
	// delivery msg_2xE1KJ4pQ9vL7mT0 of aws.contract.created
	// product 4hc2x8yzq9m1n7b3v5k0t6r2p customer Z5Zb2Qd7nLx
	// entitled to 1 enterprise_tier
	// entitled to 250 log_ingest_gb_day
	// status 204
}

func ExampleHandler_OnTopic() {
	secret := webhooktest.NewSecret()
	h, err := webhook.NewHandler(webhook.Options{Secrets: []string{secret}})
	if err != nil {
		panic(err)
	}
	h.OnTopic("gcp.**", func(ctx context.Context, e *event.Event) error {
		fmt.Println("GCP event", e.Topic, "known:", e.Topic.Known())
		return nil
	})

	for _, body := range []string{
		`{"id":"evt_1","topic":"gcp.contract.renewed","metadata":{}}`,
		`{"id":"evt_2","topic":"gcp.contract.transferred","metadata":{"new_field":true}}`,
		`{"id":"evt_3","topic":"azure.contract.renewed","metadata":{}}`,
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, webhooktest.NewRequest(secret, []byte(body)))
		fmt.Println("status", rec.Code)
	}
	// Output:
	// GCP event gcp.contract.renewed known: true
	// status 204
	// GCP event gcp.contract.transferred known: false
	// status 204
	// status 204
}

// OnUnhandled logs every topic that no other handler takes, including
// topics newer than the SDK.
func ExampleHandler_OnUnhandled() {
	secret := webhooktest.NewSecret()
	h, err := webhook.NewHandler(webhook.Options{Secrets: []string{secret}})
	if err != nil {
		panic(err)
	}
	webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
		fmt.Println("provision", m.CustomerIdentifier)
		return nil
	})
	h.OnTopic("*.contract.renewed", func(ctx context.Context, e *event.Event) error {
		fmt.Println("renewal", e.Topic)
		return nil
	})
	h.OnUnhandled(func(ctx context.Context, e *event.Event) error {
		fmt.Println("not handled:", e.Topic)
		return nil
	})

	for _, body := range [][]byte{
		webhooktest.MustFixture(topics.AWSContractCreated),
		webhooktest.MustFixture(topics.GCPContractRenewed),
		webhooktest.MustFixture(topics.AzureContractSuspended),
		[]byte(`{"id":"evt_9","topic":"gcp.contract.transferred","metadata":{}}`),
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, webhooktest.NewRequest(secret, body))
		fmt.Println(rec.Code)
	}
	// Output:
	// provision Z5Zb2Qd7nLx
	// 204
	// renewal gcp.contract.renewed
	// 204
	// not handled: azure.contract.suspended
	// 204
	// not handled: gcp.contract.transferred
	// 204
}

// An EventBridge API destination whose connection uses Basic
// authorization: the Handler checks the credentials, dispatches the event
// by its detail type, and deduplicates it by its id.
func ExampleNewVerifierWith_eventBridge() {
	v, err := webhook.NewVerifierWith(webhook.VerifierOptions{
		Scheme:   webhook.SchemeBasic,
		Username: "eventbridge",
		Secrets:  []string{"the connection's password"},
	})
	if err != nil {
		panic(err)
	}
	h, err := webhook.NewHandler(webhook.Options{Verifier: v})
	if err != nil {
		panic(err)
	}
	webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.LicenseUpdatedManufacturer) error {
		d, _ := webhook.FromContext(ctx)
		fmt.Println("event", d.ID, "from", e.EventBridge.Source)
		fmt.Println("grant", m.Product.Code, "to account", m.Acceptor.AccountID)
		return nil
	})

	body := webhooktest.MustFixture(topics.AWSAgreementLicenseUpdatedManufacturer)
	for _, password := range []string{"the connection's password", "the connection's password", "a guess"} {
		r := httptest.NewRequest(http.MethodPost, "/aws/eventbridge", bytes.NewReader(body))
		r.SetBasicAuth("eventbridge", password)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		fmt.Println("status", rec.Code)
	}
	// Output:
	// event 12345678-1234-1234-1234-123456789010 from aws.agreement-marketplace
	// grant aw4fgf5tyo5w2ap6fEXAMPLE to account 845735284135
	// status 204
	// status 204
	// status 401
}
