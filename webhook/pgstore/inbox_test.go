package pgstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/pgstore"
)

// newEffects creates the vendor's table of side effects: a row per effect
// applied. It has no unique key, so that an effect applied twice shows as
// two rows rather than as a failed insert.
func newEffects(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	name := newTable(t, pool)
	_, err := pool.Exec(testCtx(t, 10*time.Second),
		"CREATE TABLE "+pgx.Identifier{name}.Sanitize()+" (event text NOT NULL, replica text NOT NULL)")
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return name
}

// apply returns an Inbox function that records event in the effects table.
func apply(effects, event string) func(context.Context, pgx.Tx) error {
	return func(ctx context.Context, tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "INSERT INTO "+pgx.Identifier{effects}.Sanitize()+" (event, replica) VALUES ($1, '')", event)
		return err
	}
}

// countEffects returns how many rows the effects table holds for event.
func countEffects(t *testing.T, pool *pgxpool.Pool, effects, event string) int {
	t.Helper()
	var n int
	err := pool.QueryRow(testCtx(t, 10*time.Second),
		"SELECT count(*) FROM "+pgx.Identifier{effects}.Sanitize()+" WHERE event = $1", event).Scan(&n)
	if err != nil {
		t.Fatalf("count effects: %v", err)
	}
	return n
}

func delivery(ctx context.Context, id string) context.Context {
	return webhook.NewContext(ctx, &webhook.Delivery{ID: id, Attempt: time.Now()})
}

// The vendor's row and the done mark commit together, and the Handler's
// Complete afterwards changes nothing but the ttl.
func TestInboxCommits(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	table, effects := newTable(t, pool), newEffects(t, pool)
	s, other := newStore(t, pool, table), newStore(t, pool, table)
	ctx := testCtx(t, 30*time.Second)

	if st, err := s.Claim(ctx, "ev1", long); err != nil || st != webhook.Claimed {
		t.Fatalf("claim: %v, %v", st, err)
	}
	if err := s.Inbox(delivery(ctx, "ev1"), apply(effects, "ev1")); err != nil {
		t.Fatalf("inbox: %v", err)
	}
	if r, ok := readRow(t, pool, table, "ev1"); !ok || !r.done {
		t.Fatalf("after inbox: row %+v, %v; want done", r, ok)
	}
	if st, err := other.Claim(ctx, "ev1", long); err != nil || st != webhook.Done {
		t.Fatalf("claim by another replica: %v, %v; want done", st, err)
	}
	if err := s.Complete(ctx, "ev1", long); err != nil {
		t.Fatalf("complete after inbox: %v", err)
	}
	if err := s.Release(ctx, "ev1"); err != nil {
		t.Fatalf("release after complete: %v", err)
	}
	if r, ok := readRow(t, pool, table, "ev1"); !ok || !r.done {
		t.Fatalf("after complete and release: row %+v, %v; want done", r, ok)
	}
	if n := countEffects(t, pool, effects, "ev1"); n != 1 {
		t.Fatalf("%d effects, want 1", n)
	}
}

// When the handler's function fails, its writes roll back with the done
// mark: the claim stays in flight, Release frees it, and the retry's
// effect is applied once.
func TestInboxRollsBack(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	table, effects := newTable(t, pool), newEffects(t, pool)
	s, other := newStore(t, pool, table), newStore(t, pool, table)
	ctx := testCtx(t, 30*time.Second)

	errBoom := errors.New("boom")
	tests := []struct {
		name string
		fn   func(context.Context, pgx.Tx) error
		want error
	}{
		{"handler error after its write", func(ctx context.Context, tx pgx.Tx) error {
			if err := apply(effects, "ev")(ctx, tx); err != nil {
				return err
			}
			return errBoom
		}, errBoom},
		{"failing statement", func(ctx context.Context, tx pgx.Tx) error {
			if err := apply(effects, "ev")(ctx, tx); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "SELECT 1/0")
			return err
		}, nil},
	}
	for _, tt := range tests {
		if st, err := s.Claim(ctx, "ev", long); err != nil || st != webhook.Claimed {
			t.Fatalf("%s: claim: %v, %v", tt.name, st, err)
		}
		err := s.Inbox(delivery(ctx, "ev"), tt.fn)
		if err == nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Fatalf("%s: inbox returned %v, want %v", tt.name, err, tt.want)
		}
		if n := countEffects(t, pool, effects, "ev"); n != 0 {
			t.Fatalf("%s: %d effects after the rollback, want 0", tt.name, n)
		}
		if r, ok := readRow(t, pool, table, "ev"); !ok || r.done {
			t.Fatalf("%s: row %+v, %v; want the claim in flight", tt.name, r, ok)
		}
		if st, err := other.Claim(ctx, "ev", long); err != nil || st != webhook.InFlight {
			t.Fatalf("%s: claim before release: %v, %v; want in flight", tt.name, st, err)
		}
		if err := s.Release(ctx, "ev"); err != nil {
			t.Fatalf("%s: release: %v", tt.name, err)
		}
	}

	if st, err := other.Claim(ctx, "ev", long); err != nil || st != webhook.Claimed {
		t.Fatalf("retry's claim: %v, %v", st, err)
	}
	if err := other.Inbox(delivery(ctx, "ev"), apply(effects, "ev")); err != nil {
		t.Fatalf("retry's inbox: %v", err)
	}
	if err := other.Complete(ctx, "ev", long); err != nil {
		t.Fatalf("retry's complete: %v", err)
	}
	if n := countEffects(t, pool, effects, "ev"); n != 1 {
		t.Fatalf("%d effects, want 1", n)
	}
}

func TestInboxErrors(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	table := newTable(t, pool)
	s, other := newStore(t, pool, table), newStore(t, pool, table)
	ctx := testCtx(t, 30*time.Second)

	ran := false
	fn := func(context.Context, pgx.Tx) error { ran = true; return nil }

	if err := s.Inbox(ctx, fn); !errors.Is(err, pgstore.ErrNoDelivery) {
		t.Errorf("inbox without a delivery: %v, want ErrNoDelivery", err)
	}
	if err := s.Inbox(delivery(ctx, "unclaimed"), fn); !errors.Is(err, pgstore.ErrNotClaimed) {
		t.Errorf("inbox without a claim: %v, want ErrNotClaimed", err)
	}
	if st, err := other.Claim(ctx, "elsewhere", long); err != nil || st != webhook.Claimed {
		t.Fatalf("claim: %v, %v", st, err)
	}
	if err := s.Inbox(delivery(ctx, "elsewhere"), fn); !errors.Is(err, pgstore.ErrNotClaimed) {
		t.Errorf("inbox on another store's claim: %v, want ErrNotClaimed", err)
	}

	// A lapsed claim taken over by another replica: fn does not run.
	if st, err := s.Claim(ctx, "lapsed", 100*time.Millisecond); err != nil || st != webhook.Claimed {
		t.Fatalf("claim: %v, %v", st, err)
	}
	waitLapsed(t, pool, table, "lapsed")
	if st, err := other.Claim(ctx, "lapsed", long); err != nil || st != webhook.Claimed {
		t.Fatalf("take-over: %v, %v", st, err)
	}
	if err := s.Inbox(delivery(ctx, "lapsed"), fn); !errors.Is(err, pgstore.ErrLeaseLost) {
		t.Errorf("inbox on a lost claim: %v, want ErrLeaseLost", err)
	}
	if ran {
		t.Error("fn ran without a claim")
	}
}

// An Inbox transaction holds its claim: a replica that would take the
// lapsed claim over waits for the transaction and then finds the delivery
// done, so the effect is applied once even when the handler outlives its
// claim's ttl.
func TestInboxHoldsLapsedClaim(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	table, effects := newTable(t, pool), newEffects(t, pool)
	s, other := newStore(t, pool, table), newStore(t, pool, table)
	ctx := testCtx(t, 30*time.Second)

	if st, err := s.Claim(ctx, "ev", 100*time.Millisecond); err != nil || st != webhook.Claimed {
		t.Fatalf("claim: %v, %v", st, err)
	}
	type result struct {
		st  webhook.ClaimStatus
		err error
	}
	took := make(chan result, 1)
	err := s.Inbox(delivery(ctx, "ev"), func(ctx context.Context, tx pgx.Tx) error {
		waitLapsed(t, pool, table, "ev")
		go func() {
			st, err := other.Claim(ctx, "ev", long)
			took <- result{st, err}
		}()
		select {
		case r := <-took:
			return errors.New("take-over returned while the inbox held the claim: " + r.st.String())
		case <-time.After(300 * time.Millisecond):
		}
		return apply(effects, "ev")(ctx, tx)
	})
	if err != nil {
		t.Fatalf("inbox: %v", err)
	}
	select {
	case r := <-took:
		if r.err != nil || r.st != webhook.Done {
			t.Fatalf("take-over after the inbox: %v, %v; want done", r.st, r.err)
		}
	case <-ctx.Done():
		t.Fatal("take-over did not return")
	}
	if n := countEffects(t, pool, effects, "ev"); n != 1 {
		t.Fatalf("%d effects, want 1", n)
	}
}

// A delivery marked done by Inbox is remembered for Options.DoneTTL when
// no Complete follows, as when the receiver stops between the two.
func TestInboxDoneTTL(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	table, effects := newTable(t, pool), newEffects(t, pool)
	s := pgstore.New(pool, pgstore.Options{Table: table, DoneTTL: 2 * time.Second})
	ctx := testCtx(t, 30*time.Second)
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}

	if st, err := s.Claim(ctx, "ev", 100*time.Millisecond); err != nil || st != webhook.Claimed {
		t.Fatalf("claim: %v, %v", st, err)
	}
	if err := s.Inbox(delivery(ctx, "ev"), apply(effects, "ev")); err != nil {
		t.Fatalf("inbox: %v", err)
	}
	time.Sleep(200 * time.Millisecond) // past the claim's ttl, within DoneTTL
	if st, err := s.Claim(ctx, "ev", long); err != nil || st != webhook.Done {
		t.Fatalf("claim within DoneTTL: %v, %v; want done", st, err)
	}
	waitLapsed(t, pool, table, "ev")
	if st, err := s.Claim(ctx, "ev", long); err != nil || st != webhook.Claimed {
		t.Fatalf("claim after DoneTTL: %v, %v; want claimed", st, err)
	}
}
