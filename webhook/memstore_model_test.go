package webhook

import (
	"context"
	"crypto/sha256"
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// at names a step of TestMemoryStoreAgreesWithModel in a failure's message.
type at struct {
	seed uint64
	step int
	key  string
}

func (a at) String() string { return fmt.Sprintf("seed %d, step %d, %s", a.seed, a.step, a.key) }

// storeModel is what a MemoryStore holds, kept the plainest way: each key
// with its state and expiry, the soonest to lapse found by looking at all.
type storeModel struct {
	max     int
	entries map[string]modelEntry
}

type modelEntry struct {
	done    bool
	expires time.Time
}

func (m *storeModel) live(key string, now time.Time) (modelEntry, bool) {
	e, ok := m.entries[key]
	if ok && !now.Before(e.expires) {
		delete(m.entries, key)
		return modelEntry{}, false
	}
	return e, ok
}

// makeRoom drops what MemoryStore.makeRoom drops. When several done keys
// are equally near to lapsing, any of them may go: candidates returns them,
// for the test to follow the store's choice.
func (m *storeModel) makeRoom(now time.Time) (candidates []string, err error) {
	if len(m.entries) < m.max {
		return nil, nil
	}
	for k, e := range m.entries {
		if !now.Before(e.expires) {
			delete(m.entries, k)
		}
	}
	if len(m.entries) < m.max {
		return nil, nil
	}
	var soonest time.Time
	for k, e := range m.entries {
		switch {
		case !e.done:
		case candidates == nil || e.expires.Before(soonest):
			candidates, soonest = []string{k}, e.expires
		case e.expires.Equal(soonest):
			candidates = append(candidates, k)
		}
	}
	if candidates == nil {
		return nil, ErrStoreFull
	}
	return candidates, nil
}

// TestMemoryStoreAgreesWithModel runs random Claim, Complete and Release
// calls, with TTLs of several lengths, a clock that mostly moves forward
// but sometimes back, and for some seeds a hash that makes most keys
// collide, on a small MemoryStore and on storeModel, and checks
// after each call that both answer alike and hold the same keys, and that
// the store's queues are consistent.
func TestMemoryStoreAgreesWithModel(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ttls := []time.Duration{time.Second, 5 * time.Second, time.Minute, time.Hour}
	for seed := range uint64(12) {
		rng := rand.New(rand.NewPCG(seed, 7))
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		max := 1 + rng.IntN(40)
		s := NewMemoryStore(MemoryStoreOptions{MaxEntries: max, Now: func() time.Time { return now }})
		if seed%3 == 2 {
			// Keys of one length share a hash: every lookup walks a chain.
			s.hash = func(_ maphash.Seed, key string) uint64 { return uint64(len(key)) }
		}
		m := &storeModel{max: max, entries: map[string]modelEntry{}}
		// With one TTL for done keys, as the Handler uses, every done key
		// joins the FIFO; with several, some wait in the heap.
		doneTTLs := ttls[3:]
		if seed%2 == 1 {
			doneTTLs = ttls
		}
		for step := range 2000 {
			switch r := rng.IntN(100); {
			case r < 2:
				now = now.Add(-time.Duration(rng.IntN(3)) * time.Second)
			case r < 60:
				now = now.Add(time.Duration(rng.IntN(1500)) * time.Millisecond)
			}
			key := "k" + strconv.Itoa(rng.IntN(3*max))
			where := at{seed, step, key}
			before := s.keys()
			switch op := rng.IntN(10); {
			case op < 5:
				ttl := ttls[rng.IntN(2)]
				got, err := s.Claim(ctx, key, ttl)
				want, wantErr := m.claim(key, ttl, now, before, s.keys())
				require.Equal(t, wantErr != nil, err != nil, "Claim error %v; %s", err, where)
				if wantErr != nil {
					require.ErrorIs(t, err, ErrStoreFull, where)
				}
				require.Equal(t, want, got, "Claim; %v", where)
			case op < 9:
				ttl := doneTTLs[rng.IntN(len(doneTTLs))]
				err := s.Complete(ctx, key, ttl)
				wantErr := m.complete(key, ttl, now, before, s.keys())
				require.Equal(t, wantErr != nil, err != nil, "Complete error %v; %s", err, where)
			default:
				require.NoError(t, s.Release(ctx, key))
				if e, ok := m.entries[key]; ok && !e.done {
					delete(m.entries, key)
				}
			}
			sameKeys(t, m.keys(), s.keys(), where)
			s.checkQueues(t, where)
		}
	}
}

// claim is Claim on the model; before and after are the store's keys
// around the same call, for following its choice among equal candidates.
func (m *storeModel) claim(key string, ttl time.Duration, now time.Time, before, after map[string]modelEntry) (ClaimStatus, error) {
	if e, ok := m.live(key, now); ok {
		if e.done {
			return Done, nil
		}
		return InFlight, nil
	}
	if err := m.evict(now, before, after); err != nil {
		return 0, err
	}
	m.entries[key] = modelEntry{expires: now.Add(ttl)}
	return Claimed, nil
}

// complete is Complete on the model.
func (m *storeModel) complete(key string, ttl time.Duration, now time.Time, before, after map[string]modelEntry) error {
	if _, ok := m.live(key, now); !ok {
		if err := m.evict(now, before, after); err != nil {
			return err
		}
	}
	m.entries[key] = modelEntry{done: true, expires: now.Add(ttl)}
	return nil
}

// evict makes room as the store did: of the candidates, the one the store
// no longer holds.
func (m *storeModel) evict(now time.Time, before, after map[string]modelEntry) error {
	candidates, err := m.makeRoom(now)
	if err != nil || candidates == nil {
		return err
	}
	for _, k := range candidates {
		if _, held := after[k]; !held {
			if _, was := before[k]; was {
				delete(m.entries, k)
				return nil
			}
		}
	}
	delete(m.entries, candidates[0]) // the store kept them all: the comparison fails
	return nil
}

func (m *storeModel) keys() map[string]modelEntry { return m.entries }

// keys returns the keys s holds, with their states and expiries. It
// needs every key held as it is, not as its SHA-256.
func (s *MemoryStore) keys() map[string]modelEntry {
	out := make(map[string]modelEntry, s.held)
	for i := range s.slots {
		e := &s.slots[i]
		if e.keyLen == 0 && !e.digest {
			continue // free
		}
		out[string(e.key[:e.keyLen])] = modelEntry{done: e.done, expires: s.epoch.Add(time.Duration(e.expires))}
	}
	return out
}

// sameKeys checks that the model and the store hold the same keys, in the
// same states, lapsing at the same instants.
func sameKeys(t *testing.T, model, store map[string]modelEntry, where fmt.Stringer) {
	t.Helper()
	ok := len(model) == len(store)
	for k, m := range model {
		e, held := store[k]
		ok = ok && held && e.done == m.done && e.expires.Equal(m.expires)
	}
	if !ok {
		t.Fatalf("the model holds %v, the store %v; %v", model, store, where)
	}
}

// checkQueues checks that every key of s is in the queue of its state, at
// the position its slot records, that the FIFO is in order of expiry, that
// the free slots are those not held, and that each slot is found by its
// hash. It runs after every step, so it checks without testify's per-call
// cost.
func (s *MemoryStore) checkQueues(t *testing.T, where fmt.Stringer) {
	t.Helper()
	q := &s.done
	queued := make(map[int32]bool, s.held)
	in := func(i int32, done, late bool, index int64) {
		t.Helper()
		e := &s.slots[i]
		if e.done != done || e.late != late || e.index != index || queued[i] {
			t.Fatalf("slot %d %+v: want done %v, late %v, index %d, queued once; %v", i, *e, done, late, index, where)
		}
		queued[i] = true
		j, ok := s.first[e.hash]
		for ok && j >= 0 && j != i {
			j = s.slots[j].next
		}
		if !ok || j != i {
			t.Fatalf("slot %d is not found by its hash; %v", i, where)
		}
	}
	for p, i := range s.claims.at {
		in(i, false, false, int64(p))
	}
	for p, i := range q.late.at {
		in(i, true, true, int64(p))
	}
	holes := int64(0)
	prev := int32(-1)
	for p := q.head; p < q.head+q.n; p++ {
		i := q.ring[p&int64(len(q.ring)-1)]
		switch {
		case i < 0 && p == q.head:
			t.Fatalf("the FIFO's head is a hole; %v", where)
		case i < 0:
			holes++
			continue
		case prev >= 0 && s.slots[i].expires < s.slots[prev].expires:
			t.Fatalf("the FIFO is out of order at %d; %v", p, where)
		}
		in(i, true, false, p)
		prev = i
	}
	free := 0
	for i := s.free; i >= 0; i = s.slots[i].next {
		if queued[i] {
			t.Fatalf("slot %d is free and held; %v", i, where)
		}
		free++
	}
	if holes != q.holes || len(queued) != s.held || free+s.held != len(s.slots) || s.held > s.max {
		t.Fatalf("%d holes, %d recorded; %d slots queued, %d held, %d free of %d, at most %d; %v",
			holes, q.holes, len(queued), s.held, free, len(s.slots), s.max, where)
	}
}

// TestExpiryQueueHoles checks that removing entries from the middle of the
// FIFO, as refreshing done keys does, leaves it no longer than twice its
// entries plus a constant.
func TestExpiryQueueHoles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := NewMemoryStore(MemoryStoreOptions{Now: func() time.Time { return now }})
	for i := range 100 {
		require.NoError(t, s.Complete(ctx, "k"+strconv.Itoa(i), time.Hour))
	}
	for i := range 100_000 {
		now = now.Add(time.Millisecond)
		require.NoError(t, s.Complete(ctx, "k"+strconv.Itoa(i%100), time.Hour))
		require.LessOrEqual(t, s.done.n, int64(2*100+17), "step %d", i)
	}
	s.checkQueues(t, at{key: "after refreshing"})
	assert.LessOrEqual(t, len(s.done.ring), 512, "the ring grew with the refreshes")
	st, err := s.Claim(ctx, "k1", time.Minute)
	require.NoError(t, err)
	assert.Equal(t, Done, st)
}

// TestMemoryStoreLongKeys checks that keys longer than a slot holds, kept
// as their SHA-256, are told apart from each other and from a short key
// whose bytes are such a digest, even when their hashes collide.
func TestMemoryStoreLongKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := NewMemoryStore(MemoryStoreOptions{})
	s.hash = func(maphash.Seed, string) uint64 { return 1 } // only the bytes tell keys apart
	prefix := strings.Repeat("x", maxInlineKey)
	long1, long2 := prefix+"1", prefix+"2"
	sum := sha256.Sum256([]byte(long1))
	for _, key := range []string{prefix, long1, long2, string(sum[:]), "sha256:" + strings.Repeat("ab", 32)} {
		st, err := s.Claim(ctx, key, time.Minute)
		require.NoError(t, err)
		assert.Equal(t, Claimed, st, "first claim of a %d-byte key", len(key))
		st, err = s.Claim(ctx, key, time.Minute)
		require.NoError(t, err)
		assert.Equal(t, InFlight, st, "second claim of a %d-byte key", len(key))
	}
	require.NoError(t, s.Complete(ctx, long2, time.Hour))
	st, err := s.Claim(ctx, long2, time.Minute)
	require.NoError(t, err)
	assert.Equal(t, Done, st)
	require.NoError(t, s.Release(ctx, long1))
	st, err = s.Claim(ctx, long1, time.Minute)
	require.NoError(t, err)
	assert.Equal(t, Claimed, st, "a released long key")
	assert.Equal(t, 5, s.Len())
	s.checkQueues(t, at{key: "long keys"})
}
