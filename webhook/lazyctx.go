package webhook

import (
	"context"
	"sync"
	"time"
)

// lazyCtx is a context with a deadline whose timer starts only when it is
// needed: it behaves as context.WithTimeout of its parent, except that the
// timer and the context.WithDeadline behind it are made on the first call
// to Done or Value, so that a Store or a handler that never waits on the
// context, nor reads a value from it, costs no timer. Err needs no timer:
// it compares the clock with the deadline.
//
// A detached lazyCtx is not cancelled when its parent is, as with
// context.WithoutCancel; one with a delivery answers FromContext without
// making the timer, as NewContext's context does.
type lazyCtx struct {
	parent   context.Context // context.WithoutCancel of the request's when detached
	detached bool
	delivery *Delivery // for deliveryKey, or nil
	deadline time.Time

	mu      sync.Mutex
	timed   context.Context // made by the first Done or Value
	cancel  context.CancelFunc
	stopped bool
}

// newHandlerCtx returns the context that handlers run in: the request's,
// with the delivery, and the deadline ttl from now.
func newHandlerCtx(parent context.Context, d *Delivery, ttl time.Duration) *lazyCtx {
	c := &lazyCtx{parent: parent, delivery: d, deadline: time.Now().Add(ttl)}
	if pd, ok := parent.Deadline(); ok && pd.Before(c.deadline) {
		c.deadline = pd
	}
	return c
}

// newStoreCtx returns the context of the Store calls that record a
// delivery's outcome: it has the request context's values, is not cancelled
// when the sender hangs up, so that the outcome is recorded, and has a
// deadline ttl from now, after which the claim lapses anyway.
func newStoreCtx(parent context.Context, ttl time.Duration) *lazyCtx {
	return &lazyCtx{parent: context.WithoutCancel(parent), detached: true, deadline: time.Now().Add(ttl)}
}

// Deadline implements context.Context.
func (c *lazyCtx) Deadline() (time.Time, bool) { return c.deadline, true }

// Value implements context.Context. The delivery is answered directly;
// any other key makes the timer first, so that what context.Cause and
// context.AfterFunc look up is the context that Done and Err report on.
// A detached context before its timer answers with its parent's values,
// in which context.WithoutCancel hides the request's cancellation.
func (c *lazyCtx) Value(key any) any {
	if _, ok := key.(deliveryKey); ok && c.delivery != nil {
		return c.delivery
	}
	if c.detached {
		c.mu.Lock()
		timed := c.timed
		c.mu.Unlock()
		if timed == nil {
			return c.parent.Value(key)
		}
		return timed.Value(key)
	}
	return c.timedCtx().Value(key)
}

// Done implements context.Context.
func (c *lazyCtx) Done() <-chan struct{} { return c.timedCtx().Done() }

// timedCtx returns the context.WithDeadline behind c, making it first.
func (c *lazyCtx) timedCtx() context.Context {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.timed == nil {
		c.timed, c.cancel = context.WithDeadline(c.parent, c.deadline)
		if c.stopped {
			c.cancel()
		}
	}
	return c.timed
}

// Err implements context.Context.
func (c *lazyCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.timed != nil {
		return c.timed.Err()
	}
	if c.stopped {
		return context.Canceled
	}
	if !c.detached {
		if err := c.parent.Err(); err != nil {
			return err
		}
	}
	if !time.Now().Before(c.deadline) {
		return context.DeadlineExceeded
	}
	return nil
}

// stop ends the context, as the CancelFunc of context.WithTimeout does.
func (c *lazyCtx) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopped = true
	if c.cancel != nil {
		c.cancel()
	}
}
