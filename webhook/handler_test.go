package webhook_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/gcp"
	"github.com/clazarevents/sdk-go/internal/sdktest"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// testServer is a Handler served over real HTTP, with its error hook and
// log recorded.
type testServer struct {
	*httptest.Server
	h      *webhook.Handler
	secret string
	logs   *sdktest.SyncBuffer

	mu   sync.Mutex
	errs []*webhook.DeliveryError
}

// newTestServer serves a Handler built from opts, with a new secret unless
// opts sets a Verifier, and registers handlers with register.
func newTestServer(t *testing.T, opts webhook.Options, register func(h *webhook.Handler)) *testServer {
	t.Helper()
	s := &testServer{logs: new(sdktest.SyncBuffer)}
	if opts.Verifier == nil && opts.Secrets == nil {
		s.secret = webhooktest.NewSecret()
		opts.Secrets = []string{s.secret}
	}
	opts.Logger = slog.New(slog.NewJSONHandler(s.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	opts.OnError = func(_ *http.Request, err *webhook.DeliveryError) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.errs = append(s.errs, err)
	}
	h, err := webhook.NewHandler(opts)
	if err != nil {
		t.Fatalf("NewHandler: %v", err)
	}
	if register != nil {
		register(h)
	}
	s.h = h
	s.Server = httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

// deliveryErrors returns the DeliveryErrors the hook received so far.
func (s *testServer) deliveryErrors() []*webhook.DeliveryError {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*webhook.DeliveryError(nil), s.errs...)
}

// signed returns a POST of body signed with the server's secret, as id,
// now.
func (s *testServer) signed(t *testing.T, id string, body []byte) *http.Request {
	t.Helper()
	h, err := webhooktest.Sign(s.secret, id, time.Now(), body)
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	return s.request(t, http.MethodPost, h, body)
}

func (s *testServer) request(t *testing.T, method string, h http.Header, body []byte) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, s.URL+"/webhooks/clazar", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("NewRequest: %v", err)
	}
	for k, v := range h {
		r.Header[k] = v
	}
	return r
}

// do sends r and returns the response status, Allow header and body.
func (s *testServer) do(t *testing.T, r *http.Request) (status int, allow, body string) {
	t.Helper()
	resp, err := s.Client().Do(r)
	if err != nil {
		t.Fatalf("%s %s: %v", r.Method, r.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading response: %v", err)
	}
	return resp.StatusCode, resp.Header.Get("Allow"), string(b)
}

// withMetadata returns the fixture of topic with its metadata replaced.
func withMetadata(t *testing.T, topic topics.Topic, metadata string) []byte {
	t.Helper()
	var env map[string]json.RawMessage
	if err := json.Unmarshal(webhooktest.MustFixture(topic), &env); err != nil {
		t.Fatalf("fixture %s: %v", topic, err)
	}
	env["metadata"] = json.RawMessage(metadata)
	b, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// flakyStore is a MemoryStore whose calls can be made to fail, and which
// counts its calls.
type flakyStore struct {
	*webhook.MemoryStore
	failClaim, failComplete bool
	status                  webhook.ClaimStatus // returned by Claim when set
	releases                atomic.Int32
}

var errDatabase = errors.New("database unreachable")

func (f *flakyStore) Claim(ctx context.Context, key string, ttl time.Duration) (webhook.ClaimStatus, error) {
	if f.failClaim {
		return 0, errDatabase
	}
	if f.status != 0 {
		return f.status, nil
	}
	return f.MemoryStore.Claim(ctx, key, ttl)
}

func (f *flakyStore) Complete(ctx context.Context, key string, ttl time.Duration) error {
	if f.failComplete {
		return errDatabase
	}
	return f.MemoryStore.Complete(ctx, key, ttl)
}

func (f *flakyStore) Release(ctx context.Context, key string) error {
	f.releases.Add(1)
	return f.MemoryStore.Release(ctx, key)
}

func TestHandlerStatusCodes(t *testing.T) {
	t.Parallel()
	created := webhooktest.MustFixture(topics.AWSContractCreated)
	big := bytes.Repeat([]byte("x"), 2048)
	type counter = atomic.Int32
	onCreated := func(calls *counter, err error) func(h *webhook.Handler) {
		return func(h *webhook.Handler) {
			webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
				calls.Add(1)
				return err
			})
		}
	}
	onPattern := func(calls *counter) func(h *webhook.Handler) {
		return func(h *webhook.Handler) {
			h.OnTopic("**", func(ctx context.Context, e *event.Event) error {
				calls.Add(1)
				return nil
			})
		}
	}
	tests := []struct {
		name       string
		opts       webhook.Options
		store      *flakyStore
		register   func(calls *counter) func(h *webhook.Handler)
		request    func(t *testing.T, s *testServer) *http.Request
		wantStatus int
		wantErr    error // what the hook receives; nil: no hook call
		wantAs     any   // a pointer to an error type the hook's error holds
		wantCalls  int32
		wantBody   string // a substring of the response body
	}{
		{
			name:     "typed handler",
			register: func(c *counter) func(*webhook.Handler) { return onCreated(c, nil) },
			request: func(t *testing.T, s *testServer) *http.Request {
				return s.signed(t, "msg_typed", created)
			},
			wantStatus: http.StatusNoContent, wantCalls: 1,
		},
		{
			name:     "no handler for the topic",
			register: func(c *counter) func(*webhook.Handler) { return onCreated(c, nil) },
			request: func(t *testing.T, s *testServer) *http.Request {
				return s.signed(t, "msg_other", webhooktest.MustFixture(topics.AzureContractSuspended))
			},
			wantStatus: http.StatusNoContent, wantCalls: 0,
		},
		{
			name:     "unknown topic reaches a pattern",
			register: onPattern,
			request: func(t *testing.T, s *testServer) *http.Request {
				return s.signed(t, "msg_future", []byte(`{"id":"evt_1","topic":"aws.contract.transferred","metadata":{"shape":["new"]}}`))
			},
			wantStatus: http.StatusNoContent, wantCalls: 1,
		},
		{
			name:     "changed metadata without a typed handler",
			register: onPattern,
			request: func(t *testing.T, s *testServer) *http.Request {
				return s.signed(t, "msg_shape", withMetadata(t, topics.AWSContractCreated, `{"product_code":42,"entitlements":"none"}`))
			},
			wantStatus: http.StatusNoContent, wantCalls: 1,
		},
		{
			name:     "unsigned",
			register: func(c *counter) func(*webhook.Handler) { return onCreated(c, nil) },
			request: func(t *testing.T, s *testServer) *http.Request {
				return s.request(t, http.MethodPost, nil, created)
			},
			wantStatus: http.StatusUnauthorized, wantErr: webhook.ErrMissingHeaders,
			wantBody: "signature verification failed",
		},
		{
			name:     "unsigned body that is not JSON",
			register: onPattern,
			request: func(t *testing.T, s *testServer) *http.Request {
				return s.request(t, http.MethodPost, nil, []byte("not json"))
			},
			wantStatus: http.StatusUnauthorized, wantErr: webhook.ErrMissingHeaders,
		},
		{
			name:     "other secret",
			register: func(c *counter) func(*webhook.Handler) { return onCreated(c, nil) },
			request: func(t *testing.T, s *testServer) *http.Request {
				h, _ := webhooktest.Sign(webhooktest.NewSecret(), "msg_forged", time.Now(), created)
				return s.request(t, http.MethodPost, h, created)
			},
			wantStatus: http.StatusUnauthorized, wantErr: webhook.ErrNoMatchingSignature,
		},
		{
			name:     "replayed",
			register: func(c *counter) func(*webhook.Handler) { return onCreated(c, nil) },
			request: func(t *testing.T, s *testServer) *http.Request {
				h, _ := webhooktest.Sign(s.secret, "msg_old", time.Now().Add(-time.Hour), created)
				return s.request(t, http.MethodPost, h, created)
			},
			wantStatus: http.StatusUnauthorized, wantErr: webhook.ErrTimestampTooOld,
		},
		{
			name:     "from the future",
			register: func(c *counter) func(*webhook.Handler) { return onCreated(c, nil) },
			request: func(t *testing.T, s *testServer) *http.Request {
				h, _ := webhooktest.Sign(s.secret, "msg_new", time.Now().Add(time.Hour), created)
				return s.request(t, http.MethodPost, h, created)
			},
			wantStatus: http.StatusUnauthorized, wantErr: webhook.ErrTimestampTooNew,
		},
		{
			name:     "GET",
			register: onPattern,
			request: func(t *testing.T, s *testServer) *http.Request {
				return s.request(t, http.MethodGet, nil, nil)
			},
			wantStatus: http.StatusMethodNotAllowed, wantErr: webhook.ErrMethodNotAllowed,
		},
		{
			name:     "too large by Content-Length",
			opts:     webhook.Options{MaxBodyBytes: 1024},
			register: onPattern,
			request: func(t *testing.T, s *testServer) *http.Request {
				return s.request(t, http.MethodPost, nil, big)
			},
			wantStatus: http.StatusRequestEntityTooLarge, wantErr: webhook.ErrBodyTooLarge,
		},
		{
			name:     "too large, chunked",
			opts:     webhook.Options{MaxBodyBytes: 1024},
			register: onPattern,
			request: func(t *testing.T, s *testServer) *http.Request {
				r := s.signed(t, "msg_big", big)
				r.Body = io.NopCloser(bytes.NewReader(big)) // hides the length
				r.ContentLength = -1
				return r
			},
			wantStatus: http.StatusRequestEntityTooLarge, wantErr: webhook.ErrBodyTooLarge,
		},
		{
			name:     "exactly MaxBodyBytes",
			opts:     webhook.Options{MaxBodyBytes: int64(len(created))},
			register: func(c *counter) func(*webhook.Handler) { return onCreated(c, nil) },
			request: func(t *testing.T, s *testServer) *http.Request {
				r := s.signed(t, "msg_edge", created)
				r.Body = io.NopCloser(bytes.NewReader(created))
				r.ContentLength = -1
				return r
			},
			wantStatus: http.StatusNoContent, wantCalls: 1,
		},
		{
			name:     "signed body that is not JSON",
			register: onPattern,
			request: func(t *testing.T, s *testServer) *http.Request {
				return s.signed(t, "msg_text", []byte("topic=aws.contract.created"))
			},
			wantStatus: http.StatusBadRequest, wantErr: event.ErrMalformed, wantBody: "event: malformed",
		},
		{
			name:     "signed envelope without a topic",
			register: onPattern,
			request: func(t *testing.T, s *testServer) *http.Request {
				return s.signed(t, "msg_notopic", []byte(`{"id":"evt_2","metadata":{}}`))
			},
			wantStatus: http.StatusBadRequest, wantErr: event.ErrMalformed, wantBody: "no topic",
		},
		{
			name:     "invalid metadata for a typed handler",
			register: func(c *counter) func(*webhook.Handler) { return onCreated(c, nil) },
			request: func(t *testing.T, s *testServer) *http.Request {
				return s.signed(t, "msg_invalid", withMetadata(t, topics.AWSContractCreated, `{"product_code":"4hc2x8yzq9m1n7b3v5k0t6r2p"}`))
			},
			wantStatus: http.StatusUnprocessableEntity, wantAs: new(*event.ValidationError),
			wantBody: "metadata.customer_identifier: required",
		},
		{
			name: "metadata of the wrong kind stops pattern handlers too",
			register: func(c *counter) func(*webhook.Handler) {
				return func(h *webhook.Handler) { onPattern(c)(h); onCreated(c, nil)(h) }
			},
			request: func(t *testing.T, s *testServer) *http.Request {
				return s.signed(t, "msg_kind", withMetadata(t, topics.AWSContractCreated, `{"product_code":42}`))
			},
			wantStatus: http.StatusUnprocessableEntity, wantErr: event.ErrMalformed, wantCalls: 0,
		},
		{
			name:     "handler error",
			register: func(c *counter) func(*webhook.Handler) { return onCreated(c, errDatabase) },
			request: func(t *testing.T, s *testServer) *http.Request {
				return s.signed(t, "msg_fail", created)
			},
			wantStatus: http.StatusInternalServerError, wantErr: errDatabase, wantCalls: 1,
			wantBody: "handler failed",
		},
		{
			name: "handler panic",
			register: func(c *counter) func(*webhook.Handler) {
				return func(h *webhook.Handler) {
					webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
						c.Add(1)
						var entitlements map[string]int
						//lint:ignore SA5000 the handler panics on purpose, with a runtime error
						entitlements[m.ProductCode]++
						return nil
					})
				}
			},
			request: func(t *testing.T, s *testServer) *http.Request {
				return s.signed(t, "msg_panic", created)
			},
			wantStatus: http.StatusInternalServerError, wantErr: webhook.ErrHandlerPanic, wantCalls: 1,
		},
		{
			name:     "store fails to claim",
			store:    &flakyStore{failClaim: true},
			register: func(c *counter) func(*webhook.Handler) { return onCreated(c, nil) },
			request: func(t *testing.T, s *testServer) *http.Request {
				return s.signed(t, "msg_claim", created)
			},
			wantStatus: http.StatusServiceUnavailable, wantErr: errDatabase, wantCalls: 0,
		},
		{
			name:     "store fails to complete",
			store:    &flakyStore{failComplete: true},
			register: func(c *counter) func(*webhook.Handler) { return onCreated(c, nil) },
			request: func(t *testing.T, s *testServer) *http.Request {
				return s.signed(t, "msg_complete", created)
			},
			wantStatus: http.StatusServiceUnavailable, wantErr: errDatabase, wantCalls: 1,
		},
		{
			name:     "store reports a done duplicate",
			store:    &flakyStore{status: webhook.Done},
			register: func(c *counter) func(*webhook.Handler) { return onCreated(c, nil) },
			request: func(t *testing.T, s *testServer) *http.Request {
				return s.signed(t, "msg_done", created)
			},
			wantStatus: http.StatusNoContent, wantCalls: 0,
		},
		{
			name:     "store reports a delivery in flight",
			store:    &flakyStore{status: webhook.InFlight},
			register: func(c *counter) func(*webhook.Handler) { return onCreated(c, nil) },
			request: func(t *testing.T, s *testServer) *http.Request {
				return s.signed(t, "msg_busy", created)
			},
			wantStatus: http.StatusConflict, wantErr: webhook.ErrInFlight, wantCalls: 0,
		},
		{
			name:     "store returns an unknown status",
			store:    &flakyStore{status: webhook.ClaimStatus(7)},
			register: func(c *counter) func(*webhook.Handler) { return onCreated(c, nil) },
			request: func(t *testing.T, s *testServer) *http.Request {
				return s.signed(t, "msg_odd", created)
			},
			wantStatus: http.StatusServiceUnavailable, wantCalls: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var calls counter
			opts := tt.opts
			if tt.store != nil {
				tt.store.MemoryStore = webhook.NewMemoryStore(webhook.MemoryStoreOptions{})
				opts.Store = tt.store
			}
			s := newTestServer(t, opts, tt.register(&calls))
			r := tt.request(t, s)
			sent, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(sent))
			status, allow, body := s.do(t, r)
			if status != tt.wantStatus {
				t.Fatalf("status %d, want %d; body %q; log:\n%s", status, tt.wantStatus, body, s.logs)
			}
			if got := calls.Load(); got != tt.wantCalls {
				t.Errorf("handler ran %d times, want %d", got, tt.wantCalls)
			}
			if !strings.Contains(body, tt.wantBody) {
				t.Errorf("response body %q, want it to contain %q", body, tt.wantBody)
			}
			if status == http.StatusMethodNotAllowed && allow != http.MethodPost {
				t.Errorf("Allow = %q, want POST", allow)
			}
			errs := s.deliveryErrors()
			if status < 300 {
				if len(errs) != 0 {
					t.Errorf("hook called for a %d: %v", status, errs)
				}
				return
			}
			if len(errs) != 1 {
				t.Fatalf("hook called %d times, want once", len(errs))
			}
			de := errs[0]
			if de.Status != status {
				t.Errorf("DeliveryError.Status = %d, want %d", de.Status, status)
			}
			if tt.wantErr != nil && !errors.Is(de, tt.wantErr) {
				t.Errorf("hook error %v, want %v", de, tt.wantErr)
			}
			if tt.wantAs != nil && !errors.As(de, tt.wantAs) {
				t.Errorf("hook error %v, want a %T", de, tt.wantAs)
			}
			if !strings.HasPrefix(de.Error(), "webhook: "+strconv.Itoa(status)) {
				t.Errorf("hook error %q, want it to start with the status", de)
			}
			switch status {
			case http.StatusUnauthorized, http.StatusMethodNotAllowed, http.StatusRequestEntityTooLarge:
				if de.Delivery != nil {
					t.Errorf("unverified request reached the hook with its delivery")
				}
			default:
				if de.Delivery == nil || !bytes.Equal(de.Delivery.Body, sent) {
					t.Fatalf("hook delivery %+v, want the body sent", de.Delivery)
				}
				if (de.Event == nil) != (status == http.StatusBadRequest) {
					t.Errorf("hook event %v for status %d", de.Event, status)
				}
			}
			if tt.store != nil {
				wantReleases := int32(0)
				if status == http.StatusUnprocessableEntity || status == http.StatusInternalServerError ||
					(status == http.StatusServiceUnavailable && tt.store.failComplete) {
					wantReleases = 1
				}
				if got := tt.store.releases.Load(); got != wantReleases {
					t.Errorf("%d releases, want %d", got, wantReleases)
				}
			}
			if !strings.Contains(s.logs.String(), `"status":`+strconv.Itoa(status)) {
				t.Errorf("no log record of status %d:\n%s", status, s.logs)
			}
		})
	}
}

func TestHandlerTypedDelivery(t *testing.T) {
	t.Parallel()
	type call struct {
		name     string
		delivery *webhook.Delivery
		event    *event.Event
		meta     any
	}
	var (
		mu    sync.Mutex
		calls []call
	)
	record := func(name string, ctx context.Context, e *event.Event, m any) error {
		d, ok := webhook.FromContext(ctx)
		if !ok {
			return errors.New("no delivery in the context")
		}
		mu.Lock()
		defer mu.Unlock()
		calls = append(calls, call{name, d, e, m})
		return nil
	}
	s := newTestServer(t, webhook.Options{}, func(h *webhook.Handler) {
		webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
			return record("created 1", ctx, e, m)
		})
		h.OnTopic("*.contract.*", func(ctx context.Context, e *event.Event) error {
			return record("contracts", ctx, e, nil)
		})
		webhook.On(h, func(ctx context.Context, e *event.Event, m *gcp.MeteringSubmissionFailed) error {
			return record("gcp metering", ctx, e, m)
		})
		webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
			return record("created 2", ctx, e, m)
		})
	})

	signedAt := time.Now()
	deliver := func(id string, topic topics.Topic) []byte {
		body := webhooktest.MustFixture(topic)
		hd, err := webhooktest.Sign(s.secret, id, signedAt, body)
		if err != nil {
			t.Fatal(err)
		}
		if status, _, resp := s.do(t, s.request(t, http.MethodPost, hd, body)); status != http.StatusNoContent {
			t.Fatalf("%s: status %d %q; log:\n%s", topic, status, resp, s.logs)
		}
		return body
	}
	createdBody := deliver("msg_2xE1", topics.AWSContractCreated)
	meteringBody := deliver("msg_2xE2", topics.GCPMeteringSubmissionFailed)

	mu.Lock()
	defer mu.Unlock()
	var names []string
	for _, c := range calls {
		names = append(names, c.name)
	}
	if got, want := strings.Join(names, ", "), "created 1, contracts, created 2, gcp metering"; got != want {
		t.Fatalf("handlers ran as %q, want %q (registration order)", got, want)
	}
	m1, m2 := calls[0].meta.(*aws.ContractCreated), calls[2].meta.(*aws.ContractCreated)
	if m1 != m2 {
		t.Error("two typed handlers of one type got different values: metadata decoded twice")
	}
	if m1.ProductCode != "4hc2x8yzq9m1n7b3v5k0t6r2p" || m1.CustomerIdentifier != "Z5Zb2Qd7nLx" || len(m1.Entitlements) != 2 {
		t.Errorf("aws.ContractCreated = %+v", m1)
	}
	if n, ok := m1.Entitlements[1].Value.Int(); !ok || n != 250 || m1.Entitlements[1].Dimension != "log_ingest_gb_day" {
		t.Errorf("second entitlement = %+v", m1.Entitlements[1])
	}
	d := calls[0].delivery
	if d.ID != "msg_2xE1" || d.Topic != topics.AWSContractCreated || d.Attempt.Unix() != signedAt.Unix() || !bytes.Equal(d.Body, createdBody) {
		t.Errorf("Delivery = {ID:%q Topic:%q Attempt:%v Body:%d bytes}", d.ID, d.Topic, d.Attempt, len(d.Body))
	}
	if e := calls[0].event; e.ID != "9d188b8e-0aba-4b03-98af-31f1c14f36e9" || e.Origin != event.OriginAWS {
		t.Errorf("Event = %+v", e)
	}
	gm := calls[3].meta.(*gcp.MeteringSubmissionFailed)
	if gm.Dimension != "ingested_gb" || gm.Quantity.String() != "1250.5" || gm.EntitlementID != "6c0a8e3f-2d71-4b95-a4e6-13f8b7c2d950" {
		t.Errorf("gcp.MeteringSubmissionFailed = %+v", gm)
	}
	if d := calls[3].delivery; d.ID != "msg_2xE2" || !bytes.Equal(d.Body, meteringBody) {
		t.Errorf("gcp Delivery = %+v", d)
	}
}

func TestHandlerDuplicatesAndRetries(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	var fail atomic.Bool
	fail.Store(true)
	s := newTestServer(t, webhook.Options{}, func(h *webhook.Handler) {
		webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
			calls.Add(1)
			if fail.Load() {
				return errors.New("downstream unavailable")
			}
			return nil
		})
	})
	body := webhooktest.MustFixture(topics.AWSContractCreated)
	steps := []struct {
		name       string
		id         string
		fail       bool
		wantStatus int
		wantCalls  int32
	}{
		{"first attempt fails", "msg_r1", true, http.StatusInternalServerError, 1},
		{"retry runs the handler again", "msg_r1", false, http.StatusNoContent, 2},
		{"duplicate of a handled delivery", "msg_r1", false, http.StatusNoContent, 2},
		{"same body, new id", "msg_r2", false, http.StatusNoContent, 3},
	}
	for _, st := range steps {
		fail.Store(st.fail)
		status, _, resp := s.do(t, s.signed(t, st.id, body))
		if status != st.wantStatus || calls.Load() != st.wantCalls {
			t.Fatalf("%s: status %d %q, %d calls; want %d, %d", st.name, status, resp, calls.Load(), st.wantStatus, st.wantCalls)
		}
	}
}

func TestHandlerInFlight(t *testing.T) {
	t.Parallel()
	started, finish := make(chan struct{}), make(chan struct{})
	var calls atomic.Int32
	s := newTestServer(t, webhook.Options{}, func(h *webhook.Handler) {
		webhook.On(h, func(ctx context.Context, e *event.Event, m *gcp.MeteringSubmissionFailed) error {
			if calls.Add(1) == 1 {
				close(started)
				<-finish
			}
			return nil
		})
	})
	body := webhooktest.MustFixture(topics.GCPMeteringSubmissionFailed)
	first := make(chan int)
	go func() {
		resp, err := s.Client().Do(s.signed(t, "msg_slow", body))
		if err != nil {
			t.Error(err)
			first <- 0
			return
		}
		resp.Body.Close()
		first <- resp.StatusCode
	}()
	<-started
	status, _, resp := s.do(t, s.signed(t, "msg_slow", body))
	if status != http.StatusConflict {
		t.Errorf("duplicate while in flight: %d %q, want 409", status, resp)
	}
	if errs := s.deliveryErrors(); len(errs) != 1 || !errors.Is(errs[0], webhook.ErrInFlight) {
		t.Errorf("hook got %v, want one ErrInFlight", errs)
	}
	close(finish)
	if got := <-first; got != http.StatusNoContent {
		t.Errorf("first delivery: %d, want 204", got)
	}
	if status, _, _ := s.do(t, s.signed(t, "msg_slow", body)); status != http.StatusNoContent {
		t.Errorf("duplicate after completion: %d, want 204", status)
	}
	if calls.Load() != 1 {
		t.Errorf("handler ran %d times, want once", calls.Load())
	}
}

func TestHandlerConcurrentDuplicates(t *testing.T) {
	t.Parallel()
	const n = 50
	var calls atomic.Int32
	s := newTestServer(t, webhook.Options{}, func(h *webhook.Handler) {
		webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
			calls.Add(1)
			time.Sleep(20 * time.Millisecond)
			return nil
		})
	})
	body := webhooktest.MustFixture(topics.AWSContractCreated)
	hd, err := webhooktest.Sign(s.secret, webhooktest.NewID(), time.Now(), body)
	if err != nil {
		t.Fatal(err)
	}
	statuses := make([]int, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r := s.request(t, http.MethodPost, hd, body)
			resp, err := s.Client().Do(r)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses[i] = resp.StatusCode
		}()
	}
	close(start)
	wg.Wait()
	if got := calls.Load(); got != 1 {
		t.Errorf("handler ran %d times for one id, want once", got)
	}
	count := map[int]int{}
	for _, st := range statuses {
		count[st]++
	}
	if count[http.StatusNoContent] == 0 || count[http.StatusNoContent]+count[http.StatusConflict] != n {
		t.Errorf("statuses %v, want only 204 and 409, with at least one 204", count)
	}
}

func TestHandlerPanicKeepsServing(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	s := newTestServer(t, webhook.Options{}, func(h *webhook.Handler) {
		webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
			if calls.Add(1) == 1 {
				var m2 *aws.ContractCreated
				_ = m2.ProductCode // nil dereference
			}
			return nil
		})
	})
	body := webhooktest.MustFixture(topics.AWSContractCreated)
	if status, _, _ := s.do(t, s.signed(t, "msg_p1", body)); status != http.StatusInternalServerError {
		t.Fatalf("panicking handler: %d, want 500", status)
	}
	logs := s.logs.String()
	for _, want := range []string{`"level":"ERROR"`, `"id":"msg_p1"`, `"topic":"aws.contract.created"`, "nil pointer dereference", `"stack":"goroutine`} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %s:\n%s", want, logs)
		}
	}
	if status, _, _ := s.do(t, s.signed(t, "msg_p2", body)); status != http.StatusNoContent {
		t.Errorf("next delivery: %d, want 204", status)
	}
	if status, _, _ := s.do(t, s.signed(t, "msg_p1", body)); status != http.StatusNoContent {
		t.Errorf("retry of the delivery that panicked: %d, want 204", status)
	}
	if calls.Load() != 3 {
		t.Errorf("handler ran %d times, want 3 (the claim is released after a panic)", calls.Load())
	}
}

func TestHandlerAbort(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	s := newTestServer(t, webhook.Options{}, func(h *webhook.Handler) {
		h.OnTopic("aws.**", func(ctx context.Context, e *event.Event) error {
			if calls.Add(1) == 1 {
				panic(http.ErrAbortHandler)
			}
			return nil
		})
	})
	s.Config.ErrorLog = log.New(io.Discard, "", 0)
	body := webhooktest.MustFixture(topics.AWSContractRenewed)
	if resp, err := s.Client().Do(s.signed(t, "msg_abort", body)); err == nil {
		resp.Body.Close()
		t.Fatalf("aborted delivery answered %d, want a broken connection", resp.StatusCode)
	}
	if status, _, _ := s.do(t, s.signed(t, "msg_abort", body)); status != http.StatusNoContent {
		t.Errorf("retry after abort: %d, want 204", status)
	}
	if calls.Load() != 2 {
		t.Errorf("handler ran %d times, want 2", calls.Load())
	}
}

func TestHandlerStopsAtFirstError(t *testing.T) {
	t.Parallel()
	var order []string
	var mu sync.Mutex
	add := func(name string, err error) func(context.Context, *event.Event) error {
		return func(context.Context, *event.Event) error {
			mu.Lock()
			defer mu.Unlock()
			order = append(order, name)
			return err
		}
	}
	s := newTestServer(t, webhook.Options{}, func(h *webhook.Handler) {
		h.OnTopic("azure.**", add("a", nil))
		h.OnTopic("*.contract.suspended", add("b", errors.New("crm down")))
		h.OnTopic("**", add("c", nil))
	})
	status, _, _ := s.do(t, s.signed(t, "msg_s", webhooktest.MustFixture(topics.AzureContractSuspended)))
	if status != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", status)
	}
	mu.Lock()
	defer mu.Unlock()
	if got := strings.Join(order, ""); got != "ab" {
		t.Errorf("ran %q, want %q", got, "ab")
	}
	errs := s.deliveryErrors()
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), `OnTopic("*.contract.suspended"): crm down`) {
		t.Errorf("hook got %v, want the failing handler named", errs)
	}
}

func TestHandlerContextDeadline(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, webhook.Options{ClaimTTL: 50 * time.Millisecond}, func(h *webhook.Handler) {
		h.OnTopic("**", func(ctx context.Context, e *event.Event) error {
			<-ctx.Done()
			return ctx.Err()
		})
	})
	status, _, _ := s.do(t, s.signed(t, "msg_long", webhooktest.MustFixture(topics.GCPContractRenewed)))
	if status != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", status)
	}
	if errs := s.deliveryErrors(); len(errs) != 1 || !errors.Is(errs[0], context.DeadlineExceeded) {
		t.Errorf("hook got %v, want context.DeadlineExceeded", errs)
	}
}

func TestHandlerIDFallback(t *testing.T) {
	t.Parallel()
	const secret = "clazar-shared-secret"
	v, err := webhook.NewVerifierWith(webhook.VerifierOptions{Scheme: webhook.SchemeClazar, Secrets: []string{secret}})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var ids []string
	s := newTestServer(t, webhook.Options{Verifier: v}, func(h *webhook.Handler) {
		h.OnTopic("**", func(ctx context.Context, e *event.Event) error {
			d, _ := webhook.FromContext(ctx)
			mu.Lock()
			defer mu.Unlock()
			ids = append(ids, d.ID)
			return nil
		})
	})
	send := func(body []byte) int {
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		h := http.Header{}
		h.Set("X-Clazar-Timestamp", ts)
		h.Set("X-Clazar-Signature", clazarSign(secret, ts, body))
		status, _, _ := s.do(t, s.request(t, http.MethodPost, h, body))
		return status
	}
	withID := webhooktest.MustFixture(topics.AWSContractCancelled)
	withoutID := []byte(`{"topic":"aws.listing.published","metadata":{"listing_title":"Northwind"}}`)
	for _, body := range [][]byte{withID, withID, withoutID, withoutID} {
		if status := send(body); status != http.StatusNoContent {
			t.Fatalf("status %d, want 204", status)
		}
	}
	var env struct{ ID string }
	if err := json.Unmarshal(withID, &env); err != nil || env.ID == "" {
		t.Fatalf("fixture id: %v", err)
	}
	sum := sha256.Sum256(withoutID)
	want := []string{env.ID, "sha256:" + hex.EncodeToString(sum[:])}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("ids %q, want %q (each once)", ids, want)
	}
}

// clazarSign returns the hex X-Clazar-Signature of body sent at ts.
func clazarSign(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

func TestHandlerAttemptWithoutSignedTime(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 11, 3, 14, 0, 0, 0, time.UTC)
	v, err := webhook.NewVerifierWith(webhook.VerifierOptions{Scheme: webhook.SchemeHeader, Header: "X-Webhook-Token", Secrets: []string{"tok_4f9a1c"}})
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan *webhook.Delivery, 1)
	s := newTestServer(t, webhook.Options{Verifier: v, Now: clock(now)}, func(h *webhook.Handler) {
		h.OnTopic("**", func(ctx context.Context, e *event.Event) error {
			d, _ := webhook.FromContext(ctx)
			got <- d
			return nil
		})
	})
	h := http.Header{}
	h.Set("X-Webhook-Token", "tok_4f9a1c")
	h.Set("Svix-Id", "msg_hdr")
	if status, _, _ := s.do(t, s.request(t, http.MethodPost, h, webhooktest.MustFixture(topics.AzureListingPublished))); status != http.StatusNoContent {
		t.Fatalf("status %d", status)
	}
	d := <-got
	if !d.Attempt.Equal(now) || d.ID != "msg_hdr" || d.Topic != topics.AzureListingPublished {
		t.Errorf("Delivery = {ID:%q Topic:%q Attempt:%v}, want the clock's time", d.ID, d.Topic, d.Attempt)
	}
}

func TestHandlerRegisterWhileServing(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	s := newTestServer(t, webhook.Options{}, nil)
	body := webhooktest.MustFixture(topics.AWSPrivateOfferCreated)
	const handlers = 20
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for range handlers {
			s.h.OnTopic("aws.private_offer.*", func(context.Context, *event.Event) error {
				calls.Add(1)
				return nil
			})
		}
	}()
	go func() {
		defer wg.Done()
		for range 10 {
			resp, err := s.Client().Do(s.signed(t, webhooktest.NewID(), body))
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusNoContent {
				t.Errorf("status %d while registering", resp.StatusCode)
			}
		}
	}()
	wg.Wait()
	calls.Store(0)
	if status, _, _ := s.do(t, s.signed(t, webhooktest.NewID(), body)); status != http.StatusNoContent {
		t.Fatalf("status %d", status)
	}
	if got := calls.Load(); got != handlers {
		t.Errorf("%d handlers ran, want %d", got, handlers)
	}
}

func TestNewHandlerErrors(t *testing.T) {
	t.Parallel()
	v, err := webhook.NewVerifier(webhooktest.NewSecret())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts webhook.Options
		want error
	}{
		{"no secret", webhook.Options{}, webhook.ErrEmptySecret},
		{"empty secret", webhook.Options{Secrets: []string{""}}, webhook.ErrEmptySecret},
		{"invalid secret", webhook.Options{Secrets: []string{"whsec_%%%"}}, webhook.ErrInvalidSecret},
		{"verifier and secrets", webhook.Options{Verifier: v, Secrets: []string{webhooktest.NewSecret()}}, nil},
		{"verifier and tolerance", webhook.Options{Verifier: v, Tolerance: time.Minute}, nil},
		{"negative tolerance", webhook.Options{Secrets: []string{webhooktest.NewSecret()}, Tolerance: -1}, nil},
		{"negative MaxBodyBytes", webhook.Options{Verifier: v, MaxBodyBytes: -1}, nil},
		{"negative ClaimTTL", webhook.Options{Verifier: v, ClaimTTL: -1}, nil},
		{"negative DoneTTL", webhook.Options{Verifier: v, DoneTTL: -1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, err := webhook.NewHandler(tt.opts)
			if err == nil || h != nil {
				t.Fatalf("NewHandler = %v, %v; want an error", h, err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("NewHandler error %v, want %v", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "webhook: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestRegistrationPanics(t *testing.T) {
	t.Parallel()
	h, err := webhook.NewHandler(webhook.Options{Secrets: []string{webhooktest.NewSecret()}})
	if err != nil {
		t.Fatal(err)
	}
	ok := func(context.Context, *event.Event) error { return nil }
	tests := []struct {
		name string
		do   func()
		want string
	}{
		{"empty segment", func() { h.OnTopic("aws..created", ok) }, `OnTopic("aws..created"): invalid pattern`},
		{"** not last", func() { h.OnTopic("**.created", ok) }, "invalid pattern"},
		{"empty pattern", func() { h.OnTopic("", ok) }, "invalid pattern"},
		{"nil pattern handler", func() { h.OnTopic("aws.*.*", nil) }, "nil function"},
		{"nil typed handler", func() { webhook.On[aws.ContractCreated](h, nil) }, "On[aws.ContractCreated] with a nil function"},
		{"pointer type", func() {
			webhook.On(h, func(context.Context, *event.Event, **aws.ContractCreated) error { return nil })
		}, "not a pointer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.HasPrefix(s, "webhook: ") || !strings.Contains(s, tt.want) {
					t.Errorf("panic %v, want one containing %q", r, tt.want)
				}
			}()
			tt.do()
		})
	}
}

// TestHandlerEveryFixture delivers the fixture of every documented topic,
// signed, to a catch-all handler that decodes it.
func TestHandlerEveryFixture(t *testing.T) {
	t.Parallel()
	seen := map[topics.Topic]int{}
	var mu sync.Mutex
	s := newTestServer(t, webhook.Options{}, func(h *webhook.Handler) {
		h.OnTopic("**", func(ctx context.Context, e *event.Event) error {
			if _, err := e.Decode(); err != nil {
				return fmt.Errorf("fixture of %s: %w", e.Topic, err)
			}
			mu.Lock()
			defer mu.Unlock()
			seen[e.Topic]++
			return nil
		})
	})
	for _, topic := range topics.All() {
		body, err := webhooktest.Fixture(topic)
		if err != nil {
			t.Errorf("Fixture(%s): %v", topic, err)
			continue
		}
		if status, _, resp := s.do(t, s.signed(t, webhooktest.NewID(), body)); status != http.StatusNoContent {
			t.Errorf("%s: status %d %q", topic, status, resp)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, topic := range topics.All() {
		if seen[topic] != 1 {
			t.Errorf("%s handled %d times, want once", topic, seen[topic])
		}
	}
}

func TestHandlerUnreadableBody(t *testing.T) {
	t.Parallel()
	var errs []*webhook.DeliveryError
	h, err := webhook.NewHandler(webhook.Options{
		Secrets: []string{webhooktest.NewSecret()},
		Logger:  slog.New(slog.DiscardHandler),
		OnError: func(_ *http.Request, err *webhook.DeliveryError) { errs = append(errs, err) },
	})
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodPost, "/", iotest.ErrReader(io.ErrUnexpectedEOF))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "cannot read body") {
		t.Errorf("status %d %q, want 400", rec.Code, rec.Body)
	}
	if len(errs) != 1 || !errors.Is(errs[0], io.ErrUnexpectedEOF) || errs[0].Delivery != nil {
		t.Errorf("hook got %v", errs)
	}
}

func TestHandlerInsecureSkipVerify(t *testing.T) {
	t.Parallel()
	v, err := webhook.NewVerifierWith(webhook.VerifierOptions{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	h, err := webhook.NewHandler(webhook.Options{Verifier: v, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	h.OnTopic("aws.**", func(ctx context.Context, e *event.Event) error {
		d, _ := webhook.FromContext(ctx)
		ids = append(ids, d.ID)
		return nil
	})
	body := webhooktest.MustFixture(topics.AWSListingPublished)
	for _, id := range []string{"", "msg_local", "msg_local"} {
		r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		if id != "" {
			r.Header.Set("webhook-id", id)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code != http.StatusNoContent {
			t.Fatalf("unsigned delivery: %d %q", rec.Code, rec.Body)
		}
	}
	var env struct{ ID string }
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatal(err)
	}
	if strings.Join(ids, " ") != env.ID+" msg_local" {
		t.Errorf("ids %q, want the envelope id, then msg_local once", ids)
	}
}
