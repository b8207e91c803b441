package contract

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/clazarevents/sdk-go/event"
)

// A Ledger keeps the state of every contract, folded from events.
type Ledger interface {
	// Apply folds e into its contract's state. When the state changed, it
	// calls then (which may be nil) with the change before the change
	// becomes durable; if then returns an error, the ledger is left exactly
	// as it was and Apply returns that error wrapped, so that a retry of
	// the delivery applies e again and calls then again.
	//
	// An event of a topic that does not change contract state returns a
	// Change for which Changed is false, and makes no state. The error
	// wraps ErrNoTimestamp for an event without a timestamp, and is the
	// decoding error (event.ErrMalformed, *event.ValidationError) for
	// metadata that does not decode or validate; the ledger is unchanged
	// then too.
	Apply(ctx context.Context, e *event.Event, then func(context.Context, Change) error) (Change, error)

	// Get returns the state of the contract k. ok is false if no event of
	// k has been applied.
	Get(ctx context.Context, k Key) (s State, ok bool, err error)
}

// A FactLedger is a Ledger that also applies a Fact read from its event
// already, with the guarantees of Apply. Watch uses it when a ledger has
// it, so that each delivery's metadata is decoded once. Book implements
// it, as does the PostgreSQL ledger of package
// github.com/clazarevents/sdk-go/webhook/pgstore.
type FactLedger interface {
	Ledger

	// ApplyFact folds f into its contract's state, as Apply folds the
	// event f was read from.
	ApplyFact(ctx context.Context, f Fact, then func(context.Context, Change) error) (Change, error)
}

// A Book is a Ledger in memory, for a single process and for tests. It is
// safe for concurrent use: events of one contract are applied one at a
// time, in whatever order they arrive, and events of different contracts
// concurrently. Get and All never wait for an Apply.
type Book struct {
	mu    sync.Mutex
	books map[Key]*page
}

// A page holds one contract's record.
type page struct {
	write sync.Mutex             // held while an event of the key is applied
	rec   atomic.Pointer[Record] // the committed record; nil before the first
}

// NewBook returns an empty Book.
func NewBook() *Book { return &Book{books: map[Key]*page{}} }

// Apply implements Ledger.
func (b *Book) Apply(ctx context.Context, e *event.Event, then func(context.Context, Change) error) (Change, error) {
	f, ok, err := FactOf(e)
	if err != nil {
		return Change{}, err
	}
	if !ok {
		return Change{}, nil
	}
	return b.ApplyFact(ctx, f, then)
}

// ApplyFact implements FactLedger. It returns ctx's error, and changes
// nothing, if ctx is done before f is applied.
func (b *Book) ApplyFact(ctx context.Context, f Fact, then func(context.Context, Change) error) (Change, error) {
	p := b.page(f.Key)
	p.write.Lock()
	defer p.write.Unlock()
	if err := ctx.Err(); err != nil {
		return Change{}, fmt.Errorf("contract: %s: %w", f.Key, err)
	}
	var cur Record
	if r := p.rec.Load(); r != nil {
		cur = *r
	}
	next, c, err := cur.Fold(f)
	if err != nil {
		return Change{}, err
	}
	if c.Changed() && then != nil {
		if err := then(ctx, c); err != nil {
			return c, fmt.Errorf("contract: %s: %w", f.Key, err)
		}
	}
	if len(next.State.EventIDs) != len(cur.State.EventIDs) {
		p.rec.Store(&next)
	}
	return c, nil
}

func (b *Book) page(k Key) *page {
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.books[k]
	if p == nil {
		p = new(page)
		b.books[k] = p
	}
	return p
}

// Get implements Ledger. It never fails.
func (b *Book) Get(_ context.Context, k Key) (State, bool, error) {
	b.mu.Lock()
	p := b.books[k]
	b.mu.Unlock()
	if p == nil {
		return State{}, false, nil
	}
	r := p.rec.Load()
	if r == nil {
		return State{}, false, nil
	}
	return r.State.clone(), true, nil
}

// All returns the state of every contract, sorted by Key.String.
func (b *Book) All() []State {
	b.mu.Lock()
	all := make([]State, 0, len(b.books))
	for _, p := range b.books {
		if r := p.rec.Load(); r != nil {
			all = append(all, r.State.clone())
		}
	}
	b.mu.Unlock()
	slices.SortFunc(all, func(x, y State) int { return cmp.Compare(x.Key.String(), y.Key.String()) })
	return all
}

// Len returns the number of contracts in the book.
func (b *Book) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, p := range b.books {
		if p.rec.Load() != nil {
			n++
		}
	}
	return n
}
