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
// A MemoryStore is safe for concurrent use and never blocks on I/O.
type MemoryStore struct {
	mu      sync.Mutex
	now     func() time.Time
	max     int
	entries map[string]*memEntry
	claims  expiryHeap // live claims, soonest to lapse first
	done    expiryHeap // done keys, soonest to lapse first
}

type memEntry struct {
	key     string
	done    bool
	expires time.Time
	index   int // position in claims or done
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
	if err := s.makeRoom(now); err != nil {
		return 0, err
	}
	e := &memEntry{key: key, expires: now.Add(ttl)}
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
		if err := s.makeRoom(now); err != nil {
			return err
		}
		e = &memEntry{key: key, done: true, expires: now.Add(ttl)}
		s.entries[key] = e
		heap.Push(&s.done, e)
	case e.done:
		e.expires = now.Add(ttl)
		heap.Fix(&s.done, e.index)
	default:
		heap.Remove(&s.claims, e.index)
		e.done, e.expires = true, now.Add(ttl)
		heap.Push(&s.done, e)
	}
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

// makeRoom ensures that one more key fits.
func (s *MemoryStore) makeRoom(now time.Time) error {
	if len(s.entries) < s.max {
		return nil
	}
	for _, h := range [...]*expiryHeap{&s.claims, &s.done} {
		for h.Len() > 0 && !now.Before((*h)[0].expires) {
			s.remove((*h)[0])
		}
	}
	if len(s.entries) < s.max {
		return nil
	}
	if s.done.Len() > 0 {
		s.remove(s.done[0])
		return nil
	}
	return fmt.Errorf("%w: %d live claims", ErrStoreFull, s.claims.Len())
}

func (s *MemoryStore) remove(e *memEntry) {
	if e.done {
		heap.Remove(&s.done, e.index)
	} else {
		heap.Remove(&s.claims, e.index)
	}
	delete(s.entries, e.key)
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
