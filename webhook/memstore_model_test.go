package webhook

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
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
// calls, with TTLs of several lengths and a clock that mostly moves forward
// but sometimes back, on a small MemoryStore and on storeModel, and checks
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
			require.Equal(t, m.keys(), s.keys(), where)
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

// keys returns the keys s holds, with their states and expiries.
func (s *MemoryStore) keys() map[string]modelEntry {
	out := make(map[string]modelEntry, len(s.entries))
	for k, e := range s.entries {
		out[k] = modelEntry{done: e.done, expires: e.expires}
	}
	return out
}

// checkQueues checks that every entry of s is in the queue of its state, at
// the index it records, and that the FIFO is in order of expiry. It runs
// after every step, so it checks without testify's per-call cost.
func (s *MemoryStore) checkQueues(t *testing.T, where fmt.Stringer) {
	t.Helper()
	q := &s.done
	held := func(e *memEntry, done, late bool, index int) {
		t.Helper()
		if e.done != done || e.late != late || e.index != index || s.entries[e.key] != e {
			t.Fatalf("entry %+v: want done %v, late %v, index %d, and in entries; %v", *e, done, late, index, where)
		}
	}
	seen := 0
	for i, e := range s.claims {
		held(e, false, false, i)
		seen++
	}
	for i, e := range q.late {
		held(e, true, true, i)
		seen++
	}
	holes := 0
	var prev *memEntry
	for p := q.head; p < q.head+q.n; p++ {
		e := q.ring[p&(len(q.ring)-1)]
		switch {
		case e == nil && p == q.head:
			t.Fatalf("the FIFO's head is a hole; %v", where)
		case e == nil:
			holes++
			continue
		case prev != nil && e.expires.Before(prev.expires):
			t.Fatalf("the FIFO is out of order at %d; %v", p, where)
		}
		held(e, true, false, p)
		prev = e
		seen++
	}
	if holes != q.holes || seen != len(s.entries) || len(s.entries) > s.max {
		t.Fatalf("%d holes, %d recorded; %d entries queued of %d, at most %d; %v", holes, q.holes, seen, len(s.entries), s.max, where)
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
		require.LessOrEqual(t, s.done.n, 2*100+17, "step %d", i)
	}
	s.checkQueues(t, at{key: "after refreshing"})
	assert.LessOrEqual(t, len(s.done.ring), 512, "the ring grew with the refreshes")
	st, err := s.Claim(ctx, "k1", time.Minute)
	require.NoError(t, err)
	assert.Equal(t, Done, st)
}
