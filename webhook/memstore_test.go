package webhook_test

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/webhook"
)

// fakeClock is a settable clock, safe for concurrent use.
type fakeClock struct{ ns atomic.Int64 }

func newFakeClock(t time.Time) *fakeClock {
	c := new(fakeClock)
	c.ns.Store(t.UnixNano())
	return c
}

func (c *fakeClock) Now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *fakeClock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

func claim(t *testing.T, s webhook.Store, key string, ttl time.Duration) webhook.ClaimStatus {
	t.Helper()
	st, err := s.Claim(context.Background(), key, ttl)
	if err != nil {
		t.Fatalf("Claim(%q): %v", key, err)
	}
	return st
}

func TestMemoryStoreLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clk := newFakeClock(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	s := webhook.NewMemoryStore(webhook.MemoryStoreOptions{Now: clk.Now})

	steps := []struct {
		name string
		do   func() error
		key  string
		want webhook.ClaimStatus // the status a Claim of key returns afterwards
	}{
		{"first claim", nil, "a", webhook.Claimed},
		{"claimed again", nil, "a", webhook.InFlight},
		{"released", func() error { return s.Release(ctx, "a") }, "a", webhook.Claimed},
		{"completed", func() error { return s.Complete(ctx, "a", time.Hour) }, "a", webhook.Done},
		{"release after completion changes nothing", func() error { return s.Release(ctx, "a") }, "a", webhook.Done},
		{"done lapses", func() error { clk.Advance(time.Hour); return nil }, "a", webhook.Claimed},
		{"claim lapses", func() error { clk.Advance(time.Minute); return nil }, "a", webhook.Claimed},
		{"claim within its ttl", func() error { clk.Advance(59 * time.Second); return nil }, "a", webhook.InFlight},
		{"complete without a claim", func() error { return s.Complete(ctx, "b", time.Hour) }, "b", webhook.Done},
		{"complete again extends", func() error {
			clk.Advance(30 * time.Minute)
			return s.Complete(ctx, "b", time.Hour)
		}, "b", webhook.Done},
		{"extended done still held", func() error { clk.Advance(45 * time.Minute); return nil }, "b", webhook.Done},
		{"release of an unknown key", func() error { return s.Release(ctx, "zzz") }, "c", webhook.Claimed},
	}
	for _, st := range steps {
		if st.do != nil {
			if err := st.do(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
		}
		if got := claim(t, s, st.key, time.Minute); got != st.want {
			t.Errorf("%s: Claim(%q) = %v, want %v", st.name, st.key, got, st.want)
		}
	}
}

func TestMemoryStoreBadTTL(t *testing.T) {
	t.Parallel()
	s := webhook.NewMemoryStore(webhook.MemoryStoreOptions{})
	if _, err := s.Claim(context.Background(), "k", 0); err == nil {
		t.Error("Claim with a zero ttl succeeded")
	}
	if err := s.Complete(context.Background(), "k", -time.Second); err == nil {
		t.Error("Complete with a negative ttl succeeded")
	}
	if s.Len() != 0 {
		t.Errorf("Len = %d after failed calls", s.Len())
	}
}

func TestMemoryStoreFull(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clk := newFakeClock(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	s := webhook.NewMemoryStore(webhook.MemoryStoreOptions{MaxEntries: 3, Now: clk.Now})

	// Three done keys, "d0" nearest to lapsing.
	for i, ttl := range []time.Duration{time.Hour, 3 * time.Hour, 2 * time.Hour} {
		if err := s.Complete(ctx, "d"+strconv.Itoa(i), ttl); err != nil {
			t.Fatal(err)
		}
	}
	// Full: a claim drops the done key nearest to lapsing, d0.
	if got := claim(t, s, "c0", time.Minute); got != webhook.Claimed {
		t.Fatalf("Claim when full of done keys = %v", got)
	}
	if s.Len() != 3 {
		t.Errorf("Len = %d, want 3", s.Len())
	}
	if got := claim(t, s, "d1", time.Minute); got != webhook.Done {
		t.Errorf("d1 = %v, want done (kept)", got)
	}
	// d0 was dropped, so claiming it takes a place too: d2 goes.
	if got := claim(t, s, "d0", time.Minute); got != webhook.Claimed {
		t.Errorf("d0 = %v, want claimed (dropped earlier)", got)
	}
	// Now c0, d0 (claims) and d1 (done) are held. One more claim drops d1.
	if got := claim(t, s, "c1", time.Minute); got != webhook.Claimed {
		t.Fatalf("c1 = %v", got)
	}
	// Every key is a live claim: the store refuses.
	if _, err := s.Claim(ctx, "c2", time.Minute); !errors.Is(err, webhook.ErrStoreFull) {
		t.Fatalf("Claim when full of claims = %v, want ErrStoreFull", err)
	}
	if err := s.Complete(ctx, "c2", time.Hour); !errors.Is(err, webhook.ErrStoreFull) {
		t.Fatalf("Complete of a new key when full of claims = %v, want ErrStoreFull", err)
	}
	// Completing a held claim needs no room.
	if err := s.Complete(ctx, "c0", time.Hour); err != nil {
		t.Fatalf("Complete of a held claim when full: %v", err)
	}
	// Once the claims lapse, their places are free again.
	clk.Advance(time.Minute)
	if got := claim(t, s, "c2", time.Minute); got != webhook.Claimed {
		t.Errorf("Claim after claims lapsed = %v", got)
	}
	if got := claim(t, s, "c0", time.Minute); got != webhook.Done {
		t.Errorf("c0 = %v, want done", got)
	}
}

func TestMemoryStoreConcurrentClaims(t *testing.T) {
	t.Parallel()
	s := webhook.NewMemoryStore(webhook.MemoryStoreOptions{MaxEntries: 64})
	var claimed atomic.Int32
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := "k" + strconv.Itoa(i%8)
			st, err := s.Claim(context.Background(), key, time.Minute)
			if err != nil {
				t.Error(err)
				return
			}
			if st == webhook.Claimed {
				claimed.Add(1)
				if i%2 == 0 {
					_ = s.Release(context.Background(), key)
				} else if err := s.Complete(context.Background(), key, time.Hour); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if n := claimed.Load(); n < 8 {
		t.Errorf("%d claims succeeded, want at least one per key", n)
	}
	if s.Len() > 8 {
		t.Errorf("Len = %d, want at most 8", s.Len())
	}
}

func TestClaimStatusString(t *testing.T) {
	t.Parallel()
	for st, want := range map[webhook.ClaimStatus]string{
		webhook.Claimed: "claimed", webhook.InFlight: "in flight", webhook.Done: "done", 0: "unknown",
	} {
		if got := st.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(st), got, want)
		}
	}
}

// BenchmarkMemoryStore is a delivery's two Store calls, Claim and
// Complete of a new id, on a MemoryStore that is full of handled ids, so
// that each Claim evicts the oldest; beside the same calls on a map under
// a mutex that never evicts, the least a Store in memory can cost. Both
// make each id with strconv.
func BenchmarkMemoryStore(b *testing.B) {
	ctx := context.Background()
	const full = 100_000
	b.Run("memorystore", func(b *testing.B) {
		s := webhook.NewMemoryStore(webhook.MemoryStoreOptions{MaxEntries: full})
		for i := range full {
			id := "msg_" + strconv.Itoa(-1-i)
			if _, err := s.Claim(ctx, id, time.Minute); err != nil {
				b.Fatal(err)
			}
			if err := s.Complete(ctx, id, time.Hour); err != nil {
				b.Fatal(err)
			}
		}
		i := 0
		for b.Loop() {
			id := "msg_" + strconv.Itoa(i)
			i++
			if st, err := s.Claim(ctx, id, time.Minute); err != nil || st != webhook.Claimed {
				b.Fatalf("Claim = %v, %v", st, err)
			}
			if err := s.Complete(ctx, id, time.Hour); err != nil {
				b.Fatal(err)
			}
		}
		if n := s.Len(); n != full {
			b.Fatalf("Len = %d, want %d", n, full)
		}
	})
	b.Run("map", func(b *testing.B) {
		var mu sync.Mutex
		done := make(map[string]bool, full)
		for i := range full {
			done["msg_"+strconv.Itoa(-1-i)] = true
		}
		i := 0
		for b.Loop() {
			id := "msg_" + strconv.Itoa(i)
			i++
			mu.Lock()
			seen := done[id]
			mu.Unlock()
			if seen {
				b.Fatal("a new id was seen")
			}
			mu.Lock()
			done[id] = true
			mu.Unlock()
		}
	})
}

// BenchmarkMemoryStoreGC is a garbage collection with a MemoryStore full of
// 100,000 handled ids alive, beside one with a map of the same ids to bool
// and one with neither: how much each adds to every collection of the
// process that holds it. The ids themselves are alive in all three.
func BenchmarkMemoryStoreGC(b *testing.B) {
	ctx := context.Background()
	const full = 100_000
	ids := make([]string, full)
	for i := range ids {
		ids[i] = "msg_" + strconv.Itoa(i)
	}
	b.Run("memorystore", func(b *testing.B) {
		s := webhook.NewMemoryStore(webhook.MemoryStoreOptions{MaxEntries: full})
		for _, id := range ids {
			if err := s.Complete(ctx, id, time.Hour); err != nil {
				b.Fatal(err)
			}
		}
		for b.Loop() {
			runtime.GC()
		}
		if s.Len() != full {
			b.Fatalf("Len = %d", s.Len())
		}
	})
	b.Run("map", func(b *testing.B) {
		done := make(map[string]bool)
		for _, id := range ids {
			done[id] = true
		}
		for b.Loop() {
			runtime.GC()
		}
		if len(done) != full {
			b.Fatalf("len = %d", len(done))
		}
	})
	b.Run("neither", func(b *testing.B) {
		for b.Loop() {
			runtime.GC()
		}
	})
	runtime.KeepAlive(ids) // alive in every collection, the same for all three
}
