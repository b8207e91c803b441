package contract

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
)

// Watch registers on h a typed handler for every contract topic of every
// marketplace, which applies each delivery to l and calls fn with each
// change the delivery makes, through Apply's then: fn runs inside the
// ledger's transaction, before the change becomes durable, with a context
// that carries the webhook.Delivery (webhook.FromContext).
//
// So fn runs once per change. A failing fn fails the delivery (500) and
// leaves l as it was; the sender's retry applies the event again and
// reaches fn again. A duplicate delivery, or an event older than every part
// of the state it carries, does not reach fn. A delivery whose metadata
// does not decode or validate, or that has no timestamp, is answered 422
// and changes nothing. fn may be nil, to keep l current alone.
//
// Watch panics if h or l is nil, which are programming errors.
func Watch(h *webhook.Handler, l Ledger, fn func(ctx context.Context, c Change) error) {
	if h == nil || l == nil {
		panic("contract: Watch with a nil Handler or Ledger")
	}
	for _, t := range slices.Sorted(maps.Keys(rules)) {
		rules[t].watch(h, l, fn)
	}
}

// Topics returns every topic whose events change contract state, sorted.
func Topics() []topics.Topic { return slices.Sorted(maps.Keys(rules)) }

// applyDecoded applies e, whose metadata the Handler decoded as m, to l;
// r is the rule of e's topic.
func applyDecoded(ctx context.Context, l Ledger, r rule, e *event.Event, m event.Metadata, fn func(context.Context, Change) error) error {
	var then func(context.Context, Change) error
	if fn != nil {
		then = func(ctx context.Context, c Change) error { return fn(ctx, c) }
	}
	var err error
	if fl, ok := l.(FactLedger); ok && !e.Timestamp.IsZero() {
		_, err = fl.ApplyFact(ctx, factFrom(r, e, m), then)
	} else {
		_, err = l.Apply(ctx, e, then)
	}
	if errors.Is(err, ErrNoTimestamp) {
		return fmt.Errorf("%w: %w", webhook.ErrUnprocessable, err)
	}
	return err
}
