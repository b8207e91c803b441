package pgstore_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/contract"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/pgstore"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// BenchmarkDeliveries measures distinct deliveries per second through a
// webhook.Handler served over HTTP on loopback, with the in-memory store
// and with the PostgreSQL store, whose handler either does nothing, writes
// its effect through the Inbox, or is contract.Watch on a Ledger whose
// function writes its effect through the Ledger's transaction. Each
// delivery is signed by the client and verified, parsed and decoded by
// the Handler, so the figures compare whole deliveries, not store calls
// alone.
func BenchmarkDeliveries(b *testing.B) {
	noop := func(h *webhook.Handler) {
		webhook.On(h, func(context.Context, *event.Event, *aws.ContractCreated) error { return nil })
	}
	b.Run("store=memory", func(b *testing.B) {
		benchDeliveries(b, nil, noop)
	})
	b.Run("store=postgres", func(b *testing.B) {
		_, s := newBenchStore(b)
		benchDeliveries(b, s, noop)
	})
	b.Run("store=postgres/inbox", func(b *testing.B) {
		pool, s := newBenchStore(b)
		effects := newBenchEffects(b, pool)
		benchDeliveries(b, s, func(h *webhook.Handler) {
			webhook.On(h, func(ctx context.Context, e *event.Event, _ *aws.ContractCreated) error {
				return s.Inbox(ctx, func(ctx context.Context, tx pgx.Tx) error {
					return applyEffect(ctx, tx, effects, e, "bench")
				})
			})
		})
	})
	b.Run("store=postgres/ledger", func(b *testing.B) {
		pool, s := newBenchStore(b)
		effects := newBenchEffects(b, pool)
		l, _ := newLedger(b, pool, s)
		benchDeliveries(b, s, func(h *webhook.Handler) {
			contract.Watch(h, l, func(ctx context.Context, c contract.Change) error {
				tx, ok := pgstore.TxFromContext(ctx)
				if !ok {
					return errors.New("no transaction in the context of Watch's function")
				}
				_, err := tx.Exec(ctx, "INSERT INTO "+pgx.Identifier{effects}.Sanitize()+" (event, replica) VALUES ($1, 'bench')", c.After.EventIDs[0])
				return err
			})
		})
	})
}

// newBenchEffects creates a table of effects, as newEffects does.
func newBenchEffects(b *testing.B, pool *pgxpool.Pool) string {
	effects := newTable(b, pool)
	_, err := pool.Exec(context.Background(), "CREATE TABLE "+pgx.Identifier{effects}.Sanitize()+" (event text NOT NULL, replica text NOT NULL)")
	if err != nil {
		b.Fatal(err)
	}
	return effects
}

// newBenchStore returns a pool of 16 connections and a Store on it.
func newBenchStore(b *testing.B) (*pgxpool.Pool, *pgstore.Store) {
	b.Helper()
	pool := newPool(b, func(c *pgxpool.Config) { c.MaxConns = 16 })
	return pool, newStore(b, pool, newTable(b, pool))
}

// benchDeliveries sends b.N distinct deliveries of aws.contract.created,
// from 8 senders per GOMAXPROCS, to a Handler using store (the in-memory
// default when nil) on which register registered its handlers, and
// reports deliveries per second.
func benchDeliveries(b *testing.B, store *pgstore.Store, register func(*webhook.Handler)) {
	secret := webhooktest.NewSecret()
	opts := webhook.Options{
		Secrets: []string{secret},
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if store != nil {
		opts.Store = store
	}
	h, err := webhook.NewHandler(opts)
	if err != nil {
		b.Fatal(err)
	}
	register(h)
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 64, MaxIdleConns: 64},
	}
	defer client.CloseIdleConnections()

	prefix := "msg_" + strconv.FormatInt(time.Now().UnixNano(), 36) + "_"
	var seq atomic.Int64
	var failed atomic.Int64
	b.SetParallelism(8)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := seq.Add(1)
			id := prefix + strconv.FormatInt(n, 10)
			body := contractCreated("evt-" + strconv.FormatInt(n, 10))
			hdr, err := webhooktest.Sign(secret, id, time.Now(), body)
			if err != nil {
				b.Error(err)
				return
			}
			req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			req.Header = hdr
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusNoContent {
				failed.Add(1)
			}
		}
	})
	b.StopTimer()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d of %d deliveries not answered 204", n, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "deliveries/s")
}
