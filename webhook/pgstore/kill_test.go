package pgstore_test

import (
	"context"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// terminate ends the backend of pid, or when pid is 0 every backend whose
// application_name is app, and waits until they are gone. It selects the
// backends first and terminates each by its pid, so that no other backend
// can be hit.
func terminate(ctx context.Context, t *testing.T, admin *pgxpool.Pool, pid uint32, app string) {
	t.Helper()
	where, arg := "application_name = $1", any(app)
	if pid != 0 {
		where, arg = "pid = $1", int64(pid)
	}
	rows, err := admin.Query(ctx, "SELECT pid FROM pg_stat_activity WHERE "+where+" AND pid <> pg_backend_pid()", arg)
	if err != nil {
		t.Errorf("terminate: %v", err)
		return
	}
	pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		t.Errorf("terminate: %v", err)
		return
	}
	if len(pids) == 0 {
		t.Errorf("terminate: no backend of pid %d or application %q", pid, app)
	}
	for _, p := range pids {
		var ok bool
		if err := admin.QueryRow(ctx, "SELECT pg_terminate_backend($1, 5000)", p).Scan(&ok); err != nil || !ok {
			t.Errorf("terminate %d: %v, %v", p, ok, err)
		}
	}
}

// A delivery whose database connection dies while it is handled is
// answered 5xx, is not marked done, and the sender's retry applies its
// effect once. Each case kills connections differently during the first
// attempt.
func TestConnectionKilled(t *testing.T) {
	t.Parallel()
	admin := newPool(t, nil)
	secret := webhooktest.NewSecret()

	cases := []struct {
		name string
		// kill runs in the first attempt's handler: inside the Inbox
		// transaction (tx set) or after Inbox committed (tx nil).
		kill     func(ctx context.Context, t *testing.T, r *replica, tx pgx.Tx)
		inTx     bool
		status   int  // the first attempt's answer
		doneLeft bool // whether the first attempt left the delivery done
		conflict bool // whether a retry met the claim left in flight
	}{
		{
			name: "the transaction's own backend, mid-transaction",
			inTx: true,
			kill: func(ctx context.Context, t *testing.T, r *replica, tx pgx.Tx) {
				terminate(ctx, t, admin, tx.Conn().PgConn().PID(), "")
			},
			status: http.StatusInternalServerError,
		},
		{
			// The pool holds more idle connections, all dead: Release fails
			// too, and the retries meet the claim in flight (409) until its
			// ttl lapses.
			name: "every backend of the replica, mid-transaction",
			inTx: true,
			kill: func(ctx context.Context, t *testing.T, r *replica, tx pgx.Tx) {
				var conns []*pgxpool.Conn
				for range 3 {
					c, err := r.pool.Acquire(ctx)
					if err != nil {
						t.Errorf("acquire: %v", err)
						break
					}
					conns = append(conns, c)
				}
				for _, c := range conns {
					c.Release()
				}
				terminate(ctx, t, admin, 0, r.name)
			},
			status:   http.StatusInternalServerError,
			conflict: true,
		},
		{
			// The effect and the done mark committed together, but the
			// Handler's Complete fails on a dead connection: the answer is
			// 503, and the retry finds the delivery done.
			name: "every backend of the replica, after the commit",
			kill: func(ctx context.Context, t *testing.T, r *replica, _ pgx.Tx) {
				terminate(ctx, t, admin, 0, r.name)
			},
			status:   http.StatusServiceUnavailable,
			doneLeft: true,
		},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			table, effects := newTable(t, admin), newEffects(t, admin)
			newStore(t, admin, table)
			app := "kill-" + strconv.Itoa(i)
			r := newReplica(t, app, replicaOptions{table: table, secret: secret, claimTTL: time.Second})
			var killed atomic.Bool
			webhook.On(r.h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
				first := killed.CompareAndSwap(false, true)
				err := r.store.Inbox(ctx, func(ctx context.Context, tx pgx.Tx) error {
					if err := applyEffect(ctx, tx, effects, e, r.name); err != nil {
						return err
					}
					if first && tc.inTx {
						tc.kill(ctx, t, r, tx)
						// The transaction's next statement meets the dead
						// connection.
						_, err := tx.Exec(ctx, "SELECT 1")
						return err
					}
					return nil
				})
				if err == nil && first && !tc.inTx {
					tc.kill(ctx, t, r, nil)
				}
				return err
			})

			ctx := testCtx(t, 30*time.Second)
			snd := newSender(secret, 2)
			snd.attempts = 40 // the claim left by a failed Release lapses after 1s
			statuses, err := snd.deliver(ctx, "msg_kill", contractCreated("evt-kill"), func() *replica { return r },
				func(attempt, status int) {
					if attempt != 0 {
						return
					}
					row, ok := readRow(t, admin, table, "msg_kill")
					if done := ok && row.done; done != tc.doneLeft {
						t.Errorf("after the first attempt: done %v, want %v", done, tc.doneLeft)
					}
				})
			t.Logf("answers %v", statuses)
			if err != nil {
				t.Fatal(err)
			}
			if statuses[0] != tc.status {
				t.Errorf("first answer %d, want %d", statuses[0], tc.status)
			}
			if got := slices.Contains(statuses, http.StatusConflict); got != tc.conflict {
				t.Errorf("a retry answered 409: %v, want %v", got, tc.conflict)
			}
			if last := statuses[len(statuses)-1]; last != http.StatusNoContent {
				t.Errorf("last answer %d, want 204", last)
			}
			if n := countEffects(t, admin, effects, "evt-kill"); n != 1 {
				t.Errorf("effect applied %d times, want once", n)
			}
			if row, ok := readRow(t, admin, table, "msg_kill"); !ok || !row.done {
				t.Errorf("delivery not done at the end: %+v, %v", row, ok)
			}
		})
	}
}

// A replica whose database is unreachable answers 503 without running a
// handler, and the sender's retry on a healthy replica applies the effect.
func TestReplicaUnreachable(t *testing.T) {
	t.Parallel()
	admin := newPool(t, nil)
	table, effects := newTable(t, admin), newEffects(t, admin)
	newStore(t, admin, table)
	secret := webhooktest.NewSecret()

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	down := newReplica(t, "down", replicaOptions{table: table, secret: secret,
		dsn: "host=127.0.0.1 port=" + strconv.Itoa(port) + " user=x dbname=x sslmode=disable connect_timeout=5"})
	up := newReplica(t, "up", replicaOptions{table: table, secret: secret})
	var ran atomic.Int32
	for _, r := range []*replica{down, up} {
		webhook.On(r.h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
			ran.Add(1)
			return r.store.Inbox(ctx, func(ctx context.Context, tx pgx.Tx) error {
				return applyEffect(ctx, tx, effects, e, r.name)
			})
		})
	}

	ctx := testCtx(t, 30*time.Second)
	snd := newSender(secret, 2)
	next := []*replica{down, down, up}
	statuses, err := snd.deliver(ctx, "msg_down", contractCreated("evt-down"), func() *replica {
		r := next[0]
		next = next[1:]
		return r
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{503, 503, 204}; len(statuses) != 3 || statuses[0] != want[0] || statuses[1] != want[1] || statuses[2] != want[2] {
		t.Fatalf("answers %v, want %v", statuses, want)
	}
	if n := ran.Load(); n != 1 {
		t.Errorf("handlers ran %d times, want once", n)
	}
	if n := countEffects(t, admin, effects, "evt-down"); n != 1 {
		t.Errorf("effect applied %d times, want once", n)
	}
	if got := down.failures(); got[http.StatusServiceUnavailable] != 2 {
		t.Errorf("unreachable replica's failures %v, want two 503", got)
	}
}
