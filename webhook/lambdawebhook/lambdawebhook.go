// Package lambdawebhook receives AWS Marketplace's EventBridge events, and
// any other event envelope, in an AWS Lambda function, with the typed
// routes, deduplication and error semantics of a webhook.Handler:
//
//	lambda.Start(lambdawebhook.EventBridge(h)) // an EventBridge rule targets the function
//	lambda.Start(lambdawebhook.SQS(h))         // EventBridge -> SQS queue -> the function
//
// Lambda invokes the function with the credentials of AWS IAM, so the
// events are given to webhook.Handler.Handle as authenticated: the
// Handler's Verifier is not consulted. Who may invoke the function, or send
// to its queue, is decided by the function's resource policy and the
// queue's policy.
package lambdawebhook

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/clazarevents/sdk-go/webhook"
)

// EventBridge returns a Lambda handler for an EventBridge rule whose target
// is the function. It gives each event, as the raw JSON that Lambda
// received, to h.Handle. It returns nil when the event was handled, was a
// duplicate, or can never be handled (status 400, 413 or 422: Handle has
// logged it and passed it to Options.OnError, which is where to keep it),
// so that Lambda does not retry it in vain; and the *webhook.DeliveryError
// when a retry can succeed (409, 500, 503), so that Lambda retries the
// asynchronous invocation and, once its retries are spent, sends it to the
// function's on-failure destination or dead-letter queue.
func EventBridge(h *webhook.Handler) func(ctx context.Context, event json.RawMessage) error {
	return func(ctx context.Context, event json.RawMessage) error {
		res := h.Handle(ctx, webhook.Message{Body: event, Authenticated: true})
		if res.Retry() {
			return res.Err
		}
		return nil
	}
}

// SQS returns a Lambda handler for an SQS queue that an EventBridge rule
// targets: each record's body is an event as EventBridge sends it. It gives
// the records to h.Handle one after another and returns, as
// BatchItemFailures, the message ids of the records whose delivery failed
// retryably (status 409, 500 or 503), so that only they return to the
// queue; the event source mapping must list ReportBatchItemFailures in its
// FunctionResponseTypes. A record that can never be handled (400, 413,
// 422) is logged and passed to Options.OnError, as for EventBridge, and
// deleted. Deduplication is by the event id, not the SQS message id, as
// EventBridge may send one event twice.
//
// Records not yet handled when ctx is done are reported as failures
// without being handled. For a FIFO queue (whose ARN ends in ".fifo"),
// the records after the first failure are reported as failures without
// being handled, so that their order is kept. The returned error is always
// nil: a failure is reported per record.
func SQS(h *webhook.Handler) func(ctx context.Context, e events.SQSEvent) (events.SQSEventResponse, error) {
	return func(ctx context.Context, e events.SQSEvent) (events.SQSEventResponse, error) {
		var resp events.SQSEventResponse
		failed := false
		for _, m := range e.Records {
			if (failed && strings.HasSuffix(m.EventSourceARN, ".fifo")) || ctx.Err() != nil {
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
				continue
			}
			if h.Handle(ctx, webhook.Message{Body: []byte(m.Body), Authenticated: true}).Retry() {
				failed = true
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
			}
		}
		return resp, nil
	}
}
