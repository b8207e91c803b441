package webhook

import (
	"context"
	"sync"
	"time"
)

// storeCtx is the context of the Store calls that record a delivery's
// outcome: it has the request context's values, is not cancelled when the
// sender hangs up, so that the outcome is recorded, and has a deadline, the
// claim TTL from now, after which the claim lapses anyway. It behaves as
// context.WithTimeout(context.WithoutCancel(r.Context()), ttl), except that
// its timer starts only when a Store asks for Done, so that a Store that
// never waits, such as MemoryStore, costs no timer.
type storeCtx struct {
	parent   context.Context // context.WithoutCancel of the request's
	deadline time.Time

	mu      sync.Mutex
	timed   context.Context // made by the first Done
	cancel  context.CancelFunc
	stopped bool
}

func newStoreCtx(parent context.Context, ttl time.Duration) *storeCtx {
	return &storeCtx{parent: context.WithoutCancel(parent), deadline: time.Now().Add(ttl)}
}

// Deadline implements context.Context.
func (c *storeCtx) Deadline() (time.Time, bool) { return c.deadline, true }

// Value implements context.Context. Once the timer runs, its context
// answers, so that context.Cause finds the cause there; before, the
// parent's values are those of context.WithoutCancel, which hides the
// request's cancellation, and context.Cause falls back to Err.
func (c *storeCtx) Value(key any) any {
	c.mu.Lock()
	timed := c.timed
	c.mu.Unlock()
	if timed != nil {
		return timed.Value(key)
	}
	return c.parent.Value(key)
}

// Done implements context.Context.
func (c *storeCtx) Done() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.timed == nil {
		c.timed, c.cancel = context.WithDeadline(c.parent, c.deadline)
		if c.stopped {
			c.cancel()
		}
	}
	return c.timed.Done()
}

// Err implements context.Context.
func (c *storeCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.timed != nil:
		return c.timed.Err()
	case c.stopped:
		return context.Canceled
	case !time.Now().Before(c.deadline):
		return context.DeadlineExceeded
	}
	return nil
}

// stop ends the context, as the CancelFunc of context.WithTimeout does.
func (c *storeCtx) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopped = true
	if c.cancel != nil {
		c.cancel()
	}
}
