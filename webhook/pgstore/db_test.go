package pgstore_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/clazarevents/sdk-go/webhook/pgstore"
)

// dsnEnv names the variable that gives the test database; .ci/pgtest.sh
// sets it for a throwaway cluster.
const dsnEnv = "PGSTORE_TEST_DSN"

// testDSN returns the test database's connection string. Without one the
// test is skipped, except under CI=true, where it fails: CI must not pass
// without having run the tests against PostgreSQL.
func testDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv(dsnEnv)
	if dsn != "" {
		return dsn
	}
	const msg = dsnEnv + " is not set: run .ci/pgtest.sh, or point it at a PostgreSQL database the tests may create tables in"
	if os.Getenv("CI") == "true" {
		tb.Fatal(msg)
	}
	tb.Skip(msg)
	return ""
}

// newPool returns a pool on the test database, closed when the test ends.
// configure, if not nil, adjusts the pool's configuration.
func newPool(tb testing.TB, configure func(*pgxpool.Config)) *pgxpool.Pool {
	tb.Helper()
	cfg, err := pgxpool.ParseConfig(testDSN(tb))
	if err != nil {
		tb.Fatalf("parse %s: %v", dsnEnv, err)
	}
	if configure != nil {
		configure(cfg)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		tb.Fatalf("connect: %v", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		tb.Fatalf("ping: %v", err)
	}
	tb.Cleanup(pool.Close)
	return pool
}

// newTable returns a table name of its own for the test, and drops that
// table and extra, the test's other tables, when the test ends.
func newTable(tb testing.TB, pool *pgxpool.Pool, extra ...string) string {
	tb.Helper()
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		tb.Fatal(err)
	}
	name := strings.ToLower(tb.Name())
	name = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, name)
	if len(name) > 40 {
		name = name[:40]
	}
	name = "t_" + name + "_" + hex.EncodeToString(b[:])
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		for _, n := range append([]string{name}, extra...) {
			if _, err := pool.Exec(ctx, "DROP TABLE IF EXISTS "+pgx.Identifier{n}.Sanitize()); err != nil {
				tb.Errorf("drop %s: %v", n, err)
			}
		}
	})
	return name
}

// newStore returns a Store on pool using table, after Migrate.
func newStore(tb testing.TB, pool *pgxpool.Pool, table string) *pgstore.Store {
	tb.Helper()
	s := pgstore.New(pool, pgstore.Options{Table: table})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Migrate(ctx); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	return s
}

// row is a record as the table holds it.
type row struct {
	done    bool
	expired bool
}

// readRow returns key's row in table, and false if there is none.
func readRow(tb testing.TB, pool *pgxpool.Pool, table, key string) (row, bool) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var r row
	err := pool.QueryRow(ctx,
		"SELECT done, expires_at <= now() FROM "+pgx.Identifier{table}.Sanitize()+" WHERE key = $1",
		key).Scan(&r.done, &r.expired)
	if err == pgx.ErrNoRows {
		return row{}, false
	}
	if err != nil {
		tb.Fatalf("read %s: %v", key, err)
	}
	return r, true
}

// testCtx returns a context that ends with the test or after d.
func testCtx(tb testing.TB, d time.Duration) context.Context {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	tb.Cleanup(cancel)
	return ctx
}

// newSchema creates a schema of its own for the test, dropped with its
// tables when the test ends.
func newSchema(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	schema := newTable(t, pool)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := pool.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := pool.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	return schema
}

// migrateTogether runs migrate 3 times in each of 4 goroutines at once, as
// replicas starting together do, and fails the test on any error.
func migrateTogether(t *testing.T, migrate func() error) {
	t.Helper()
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 3 {
				if err := migrate(); err != nil {
					t.Errorf("migrate: %v", err)
				}
			}
		}()
	}
	wg.Wait()
}
