package webhook

import (
	"errors"
	"strconv"
	"strings"

	"github.com/clazarevents/sdk-go/event"
)

// Errors reported by verification, by the Handler and by MemoryStore. They
// are wrapped with detail; test for them with errors.Is. No message ever
// holds a secret or an expected signature.
var (
	// ErrMissingHeaders reports a request without the headers its scheme
	// needs, such as svix-signature. The message names the missing ones.
	ErrMissingHeaders = errors.New("webhook: missing signature headers")

	// ErrNoMatchingSignature reports signatures that none of the secrets or
	// keys produced. The message says which header and how many signatures
	// were checked.
	ErrNoMatchingSignature = errors.New("webhook: no matching signature")

	// ErrTimestampTooOld reports a signed timestamp further in the past than
	// the tolerance: a replay, or a delivery that waited too long.
	ErrTimestampTooOld = errors.New("webhook: timestamp too old")

	// ErrTimestampTooNew reports a signed timestamp further in the future
	// than the tolerance, usually a clock out of sync.
	ErrTimestampTooNew = errors.New("webhook: timestamp too new")

	// ErrMalformedHeader reports a signature or timestamp header that cannot
	// be read: a timestamp that is not Unix seconds, or a signature list
	// without a single well-formed entry.
	ErrMalformedHeader = errors.New("webhook: malformed header")

	// ErrDeliveryIDTooLong reports a delivery id longer than
	// MaxDeliveryIDBytes, which the Handler refuses before it reaches the
	// Store.
	ErrDeliveryIDTooLong = errors.New("webhook: delivery id too long")

	// ErrEmptySecret reports a Verifier or Handler built without a secret,
	// or with an empty one. Verification fails closed: receiving unsigned
	// deliveries takes VerifierOptions.InsecureSkipVerify.
	ErrEmptySecret = errors.New("webhook: empty secret")

	// ErrInvalidSecret reports a secret or public key that cannot be
	// decoded, such as a Svix secret that is not base64 (with or without
	// its whsec_ prefix; RawSecrets takes a key's bytes as they are) or a
	// whpk_ key of the wrong length.
	ErrInvalidSecret = errors.New("webhook: invalid secret")

	// ErrMethodNotAllowed reports a request whose method is not POST.
	ErrMethodNotAllowed = errors.New("webhook: method not allowed")

	// ErrBodyTooLarge reports a body longer than Options.MaxBodyBytes.
	ErrBodyTooLarge = errors.New("webhook: body too large")

	// ErrInFlight reports a delivery whose id another request is handling
	// now. The sender's retry will find it done, or claim it if the first
	// attempt failed.
	ErrInFlight = errors.New("webhook: delivery in flight")

	// ErrHandlerPanic reports a handler that panicked. The message holds the
	// panic value.
	ErrHandlerPanic = errors.New("webhook: handler panicked")

	// ErrUnprocessable, wrapped by a handler's error, says that the
	// delivery can never be handled, however often it is retried, such as
	// an event whose content the handler cannot use: the Handler answers
	// 422 instead of 500, as for metadata that does not decode.
	ErrUnprocessable = errors.New("webhook: unprocessable delivery")

	// ErrStoreFull reports a MemoryStore that holds MaxEntries live claims
	// and cannot take another.
	ErrStoreFull = errors.New("webhook: store full")
)

// A DeliveryError describes a request that the Handler did not answer with
// a 2xx status. The Handler passes it to Options.OnError and logs it, so
// that no failed delivery goes unnoticed.
type DeliveryError struct {
	// Status is the HTTP status code the Handler answered.
	Status int

	// Delivery is the delivery as far as it was known: nil when the request
	// failed before its signature was verified (status 401, 405 or 413), so
	// that an unauthenticated body never reaches the hook. Its Body is the
	// verified body, exactly as received.
	Delivery *Delivery

	// Event is the parsed envelope, or nil when the body is not one (status
	// 400) or was not parsed.
	Event *event.Event

	// Err is the cause: a verification error (ErrNoMatchingSignature, ...),
	// an error wrapping event.ErrMalformed, an *event.ValidationError, a
	// handler's error, an error wrapping ErrHandlerPanic, or a Store's error.
	Err error
}

// Error returns the status, the delivery id and topic when known, and the
// cause, such as "webhook: 422 for msg_1 (aws.contract.created): event:
// invalid metadata ...".
func (e *DeliveryError) Error() string {
	var b strings.Builder
	b.WriteString("webhook: ")
	b.WriteString(strconv.Itoa(e.Status))
	if d := e.Delivery; d != nil && d.ID != "" {
		b.WriteString(" for ")
		b.WriteString(d.ID)
		if d.Topic != "" {
			b.WriteString(" (")
			b.WriteString(string(d.Topic))
			b.WriteString(")")
		}
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns Err.
func (e *DeliveryError) Unwrap() error { return e.Err }
