package pgstore

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Claims neither completed nor released are forgotten once they are long
// lapsed, so that abandoned requests cannot grow the Store's memory
// without bound; live claims are kept.
func TestAbandonedLeasesForgotten(t *testing.T) {
	pool, err := pgxpool.New(context.Background(), "host=127.0.0.1 port=1 user=x dbname=x sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	s := New(pool, Options{})

	for i := range 10 {
		s.hold(fmt.Sprintf("live-%d", i), newLease(), time.Hour)
	}
	for i := range 5 * sweepMin {
		s.hold(fmt.Sprintf("abandoned-%d", i), newLease(), time.Nanosecond)
	}
	s.mu.Lock()
	n := len(s.leases)
	s.mu.Unlock()
	if n > 2*sweepMin {
		t.Errorf("%d leases held after %d abandoned claims, want at most %d", n, 5*sweepMin, 2*sweepMin)
	}
	for i := range 10 {
		if _, ok := s.leaseOf(fmt.Sprintf("live-%d", i)); !ok {
			t.Errorf("live-%d forgotten", i)
		}
	}

	// A lease is forgotten only by the claim that holds it.
	old, cur := newLease(), newLease()
	s.hold("k", old, time.Hour)
	s.hold("k", cur, time.Hour)
	s.forget("k", old)
	if l, ok := s.leaseOf("k"); !ok || l != cur {
		t.Errorf("forgetting a replaced lease dropped the current one")
	}
	s.forget("k", cur)
	if _, ok := s.leaseOf("k"); ok {
		t.Errorf("lease kept after forget")
	}
}
