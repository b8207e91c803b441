package pgstore_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/pgstore"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// A replica is one receiver process: its own pool, Store and
// webhook.Handler, served over HTTP on the loopback interface.
type replica struct {
	name  string
	pool  *pgxpool.Pool
	store *pgstore.Store
	h     *webhook.Handler
	url   string

	mu       sync.Mutex
	statuses map[int]int // non-2xx answers, from OnError
}

// replicaOptions configure newReplica.
type replicaOptions struct {
	table    string
	secret   string
	claimTTL time.Duration
	maxConns int32
	dsn      string // empty: the test database
}

// newReplica starts a replica named name. Its connections carry name as
// their application_name, so that a test can find their backends.
func newReplica(t testing.TB, name string, o replicaOptions) *replica {
	t.Helper()
	configure := func(cfg *pgxpool.Config) {
		cfg.ConnConfig.RuntimeParams["application_name"] = name
		if o.maxConns > 0 {
			cfg.MaxConns = o.maxConns
		}
	}
	var pool *pgxpool.Pool
	if o.dsn != "" {
		cfg, err := pgxpool.ParseConfig(o.dsn)
		if err != nil {
			t.Fatal(err)
		}
		configure(cfg)
		if pool, err = pgxpool.NewWithConfig(context.Background(), cfg); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pool.Close)
	} else {
		pool = newPool(t, configure)
	}
	r := &replica{
		name:     name,
		pool:     pool,
		store:    pgstore.New(pool, pgstore.Options{Table: o.table}),
		statuses: map[int]int{},
	}
	h, err := webhook.NewHandler(webhook.Options{
		Secrets:  []string{o.secret},
		Store:    r.store,
		ClaimTTL: o.claimTTL,
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		OnError: func(_ *http.Request, err *webhook.DeliveryError) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.statuses[err.Status]++
		},
	})
	if err != nil {
		t.Fatalf("new handler: %v", err)
	}
	r.h = h
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	r.url = srv.URL
	return r
}

// failures returns the count of each non-2xx status the replica answered.
func (r *replica) failures() map[int]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := make(map[int]int, len(r.statuses))
	for k, v := range r.statuses {
		m[k] = v
	}
	return m
}

// applyEffect records event e in the effects table, in tx, as done by
// replica name.
func applyEffect(ctx context.Context, tx pgx.Tx, effects string, e *event.Event, name string) error {
	_, err := tx.Exec(ctx, "INSERT INTO "+pgx.Identifier{effects}.Sanitize()+" (event, replica) VALUES ($1, $2)", e.ID, name)
	return err
}

// contractCreated returns the body of an aws.contract.created delivery of
// event id.
func contractCreated(id string) []byte {
	return fmt.Appendf(nil, `{"id":%q,"topic":"aws.contract.created","origin":"AWS","suborigin":"SNS",`+
		`"text":"","description":"","timestamp":"2025-08-07T14:03:11Z","metadata":{`+
		`"product_code":"4hc2x8yzq9m1n7b3v5k0t6r2p","customer_identifier":"cust-%s",`+
		`"entitlements":[{"Dimension":"enterprise_tier","Value":{"IntegerValue":1},`+
		`"ExpirationDate":"2026-08-07 14:02:54"}]}}`, id, id)
}

// A sender delivers like Svix: each attempt of a delivery carries the same
// id and a fresh signed timestamp, and any answer other than 2xx is
// retried after a short backoff, a bounded number of times.
type sender struct {
	client   *http.Client
	secret   string
	attempts int
	backoff  time.Duration // before the first retry; doubled each time
	maxWait  time.Duration // the longest backoff
}

func newSender(secret string, conns int) *sender {
	return &sender{
		client: &http.Client{
			Timeout:   15 * time.Second,
			Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxIdleConns: 3 * conns},
		},
		secret:   secret,
		attempts: 12,
		backoff:  5 * time.Millisecond,
		maxWait:  250 * time.Millisecond,
	}
}

// deliver sends body as delivery id until it is answered 2xx or the
// attempts run out, each attempt to the replica pick returns. after, if
// not nil, is called after each attempt with its status. deliver returns
// the statuses answered, in order.
func (s *sender) deliver(ctx context.Context, id string, body []byte, pick func() *replica, after func(attempt, status int)) ([]int, error) {
	var statuses []int
	wait := s.backoff
	for attempt := range s.attempts {
		if attempt > 0 {
			// Jitter, as senders add, keeps concurrent copies from retrying in
			// step.
			d := wait/2 + rand.N(wait)
			select {
			case <-ctx.Done():
				return statuses, ctx.Err()
			case <-time.After(d):
			}
			wait = min(2*wait, s.maxWait)
		}
		status, err := s.send(ctx, pick(), id, body)
		if err != nil {
			return statuses, err
		}
		statuses = append(statuses, status)
		if after != nil {
			after(attempt, status)
		}
		if status >= 200 && status < 300 {
			return statuses, nil
		}
	}
	return statuses, fmt.Errorf("delivery %s not accepted after %d attempts: %v", id, s.attempts, statuses)
}

func (s *sender) send(ctx context.Context, r *replica, id string, body []byte) (int, error) {
	hdr, err := webhooktest.Sign(s.secret, id, time.Now(), body)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header = hdr
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("post %s to %s: %w", id, r.name, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// A job is a delivery, sent as copies at once: one, or several, as when a
// sender's retry overtakes an attempt still in flight.
type job struct {
	id     string // the delivery id
	body   []byte
	copies int
}

// deliverAll sends every job, in order, from a pool of workers goroutines,
// each attempt to a random replica of rs, until each copy is answered 2xx
// or ctx ends. before, if not nil, runs before job i is handed to a
// worker. A copy whose attempts run out fails the test. deliverAll returns
// the count of each status answered, and of attempts.
func deliverAll(ctx context.Context, t *testing.T, snd *sender, workers int, jobs []job, rs []*replica, before func(i int)) (map[int]int, int) {
	t.Helper()
	pick := func() *replica { return rs[rand.N(len(rs))] }
	var (
		mu       sync.Mutex
		answers  = map[int]int{}
		attempts int
	)
	queue := make(chan job)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				var cw sync.WaitGroup
				for range j.copies {
					cw.Add(1)
					go func() {
						defer cw.Done()
						statuses, err := snd.deliver(ctx, j.id, j.body, pick, nil)
						mu.Lock()
						defer mu.Unlock()
						attempts += len(statuses)
						for _, s := range statuses {
							answers[s]++
						}
						if err != nil {
							t.Errorf("%s: %v", j.id, err)
						}
					}()
				}
				cw.Wait()
			}
		}()
	}
	for i, j := range jobs {
		if before != nil {
			before(i)
		}
		select {
		case queue <- j:
		case <-ctx.Done():
		}
	}
	close(queue)
	wg.Wait()
	return answers, attempts
}
