// Package otelwebhook reports the deliveries of a webhook.Handler to
// OpenTelemetry: a span per delivery, with a child span per handler, and
// metrics of deliveries and handlers by topic and outcome. It is a module
// of its own, so that the SDK's core module depends on no OpenTelemetry
// package.
//
//	obs, err := otelwebhook.New(otelwebhook.Options{})
//	...
//	h, err := webhook.NewHandler(webhook.Options{Secrets: secrets, Observe: obs.Observe})
//	...
//	http.Handle("/webhooks/clazar", otelhttp.NewHandler(h, "clazar webhook"))
//
// Wrapped by otelhttp, as above, the delivery span is a child of the
// request's span. The Handler reports a delivery once it has answered, so
// spans that handlers start from their context are children of the
// request's span too, beside the delivery span, not below it.
//
// # Spans
//
// The delivery span is named "process <topic>" ("process" alone when the
// body was not read as an envelope, as for a 401), of kind Internal below a
// request's span and Server otherwise. Its status is Error for a 5xx (and
// for a response a handler aborted), as OpenTelemetry's HTTP conventions
// have it; a 4xx is the sender's error, recorded in error.type only. Each
// handler that ran has a child span named after it, such as
// "On[aws.ContractCreated]", whose status is Error, with the error
// recorded as an event, when it failed.
//
// Attributes (the README's table lists where each appears):
//
//	clazar.topic                   the envelope's topic
//	clazar.delivery.id             the delivery id (spans only)
//	clazar.delivery.attempt_time   the attempt's time, RFC 3339 (spans only)
//	clazar.delivery.outcome        webhook.Outcome: handled, duplicate, ...
//	http.response.status_code      the status answered
//	error.type                     DeliveryReport.ErrorClass, for failures
//	clazar.delivery.verify.duration, clazar.delivery.decode.duration
//	                               seconds spent on each step (spans only)
//	clazar.handler.name            the handler's name
//
// # Metrics
//
//	clazar.webhook.deliveries         counter, {delivery}
//	clazar.webhook.delivery.duration  histogram, s
//	clazar.webhook.handler.duration   histogram, s
//	clazar.webhook.handler.errors     counter, {error}
//
// Delivery metrics carry clazar.topic, clazar.delivery.outcome,
// http.response.status_code and error.type; handler metrics carry
// clazar.topic, clazar.handler.name and error.type. None carries the
// delivery id. A topic is recorded only from a verified body, so an
// unauthenticated sender cannot add series.
package otelwebhook

import (
	"context"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.39.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/clazarevents/sdk-go/webhook"
)

// ScopeName is the instrumentation scope of the tracer and meter.
const ScopeName = "github.com/clazarevents/sdk-go/webhook/otelwebhook"

// Attribute keys, beside OpenTelemetry's http.response.status_code and
// error.type.
const (
	// TopicKey is the envelope's topic, on spans and metrics.
	TopicKey = attribute.Key("clazar.topic")
	// DeliveryIDKey is the delivery id, on the delivery span only.
	DeliveryIDKey = attribute.Key("clazar.delivery.id")
	// AttemptTimeKey is the attempt's time in RFC 3339, on the delivery
	// span only.
	AttemptTimeKey = attribute.Key("clazar.delivery.attempt_time")
	// OutcomeKey is the delivery's webhook.Outcome, on the delivery span
	// and metrics.
	OutcomeKey = attribute.Key("clazar.delivery.outcome")
	// VerifyDurationKey is the seconds spent verifying, on the delivery
	// span.
	VerifyDurationKey = attribute.Key("clazar.delivery.verify.duration")
	// DecodeDurationKey is the seconds spent decoding metadata, on the
	// delivery span.
	DecodeDurationKey = attribute.Key("clazar.delivery.decode.duration")
	// HandlerNameKey is a handler's name, on its span and metrics.
	HandlerNameKey = attribute.Key("clazar.handler.name")
)

// Metric names.
const (
	// DeliveriesMetric counts deliveries ({delivery}).
	DeliveriesMetric = "clazar.webhook.deliveries"
	// DeliveryDurationMetric is the histogram of the time from receiving
	// a delivery to answering it (s).
	DeliveryDurationMetric = "clazar.webhook.delivery.duration"
	// HandlerDurationMetric is the histogram of the time each handler ran
	// (s).
	HandlerDurationMetric = "clazar.webhook.handler.duration"
	// HandlerErrorsMetric counts handlers that failed ({error}).
	HandlerErrorsMetric = "clazar.webhook.handler.errors"
)

// durationBuckets are the bucket boundaries, in seconds, of both
// histograms: those OpenTelemetry's HTTP conventions advise for
// http.server.request.duration.
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}

// Options configure an Observer. The zero value of each field means its
// documented default.
type Options struct {
	// TracerProvider provides the tracer. The default is
	// otel.GetTracerProvider().
	TracerProvider trace.TracerProvider

	// MeterProvider provides the meter. The default is
	// otel.GetMeterProvider().
	MeterProvider metric.MeterProvider
}

// An Observer turns the Handler's delivery reports into spans and
// metrics. Its Observe method is the hook of webhook.Options.Observe. It
// is safe for concurrent use.
type Observer struct {
	tracer          trace.Tracer
	deliveries      metric.Int64Counter
	deliveryTime    metric.Float64Histogram
	handlerTime     metric.Float64Histogram
	handlerFailures metric.Int64Counter
}

// New returns an Observer that reports to the providers of opts. It
// returns the error of a MeterProvider that cannot create an instrument.
func New(opts Options) (*Observer, error) {
	tp, mp := opts.TracerProvider, opts.MeterProvider
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	meter := mp.Meter(ScopeName)
	o := &Observer{tracer: tp.Tracer(ScopeName)}
	var err error
	if o.deliveries, err = meter.Int64Counter(DeliveriesMetric,
		metric.WithUnit("{delivery}"),
		metric.WithDescription("Webhook deliveries received, by topic and outcome.")); err != nil {
		return nil, err
	}
	if o.deliveryTime, err = meter.Float64Histogram(DeliveryDurationMetric,
		metric.WithUnit("s"),
		metric.WithDescription("Time from receiving a webhook delivery to answering it."),
		metric.WithExplicitBucketBoundaries(durationBuckets...)); err != nil {
		return nil, err
	}
	if o.handlerTime, err = meter.Float64Histogram(HandlerDurationMetric,
		metric.WithUnit("s"),
		metric.WithDescription("Time a webhook handler ran for one delivery."),
		metric.WithExplicitBucketBoundaries(durationBuckets...)); err != nil {
		return nil, err
	}
	if o.handlerFailures, err = meter.Int64Counter(HandlerErrorsMetric,
		metric.WithUnit("{error}"),
		metric.WithDescription("Webhook handlers that returned an error or panicked.")); err != nil {
		return nil, err
	}
	return o, nil
}

// Observe records one delivery: its span, with a child span per handler,
// and its metrics. ctx is the request's context, whose span, if any,
// becomes the delivery span's parent.
func (o *Observer) Observe(ctx context.Context, r *webhook.DeliveryReport) {
	class := r.ErrorClass()
	common := make([]attribute.KeyValue, 0, 4)
	if r.Topic != "" {
		common = append(common, TopicKey.String(string(r.Topic)))
	}
	common = append(common,
		OutcomeKey.String(string(r.Outcome)),
		semconv.HTTPResponseStatusCode(r.Status))
	if class != "" {
		common = append(common, semconv.ErrorTypeKey.String(class))
	}

	name, kind := "process", trace.SpanKindServer
	if r.Topic != "" {
		name += " " + string(r.Topic)
	}
	if trace.SpanContextFromContext(ctx).IsValid() {
		kind = trace.SpanKindInternal
	}
	attrs := append(make([]attribute.KeyValue, 0, len(common)+4), common...)
	if r.ID != "" {
		attrs = append(attrs, DeliveryIDKey.String(r.ID))
	}
	if !r.Attempt.IsZero() {
		attrs = append(attrs, AttemptTimeKey.String(r.Attempt.UTC().Format(time.RFC3339)))
	}
	if r.Verify > 0 {
		attrs = append(attrs, VerifyDurationKey.Float64(r.Verify.Seconds()))
	}
	if r.Decode > 0 {
		attrs = append(attrs, DecodeDurationKey.Float64(r.Decode.Seconds()))
	}
	ctx, span := o.tracer.Start(ctx, name,
		trace.WithTimestamp(r.Received), trace.WithSpanKind(kind), trace.WithAttributes(attrs...))
	if r.Status == 0 || r.Status >= 500 {
		span.SetStatus(codes.Error, class)
	}

	for i := range r.Handlers {
		o.handler(ctx, r, &r.Handlers[i])
	}
	span.End(trace.WithTimestamp(r.Received.Add(r.Duration)))

	set := metric.WithAttributeSet(attribute.NewSet(common...))
	o.deliveries.Add(ctx, 1, set)
	o.deliveryTime.Record(ctx, r.Duration.Seconds(), set)
}

// handler records one handler's span and metrics.
func (o *Observer) handler(ctx context.Context, r *webhook.DeliveryReport, hr *webhook.HandlerReport) {
	attrs := make([]attribute.KeyValue, 0, 3)
	if r.Topic != "" {
		attrs = append(attrs, TopicKey.String(string(r.Topic)))
	}
	attrs = append(attrs, HandlerNameKey.String(hr.Name))
	class := hr.ErrorClass()
	if class != "" {
		attrs = append(attrs, semconv.ErrorTypeKey.String(class))
	}
	_, span := o.tracer.Start(ctx, hr.Name, trace.WithTimestamp(hr.Start), trace.WithAttributes(attrs...))
	if hr.Err != nil {
		span.RecordError(hr.Err, trace.WithTimestamp(hr.Start.Add(hr.Duration)))
		span.SetStatus(codes.Error, class)
	}
	span.End(trace.WithTimestamp(hr.Start.Add(hr.Duration)))

	set := metric.WithAttributeSet(attribute.NewSet(attrs...))
	o.handlerTime.Record(ctx, hr.Duration.Seconds(), set)
	if hr.Err != nil {
		o.handlerFailures.Add(ctx, 1, set)
	}
}
