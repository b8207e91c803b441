package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

var errTransient = errors.New("transient failure")

// Three replicas, each with its own pool, share one database. 5,000
// distinct events are each delivered 1 to 3 times, the copies of an event
// either at once or as separate deliveries at random times, each attempt
// to a random replica, by a bounded pool of senders that retry every
// non-2xx answer. One event in 20 fails transiently the first time a
// handler runs it, after writing its effect. Every event's effect, written
// through the Inbox, must be applied exactly once.
func TestLoadExactlyOnce(t *testing.T) {
	const (
		events    = 5000
		replicas  = 3
		senders   = 24
		flakyEach = 20 // one event in flakyEach fails once
	)
	admin := newPool(t, nil)
	table, effects := newTable(t, admin), newEffects(t, admin)
	newStore(t, admin, table)
	secret := webhooktest.NewSecret()

	rng := seed(t)

	ids := make([]string, events)
	flaky := make(map[string]*atomic.Bool)
	for i := range ids {
		ids[i] = fmt.Sprintf("evt-%05d", i)
		if i%flakyEach == 0 {
			flaky[ids[i]] = new(atomic.Bool)
		}
	}

	var rs []*replica
	for i := range replicas {
		r := newReplica(t, fmt.Sprintf("replica-%d", i), replicaOptions{table: table, secret: secret, maxConns: 8})
		webhook.On(r.h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
			return r.store.Inbox(ctx, func(ctx context.Context, tx pgx.Tx) error {
				if err := applyEffect(ctx, tx, effects, e, r.name); err != nil {
					return err
				}
				if f := flaky[e.ID]; f != nil && f.CompareAndSwap(false, true) {
					return errTransient
				}
				return nil
			})
		})
		rs = append(rs, r)
	}

	var jobs []job
	deliveries := 0
	for i := range events {
		n := 1 + rng.IntN(3)
		deliveries += n
		j := job{id: fmt.Sprintf("msg_%05d", i), body: contractCreated(ids[i]), copies: n}
		if n > 1 && rng.IntN(2) == 0 {
			jobs = append(jobs, j)
			continue
		}
		j.copies = 1
		for range n {
			jobs = append(jobs, j)
		}
	}
	rng.Shuffle(len(jobs), func(a, b int) { jobs[a], jobs[b] = jobs[b], jobs[a] })

	ctx := testCtx(t, 3*time.Minute)
	start := time.Now()
	answers, attempts := deliverAll(ctx, t, newSender(secret, senders), senders, jobs, rs, nil)
	elapsed := time.Since(start)
	t.Logf("%d events, %d deliveries, %d attempts in %v (%.0f attempts/s); answers %v",
		events, deliveries, attempts, elapsed.Round(time.Millisecond), float64(attempts)/elapsed.Seconds(), answers)
	for _, r := range rs {
		t.Logf("%s: non-2xx answers %v", r.name, r.failures())
	}
	if t.Failed() {
		t.FailNow()
	}

	var rows, distinct int
	err := admin.QueryRow(ctx, "SELECT count(*), count(DISTINCT event) FROM "+pgx.Identifier{effects}.Sanitize()).Scan(&rows, &distinct)
	if err != nil {
		t.Fatal(err)
	}
	if rows != events || distinct != events {
		t.Errorf("effects: %d rows for %d distinct events, want %d of each", rows, distinct, events)
	}
	dups, err := admin.Query(ctx, "SELECT event, count(*) FROM "+pgx.Identifier{effects}.Sanitize()+" GROUP BY event HAVING count(*) > 1 ORDER BY event LIMIT 10")
	if err != nil {
		t.Fatal(err)
	}
	for dups.Next() {
		var e string
		var n int
		if err := dups.Scan(&e, &n); err != nil {
			t.Fatal(err)
		}
		t.Errorf("event %s applied %d times", e, n)
	}
	if err := dups.Err(); err != nil {
		t.Fatal(err)
	}
	var done, total int
	err = admin.QueryRow(ctx, "SELECT count(*) FILTER (WHERE done), count(*) FROM "+pgx.Identifier{table}.Sanitize()).Scan(&done, &total)
	if err != nil {
		t.Fatal(err)
	}
	if done != events || total != events {
		t.Errorf("store: %d of %d rows done, want %d of %d", done, total, events, events)
	}

	// Each flaky event failed exactly once, and no store call failed.
	if got, want := answers[http.StatusInternalServerError], len(flaky); got != want {
		t.Errorf("%d answers 500, want %d: one per flaky event", got, want)
	}
	if n := answers[http.StatusServiceUnavailable]; n != 0 {
		t.Errorf("%d answers 503: a store call failed", n)
	}
	for f, b := range flaky {
		if !b.Load() {
			t.Errorf("flaky event %s never failed", f)
			break
		}
	}
	// The duplicates reached the store: copies sent at once met a claim in
	// flight, and later copies found their event done.
	if answers[http.StatusConflict] == 0 {
		t.Error("no answer 409: no copies of a delivery were in flight together")
	}
	if ok := answers[http.StatusNoContent]; ok != deliveries {
		t.Errorf("%d answers 204, want one per delivery: %d", ok, deliveries)
	}
}
