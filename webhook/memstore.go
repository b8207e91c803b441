package webhook

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"sync"
	"time"
)

// DefaultMaxEntries is the number of keys a MemoryStore holds unless
// MemoryStoreOptions.MaxEntries says otherwise: about 12 MB of memory,
// whatever the keys' length.
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
// Its memory holds no pointers, so that the garbage collector does not
// scan it however many keys it holds: each key is kept in a fixed-size
// slot, as it is if it is at most 48 bytes long and as its SHA-256 if
// longer, and found by a hash of it. When every done key has the same TTL,
// as the Handler's do, the done keys lapse in the order they were
// completed, and no call takes longer for the number of done keys held;
// done keys of other TTLs, and live claims, are kept in heaps, in
// logarithmic time.
//
// A MemoryStore is safe for concurrent use and never blocks on I/O.
type MemoryStore struct {
	mu    sync.Mutex
	now   func() time.Time
	epoch time.Time // expiries are durations since it
	max   int
	seed  maphash.Seed
	hash  func(seed maphash.Seed, key string) uint64
	first map[uint64]int32 // a key's hash to the first slot of that hash
	slots []memSlot
	free  int32 // the first free slot, or -1
	held  int
	// claims holds the slots of live claims, soonest to lapse first; done,
	// those of done keys.
	claims slotHeap
	done   expiryQueue
}

// maxInlineKey is the longest key that a slot holds as it is; a longer one
// is held as its SHA-256.
const maxInlineKey = 48

// A memSlot holds one key, or is free.
type memSlot struct {
	hash    uint64
	expires int64 // nanoseconds since the store's epoch
	index   int64 // position in claims, done.late, or done's ring
	next    int32 // the next slot of the same hash, or the next free slot; -1 for none
	keyLen  uint8 // the length of key, or of the SHA-256 in it if digest
	digest  bool
	done    bool
	late    bool // in done.late rather than done's ring
	key     [maxInlineKey]byte
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore(opts MemoryStoreOptions) *MemoryStore {
	s := &MemoryStore{now: opts.Now, max: opts.MaxEntries, seed: maphash.MakeSeed(), hash: maphash.String,
		first: make(map[uint64]int32), free: -1}
	if s.now == nil {
		s.now = time.Now
	}
	if s.max <= 0 {
		s.max = DefaultMaxEntries
	}
	s.max = min(s.max, math.MaxInt32)
	s.epoch = s.now()
	s.claims.slots = &s.slots
	s.done.late.slots = &s.slots
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
	now := s.clock()
	k := s.keyOf(key)
	if i := s.live(&k, now); i >= 0 {
		if s.slots[i].done {
			return Done, nil
		}
		return InFlight, nil
	}
	if err := s.makeRoom(now); err != nil {
		return 0, err
	}
	i := s.insert(&k, expiry(now, ttl))
	s.claims.push(i)
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
	now := s.clock()
	k := s.keyOf(key)
	i := s.live(&k, now)
	switch {
	case i < 0:
		if err := s.makeRoom(now); err != nil {
			return err
		}
		i = s.insert(&k, 0)
	case s.slots[i].done:
		s.done.remove(s.slots, i)
	default:
		s.claims.remove(s.slots[i].index)
	}
	s.slots[i].done, s.slots[i].expires = true, expiry(now, ttl)
	s.done.push(s.slots, i)
	return nil
}

// Release implements Store. Releasing a done key or a key not held does
// nothing: a completed delivery stays completed.
func (s *MemoryStore) Release(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := s.keyOf(key)
	if i := s.find(&k); i >= 0 && !s.slots[i].done {
		s.remove(i)
	}
	return nil
}

// Len returns the number of keys held, claimed or done, including keys
// whose TTL lapsed but which have not been dropped yet.
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.held
}

// clock returns the current time as nanoseconds since the epoch. It uses
// the monotonic clock when s.now reads it, as time.Now does.
func (s *MemoryStore) clock() int64 { return int64(s.now().Sub(s.epoch)) }

// expiry is now plus ttl, saturating.
func expiry(now int64, ttl time.Duration) int64 {
	if now > 0 && int64(ttl) > math.MaxInt64-now {
		return math.MaxInt64
	}
	return now + int64(ttl)
}

// A slotKey is a key as a slot holds it, with its hash.
type slotKey struct {
	hash   uint64
	len    uint8
	digest bool
	bytes  [maxInlineKey]byte
}

func (s *MemoryStore) keyOf(key string) slotKey {
	k := slotKey{hash: s.hash(s.seed, key), len: uint8(len(key))}
	if len(key) > maxInlineKey {
		sum := sha256.Sum256([]byte(key))
		k.len, k.digest = uint8(copy(k.bytes[:], sum[:])), true
	} else {
		copy(k.bytes[:], key)
	}
	return k
}

func (e *memSlot) holds(k *slotKey) bool {
	return e.hash == k.hash && e.keyLen == k.len && e.digest == k.digest && e.key == k.bytes
}

// find returns the slot that holds k, or -1.
func (s *MemoryStore) find(k *slotKey) int32 {
	i, ok := s.first[k.hash]
	if !ok {
		return -1
	}
	for ; i >= 0 && !s.slots[i].holds(k); i = s.slots[i].next {
	}
	return i
}

// live returns the slot of k if its TTL has not lapsed, dropping it if it
// has, or -1.
func (s *MemoryStore) live(k *slotKey, now int64) int32 {
	i := s.find(k)
	if i >= 0 && now >= s.slots[i].expires {
		s.remove(i)
		return -1
	}
	return i
}

// insert puts k in a free slot, expiring at expires, and returns the slot;
// the caller adds it to claims or done.
func (s *MemoryStore) insert(k *slotKey, expires int64) int32 {
	i := s.free
	if i >= 0 {
		s.free = s.slots[i].next
	} else {
		i = int32(len(s.slots))
		s.slots = append(s.slots, memSlot{})
	}
	next, ok := s.first[k.hash]
	if !ok {
		next = -1
	}
	s.slots[i] = memSlot{hash: k.hash, expires: expires, next: next, keyLen: k.len, digest: k.digest, key: k.bytes}
	s.first[k.hash] = i
	s.held++
	return i
}

// remove drops the key of slot i and frees the slot.
func (s *MemoryStore) remove(i int32) {
	e := &s.slots[i]
	if e.done {
		s.done.remove(s.slots, i)
	} else {
		s.claims.remove(e.index)
	}
	switch head := s.first[e.hash]; {
	case head == i && e.next < 0:
		delete(s.first, e.hash)
	case head == i:
		s.first[e.hash] = e.next
	default:
		for head >= 0 && s.slots[head].next != i {
			head = s.slots[head].next
		}
		s.slots[head].next = e.next
	}
	*e = memSlot{next: s.free}
	s.free = i
	s.held--
}

// makeRoom ensures that one more key fits, first dropping the keys whose
// TTL has lapsed, then the done key nearest to lapsing.
func (s *MemoryStore) makeRoom(now int64) error {
	if s.held < s.max {
		return nil
	}
	for len(s.claims.at) > 0 && now >= s.slots[s.claims.at[0]].expires {
		s.remove(s.claims.at[0])
	}
	for i := s.done.first(s.slots); i >= 0 && now >= s.slots[i].expires; i = s.done.first(s.slots) {
		s.remove(i)
	}
	if s.held < s.max {
		return nil
	}
	if i := s.done.first(s.slots); i >= 0 {
		s.remove(i)
		return nil
	}
	return fmt.Errorf("%w: %d live claims", ErrStoreFull, len(s.claims.at))
}

// An expiryQueue holds the slots of done keys, soonest to lapse first. A
// slot that lapses no sooner than the last one added to its FIFO, as every
// slot does when each has the same TTL and the clock does not go back,
// joins the FIFO in O(1), and the soonest to lapse is found and dropped in
// O(1); any other waits in a heap. The FIFO is a ring of positions that
// only grow: a slot's index is its position, at ring[index&(len(ring)-1)].
// A slot removed from the middle leaves a hole, -1, which is skipped.
type expiryQueue struct {
	ring  []int32 // a power of two long, or empty
	head  int64   // the position of the first slot, never a hole
	n     int64   // the positions in use from head, holes included
	holes int64
	last  int64 // the expiry of the last slot added to the FIFO
	late  slotHeap
}

// push adds slot i.
func (q *expiryQueue) push(slots []memSlot, i int32) {
	e := &slots[i]
	if q.n > 0 && e.expires < q.last {
		e.late = true
		q.late.push(i)
		return
	}
	if q.n == int64(len(q.ring)) {
		q.grow()
	}
	e.late, e.index, q.last = false, q.head+q.n, e.expires
	q.ring[e.index&int64(len(q.ring)-1)] = i
	q.n++
}

// grow doubles the ring, keeping each slot's position.
func (q *expiryQueue) grow() {
	ring := make([]int32, max(16, 2*len(q.ring)))
	for p := q.head; p < q.head+q.n; p++ {
		ring[p&int64(len(ring)-1)] = q.ring[p&int64(len(q.ring)-1)]
	}
	q.ring = ring
}

// first returns the slot soonest to lapse, or -1 if q is empty.
func (q *expiryQueue) first(slots []memSlot) int32 {
	i := int32(-1)
	if q.n > 0 {
		i = q.ring[q.head&int64(len(q.ring)-1)]
	}
	if len(q.late.at) > 0 && (i < 0 || slots[q.late.at[0]].expires < slots[i].expires) {
		i = q.late.at[0]
	}
	return i
}

// remove removes slot i, which q holds.
func (q *expiryQueue) remove(slots []memSlot, i int32) {
	e := &slots[i]
	if e.late {
		q.late.remove(e.index)
		return
	}
	mask := int64(len(q.ring) - 1)
	q.ring[e.index&mask] = -1
	q.holes++
	for q.n > 0 && q.ring[q.head&mask] < 0 {
		q.head, q.n, q.holes = q.head+1, q.n-1, q.holes-1
	}
	if q.holes > 16 && q.holes > q.n/2 {
		q.compact(slots)
	}
}

// compact closes the FIFO's holes, moving each slot towards the head, so
// that removing slots from its middle costs O(1) amortized.
func (q *expiryQueue) compact(slots []memSlot) {
	mask := int64(len(q.ring) - 1)
	kept := int64(0)
	for p := q.head; p < q.head+q.n; p++ {
		if i := q.ring[p&mask]; i >= 0 {
			q.ring[p&mask] = -1
			slots[i].index = q.head + kept
			q.ring[slots[i].index&mask] = i
			kept++
		}
	}
	q.n, q.holes = kept, 0
}

// A slotHeap orders slots by expiry, soonest first, recording each slot's
// position in its index.
type slotHeap struct {
	slots *[]memSlot
	at    []int32
}

func (h *slotHeap) less(a, b int) bool {
	s := *h.slots
	return s[h.at[a]].expires < s[h.at[b]].expires
}

func (h *slotHeap) swap(a, b int) {
	s := *h.slots
	h.at[a], h.at[b] = h.at[b], h.at[a]
	s[h.at[a]].index, s[h.at[b]].index = int64(a), int64(b)
}

// push adds slot i.
func (h *slotHeap) push(i int32) {
	(*h.slots)[i].index = int64(len(h.at))
	h.at = append(h.at, i)
	h.up(len(h.at) - 1)
}

// remove removes the slot at position p.
func (h *slotHeap) remove(p int64) {
	last := len(h.at) - 1
	if int(p) != last {
		h.swap(int(p), last)
	}
	h.at = h.at[:last]
	if int(p) != last {
		h.down(int(p))
		h.up(int(p))
	}
}

func (h *slotHeap) up(j int) {
	for j > 0 {
		parent := (j - 1) / 2
		if !h.less(j, parent) {
			return
		}
		h.swap(j, parent)
		j = parent
	}
}

func (h *slotHeap) down(j int) {
	for {
		c := 2*j + 1
		if c >= len(h.at) {
			return
		}
		if r := c + 1; r < len(h.at) && h.less(r, c) {
			c = r
		}
		if !h.less(c, j) {
			return
		}
		h.swap(j, c)
		j = c
	}
}
