package pgstore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clazarevents/sdk-go/contract"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/pgstore"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// stateOpts compare contract states: decimals by their digits, times by
// Equal (as cmp does by their method), and a nil slice equal to an empty
// one, which the stored JSON does not tell apart.
var stateOpts = cmp.Options{
	cmp.Comparer(func(a, b event.Decimal) bool { return a.String() == b.String() }),
	cmpopts.EquateEmpty(),
}

// newLedger returns a Ledger on pool in a table of its own, migrated, and
// the table's name.
func newLedger(tb testing.TB, pool *pgxpool.Pool, store *pgstore.Store) (*pgstore.Ledger, string) {
	tb.Helper()
	table := newTable(tb, pool)
	l := pgstore.NewLedger(pool, pgstore.LedgerOptions{Table: table, Store: store})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(tb, l.Migrate(ctx))
	return l, table
}

// countRows returns the number of rows in table.
func countRows(tb testing.TB, pool *pgxpool.Pool, table string) int {
	tb.Helper()
	var n int
	err := pool.QueryRow(context.Background(), "SELECT count(*) FROM "+pgx.Identifier{table}.Sanitize()).Scan(&n)
	require.NoError(tb, err)
	return n
}

// journeyEvents returns the events of n journeys in the order they
// happened, journey after journey.
func journeyEvents(n int) []*event.Event {
	var es []*event.Event
	for _, j := range webhooktest.Journeys(n) {
		es = append(es, j.Events...)
	}
	return es
}

// shuffled returns es in a random order, each event 1 to 3 times.
func shuffled(rng *rand.Rand, es []*event.Event) []*event.Event {
	var out []*event.Event
	for _, e := range es {
		for range 1 + rng.IntN(3) {
			out = append(out, e)
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// fold returns the Book of es applied in order.
func fold(t testing.TB, es []*event.Event) *contract.Book {
	t.Helper()
	b := contract.NewBook()
	for _, e := range es {
		_, err := b.Apply(context.Background(), e, nil)
		require.NoError(t, err, "book: %s", e.ID)
	}
	return b
}

// requireSameStates fails unless the ledger's table holds exactly the
// states of want.
func requireSameStates(t testing.TB, l *pgstore.Ledger, want *contract.Book) {
	t.Helper()
	got, err := l.All(context.Background())
	require.NoError(t, err)
	if diff := diffStates(t, want.All(), got); diff != "" {
		t.Fatalf("ledger differs from the book (-book +ledger):\n%s", diff)
	}
}

// diffStates returns the difference between want and got, compared with
// stateOpts, or "" if there is none. Values with the same JSON
// are equal under those options, so only the others are compared by
// reflection, which is slow under the race detector.
func diffStates(t testing.TB, want, got any) string {
	t.Helper()
	a, err := json.Marshal(want)
	require.NoError(t, err)
	b, err := json.Marshal(got)
	require.NoError(t, err)
	if bytes.Equal(a, b) {
		return ""
	}
	return cmp.Diff(want, got, stateOpts)
}

// withoutBookkeeping returns s without UpdatedAt and EventIDs, which
// Change.Changed ignores.
func withoutBookkeeping(s contract.State) contract.State {
	s.UpdatedAt, s.EventIDs = time.Time{}, nil
	return s
}

// seed returns a random seed, logged so that a failure can be replayed.
func seed(t testing.TB) *rand.Rand {
	s := uint64(time.Now().UnixNano())
	t.Logf("seed %d", s)
	return rand.New(rand.NewPCG(s, 0))
}

// A journey applied in order, and the same events shuffled with
// duplicates, give the states of the in-memory Book's fold.
func TestLedgerFoldsLikeBook(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	ctx := testCtx(t, time.Minute)
	es := journeyEvents(30)
	book := fold(t, es)
	rng := seed(t)

	for _, tc := range []struct {
		name   string
		events []*event.Event
	}{
		{"in order", es},
		{"shuffled with duplicates", shuffled(rng, es)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, _ := newLedger(t, pool, nil)
			for _, e := range tc.events {
				_, err := l.Apply(ctx, e, nil)
				require.NoError(t, err, "apply %s", e.ID)
			}
			requireSameStates(t, l, book)
			for _, want := range book.All() {
				got, ok, err := l.Get(ctx, want.Key)
				require.NoError(t, err)
				require.True(t, ok, "get %s", want.Key)
				assert.Empty(t, cmp.Diff(want, got, stateOpts), "get %s", want.Key)
			}
		})
	}
	l, _ := newLedger(t, pool, nil)
	_, ok, err := l.Get(ctx, contract.Key{Marketplace: topics.GCP, ID: "never-seen"})
	require.NoError(t, err)
	assert.False(t, ok, "a key no event named")
}

// A change log records the changes then saw, per key, in the order then
// saw them.
type changeLog struct {
	mu      sync.Mutex
	changes map[contract.Key][]contract.Change
}

func (c *changeLog) add(ch contract.Change) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.changes == nil {
		c.changes = map[contract.Key][]contract.Change{}
	}
	c.changes[ch.Key()] = append(c.changes[ch.Key()], ch)
}

// cause returns the id of the event that made c: the one id After has and
// Before has not.
func cause(c contract.Change) (string, error) {
	var ids []string
	for _, id := range c.After.EventIDs {
		if !c.Before.Applied(id) {
			ids = append(ids, id)
		}
	}
	if len(ids) != 1 {
		return "", fmt.Errorf("change of %s adds events %v, want one", c.Key(), ids)
	}
	return ids[0], nil
}

// checkChanges checks that the changes of each key form one unbroken chain
// from the zero State to the final state, each change made by another
// event: no change was seen twice, and none was missed.
func checkChanges(t testing.TB, changes map[contract.Key][]contract.Change, final []contract.State) {
	t.Helper()
	if len(changes) != len(final) {
		t.Errorf("changes seen for %d keys, want %d", len(changes), len(final))
	}
	for _, s := range final {
		cs := changes[s.Key]
		if len(cs) == 0 {
			t.Errorf("%s: no change seen", s.Key)
			continue
		}
		seen := map[string]bool{}
		var prev contract.State
		for i, c := range cs {
			id, err := cause(c)
			if err != nil {
				t.Errorf("%s: change %d: %v", s.Key, i, err)
				continue
			}
			if seen[id] {
				t.Errorf("%s: event %s reached then twice", s.Key, id)
			}
			seen[id] = true
			if diff := diffStates(t, withoutBookkeeping(prev), withoutBookkeeping(c.Before)); diff != "" {
				t.Errorf("%s: change %d (event %s) does not start where the one before ended (-before +got):\n%s", s.Key, i, id, diff)
			}
			prev = c.After
		}
		if diff := diffStates(t, withoutBookkeeping(s), withoutBookkeeping(prev)); diff != "" {
			t.Errorf("%s: the last change seen is not the final state (-final +last):\n%s", s.Key, diff)
		}
	}
}

// Concurrent Applies of one contract's events, on two pools, serialise on
// the contract's row: the first events of a contract race to insert it,
// and then sees each change once, in an unbroken chain.
func TestLedgerConcurrent(t *testing.T) {
	t.Parallel()
	pools := []*pgxpool.Pool{newPool(t, nil), newPool(t, nil)}
	l, table := newLedger(t, pools[0], nil)
	ledgers := []*pgstore.Ledger{l, pgstore.NewLedger(pools[1], pgstore.LedgerOptions{Table: table})}
	es := journeyEvents(24)
	book := fold(t, es)
	work := shuffled(seed(t), es)
	// The events of a key close together, so that its first events race.
	slices.SortStableFunc(work, func(a, b *event.Event) int { return cmpKey(t, a, b) })

	ctx := testCtx(t, time.Minute)
	var log changeLog
	queue := make(chan *event.Event)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for e := range queue {
				if _, err := ledgers[i%2].Apply(ctx, e, func(_ context.Context, c contract.Change) error {
					log.add(c)
					return nil
				}); err != nil {
					t.Errorf("apply %s: %v", e.ID, err)
				}
			}
		}()
	}
	for _, e := range work {
		queue <- e
	}
	close(queue)
	wg.Wait()
	requireSameStates(t, l, book)
	checkChanges(t, log.changes, book.All())
}

// cmpKey orders events by the key of their contract.
func cmpKey(t testing.TB, a, b *event.Event) int {
	fa, _, err := contract.FactOf(a)
	require.NoError(t, err)
	fb, _, err := contract.FactOf(b)
	require.NoError(t, err)
	switch x, y := fa.Key.String(), fb.Key.String(); {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

var errBoom = errors.New("boom")

// When then fails, Apply returns its error and the table is exactly as it
// was: no row for a contract's first event, the old state otherwise; the
// retry applies the event and calls then again.
func TestLedgerThenRollsBack(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	l, table := newLedger(t, pool, nil)
	ctx := testCtx(t, 30*time.Second)
	j, err := webhooktest.NewJourney(topics.Azure, 7)
	require.NoError(t, err)
	first, second := j.Events[0], j.Events[2] // pending, activated
	key := contract.Key{Marketplace: topics.Azure, ID: j.Buyer}
	fail := func(context.Context, contract.Change) error { return errBoom }

	c, err := l.Apply(ctx, first, fail)
	require.ErrorIs(t, err, errBoom)
	assert.True(t, c.Changed(), "the change then was offered")
	_, ok, err := l.Get(ctx, key)
	require.NoError(t, err)
	assert.False(t, ok, "state of a first event whose then failed")
	assert.Zero(t, countRows(t, pool, table), "rows after the failed first event")

	calls := 0
	count := func(context.Context, contract.Change) error { calls++; return nil }
	_, err = l.Apply(ctx, first, count)
	require.NoError(t, err)
	require.Equal(t, 1, calls, "the retry of the first event reaches then")
	before, ok, err := l.Get(ctx, key)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, contract.StatusPending, before.Status)

	_, err = l.Apply(ctx, second, fail)
	require.ErrorIs(t, err, errBoom)
	after, _, err := l.Get(ctx, key)
	require.NoError(t, err)
	assert.Empty(t, cmp.Diff(before, after, stateOpts), "state after the failed then")

	_, err = l.Apply(ctx, second, count)
	require.NoError(t, err)
	assert.Equal(t, 2, calls, "the retry of the second event reaches then")
	after, _, err = l.Get(ctx, key)
	require.NoError(t, err)
	assert.Equal(t, contract.StatusActive, after.Status)

	_, err = l.Apply(ctx, second, count)
	require.NoError(t, err)
	assert.Equal(t, 2, calls, "a duplicate reaches then")
}

// then's own SQL, through TxFromContext, sees the new state and commits
// or rolls back with it.
func TestLedgerTxFromContext(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	l, table := newLedger(t, pool, nil)
	grants := newTable(t, pool)
	ctx := testCtx(t, 30*time.Second)
	_, err := pool.Exec(ctx, "CREATE TABLE "+pgx.Identifier{grants}.Sanitize()+" (key text NOT NULL, status text NOT NULL)")
	require.NoError(t, err)
	_, ok := pgstore.TxFromContext(ctx)
	require.False(t, ok, "a transaction outside then")

	provision := func(failAfter bool) func(context.Context, contract.Change) error {
		return func(ctx context.Context, c contract.Change) error {
			tx, ok := pgstore.TxFromContext(ctx)
			if !ok {
				return errors.New("no transaction in then's context")
			}
			var stored string
			err := tx.QueryRow(ctx, "SELECT status FROM "+pgx.Identifier{table}.Sanitize()+" WHERE key = $1", c.Key().String()).Scan(&stored)
			if err != nil {
				return err
			}
			if stored != string(c.After.Status) {
				return fmt.Errorf("then sees status %q in the table, want %q", stored, c.After.Status)
			}
			if s, _, err := l.Get(ctx, c.Key()); err != nil || s.Status != c.After.Status {
				return fmt.Errorf("Get in then: status %q, %v; want %q", s.Status, err, c.After.Status)
			}
			if _, err := tx.Exec(ctx, "INSERT INTO "+pgx.Identifier{grants}.Sanitize()+" VALUES ($1, $2)", c.Key().String(), c.After.Status); err != nil {
				return err
			}
			if failAfter {
				return errBoom
			}
			return nil
		}
	}
	j, err := webhooktest.NewJourney(topics.AWS, 3)
	require.NoError(t, err)
	created, cancelled := j.Events[0], j.Events[len(j.Events)-1]

	_, err = l.Apply(ctx, created, provision(false))
	require.NoError(t, err)
	_, err = l.Apply(ctx, cancelled, provision(true))
	require.ErrorIs(t, err, errBoom)

	var rows []string
	r, err := pool.Query(ctx, "SELECT status FROM "+pgx.Identifier{grants}.Sanitize())
	require.NoError(t, err)
	rows, err = pgx.CollectRows(r, pgx.RowTo[string])
	require.NoError(t, err)
	assert.Equal(t, []string{"active"}, rows, "then's rows: the committed one only")
	s, _, err := l.Get(ctx, contract.AWSKey("4hc2x8yzq9m1n7b3v5k0t6r2p", "cust-000003"))
	require.NoError(t, err)
	assert.Equal(t, contract.StatusActive, s.Status)
}

// Events that change no contract, or cannot be ordered or read, are
// refused or ignored without a row.
func TestLedgerRefuses(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	l, table := newLedger(t, pool, nil)
	ctx := testCtx(t, 30*time.Second)
	parse := func(topic topics.Topic, edit func(*event.Event)) *event.Event {
		e, err := event.Parse(webhooktest.MustFixture(topic))
		require.NoError(t, err)
		edit(e)
		return e
	}
	listing := parse(topics.AWSListingPublished, func(*event.Event) {})
	c, err := l.Apply(ctx, listing, func(context.Context, contract.Change) error { return errBoom })
	require.NoError(t, err, "a listing event")
	assert.False(t, c.Changed())

	untimed := parse(topics.AWSContractCreated, func(e *event.Event) { e.Timestamp = time.Time{} })
	_, err = l.Apply(ctx, untimed, nil)
	assert.ErrorIs(t, err, contract.ErrNoTimestamp)

	keyless := parse(topics.GCPContractActivated, func(e *event.Event) { e.Metadata = []byte(`{"plan_details":{"plan_id":"p"}}`) })
	_, err = l.Apply(ctx, keyless, nil)
	var verr *event.ValidationError
	assert.ErrorAs(t, err, &verr, "a contract event without its key")

	_, err = l.ApplyFact(ctx, contract.Fact{}, nil)
	assert.ErrorIs(t, err, contract.ErrIncompleteFact, "a fact not made by FactOf")

	assert.Zero(t, countRows(t, pool, table), "rows after refused and ignored events")
}

// With a Store, an Apply during a delivery that Store claimed commits the
// state and the delivery's done mark together; inside a transaction of
// its own caller (an Inbox) it commits with that transaction, on a
// savepoint; without a delivery it runs on its own.
func TestLedgerInbox(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	deliveries := newTable(t, pool)
	store := newStore(t, pool, deliveries)
	l, table := newLedger(t, pool, store)
	ctx := testCtx(t, 30*time.Second)
	j, err := webhooktest.NewJourney(topics.GCP, 11)
	require.NoError(t, err)
	key := contract.Key{Marketplace: topics.GCP, ID: j.Buyer}
	fail := func(context.Context, contract.Change) error { return errBoom }
	applied := func(e *event.Event) bool {
		s, _, err := l.Get(ctx, key)
		require.NoError(t, err)
		return s.Applied(e.ID)
	}
	claim := func(id string) context.Context {
		st, err := store.Claim(ctx, id, long)
		require.NoError(t, err)
		require.Equal(t, webhook.Claimed, st)
		return delivery(ctx, id)
	}
	done := func(id string) bool {
		r, ok := readRow(t, pool, deliveries, id)
		return ok && r.done
	}

	t.Run("delivery", func(t *testing.T) {
		d := claim("msg_1")
		_, err := l.Apply(d, j.Events[0], fail)
		require.ErrorIs(t, err, errBoom)
		assert.False(t, done("msg_1"), "done after then failed")
		assert.Zero(t, countRows(t, pool, table), "states after then failed")

		_, err = l.Apply(d, j.Events[0], nil)
		require.NoError(t, err)
		assert.True(t, done("msg_1"), "done with the state, before the Handler's Complete")
		assert.True(t, applied(j.Events[0]))
	})

	t.Run("not claimed by the Store", func(t *testing.T) {
		_, err := l.Apply(delivery(ctx, "msg_2"), j.Events[1], nil)
		require.ErrorIs(t, err, pgstore.ErrNotClaimed)
		assert.False(t, applied(j.Events[1]))
	})

	t.Run("inside an Inbox", func(t *testing.T) {
		err := store.Inbox(claim("msg_3"), func(ctx context.Context, tx pgx.Tx) error {
			_, err := l.Apply(ctx, j.Events[1], fail)
			if !errors.Is(err, errBoom) {
				return fmt.Errorf("apply with a failing then: %v", err)
			}
			// The failed Apply rolled back to its savepoint; this one
			// commits with the Inbox.
			_, err = l.Apply(ctx, j.Events[2], nil)
			return err
		})
		require.NoError(t, err)
		assert.True(t, done("msg_3"))
		assert.False(t, applied(j.Events[1]), "the event whose then failed")
		assert.True(t, applied(j.Events[2]), "the event applied in the Inbox")
	})

	t.Run("no delivery", func(t *testing.T) {
		_, err := l.Apply(ctx, j.Events[3], nil)
		require.NoError(t, err)
		assert.True(t, applied(j.Events[3]))
	})
}

// Replicas starting together migrate one ledger table at once without
// error, and Migrate is idempotent; a schema-qualified table works.
func TestLedgerMigrate(t *testing.T) {
	t.Parallel()
	pool := newPool(t, nil)
	ctx := testCtx(t, 30*time.Second)
	schema := newSchema(t, pool)
	name := schema + ".Contracts"
	migrateTogether(t, func() error { return pgstore.NewLedger(pool, pgstore.LedgerOptions{Table: name}).Migrate(ctx) })
	l := pgstore.NewLedger(pool, pgstore.LedgerOptions{Table: name})
	j, err := webhooktest.NewJourney(topics.AWS, 1)
	require.NoError(t, err)
	_, err = l.Apply(ctx, j.Events[0], nil)
	require.NoError(t, err)
	var status string
	err = pool.QueryRow(ctx, "SELECT status FROM "+pgx.Identifier{schema, "Contracts"}.Sanitize()).Scan(&status)
	require.NoError(t, err)
	assert.Equal(t, "active", status)
}
