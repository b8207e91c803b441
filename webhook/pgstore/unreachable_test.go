package pgstore_test

import (
	"context"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/clazarevents/sdk-go/webhook/pgstore"
)

// lazyPool returns a pool on dsn that has not connected yet.
func lazyPool(t *testing.T, dsn string) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// A database that refuses connections makes every call fail with a
// pgstore error, and nothing is claimed.
func TestUnreachable(t *testing.T) {
	t.Parallel()
	// Nothing listens on a port just closed.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().(*net.TCPAddr)
	l.Close()
	pool := lazyPool(t, "host=127.0.0.1 port="+strconv.Itoa(addr.Port)+" user=x dbname=x sslmode=disable connect_timeout=5")
	s := pgstore.New(pool, pgstore.Options{})
	ctx := testCtx(t, 20*time.Second)

	calls := map[string]func() error{
		"claim": func() error {
			st, err := s.Claim(ctx, "k", time.Minute)
			if err == nil {
				t.Errorf("claim returned %v without an error", st)
			}
			return err
		},
		"complete":       func() error { return s.Complete(ctx, "k", time.Minute) },
		"migrate":        func() error { return s.Migrate(ctx) },
		"delete expired": func() error { _, err := s.DeleteExpired(ctx); return err },
	}
	for name, call := range calls {
		err := call()
		if err == nil || !strings.HasPrefix(err.Error(), "pgstore: ") {
			t.Errorf("%s: %v, want a pgstore error", name, err)
		}
	}
}

// A database that accepts the connection and never answers yields an
// error after Options.Timeout, not a request that hangs.
func TestUnresponsive(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	port := l.Addr().(*net.TCPAddr).Port
	pool := lazyPool(t, "host=127.0.0.1 port="+strconv.Itoa(port)+" user=x dbname=x sslmode=disable")
	s := pgstore.New(pool, pgstore.Options{Timeout: 300 * time.Millisecond})

	start := time.Now()
	st, err := s.Claim(context.Background(), "k", time.Minute)
	if err == nil || !strings.HasPrefix(err.Error(), "pgstore: claim ") {
		t.Fatalf("claim: %v, %v; want a pgstore error", st, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("claim took %v with a 300ms timeout", d)
	}
}
