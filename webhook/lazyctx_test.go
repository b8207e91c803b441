package webhook

import (
	"context"
	"errors"
	"testing"
	"time"
)

type ctxKey struct{}

// TestHandlerCtx checks that the context of handlers behaves as
// context.WithTimeout over NewContext: the delivery and the parent's
// values, the parent's cancellation, the earlier of the two deadlines, and
// a deadline that expires whether or not Done was asked for first.
func TestHandlerCtx(t *testing.T) {
	d := &Delivery{ID: "evt_1"}
	parent, cancelParent := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "v"))
	c := &newDispatchCtx(parent, d, time.Hour).handler
	if got, ok := FromContext(c); !ok || got != d {
		t.Errorf("FromContext = %v, %v; want the delivery", got, ok)
	}
	if c.Err() != nil || context.Cause(c) != nil {
		t.Errorf("a live context reports Err %v, Cause %v", c.Err(), context.Cause(c))
	}
	if got := c.Value(ctxKey{}); got != "v" {
		t.Errorf("Value = %v, want the parent's v", got)
	}
	cancelParent()
	<-c.Done()
	if err := c.Err(); !errors.Is(err, context.Canceled) {
		t.Errorf("Err after the parent's cancellation = %v, want context.Canceled", err)
	}
	c.stop()

	// Cancelled parent, before anyone asked for Done.
	parent, cancelParent = context.WithCancel(context.Background())
	c = &newDispatchCtx(parent, d, time.Hour).handler
	cancelParent()
	if err := c.Err(); !errors.Is(err, context.Canceled) {
		t.Errorf("Err after the parent's cancellation = %v, want context.Canceled", err)
	}
	c.stop()

	// The parent's earlier deadline wins.
	parent, cancelParent = context.WithTimeout(context.Background(), time.Minute)
	defer cancelParent()
	c = &newDispatchCtx(parent, d, time.Hour).handler
	if dl, _ := c.Deadline(); time.Until(dl) > time.Minute {
		t.Errorf("Deadline %v is later than the parent's", dl)
	}
	c.stop()

	checkExpires(t, func(ttl time.Duration) *lazyCtx { return &newDispatchCtx(context.Background(), d, ttl).handler })
}

// checkExpires checks that a context from newCtx with a short TTL expires
// whether or not Done was asked for first, and stays done once stopped.
func checkExpires(t *testing.T, newCtx func(ttl time.Duration) *lazyCtx) {
	t.Helper()
	for _, askDone := range []bool{false, true} {
		c := newCtx(10 * time.Millisecond)
		if askDone {
			<-c.Done()
		} else {
			time.Sleep(20 * time.Millisecond)
		}
		if err := c.Err(); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Err after the deadline (Done asked first: %v) = %v, want context.DeadlineExceeded", askDone, err)
		}
		if err := context.Cause(c); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Cause after the deadline (Done asked first: %v) = %v, want context.DeadlineExceeded", askDone, err)
		}
		c.stop()
		if err := c.Err(); err == nil {
			t.Error("Err after stop is nil")
		}
	}
}

// TestStoreCtx checks that the context of Store calls behaves as
// context.WithTimeout over context.WithoutCancel: the parent's values, not
// its cancellation, a deadline that expires whether or not Done was asked
// for first, and stop as the cancel function.
func TestStoreCtx(t *testing.T) {
	makers := map[string]func(context.Context, time.Duration) *lazyCtx{
		"newStoreCtx": newStoreCtx,
		"newDispatchCtx": func(parent context.Context, ttl time.Duration) *lazyCtx {
			return &newDispatchCtx(parent, &Delivery{ID: "msg_1"}, ttl).store
		},
	}
	for name, newStore := range makers {
		t.Run(name, func(t *testing.T) {
			parent, cancelParent := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "v"))
			cancelParent()

			c := newStore(parent, time.Hour)
			if got := c.Value(ctxKey{}); got != "v" {
				t.Errorf("Value = %v, want the parent's v", got)
			}
			if d, ok := c.Deadline(); !ok || time.Until(d) < 59*time.Minute {
				t.Errorf("Deadline = %v, %v; want about an hour from now", d, ok)
			}
			if err := c.Err(); err != nil {
				t.Errorf("Err of a live context whose parent is cancelled = %v", err)
			}
			if err := context.Cause(c); err != nil {
				t.Errorf("Cause of a live context whose parent is cancelled = %v", err)
			}
			select {
			case <-c.Done():
				t.Error("Done is closed although the deadline is an hour away")
			default:
			}
			c.stop()
			<-c.Done()
			if err := c.Err(); !errors.Is(err, context.Canceled) {
				t.Errorf("Err after stop = %v, want context.Canceled", err)
			}

			// Stopped before anyone asked for Done.
			c = newStore(context.Background(), time.Hour)
			c.stop()
			if err := c.Err(); !errors.Is(err, context.Canceled) {
				t.Errorf("Err after stop = %v, want context.Canceled", err)
			}
			<-c.Done()

			// Expired, with and without a timer.
			checkExpires(t, func(ttl time.Duration) *lazyCtx { return newStore(context.Background(), ttl) })
		})
	}
}
