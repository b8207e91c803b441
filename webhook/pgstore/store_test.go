package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/pgstore"
)

// The Store must satisfy the interface the Handler uses.
var _ webhook.Store = (*pgstore.Store)(nil)

const long = time.Hour

func TestClaimLifecycle(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	table := newTable(t, pool)
	a, b := newStore(t, pool, table), newStore(t, pool, table)
	ctx := testCtx(t, 30*time.Second)

	steps := []struct {
		name string
		do   func() (webhook.ClaimStatus, error)
		want webhook.ClaimStatus
		row  *row
	}{
		{"a claims a new key", claim(ctx, a, "k"), webhook.Claimed, &row{done: false}},
		{"b finds it in flight", claim(ctx, b, "k"), webhook.InFlight, &row{done: false}},
		{"a claims it again", claim(ctx, a, "k"), webhook.InFlight, &row{done: false}},
		{"b releases what it does not hold", release(ctx, b, "k"), 0, &row{done: false}},
		{"a releases it", release(ctx, a, "k"), 0, nil},
		{"b claims it after the release", claim(ctx, b, "k"), webhook.Claimed, &row{done: false}},
		{"b completes it", complete(ctx, b, "k", long), 0, &row{done: true}},
		{"a finds it done", claim(ctx, a, "k"), webhook.Done, &row{done: true}},
		{"b finds it done", claim(ctx, b, "k"), webhook.Done, &row{done: true}},
		{"b releases a done key", release(ctx, b, "k"), 0, &row{done: true}},
		{"a still finds it done", claim(ctx, a, "k"), webhook.Done, &row{done: true}},
	}
	for _, st := range steps {
		got, err := st.do()
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got != st.want {
			t.Fatalf("%s: got %v, want %v", st.name, got, st.want)
		}
		r, ok := readRow(t, pool, table, "k")
		switch {
		case st.row == nil && ok:
			t.Fatalf("%s: row %+v left, want none", st.name, r)
		case st.row != nil && !ok:
			t.Fatalf("%s: no row, want %+v", st.name, *st.row)
		case st.row != nil && r.done != st.row.done:
			t.Fatalf("%s: row done=%v, want %v", st.name, r.done, st.row.done)
		}
	}
}

func claim(ctx context.Context, s *pgstore.Store, key string) func() (webhook.ClaimStatus, error) {
	return func() (webhook.ClaimStatus, error) { return s.Claim(ctx, key, long) }
}

func release(ctx context.Context, s *pgstore.Store, key string) func() (webhook.ClaimStatus, error) {
	return func() (webhook.ClaimStatus, error) { return 0, s.Release(ctx, key) }
}

func complete(ctx context.Context, s *pgstore.Store, key string, ttl time.Duration) func() (webhook.ClaimStatus, error) {
	return func() (webhook.ClaimStatus, error) { return 0, s.Complete(ctx, key, ttl) }
}

// Several replicas, each with its own pool, claim the same keys at once:
// exactly one claimer of each key wins, and after it completes, every
// claimer finds the key done.
func TestClaimConcurrent(t *testing.T) {
	t.Parallel()
	const replicas, claimers, keys = 3, 8, 50
	var stores []*pgstore.Store
	var table string
	for i := range replicas {
		pool := newPool(t, nil)
		if i == 0 {
			table = newTable(t, pool)
		}
		stores = append(stores, newStore(t, pool, table))
	}
	ctx := testCtx(t, 60*time.Second)

	for k := range keys {
		key := fmt.Sprintf("key-%d", k)
		var (
			wg     sync.WaitGroup
			mu     sync.Mutex
			counts = map[webhook.ClaimStatus]int{}
			winner *pgstore.Store
		)
		start := make(chan struct{})
		for c := range replicas * claimers {
			s := stores[c%replicas]
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				st, err := s.Claim(ctx, key, long)
				if err != nil {
					t.Errorf("claim %s: %v", key, err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				counts[st]++
				if st == webhook.Claimed {
					winner = s
				}
			}()
		}
		close(start)
		wg.Wait()
		if counts[webhook.Claimed] != 1 || counts[webhook.InFlight] != replicas*claimers-1 {
			t.Fatalf("%s: outcomes %v, want one claimed and the rest in flight", key, counts)
		}
		if err := winner.Complete(ctx, key, long); err != nil {
			t.Fatalf("complete %s: %v", key, err)
		}
		for _, s := range stores {
			if st, err := s.Claim(ctx, key, long); err != nil || st != webhook.Done {
				t.Fatalf("claim %s after complete: %v, %v; want done", key, st, err)
			}
		}
	}
}

// A claim that lapses is taken over by another replica; the first
// claimant, slow, can then neither release nor complete the new claim.
func TestLapsedClaim(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	table := newTable(t, pool)
	slow, other, third := newStore(t, pool, table), newStore(t, pool, table), newStore(t, pool, table)
	ctx := testCtx(t, 30*time.Second)

	const ttl = 200 * time.Millisecond
	if st, err := slow.Claim(ctx, "k", ttl); err != nil || st != webhook.Claimed {
		t.Fatalf("first claim: %v, %v", st, err)
	}
	if st, err := other.Claim(ctx, "k", long); err != nil || st != webhook.InFlight {
		t.Fatalf("claim before the lapse: %v, %v; want in flight", st, err)
	}
	waitLapsed(t, pool, table, "k")
	if st, err := other.Claim(ctx, "k", long); err != nil || st != webhook.Claimed {
		t.Fatalf("claim after the lapse: %v, %v; want claimed", st, err)
	}

	if err := slow.Release(ctx, "k"); err != nil {
		t.Fatalf("slow release: %v", err)
	}
	if st, err := third.Claim(ctx, "k", long); err != nil || st != webhook.InFlight {
		t.Fatalf("claim after the slow release: %v, %v; want in flight", st, err)
	}
	err := slow.Complete(ctx, "k", long)
	if !errors.Is(err, pgstore.ErrLeaseLost) || !strings.HasPrefix(err.Error(), "pgstore: ") {
		t.Fatalf("slow complete: %v, want pgstore: ... ErrLeaseLost", err)
	}
	if r, ok := readRow(t, pool, table, "k"); !ok || r.done {
		t.Fatalf("after the slow complete: row %+v, %v; want the new claim in flight", r, ok)
	}
	if err := other.Complete(ctx, "k", long); err != nil {
		t.Fatalf("new owner's complete: %v", err)
	}
	if st, err := third.Claim(ctx, "k", long); err != nil || st != webhook.Done {
		t.Fatalf("claim after completion: %v, %v; want done", st, err)
	}
}

// waitLapsed waits until key's row in table has expired by the database's
// clock.
func waitLapsed(t *testing.T, pool *pgxpool.Pool, table, key string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r, ok := readRow(t, pool, table, key)
		if !ok || r.expired {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not expire", key)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A claim that lapsed and was deleted can still be completed by its
// claimant, whose handlers did succeed, and a lapsed claim nobody took over
// is completed normally.
func TestCompleteAfterLapse(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	table := newTable(t, pool)
	s, other := newStore(t, pool, table), newStore(t, pool, table)
	ctx := testCtx(t, 30*time.Second)

	const ttl = 100 * time.Millisecond
	for _, key := range []string{"deleted", "kept"} {
		if st, err := s.Claim(ctx, key, ttl); err != nil || st != webhook.Claimed {
			t.Fatalf("claim %s: %v, %v", key, st, err)
		}
		waitLapsed(t, pool, table, key)
		if key == "deleted" {
			if n, err := s.DeleteExpired(ctx); err != nil || n != 1 {
				t.Fatalf("delete expired: %d, %v; want 1", n, err)
			}
		}
		if err := s.Complete(ctx, key, long); err != nil {
			t.Fatalf("complete %s: %v", key, err)
		}
		if st, err := other.Claim(ctx, key, long); err != nil || st != webhook.Done {
			t.Fatalf("claim %s after complete: %v, %v; want done", key, st, err)
		}
	}
}

// A done record is remembered for the Complete ttl, then a delivery of
// the same key is claimed again.
func TestDoneExpires(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	table := newTable(t, pool)
	s := newStore(t, pool, table)
	ctx := testCtx(t, 30*time.Second)

	if st, err := s.Claim(ctx, "k", long); err != nil || st != webhook.Claimed {
		t.Fatalf("claim: %v, %v", st, err)
	}
	if err := s.Complete(ctx, "k", 150*time.Millisecond); err != nil {
		t.Fatalf("complete: %v", err)
	}
	if st, err := s.Claim(ctx, "k", long); err != nil || st != webhook.Done {
		t.Fatalf("claim before expiry: %v, %v; want done", st, err)
	}
	waitLapsed(t, pool, table, "k")
	if st, err := s.Claim(ctx, "k", long); err != nil || st != webhook.Claimed {
		t.Fatalf("claim after expiry: %v, %v; want claimed", st, err)
	}
}

func TestDeleteExpired(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	table := newTable(t, pool)
	s := newStore(t, pool, table)
	ctx := testCtx(t, 30*time.Second)

	const short = 100 * time.Millisecond
	// Expiring: 3 claims and 2 done records. Staying: 2 and 2.
	for i, c := range []struct {
		ttl  time.Duration
		done bool
	}{{short, false}, {short, false}, {short, false}, {short, true}, {short, true},
		{long, false}, {long, false}, {long, true}, {long, true}} {
		key := fmt.Sprintf("k%d", i)
		claimTTL := c.ttl
		if c.done {
			claimTTL = long
		}
		if st, err := s.Claim(ctx, key, claimTTL); err != nil || st != webhook.Claimed {
			t.Fatalf("claim %s: %v, %v", key, st, err)
		}
		if c.done {
			if err := s.Complete(ctx, key, c.ttl); err != nil {
				t.Fatalf("complete %s: %v", key, err)
			}
		}
	}
	for i := range 5 {
		waitLapsed(t, pool, table, fmt.Sprintf("k%d", i))
	}
	if n, err := s.DeleteExpired(ctx); err != nil || n != 5 {
		t.Fatalf("delete expired: %d, %v; want 5", n, err)
	}
	if n, err := s.DeleteExpired(ctx); err != nil || n != 0 {
		t.Fatalf("second delete expired: %d, %v; want 0", n, err)
	}
	var left int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM "+pgx.Identifier{table}.Sanitize()).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 4 {
		t.Fatalf("%d rows left, want 4", left)
	}
}

// DeleteExpired works through more rows than one batch.
func TestDeleteExpiredBatches(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	table := newTable(t, pool)
	s := newStore(t, pool, table)
	ctx := testCtx(t, 30*time.Second)

	const n = 12345
	_, err := pool.Exec(ctx, `INSERT INTO `+pgx.Identifier{table}.Sanitize()+`
		SELECT 'k' || i, i % 2 = 0, gen_random_uuid(), now(), now() - interval '1 second'
		FROM generate_series(1, $1) AS i`, n)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.DeleteExpired(ctx); err != nil || got != n {
		t.Fatalf("delete expired: %d, %v; want %d", got, err, n)
	}
}

func TestInvalidTTL(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	s := newStore(t, pool, newTable(t, pool))
	ctx := testCtx(t, 10*time.Second)
	for _, ttl := range []time.Duration{0, -time.Second} {
		if _, err := s.Claim(ctx, "k", ttl); err == nil || !strings.HasPrefix(err.Error(), "pgstore: ") {
			t.Errorf("claim with ttl %v: %v, want a pgstore error", ttl, err)
		}
		if err := s.Complete(ctx, "k", ttl); err == nil || !strings.HasPrefix(err.Error(), "pgstore: ") {
			t.Errorf("complete with ttl %v: %v, want a pgstore error", ttl, err)
		}
	}
}

// Replicas starting together migrate the same table at once without error,
// and Migrate is idempotent; a schema-qualified table works.
func TestMigrate(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	ctx := testCtx(t, 30*time.Second)
	schema := newSchema(t, pool)
	name := schema + ".Deliveries"
	migrateTogether(t, func() error { return pgstore.New(pool, pgstore.Options{Table: name}).Migrate(ctx) })
	s := pgstore.New(pool, pgstore.Options{Table: name})
	if st, err := s.Claim(ctx, "k", long); err != nil || st != webhook.Claimed {
		t.Fatalf("claim in %s: %v, %v", name, st, err)
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{schema, "Deliveries"}.Sanitize()).Scan(&n); err != nil || n != 1 {
		t.Fatalf("rows in %s: %d, %v; want 1", name, n, err)
	}
	var idx int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM pg_indexes WHERE schemaname = $1 AND tablename = 'Deliveries'`, schema).Scan(&idx); err != nil || idx != 2 {
		t.Fatalf("indexes on %s: %d, %v; want 2 (key and expires_at)", name, idx, err)
	}
}

// Without a table every call fails with a pgstore error rather than
// claiming anything.
func TestNoTable(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	s := pgstore.New(pool, pgstore.Options{Table: newTable(t, pool)})
	ctx := testCtx(t, 10*time.Second)
	if st, err := s.Claim(ctx, "k", long); err == nil || !strings.HasPrefix(err.Error(), "pgstore: claim ") {
		t.Fatalf("claim without a table: %v, %v; want an error", st, err)
	}
}
