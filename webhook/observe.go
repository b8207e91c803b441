package webhook

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

// A DeliveryReport tells Options.Observe what became of one request: the
// delivery as far as it was known, the answer, and where the time went. The
// Handler fills it only when Observe is set, and passes it after the
// response is written. It is the raw material of metrics and traces; the
// module github.com/clazarevents/sdk-go/webhook/otelwebhook turns it into
// OpenTelemetry spans and metrics.
type DeliveryReport struct {
	// Received is when ServeHTTP began.
	Received time.Time

	// Duration is the time ServeHTTP took, up to the response written.
	Duration time.Duration

	// ID is the delivery id (see Delivery.ID), or "" when the request
	// failed before it was verified and parsed.
	ID string

	// Topic is the envelope's topic, or "" when the body was not parsed.
	Topic topics.Topic

	// Attempt is the attempt's time, as in Delivery.Attempt, or zero before
	// verification.
	Attempt time.Time

	// Status is the HTTP status code answered, or 0 when a handler aborted
	// the response by panicking with http.ErrAbortHandler (Outcome is then
	// OutcomeFailed and Err is http.ErrAbortHandler).
	Status int

	// Outcome sums up what the Handler did with the delivery.
	Outcome Outcome

	// Err is the cause of a status other than 2xx, as in DeliveryError.Err,
	// or nil. ErrorClass names it.
	Err error

	// Verify is the time spent verifying the signature, and Decode the time
	// spent reading the envelope and decoding and validating metadata for
	// typed handlers (the two are one pass over the body for the first
	// typed handler of a topic); each is zero when the request stopped
	// before the step.
	Verify, Decode time.Duration

	// Handlers are the handlers that ran, in order; the last one of a
	// failed delivery is the one that failed.
	Handlers []HandlerReport
}

// A HandlerReport tells how one handler ran.
type HandlerReport struct {
	// Name names the handler as messages do, such as
	// On[aws.ContractCreated] or OnTopic("aws.*").
	Name string

	// Start is when the handler was called, and Duration how long it ran.
	Start    time.Time
	Duration time.Duration

	// Err is what the handler returned, or the error its panic became.
	Err error
}

// Outcome sums up what the Handler did with a delivery. Its values are
// few and fixed, to label metrics with.
type Outcome string

// The outcomes of a delivery.
const (
	// OutcomeHandled: every matching handler succeeded (204).
	OutcomeHandled Outcome = "handled"

	// OutcomeIgnored: no handler matches the topic (204).
	OutcomeIgnored Outcome = "ignored"

	// OutcomeDuplicate: the delivery was handled already (204).
	OutcomeDuplicate Outcome = "duplicate"

	// OutcomeInFlight: another request is handling the delivery (409).
	OutcomeInFlight Outcome = "in_flight"

	// OutcomeRejected: the request was refused before any handler could
	// run: its method, size or signature (405, 413, 401), or a body that is
	// not an envelope (400).
	OutcomeRejected Outcome = "rejected"

	// OutcomeInvalid: the metadata does not decode or validate for a typed
	// handler, or a handler returned an error wrapping ErrUnprocessable
	// (422).
	OutcomeInvalid Outcome = "invalid"

	// OutcomeFailed: a handler returned an error or panicked (500).
	OutcomeFailed Outcome = "failed"

	// OutcomeUnavailable: the Store failed (503).
	OutcomeUnavailable Outcome = "unavailable"
)

// outcomeOf returns the outcome of a failure answered with status.
func outcomeOf(status int) Outcome {
	switch status {
	case http.StatusConflict:
		return OutcomeInFlight
	case http.StatusUnprocessableEntity:
		return OutcomeInvalid
	case http.StatusInternalServerError:
		return OutcomeFailed
	case http.StatusServiceUnavailable:
		return OutcomeUnavailable
	}
	return OutcomeRejected
}

// errorClasses names the documented errors, most specific first.
var errorClasses = []struct {
	err  error
	name string
}{
	{ErrMethodNotAllowed, "webhook.ErrMethodNotAllowed"},
	{ErrBodyTooLarge, "webhook.ErrBodyTooLarge"},
	{ErrMissingHeaders, "webhook.ErrMissingHeaders"},
	{ErrMalformedHeader, "webhook.ErrMalformedHeader"},
	{ErrDeliveryIDTooLong, "webhook.ErrDeliveryIDTooLong"},
	{ErrTimestampTooOld, "webhook.ErrTimestampTooOld"},
	{ErrTimestampTooNew, "webhook.ErrTimestampTooNew"},
	{ErrNoMatchingSignature, "webhook.ErrNoMatchingSignature"},
	{ErrInFlight, "webhook.ErrInFlight"},
	{ErrHandlerPanic, "webhook.ErrHandlerPanic"},
	{ErrUnprocessable, "webhook.ErrUnprocessable"},
	{ErrStoreFull, "webhook.ErrStoreFull"},
	{event.ErrUnknownTopic, "event.ErrUnknownTopic"},
	{event.ErrTopicMismatch, "event.ErrTopicMismatch"},
	{event.ErrMalformed, "event.ErrMalformed"},
}

// ErrorClass names the documented error that Err matches, in the form
// OpenTelemetry's error.type takes: "webhook.ErrNoMatchingSignature",
// "event.ErrMalformed", "*event.ValidationError" and so on. It returns
// "_OTHER" for an error that matches none, such as a handler's own, and ""
// when Err is nil.
func (r *DeliveryReport) ErrorClass() string { return errorClass(r.Err) }

// ErrorClass names the documented error that Err matches, as
// DeliveryReport.ErrorClass does: "webhook.ErrHandlerPanic" for a panic,
// "_OTHER" for a handler's own error, "" for none.
func (r *HandlerReport) ErrorClass() string { return errorClass(r.Err) }

func errorClass(err error) string {
	if err == nil {
		return ""
	}
	for _, c := range errorClasses {
		if errors.Is(err, c.err) {
			return c.name
		}
	}
	var invalid *event.ValidationError
	if errors.As(err, &invalid) {
		return "*event.ValidationError"
	}
	return "_OTHER"
}

// The Handler fills a report through these methods, which do nothing on a
// nil report, so that an unobserved Handler measures nothing.

// now returns the time, or the zero time for a nil report.
func (r *DeliveryReport) now() time.Time {
	if r == nil {
		return time.Time{}
	}
	return time.Now()
}

// verified records the verification that began at start.
func (r *DeliveryReport) verified(start time.Time) {
	if r != nil {
		r.Verify = time.Since(start)
	}
}

// decoded adds the decoding that began at start.
func (r *DeliveryReport) decoded(start time.Time) {
	if r != nil {
		r.Decode += time.Since(start)
	}
}

// ran records a handler that began at start and returned err.
func (r *DeliveryReport) ran(name string, start time.Time, err error) {
	if r != nil {
		r.Handlers = append(r.Handlers, HandlerReport{Name: name, Start: start, Duration: time.Since(start), Err: err})
	}
}

// answered records the answer and what was known of the delivery.
func (r *DeliveryReport) answered(status int, o Outcome, d *Delivery, err error) {
	if r == nil {
		return
	}
	r.Status, r.Outcome, r.Err = status, o, err
	if d != nil {
		r.ID, r.Topic, r.Attempt = d.ID, d.Topic, d.Attempt
	}
}

// report completes rep and passes it to the Observe hook. It runs deferred,
// so that a request whose handler aborted it is reported too.
func (h *Handler) report(ctx context.Context, rep *DeliveryReport) {
	rep.Duration = time.Since(rep.Received)
	if rep.Status == 0 {
		rep.Outcome, rep.Err = OutcomeFailed, http.ErrAbortHandler
	}
	h.observe(ctx, rep)
}
