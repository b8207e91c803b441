package webhook

import (
	"context"
	"time"

	"github.com/clazarevents/sdk-go/topics"
)

// A Store remembers which deliveries are being handled and which are done,
// so that a delivery sent more than once is handled once. The Handler calls
// Claim before running handlers, then Complete when every handler
// succeeded or Release when one failed, so that the sender's retry runs
// them again. An implementation must be safe for concurrent use, and a
// shared implementation (a database) lets several receiver replicas handle
// each delivery once.
type Store interface {
	// Claim tries to take key for handling. It returns Claimed if the
	// caller now holds key, for ttl at most: a claim neither completed nor
	// released by then lapses, so a crashed receiver cannot block the
	// sender's retries forever. It returns InFlight if another live claim
	// holds key, and Done if key was completed.
	Claim(ctx context.Context, key string, ttl time.Duration) (ClaimStatus, error)

	// Complete marks key done and remembers it for ttl.
	Complete(ctx context.Context, key string, ttl time.Duration) error

	// Release drops the claim on key, so that a retry can claim it again.
	Release(ctx context.Context, key string) error
}

// ClaimStatus is the outcome of Store.Claim.
type ClaimStatus int

// The outcomes of Store.Claim.
const (
	// Claimed: the caller holds the key and must Complete or Release it.
	Claimed ClaimStatus = iota + 1
	// InFlight: another delivery of the key is being handled now.
	InFlight
	// Done: the key was handled already.
	Done
)

// String returns the status name, such as "claimed".
func (s ClaimStatus) String() string {
	switch s {
	case Claimed:
		return "claimed"
	case InFlight:
		return "in flight"
	case Done:
		return "done"
	}
	return "unknown"
}

// Delivery describes the delivery a handler is running for. The Handler
// puts it in the context it passes to handlers; FromContext gets it back.
type Delivery struct {
	// ID is the idempotency key: the svix-id or webhook-id header, or the
	// envelope's id when the scheme has no id header, or, for a delivery
	// with neither, "sha256:" followed by the hex SHA-256 of the body.
	ID string
	// Attempt is the attempt's signed timestamp, or the time the request
	// was received when the scheme signs none.
	Attempt time.Time
	// Topic is the envelope's topic.
	Topic topics.Topic
	// Body is the request body exactly as received and verified. Handlers
	// must not modify it: the Event's Metadata is a slice of it.
	Body []byte
}

type deliveryKey struct{}

// NewContext returns a copy of ctx that carries d, as the Handler passes to
// handlers. It lets tests call a handler function directly.
func NewContext(ctx context.Context, d *Delivery) context.Context {
	return context.WithValue(ctx, deliveryKey{}, d)
}

// FromContext returns the Delivery carried by ctx, if any.
func FromContext(ctx context.Context) (*Delivery, bool) {
	d, ok := ctx.Value(deliveryKey{}).(*Delivery)
	return d, ok
}
