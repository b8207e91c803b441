package pgstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clazarevents/sdk-go/contract"
	"github.com/clazarevents/sdk-go/webhook/pgstore"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// Three replicas, each with its own pool, Store and Ledger on one
// database, receive the lifecycle journeys of 1,000 buyers across the
// three marketplaces, shuffled: every delivery is sent 1 to 3 times (the
// copies at once or as separate jobs), one event in 20 is also delivered
// again under a new delivery id, as a resend is, and each attempt goes to
// a random replica. The provisioning function given to contract.Watch
// records each change it sees in the vendor's table, through the ledger's
// transaction, and fails the first call for a fixed 5% of the events.
// Midway, every database connection of one replica is killed.
//
// Every delivery must end in 2xx; the ledger's table must equal the
// in-memory Book's fold of the same events; and the changes the vendor's
// table holds must form, for every contract, one unbroken chain from
// nothing to the final state, each change made by a different event: no
// change seen twice, none missed.
func TestLedgerLoad(t *testing.T) {
	const (
		buyers    = 1000
		replicas  = 3
		senders   = 24
		flakyEach = 20 // one event in flakyEach fails its first call of fn
		resendOne = 20 // one event in resendOne is resent as a new delivery
	)
	admin := newPool(t, nil)
	deliveries := newTable(t, admin)
	newStore(t, admin, deliveries)
	ledger, states := newLedger(t, admin, nil)
	seen := newTable(t, admin)
	ctx := testCtx(t, 3*time.Minute)
	_, err := admin.Exec(ctx, "CREATE TABLE "+pgx.Identifier{seen}.Sanitize()+
		" (n bigserial PRIMARY KEY, key text NOT NULL, event text NOT NULL, replica text NOT NULL, before jsonb, after jsonb NOT NULL)")
	require.NoError(t, err)
	secret := webhooktest.NewSecret()
	rng := seed(t)

	setup := time.Now()
	es := journeyEvents(buyers)
	book := fold(t, es)
	flaky := map[string]*atomic.Bool{}
	for _, e := range es {
		h := fnv.New32a()
		h.Write([]byte(e.ID))
		if h.Sum32()%flakyEach == 0 {
			flaky[e.ID] = new(atomic.Bool)
		}
	}

	var rs []*replica
	for i := range replicas {
		r := newReplica(t, fmt.Sprintf("ledger-%d", i), replicaOptions{table: deliveries, secret: secret, claimTTL: 3 * time.Second, maxConns: 8})
		l := pgstore.NewLedger(r.pool, pgstore.LedgerOptions{Table: states, Store: r.store})
		contract.Watch(r.h, l, func(ctx context.Context, c contract.Change) error {
			return record(ctx, seen, r.name, c, flaky)
		})
		rs = append(rs, r)
	}

	t.Logf("journeys and fold in %v", time.Since(setup))
	var jobs []job
	sent, copies := 0, 0 // distinct deliveries, and copies of them
	for i, e := range es {
		body, err := e.MarshalJSON()
		require.NoError(t, err)
		ids := []string{"msg_" + e.ID}
		if i%resendOne == 0 {
			ids = append(ids, "msg_resent_"+e.ID)
		}
		for _, id := range ids {
			sent++
			n := 1 + rng.IntN(3)
			copies += n
			if n > 1 && rng.IntN(2) == 0 {
				jobs = append(jobs, job{id: id, body: body, copies: n})
				continue
			}
			for range n {
				jobs = append(jobs, job{id: id, body: body, copies: 1})
			}
		}
	}
	rng.Shuffle(len(jobs), func(a, b int) { jobs[a], jobs[b] = jobs[b], jobs[a] })

	snd := newSender(secret, senders)
	snd.attempts = 40 // a claim left by a killed connection lapses after 3s
	victim := rs[1]
	start := time.Now()
	answers, attempts := deliverAll(ctx, t, snd, senders, jobs, rs, func(i int) {
		if i == len(jobs)/3 {
			t.Logf("killing the connections of %s after %d jobs", victim.name, i)
			terminate(ctx, t, admin, 0, victim.name)
		}
	})
	elapsed := time.Since(start)
	t.Logf("%d buyers, %d events, %d deliveries, %d copies, %d attempts in %v: %.0f deliveries/s, %.0f attempts/s; answers %v",
		buyers, len(es), sent, copies, attempts, elapsed.Round(time.Millisecond),
		float64(sent)/elapsed.Seconds(), float64(attempts)/elapsed.Seconds(), answers)
	for _, r := range rs {
		t.Logf("%s: non-2xx answers %v", r.name, r.failures())
	}
	if t.Failed() {
		t.FailNow()
	}

	check := time.Now()
	requireSameStates(t, ledger, book)
	t.Logf("same states in %v", time.Since(check))
	changes, n := readChanges(ctx, t, admin, seen)
	t.Logf("fn saw %d changes of %d contracts", n, len(changes))
	checkChanges(t, changes, book.All())
	t.Logf("checked in %v", time.Since(check))

	failed := 0
	for _, f := range flaky {
		if f.Load() {
			failed++
		}
	}
	t.Logf("%d events chosen to fail their first call of fn, %d did", len(flaky), failed)
	assert.Equal(t, copies, answers[http.StatusNoContent], "answers 204: one per copy")
	assert.NotZero(t, failed, "no call of fn failed")
	assert.GreaterOrEqual(t, answers[http.StatusInternalServerError], failed, "answers 500: at least one per failed call of fn")
	var done, total int
	err = admin.QueryRow(ctx, "SELECT count(*) FILTER (WHERE done), count(*) FROM "+pgx.Identifier{deliveries}.Sanitize()).Scan(&done, &total)
	require.NoError(t, err)
	assert.Equal(t, sent, total, "delivery records")
	assert.Equal(t, sent, done, "deliveries done")
}

var errTransientFn = errors.New("transient provisioning failure")

// record writes c to the table seen, in the ledger's transaction, as seen
// by replica; then fails the first call for each event flaky names.
func record(ctx context.Context, seen, replica string, c contract.Change, flaky map[string]*atomic.Bool) error {
	tx, ok := pgstore.TxFromContext(ctx)
	if !ok {
		return errors.New("no transaction in fn's context")
	}
	id, err := cause(c)
	if err != nil {
		return err
	}
	var before []byte
	if !c.Before.IsZero() {
		if before, err = json.Marshal(c.Before); err != nil {
			return err
		}
	}
	after, err := json.Marshal(c.After)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, "INSERT INTO "+pgx.Identifier{seen}.Sanitize()+" (key, event, replica, before, after) VALUES ($1, $2, $3, $4, $5)",
		c.Key().String(), id, replica, before, after)
	if err != nil {
		return err
	}
	if f := flaky[id]; f != nil && f.CompareAndSwap(false, true) {
		return errTransientFn
	}
	return nil
}

// readChanges returns the changes the table seen holds, per key in the
// order they committed, and their number. The changes of one contract
// commit one after the other, each after the one before released the
// contract's row lock, so their serial numbers follow that order.
func readChanges(ctx context.Context, t *testing.T, pool *pgxpool.Pool, seen string) (map[contract.Key][]contract.Change, int) {
	t.Helper()
	rows, err := pool.Query(ctx, "SELECT before, after FROM "+pgx.Identifier{seen}.Sanitize()+" ORDER BY n")
	require.NoError(t, err)
	changes := map[contract.Key][]contract.Change{}
	n := 0
	var before, after []byte
	_, err = pgx.ForEachRow(rows, []any{&before, &after}, func() error {
		var c contract.Change
		if before != nil {
			if err := json.Unmarshal(before, &c.Before); err != nil {
				return err
			}
		}
		if err := json.Unmarshal(after, &c.After); err != nil {
			return err
		}
		changes[c.Key()] = append(changes[c.Key()], c)
		n++
		return nil
	})
	require.NoError(t, err)
	return changes, n
}
