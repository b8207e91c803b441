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
	parent   context.Context // the request's
	detached bool            // not cancelled with parent, as context.WithoutCancel(parent)
	delivery *Delivery       // for deliveryKey, or nil
	deadline time.Time

	mu      sync.Mutex
	timed   context.Context // made by the first Done or Value
	cancel  context.CancelFunc
	stopped bool
}

// initHandler makes c the context that handlers run in: the request's,
// with the delivery, and the deadline given or the request's, if earlier.
func (c *lazyCtx) initHandler(parent context.Context, d *Delivery, deadline time.Time) {
	c.parent, c.delivery, c.deadline = parent, d, deadline
	if pd, ok := parent.Deadline(); ok && pd.Before(deadline) {
		c.deadline = pd
	}
}

// newStoreCtx returns the context of the Store calls that record a
// delivery's outcome: it has the request context's values, is not cancelled
// when the sender hangs up, so that the outcome is recorded, and has a
// deadline ttl from now, after which the claim lapses anyway.
func newStoreCtx(parent context.Context, ttl time.Duration) *lazyCtx {
	return &lazyCtx{parent: parent, detached: true, deadline: time.Now().Add(ttl)}
}

// A dispatchCtx holds the two contexts of a delivery whose handlers run,
// made together with one allocation and one reading of the clock: the
// handlers' context, as initHandler makes it, and the context of the
// Store call that completes the delivery, as newStoreCtx makes it, both
// with the deadline at which the claim taken just before lapses.
type dispatchCtx struct {
	handler, store lazyCtx
}

func newDispatchCtx(parent context.Context, d *Delivery, ttl time.Duration) *dispatchCtx {
	deadline := time.Now().Add(ttl)
	c := &dispatchCtx{store: lazyCtx{parent: parent, detached: true, deadline: deadline}}
	c.handler.initHandler(parent, d, deadline)
	return c
}

// base is the context that c's timer derives from: the parent, or for a
// detached c one that is not cancelled with it.
func (c *lazyCtx) base() context.Context {
	if c.detached {
		return context.WithoutCancel(c.parent)
	}
	return c.parent
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
			return c.base().Value(key)
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
		c.timed, c.cancel = context.WithDeadline(c.base(), c.deadline)
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
