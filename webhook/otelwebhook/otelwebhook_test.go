package otelwebhook_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/otelwebhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// rig is a Handler served over loopback HTTP, observed into an in-memory
// span recorder and a manual metric reader. Its server wraps the Handler
// in a parent span, as otelhttp would.
type rig struct {
	srv      *httptest.Server
	secret   string
	spans    *tracetest.SpanRecorder
	reader   *sdkmetric.ManualReader
	reported chan struct{}
}

var errProvisioning = errors.New("provisioning failed")

func newRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{
		secret:   webhooktest.NewSecret(),
		spans:    tracetest.NewSpanRecorder(),
		reader:   sdkmetric.NewManualReader(),
		reported: make(chan struct{}, 16),
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(r.spans))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r.reader))
	obs, err := otelwebhook.New(otelwebhook.Options{TracerProvider: tp, MeterProvider: mp})
	require.NoError(t, err)
	h, err := webhook.NewHandler(webhook.Options{
		Secrets: []string{r.secret},
		Logger:  slog.New(slog.DiscardHandler),
		Observe: func(ctx context.Context, rep *webhook.DeliveryReport) {
			obs.Observe(ctx, rep)
			r.reported <- struct{}{}
		},
	})
	require.NoError(t, err)
	webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
		if m.CustomerIdentifier == "cust-fail" {
			return errProvisioning
		}
		return nil
	})
	h.OnTopic("aws.contract.*", func(context.Context, *event.Event) error { return nil })

	parent := tp.Tracer("test")
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		ctx, span := parent.Start(req.Context(), "POST /webhooks", trace.WithSpanKind(trace.SpanKindServer))
		defer span.End()
		h.ServeHTTP(w, req.WithContext(ctx))
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// send posts body signed as id, or with a forged signature when forged is
// set, waits for its report and returns the status.
func (r *rig) send(t *testing.T, id string, body []byte, forged bool) int {
	t.Helper()
	h, err := webhooktest.Sign(r.secret, id, time.Now(), body)
	require.NoError(t, err)
	if forged {
		h.Set("Svix-Signature", "v1,"+strings.Repeat("A", 43)+"=")
	}
	req, err := http.NewRequest(http.MethodPost, r.srv.URL+"/webhooks", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header = h
	resp, err := r.srv.Client().Do(req)
	require.NoError(t, err)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	select {
	case <-r.reported:
	case <-time.After(5 * time.Second):
		t.Fatal("no report within 5 s")
	}
	return resp.StatusCode
}

// attrs returns a span's or data point's attributes as a map.
func attrs(kvs []attribute.KeyValue) map[string]any {
	m := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.AsInterface()
	}
	return m
}

// created returns the aws.contract.created fixture for customer.
func created(t *testing.T, customer string) []byte {
	t.Helper()
	b, err := webhooktest.Restamp(webhooktest.MustFixture(topics.AWSContractCreated), webhooktest.Stamp{
		Metadata: map[string]any{"customer_identifier": customer},
	})
	require.NoError(t, err)
	return b
}

func TestObserver(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	invalid, err := webhooktest.Restamp(webhooktest.MustFixture(topics.AWSContractCreated), webhooktest.Stamp{
		Metadata: map[string]any{"product_code": ""},
	})
	require.NoError(t, err)

	const typed, pattern = "On[aws.ContractCreated]", `OnTopic("aws.contract.*")`
	topic := string(topics.AWSContractCreated)
	type spanWant struct {
		name     string
		attrs    map[string]any
		status   codes.Code
		handlers map[string]codes.Code // child span name: status
	}
	deliveries := []struct {
		name   string
		id     string
		body   []byte
		forged bool
		status int
		span   spanWant
	}{
		{"handled", "msg_ok", created(t, "cust-ok"), false, 204, spanWant{
			name: "process " + topic,
			attrs: map[string]any{
				"clazar.topic": topic, "clazar.delivery.id": "msg_ok", "clazar.delivery.outcome": "handled",
				"http.response.status_code": int64(204),
			},
			status:   codes.Unset,
			handlers: map[string]codes.Code{typed: codes.Unset, pattern: codes.Unset},
		}},
		{"duplicate", "msg_ok", created(t, "cust-ok"), false, 204, spanWant{
			name: "process " + topic,
			attrs: map[string]any{
				"clazar.topic": topic, "clazar.delivery.id": "msg_ok", "clazar.delivery.outcome": "duplicate",
				"http.response.status_code": int64(204),
			},
			status:   codes.Unset,
			handlers: map[string]codes.Code{},
		}},
		{"401", "msg_forged", created(t, "cust-ok"), true, 401, spanWant{
			name: "process",
			attrs: map[string]any{
				"clazar.delivery.outcome": "rejected", "http.response.status_code": int64(401),
				"error.type": "webhook.ErrNoMatchingSignature",
			},
			status:   codes.Unset,
			handlers: map[string]codes.Code{},
		}},
		{"422", "msg_invalid", invalid, false, 422, spanWant{
			name: "process " + topic,
			attrs: map[string]any{
				"clazar.topic": topic, "clazar.delivery.id": "msg_invalid", "clazar.delivery.outcome": "invalid",
				"http.response.status_code": int64(422), "error.type": "*event.ValidationError",
			},
			status:   codes.Unset,
			handlers: map[string]codes.Code{},
		}},
		{"500", "msg_fail", created(t, "cust-fail"), false, 500, spanWant{
			name: "process " + topic,
			attrs: map[string]any{
				"clazar.topic": topic, "clazar.delivery.id": "msg_fail", "clazar.delivery.outcome": "failed",
				"http.response.status_code": int64(500), "error.type": "_OTHER",
			},
			status:   codes.Error,
			handlers: map[string]codes.Code{typed: codes.Error},
		}},
	}
	for _, d := range deliveries {
		require.Equal(t, d.status, r.send(t, d.id, d.body, d.forged), d.name)
	}

	// Spans: per delivery, the request span, the delivery span below it,
	// and a span per handler below that.
	ended := r.spans.Ended()
	byParent := map[trace.SpanID][]sdktrace.ReadOnlySpan{}
	var requests []sdktrace.ReadOnlySpan
	for _, s := range ended {
		if s.Name() == "POST /webhooks" {
			requests = append(requests, s)
			continue
		}
		byParent[s.Parent().SpanID()] = append(byParent[s.Parent().SpanID()], s)
	}
	require.Len(t, requests, len(deliveries))
	sort.Slice(requests, func(i, j int) bool { return requests[i].StartTime().Before(requests[j].StartTime()) })
	for i, d := range deliveries {
		children := byParent[requests[i].SpanContext().SpanID()]
		require.Len(t, children, 1, "%s: spans below the request span", d.name)
		span := children[0]
		assert.Equal(t, d.span.name, span.Name(), d.name)
		assert.Equal(t, trace.SpanKindInternal, span.SpanKind(), d.name)
		got := attrs(span.Attributes())
		for k, v := range d.span.attrs {
			assert.Equal(t, v, got[k], "%s: %s", d.name, k)
		}
		_, hasErr := got["error.type"]
		assert.Equal(t, d.span.attrs["error.type"] != nil, hasErr, "%s: error.type %v", d.name, got["error.type"])
		if d.id != "" && !d.forged {
			assert.Contains(t, got, "clazar.delivery.attempt_time", d.name)
			assert.Greater(t, got["clazar.delivery.verify.duration"], 0.0, d.name)
		}
		assert.Equal(t, d.span.status, span.Status().Code, d.name)
		assert.False(t, span.StartTime().Before(requests[i].StartTime()), "%s: starts before the request", d.name)
		assert.False(t, span.EndTime().After(requests[i].EndTime()), "%s: ends after the request", d.name)

		handlers := map[string]codes.Code{}
		for _, hs := range byParent[span.SpanContext().SpanID()] {
			handlers[hs.Name()] = hs.Status().Code
			ha := attrs(hs.Attributes())
			assert.Equal(t, hs.Name(), ha["clazar.handler.name"], d.name)
			assert.Equal(t, topic, ha["clazar.topic"], d.name)
			if hs.Status().Code == codes.Error {
				assert.Equal(t, "_OTHER", ha["error.type"], d.name)
				require.Len(t, hs.Events(), 1, "%s: the error is recorded", d.name)
				assert.Equal(t, "exception", hs.Events()[0].Name)
			}
			assert.False(t, hs.StartTime().Before(span.StartTime()), "%s: handler span starts before its delivery", d.name)
		}
		assert.Equal(t, d.span.handlers, handlers, "%s: handler spans", d.name)
	}

	// Metrics.
	var rm metricdata.ResourceMetrics
	require.NoError(t, r.reader.Collect(context.Background(), &rm))
	require.Len(t, rm.ScopeMetrics, 1)
	assert.Equal(t, otelwebhook.ScopeName, rm.ScopeMetrics[0].Scope.Name)
	metrics := map[string]metricdata.Metrics{}
	for _, m := range rm.ScopeMetrics[0].Metrics {
		metrics[m.Name] = m
	}

	key := func(kvs attribute.Set) string {
		var parts []string
		for _, kv := range kvs.ToSlice() {
			parts = append(parts, string(kv.Key)+"="+kv.Value.Emit())
		}
		return strings.Join(parts, " ")
	}
	ok := "clazar.delivery.outcome=handled clazar.topic=" + topic + " http.response.status_code=204"
	dup := "clazar.delivery.outcome=duplicate clazar.topic=" + topic + " http.response.status_code=204"
	unauth := "clazar.delivery.outcome=rejected error.type=webhook.ErrNoMatchingSignature http.response.status_code=401"
	bad := "clazar.delivery.outcome=invalid clazar.topic=" + topic + " error.type=*event.ValidationError http.response.status_code=422"
	failed := "clazar.delivery.outcome=failed clazar.topic=" + topic + " error.type=_OTHER http.response.status_code=500"
	wantDeliveries := map[string]int64{ok: 1, dup: 1, unauth: 1, bad: 1, failed: 1}

	// counter returns a counter's values by attributes.
	counter := func(name, unit string) map[string]int64 {
		t.Helper()
		m, found := metrics[name]
		require.True(t, found, name)
		assert.Equal(t, unit, m.Unit, name)
		sum, isSum := m.Data.(metricdata.Sum[int64])
		require.True(t, isSum, "%s: %T", name, m.Data)
		assert.True(t, sum.IsMonotonic, name)
		got := map[string]int64{}
		for _, p := range sum.DataPoints {
			got[key(p.Attributes)] = p.Value
		}
		return got
	}
	// histogram returns a histogram's counts by attributes, checking that
	// each sum is a plausible number of seconds.
	histogram := func(name string) map[string]uint64 {
		t.Helper()
		m, found := metrics[name]
		require.True(t, found, name)
		assert.Equal(t, "s", m.Unit, name)
		hist, isHist := m.Data.(metricdata.Histogram[float64])
		require.True(t, isHist, "%s: %T", name, m.Data)
		counts := map[string]uint64{}
		for _, p := range hist.DataPoints {
			counts[key(p.Attributes)] = p.Count
			assert.Positive(t, p.Sum, key(p.Attributes))
			assert.Less(t, p.Sum, 5.0, key(p.Attributes))
		}
		return counts
	}

	assert.Equal(t, wantDeliveries, counter("clazar.webhook.deliveries", "{delivery}"), "deliveries by attributes")
	assert.Equal(t, map[string]uint64{ok: 1, dup: 1, unauth: 1, bad: 1, failed: 1}, histogram("clazar.webhook.delivery.duration"), "delivery durations by attributes")

	typedOK := "clazar.handler.name=" + typed + " clazar.topic=" + topic
	typedFailed := "clazar.handler.name=" + typed + " clazar.topic=" + topic + " error.type=_OTHER"
	patternOK := "clazar.handler.name=" + pattern + " clazar.topic=" + topic
	assert.Equal(t, map[string]uint64{typedOK: 1, patternOK: 1, typedFailed: 1}, histogram("clazar.webhook.handler.duration"), "handler durations by attributes")
	assert.Equal(t, map[string]int64{typedFailed: 1}, counter("clazar.webhook.handler.errors", "{error}"), "handler errors by attributes")
}

// TestObserverRootSpan checks that without a request span the delivery
// span is a root span of kind Server.
func TestObserverRootSpan(t *testing.T) {
	t.Parallel()
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	obs, err := otelwebhook.New(otelwebhook.Options{TracerProvider: tp, MeterProvider: sdkmetric.NewMeterProvider()})
	require.NoError(t, err)
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	obs.Observe(context.Background(), &webhook.DeliveryReport{
		Received: start, Duration: 30 * time.Millisecond, ID: "msg_1", Topic: topics.GCPContractRenewed,
		Status: 204, Outcome: webhook.OutcomeIgnored,
	})
	ended := spans.Ended()
	require.Len(t, ended, 1)
	s := ended[0]
	assert.False(t, s.Parent().IsValid())
	assert.Equal(t, trace.SpanKindServer, s.SpanKind())
	assert.Equal(t, "process gcp.contract.renewed", s.Name())
	assert.Equal(t, start, s.StartTime())
	assert.Equal(t, start.Add(30*time.Millisecond), s.EndTime())
}

// BenchmarkObserve is the cost of one report through the Observer with the
// SDK's providers, against the same report to OpenTelemetry's no-op
// providers (the defaults before a program sets its own).
func BenchmarkObserve(b *testing.B) {
	rep := &webhook.DeliveryReport{
		Received: time.Now(), Duration: 2 * time.Millisecond, ID: "msg_bench", Topic: topics.AWSContractCreated,
		Attempt: time.Now(), Status: 204, Outcome: webhook.OutcomeHandled, Verify: 10 * time.Microsecond,
		Decode:   20 * time.Microsecond,
		Handlers: []webhook.HandlerReport{{Name: "On[aws.ContractCreated]", Start: time.Now(), Duration: time.Millisecond}},
	}
	for _, bc := range []struct {
		name string
		opts otelwebhook.Options
	}{
		{"noop", otelwebhook.Options{}},
		{"sdk", otelwebhook.Options{
			TracerProvider: sdktrace.NewTracerProvider(),
			MeterProvider:  sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader())),
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			obs, err := otelwebhook.New(bc.opts)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				obs.Observe(context.Background(), rep)
			}
		})
	}
}
