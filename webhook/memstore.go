package webhook

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// DefaultMaxEntries is the number of keys a MemoryStore holds unless
// MemoryStoreOptions.MaxEntries says otherwise: about 15 MB of memory with
// Svix's 31-byte message ids.
const DefaultMaxEntries = 100_000

// MemoryStoreOptions configure a MemoryStore. The zero value of each field
// means its documented default.
type MemoryStoreOptions struct {
	// MaxEntries bounds the keys held, claimed and done together. The
	// default, also used for a value of zero or less, is DefaultMaxEntries.
	MaxEntries int

	// Now returns the current time. The default is time.Now.
	Now func() time.Time
}

// A MemoryStore is a Store that keeps its keys in memory: the Handler's
// default. It serves one process only, and forgets everything when the
// process exits; receivers running several replicas need a shared Store.
//
// It holds at most MaxEntries keys and drops each key when its TTL lapses.
// When it is full, it first drops lapsed keys; if none has lapsed, it drops
// the done key nearest to lapsing, so that a later duplicate of that
// delivery would be handled again (at least once, never lost); if every key
// is a live claim, Claim returns an error wrapping ErrStoreFull, which the
// Handler answers with 503 so that the sender retries later.
//
// When every done key has the same TTL, as the Handler's do, the done keys
// lapse in the order they were completed, and no call takes longer for
// the number of done keys held; done keys of other TTLs, and live claims,
// are kept in heaps, in logarithmic time.
//
// A MemoryStore is safe for concurrent use and never blocks on I/O.
type MemoryStore struct {
	mu      sync.Mutex
	now     func() time.Time
	max     int
	entries map[string]*memEntry
	claims  expiryHeap  // live claims, soonest to lapse first
	done    expiryQueue // done keys, soonest to lapse first
}

type memEntry struct {
	key     string
	done    bool
	late    bool // in done.late rather than done.fifo
	expires time.Time
	index   int // position in claims, done.late, or done.fifo (offset by done.base)
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore(opts MemoryStoreOptions) *MemoryStore {
	s := &MemoryStore{now: opts.Now, max: opts.MaxEntries, entries: make(map[string]*memEntry)}
	if s.now == nil {
		s.now = time.Now
	}
	if s.max <= 0 {
		s.max = DefaultMaxEntries
	}
	return s
}

var _ Store = (*MemoryStore)(nil)

var errTTL = errors.New("webhook: MemoryStore: ttl must be positive")

// Claim implements Store. It returns an error wrapping ErrStoreFull when
// the store holds MaxEntries live claims, and an error for a ttl that is
// not positive.
func (s *MemoryStore) Claim(_ context.Context, key string, ttl time.Duration) (ClaimStatus, error) {
	if ttl <= 0 {
		return 0, errTTL
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if e := s.live(key, now); e != nil {
		if e.done {
			return Done, nil
		}
		return InFlight, nil
	}
	e, err := s.makeRoom(now)
	if err != nil {
		return 0, err
	}
	if e == nil {
		e = new(memEntry)
	}
	*e = memEntry{key: key, expires: now.Add(ttl)}
	s.entries[key] = e
	heap.Push(&s.claims, e)
	return Claimed, nil
}

// Complete implements Store. Completing a key that holds no live claim
// (its claim lapsed) still marks it done. It returns an error wrapping
// ErrStoreFull when the key is not held and every held key is a live
// claim, and an error for a ttl that is not positive.
func (s *MemoryStore) Complete(_ context.Context, key string, ttl time.Duration) error {
	if ttl <= 0 {
		return errTTL
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	e := s.live(key, now)
	switch {
	case e == nil:
		spare, err := s.makeRoom(now)
		if err != nil {
			return err
		}
		if e = spare; e == nil {
			e = new(memEntry)
		}
		*e = memEntry{key: key, done: true, expires: now.Add(ttl)}
		s.entries[key] = e
	case e.done:
		s.done.remove(e)
		e.expires = now.Add(ttl)
	default:
		heap.Remove(&s.claims, e.index)
		e.done, e.expires = true, now.Add(ttl)
	}
	s.done.push(e)
	return nil
}

// Release implements Store. Releasing a done key or a key not held does
// nothing: a completed delivery stays completed.
func (s *MemoryStore) Release(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.entries[key]; e != nil && !e.done {
		s.remove(e)
	}
	return nil
}

// Len returns the number of keys held, claimed or done, including keys
// whose TTL lapsed but which have not been dropped yet.
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.entries)
}

// live returns the entry of key if its TTL has not lapsed, dropping it if
// it has.
func (s *MemoryStore) live(key string, now time.Time) *memEntry {
	e := s.entries[key]
	if e != nil && !now.Before(e.expires) {
		s.remove(e)
		return nil
	}
	return e
}

// makeRoom ensures that one more key fits, first dropping the keys whose
// TTL has lapsed, then the done key nearest to lapsing. It returns the
// entry of a key it dropped, if any, for the caller to reuse.
func (s *MemoryStore) makeRoom(now time.Time) (*memEntry, error) {
	if len(s.entries) < s.max {
		return nil, nil
	}
	var dropped *memEntry
	for len(s.claims) > 0 && !now.Before(s.claims[0].expires) {
		dropped = s.claims[0]
		s.remove(dropped)
	}
	for e := s.done.first(); e != nil && !now.Before(e.expires); e = s.done.first() {
		dropped = e
		s.remove(e)
	}
	if len(s.entries) < s.max {
		return dropped, nil
	}
	if e := s.done.first(); e != nil {
		s.remove(e)
		return e, nil
	}
	return nil, fmt.Errorf("%w: %d live claims", ErrStoreFull, s.claims.Len())
}

func (s *MemoryStore) remove(e *memEntry) {
	if e.done {
		s.done.remove(e)
	} else {
		heap.Remove(&s.claims, e.index)
	}
	delete(s.entries, e.key)
}

// An expiryQueue holds done entries, soonest to lapse first. An entry that
// lapses no sooner than the last one added to its FIFO, as every entry
// does when each has the same TTL and the clock does not go back, joins the
// FIFO in O(1), and the soonest to lapse is found and dropped in O(1); any
// other entry waits in a heap. The FIFO is a ring of positions that only
// grow: an entry's index is its position, at ring[index&(len(ring)-1)]. An
// entry removed from the middle leaves a hole, nil, which is skipped.
type expiryQueue struct {
	ring  []*memEntry // a power of two long, or empty
	head  int         // the position of the first entry, never a hole
	n     int         // the positions in use from head, holes included
	holes int
	last  time.Time // the expiry of the last entry added to the FIFO
	late  expiryHeap
}

// push adds e.
func (q *expiryQueue) push(e *memEntry) {
	if q.n > 0 && e.expires.Before(q.last) {
		e.late = true
		heap.Push(&q.late, e)
		return
	}
	if q.n == len(q.ring) {
		q.grow()
	}
	e.late, e.index, q.last = false, q.head+q.n, e.expires
	q.ring[e.index&(len(q.ring)-1)] = e
	q.n++
}

// grow doubles the ring, keeping each entry's position.
func (q *expiryQueue) grow() {
	ring := make([]*memEntry, max(16, 2*len(q.ring)))
	for p := q.head; p < q.head+q.n; p++ {
		ring[p&(len(ring)-1)] = q.ring[p&(len(q.ring)-1)]
	}
	q.ring = ring
}

// first returns the entry soonest to lapse, or nil if q is empty.
func (q *expiryQueue) first() *memEntry {
	var e *memEntry
	if q.n > 0 {
		e = q.ring[q.head&(len(q.ring)-1)]
	}
	if len(q.late) > 0 && (e == nil || q.late[0].expires.Before(e.expires)) {
		e = q.late[0]
	}
	return e
}

// remove removes e, which q holds.
func (q *expiryQueue) remove(e *memEntry) {
	if e.late {
		heap.Remove(&q.late, e.index)
		return
	}
	mask := len(q.ring) - 1
	q.ring[e.index&mask] = nil
	q.holes++
	for q.n > 0 && q.ring[q.head&mask] == nil {
		q.head, q.n, q.holes = q.head+1, q.n-1, q.holes-1
	}
	if q.holes > 16 && q.holes > q.n/2 {
		q.compact()
	}
}

// compact closes the FIFO's holes, moving each entry towards the head, so
// that removing entries from its middle costs O(1) amortized.
func (q *expiryQueue) compact() {
	mask := len(q.ring) - 1
	kept := 0
	for p := q.head; p < q.head+q.n; p++ {
		if e := q.ring[p&mask]; e != nil {
			q.ring[p&mask] = nil
			e.index = q.head + kept
			q.ring[e.index&mask] = e
			kept++
		}
	}
	q.n, q.holes = kept, 0
}

// expiryHeap orders entries by expiry, soonest first.
type expiryHeap []*memEntry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].expires.Before(h[j].expires) }
func (h expiryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}

func (h *expiryHeap) Push(x any) {
	e := x.(*memEntry)
	e.index = len(*h)
	*h = append(*h, e)
}

func (h *expiryHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return e
}
