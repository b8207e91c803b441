package webhook_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/sdktest"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// An API destination's credentials, as an EventBridge connection sends
// them.
const (
	apiKeyHeader = "X-Api-Key"
	apiKey       = "k3y-7f2a9c41e8"
	basicUser    = "eventbridge"
	basicPass    = "p4ss-0b6e3d12"
)

// apiDestination is how a test server authenticates EventBridge: with the
// connection's API key header, or with Basic credentials.
type apiDestination struct {
	name    string
	opts    webhook.VerifierOptions
	headers func() http.Header
}

var apiDestinations = []apiDestination{
	{
		name: "API key",
		opts: webhook.VerifierOptions{Scheme: webhook.SchemeHeader, Header: apiKeyHeader, Secrets: []string{apiKey}},
		headers: func() http.Header {
			return http.Header{apiKeyHeader: {apiKey}, "Content-Type": {"application/json; charset=utf-8"}}
		},
	},
	{
		name: "Basic",
		opts: webhook.VerifierOptions{Scheme: webhook.SchemeBasic, Username: basicUser, Secrets: []string{"previous-pass", basicPass}},
		headers: func() http.Header {
			return http.Header{"Authorization": {basicAuth(basicUser, basicPass)}}
		},
	},
}

func basicAuth(user, password string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
}

// eventBridgeServer serves a Handler that authenticates as dest does.
func eventBridgeServer(t *testing.T, dest apiDestination, register func(h *webhook.Handler)) *testServer {
	t.Helper()
	v, err := webhook.NewVerifierWith(dest.opts)
	if err != nil {
		t.Fatalf("NewVerifierWith: %v", err)
	}
	return newTestServer(t, webhook.Options{Verifier: v}, register)
}

// A typedCall is what a typed handler received.
type typedCall struct {
	topic topics.Topic
	typ   reflect.Type
	id    string // the event's id
	key   string // the Delivery's id, the idempotency key
	eb    *event.EventBridge
}

// recorder collects typed handler calls.
type recorder struct {
	mu    sync.Mutex
	calls []typedCall
}

func (r *recorder) add(c typedCall) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, c)
}

func (r *recorder) all() []typedCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.calls)
}

// onTyped registers a typed handler for T that records its calls, and
// returns T's topic.
func onTyped[T event.Metadata](h *webhook.Handler, rec *recorder) topics.Topic {
	webhook.On(h, func(ctx context.Context, e *event.Event, m *T) error {
		d, _ := webhook.FromContext(ctx)
		rec.add(typedCall{topic: e.Topic, typ: reflect.TypeOf(m).Elem(), id: e.ID, key: d.ID, eb: e.EventBridge})
		return nil
	})
	var zero T
	return zero.Topic()
}

// eventBridgeTyped registers a typed handler for every EventBridge detail
// type; TestEventBridgeTypedDispatch checks that it misses none of the
// registry's.
func eventBridgeTyped(h *webhook.Handler, rec *recorder) []topics.Topic {
	return []topics.Topic{
		onTyped[aws.OfferReleased](h, rec),
		onTyped[aws.ChangeSetSucceeded](h, rec),
		onTyped[aws.ChangeSetFailed](h, rec),
		onTyped[aws.ChangeSetCancelled](h, rec),
		onTyped[aws.ProductsSecurityReportCreated](h, rec),
		onTyped[aws.PurchaseAgreementCreatedManufacturer](h, rec),
		onTyped[aws.PurchaseAgreementCreatedProposer](h, rec),
		onTyped[aws.PurchaseAgreementAmendedManufacturer](h, rec),
		onTyped[aws.PurchaseAgreementAmendedProposer](h, rec),
		onTyped[aws.PurchaseAgreementEndedManufacturer](h, rec),
		onTyped[aws.PurchaseAgreementEndedProposer](h, rec),
		onTyped[aws.LicenseUpdatedManufacturer](h, rec),
		onTyped[aws.LicenseDeprovisionedManufacturer](h, rec),
		onTyped[aws.OfferSetReleased](h, rec),
		onTyped[aws.PurchaseAgreementAdvisoryIssuedManufacturer](h, rec),
		onTyped[aws.PurchaseAgreementAdvisoryResolvedManufacturer](h, rec),
		onTyped[aws.PurchaseAgreementEndingProposer](h, rec),
		onTyped[aws.PurchaseAgreementRenewalTermsFinalizedProposer](h, rec),
		onTyped[aws.PurchaseAgreementRenewalUpcomingProposer](h, rec),
		onTyped[aws.AgreementCancellationRequestPendingApprovalProposer](h, rec),
		onTyped[aws.AgreementCancellationRequestApprovedProposer](h, rec),
		onTyped[aws.AgreementCancellationRequestRejectedProposer](h, rec),
		onTyped[aws.AgreementCancellationRequestCancelledProposer](h, rec),
		onTyped[aws.AgreementCancellationRequestValidationFailedProposer](h, rec),
		onTyped[aws.PurchaseAgreementBillingAdjustmentCompletedProposer](h, rec),
		onTyped[aws.PurchaseAgreementBillingAdjustmentFailedProposer](h, rec),
		onTyped[aws.DisbursementPaused](h, rec),
	}
}

// eventBridgeSpecs returns the registry's EventBridge detail types.
func eventBridgeSpecs() []event.Spec {
	var specs []event.Spec
	for _, s := range event.Specs() {
		if s.Source != "" {
			specs = append(specs, s)
		}
	}
	return specs
}

// TestEventBridgeTypedDispatch posts the fixture of every EventBridge
// detail type over HTTP, authenticated as an API destination does, and
// checks that it reaches its typed handler, with its envelope, keyed by
// its event id.
func TestEventBridgeTypedDispatch(t *testing.T) {
	t.Parallel()
	for _, dest := range apiDestinations {
		t.Run(dest.name, func(t *testing.T) {
			t.Parallel()
			rec := new(recorder)
			var covered []topics.Topic
			s := eventBridgeServer(t, dest, func(h *webhook.Handler) { covered = eventBridgeTyped(h, rec) })
			specs := eventBridgeSpecs()
			var want []topics.Topic
			for _, sp := range specs {
				want = append(want, sp.Topic)
			}
			slices.Sort(covered)
			if diff := cmp.Diff(want, covered); diff != "" {
				t.Fatalf("the test's typed handlers and the registry's EventBridge topics differ (-registry +test):\n%s", diff)
			}
			var wantCalls []typedCall
			for _, sp := range specs {
				body := webhooktest.MustFixture(sp.Topic)
				e := sdktest.Parse(t, body)
				if status, _, text := s.do(t, s.request(t, http.MethodPost, dest.headers(), body)); status != http.StatusNoContent {
					t.Errorf("%s: status %d: %s", sp.Topic, status, text)
				}
				wantCalls = append(wantCalls, typedCall{topic: sp.Topic, typ: sp.Type(), id: e.ID, key: e.ID, eb: e.EventBridge})
			}
			opt := cmp.Comparer(func(a, b reflect.Type) bool { return a == b })
			if diff := cmp.Diff(wantCalls, rec.all(), cmp.AllowUnexported(typedCall{}), opt); diff != "" {
				t.Errorf("typed handler calls (-want +got):\n%s", diff)
			}
			if errs := s.deliveryErrors(); len(errs) != 0 {
				t.Errorf("OnError called: %v", errs[0])
			}
		})
	}
}

// TestEventBridgeCredentials checks that a delivery without the API
// destination's credentials is answered 401 and runs no handler.
func TestEventBridgeCredentials(t *testing.T) {
	t.Parallel()
	body := webhooktest.MustFixture(topics.AWSAgreementLicenseUpdatedManufacturer)
	signed, err := webhooktest.Sign(webhooktest.NewSecret(), webhooktest.NewID(), sdktest.Parse(t, body).Timestamp, body)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		dest int // index into apiDestinations
		h    http.Header
		want error
	}{
		{"no key", 0, http.Header{}, webhook.ErrMissingHeaders},
		{"wrong key", 0, http.Header{apiKeyHeader: {"k3y-7f2a9c41e9"}}, webhook.ErrNoMatchingSignature},
		{"key in another header", 0, http.Header{"X-Api-Token": {apiKey}}, webhook.ErrMissingHeaders},
		{"Basic instead of the key", 0, http.Header{"Authorization": {basicAuth(basicUser, apiKey)}}, webhook.ErrMissingHeaders},
		{"no authorization", 1, http.Header{}, webhook.ErrMissingHeaders},
		{"Svix signature instead", 1, signed, webhook.ErrMissingHeaders},
		{"wrong password", 1, http.Header{"Authorization": {basicAuth(basicUser, "p4ss-0b6e3d13")}}, webhook.ErrNoMatchingSignature},
		{"wrong user", 1, http.Header{"Authorization": {basicAuth("eventbridge2", basicPass)}}, webhook.ErrNoMatchingSignature},
		{"password as user", 1, http.Header{"Authorization": {basicAuth(basicPass, basicUser)}}, webhook.ErrNoMatchingSignature},
		{"empty password", 1, http.Header{"Authorization": {basicAuth(basicUser, "")}}, webhook.ErrNoMatchingSignature},
		{"bearer token", 1, http.Header{"Authorization": {"Bearer " + basicPass}}, webhook.ErrMalformedHeader},
		{"not base64", 1, http.Header{"Authorization": {"Basic " + basicUser + ":" + basicPass}}, webhook.ErrMalformedHeader},
		{"no colon", 1, http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte(basicUser+basicPass))}}, webhook.ErrMalformedHeader},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := new(recorder)
			s := eventBridgeServer(t, apiDestinations[tt.dest], func(h *webhook.Handler) {
				onTyped[aws.LicenseUpdatedManufacturer](h, rec)
				h.OnTopic("**", func(context.Context, *event.Event) error {
					rec.add(typedCall{})
					return nil
				})
			})
			status, _, text := s.do(t, s.request(t, http.MethodPost, tt.h, body))
			if status != http.StatusUnauthorized {
				t.Errorf("status %d, want 401", status)
			}
			for _, secret := range []string{apiKey, basicPass, base64.StdEncoding.EncodeToString([]byte(basicUser + ":" + basicPass))} {
				if strings.Contains(text, secret) || strings.Contains(s.logs.String(), secret) {
					t.Errorf("the response or the log reveals a credential")
				}
			}
			if calls := rec.all(); len(calls) != 0 {
				t.Errorf("%d handler calls, want none", len(calls))
			}
			errs := s.deliveryErrors()
			if len(errs) != 1 || !errors.Is(errs[0], tt.want) {
				t.Errorf("OnError got %v, want one error wrapping %v", errs, tt.want)
			}
		})
	}
}

// TestEventBridgeDuplicates checks that EventBridge's retries of an event,
// which carry its id, run the handlers once, and that another event runs
// them again.
func TestEventBridgeDuplicates(t *testing.T) {
	t.Parallel()
	dest := apiDestinations[1]
	rec := new(recorder)
	s := eventBridgeServer(t, dest, func(h *webhook.Handler) { onTyped[aws.PurchaseAgreementCreatedProposer](h, rec) })
	body := webhooktest.MustFixture(topics.AWSAgreementPurchaseAgreementCreatedProposer)
	compact := sdktest.Marshal(t, sdktest.Parse(t, body)) // the same event, other bytes
	first := sdktest.Parse(t, body).ID
	const otherID = "12345678-1234-1234-1234-123456789099"
	other := sdktest.Marshal(t, func() *event.Event {
		e := sdktest.Parse(t, body)
		e.ID = otherID
		return e
	}())
	for i, b := range [][]byte{body, body, compact, other, other} {
		if status, _, text := s.do(t, s.request(t, http.MethodPost, dest.headers(), b)); status != http.StatusNoContent {
			t.Errorf("delivery %d: status %d: %s", i, status, text)
		}
	}
	var ids []string
	for _, c := range rec.all() {
		ids = append(ids, c.key)
	}
	if diff := cmp.Diff([]string{first, otherID}, ids); diff != "" {
		t.Errorf("handled event ids (-want +got):\n%s", diff)
	}
}

// TestEventBridgeMalformedDetail checks that a detail that does not decode
// or validate is answered 422 by a receiver with a typed handler for its
// detail type, naming the path from "detail", and 204 by a receiver that
// handles it by pattern only.
func TestEventBridgeMalformedDetail(t *testing.T) {
	t.Parallel()
	fixture := sdktest.Parse(t, webhooktest.MustFixture(topics.AWSCatalogChangeSetFailed))
	withDetail := func(detail string) []byte {
		e := *fixture
		e.Metadata = []byte(detail)
		return sdktest.Marshal(t, &e)
	}
	tests := []struct {
		name  string
		body  []byte
		check func(error) bool
	}{
		{"identity missing", withDetail(`{"Catalog":"AWSMarketplace","FailureCode":"CLIENT_ERROR"}`), func(err error) bool {
			var ve *event.ValidationError
			return errors.As(err, &ve) && len(ve.Fields) == 1 && ve.Fields[0].Path == "detail.ChangeSetId"
		}},
		{"wrong kind", withDetail(`{"ChangeSetId":76}`), func(err error) bool { return errors.Is(err, event.ErrMalformed) }},
		{"not a time", withDetail(`{"ChangeSetId":"76yesvf8y165pa4f98td2crtg","EndTime":"soon"}`), func(err error) bool { return errors.Is(err, event.ErrMalformed) }},
	}
	dest := apiDestinations[0]
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := new(recorder)
			typed := eventBridgeServer(t, dest, func(h *webhook.Handler) { onTyped[aws.ChangeSetFailed](h, rec) })
			if status, _, text := typed.do(t, typed.request(t, http.MethodPost, dest.headers(), tt.body)); status != http.StatusUnprocessableEntity {
				t.Errorf("typed receiver: status %d (%s), want 422", status, text)
			}
			if errs := typed.deliveryErrors(); len(errs) != 1 || !tt.check(errs[0].Err) {
				t.Errorf("typed receiver: OnError got %v", errs)
			}

			var pattern []topics.Topic
			var mu sync.Mutex
			loose := eventBridgeServer(t, dest, func(h *webhook.Handler) {
				h.OnTopic("aws.marketplacecatalog.*", func(_ context.Context, e *event.Event) error {
					mu.Lock()
					defer mu.Unlock()
					pattern = append(pattern, e.Topic)
					return nil
				})
			})
			if status, _, text := loose.do(t, loose.request(t, http.MethodPost, dest.headers(), tt.body)); status != http.StatusNoContent {
				t.Errorf("pattern receiver: status %d (%s), want 204", status, text)
			}
			mu.Lock()
			defer mu.Unlock()
			if diff := cmp.Diff([]topics.Topic{topics.AWSCatalogChangeSetFailed}, pattern); diff != "" {
				t.Errorf("pattern handler calls (-want +got):\n%s", diff)
			}
			if len(rec.all()) != 0 {
				t.Error("the typed handler ran on an invalid detail")
			}
		})
	}
}
