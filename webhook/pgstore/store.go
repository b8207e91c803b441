package pgstore

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/clazarevents/sdk-go/webhook"
)

// The states the Store reports as errors.
var (
	// ErrLeaseLost means the claim this Store took on a key lapsed and
	// another claimant took the key over, or the row was removed by
	// DeleteExpired after it lapsed. The handlers may then have run twice:
	// the claim's ttl is shorter than the handlers take.
	ErrLeaseLost = errors.New("pgstore: claim lapsed and was taken over")
	// ErrNotClaimed means Inbox was called for a delivery that this Store
	// holds no claim on, as when the webhook.Handler is configured with
	// another store, or a handler is called directly.
	ErrNotClaimed = errors.New("pgstore: delivery not claimed by this store")
	// ErrNoDelivery means Inbox was called with a context that carries no
	// webhook.Delivery.
	ErrNoDelivery = errors.New("pgstore: no webhook delivery in context")
)

// DefaultTable is the table a Store uses when Options.Table is empty.
const DefaultTable = "webhook_deliveries"

// Options configure a Store. The zero value means the documented defaults.
type Options struct {
	// Table names the table that holds the records, optionally qualified
	// by a schema, as "webhooks.deliveries". Each part is quoted as an
	// identifier. Empty means DefaultTable.
	Table string

	// DoneTTL is how long a delivery marked done by Inbox is remembered
	// until the Handler's Complete sets its own ttl; it matters only when
	// Complete fails after Inbox committed. Zero means
	// webhook.DefaultDoneTTL, the Handler's default.
	DoneTTL time.Duration

	// Timeout bounds each statement of Claim, Complete and Release whose
	// context has no earlier deadline, so that a database that stops
	// answering yields an error rather than a request that hangs. Zero
	// means 10 seconds; a negative value means no bound.
	Timeout time.Duration
}

// A Store is a webhook.Store kept in one PostgreSQL table, shared by every
// receiver replica that connects to the same database. It is safe for
// concurrent use.
//
// Each claim carries a random lease id. Complete, Release and Inbox act
// only on the row that still carries the lease this Store took, so a slow
// claimant whose claim lapsed and was taken over by another replica cannot
// release or complete the new owner's claim. The Store remembers its
// leases in memory by key: a claim is tied to the Store that took it.
type Store struct {
	pool    *pgxpool.Pool
	table   string
	index   string
	lockKey string
	doneTTL time.Duration
	timeout time.Duration

	claimSQL    string
	completeSQL string
	releaseSQL  string
	lockSQL     string
	markSQL     string
	expireSQL   string

	mu      sync.Mutex
	leases  map[string]held
	sweepAt int
}

// held is a claim this Store took: its lease and the local time after
// which it may be forgotten.
type held struct {
	lease  pgtype.UUID
	forget time.Time
}

// New returns a Store that keeps its records in pool's database, in the
// table opts names. It does not create the table: call Migrate once, or
// run the SQL that Migrate runs (see the package documentation). New panics
// if pool is nil.
func New(pool *pgxpool.Pool, opts Options) *Store {
	if pool == nil {
		panic("pgstore: New with nil pool")
	}
	t := tableOf(opts.Table, DefaultTable)
	table := t.quoted
	s := &Store{
		pool:    pool,
		table:   table,
		index:   pgx.Identifier{t.last + "_expires_at_idx"}.Sanitize(),
		lockKey: t.lockKey(),
		doneTTL: opts.DoneTTL,
		timeout: opts.Timeout,
		leases:  make(map[string]held),
		sweepAt: sweepMin,
	}
	if s.doneTTL <= 0 {
		s.doneTTL = webhook.DefaultDoneTTL
	}
	if s.timeout == 0 {
		s.timeout = 10 * time.Second
	}

	// A row whose expires_at has passed is a lapsed claim or a done record
	// past its ttl, and Claim takes it over. Every other conflicting row is
	// left as it was and reported: the CASE keeps its values, but the
	// update still locks the row, so concurrent claimers of one key are
	// serialised and each sees the outcome of the one before.
	s.claimSQL = fmt.Sprintf(`INSERT INTO %[1]s AS d (key, done, lease, claimed_at, expires_at)
VALUES ($1, false, $2, now(), now() + $3::bigint * interval '1 microsecond')
ON CONFLICT (key) DO UPDATE SET
	done       = CASE WHEN d.expires_at <= now() THEN false               ELSE d.done       END,
	lease      = CASE WHEN d.expires_at <= now() THEN excluded.lease      ELSE d.lease      END,
	claimed_at = CASE WHEN d.expires_at <= now() THEN excluded.claimed_at ELSE d.claimed_at END,
	expires_at = CASE WHEN d.expires_at <= now() THEN excluded.expires_at ELSE d.expires_at END
RETURNING d.lease = $2, d.done`, table)

	// Complete marks done the row that carries this Store's lease (claimed
	// or already marked by Inbox), inserts a done row when the lapsed claim
	// was deleted, and takes over a lapsed row of another lease. A live row
	// of another lease is left alone and reported as ErrLeaseLost.
	s.completeSQL = fmt.Sprintf(`INSERT INTO %[1]s AS d (key, done, lease, claimed_at, expires_at)
VALUES ($1, true, $2, now(), now() + $3::bigint * interval '1 microsecond')
ON CONFLICT (key) DO UPDATE SET
	done       = true,
	lease      = excluded.lease,
	expires_at = excluded.expires_at
WHERE d.lease = excluded.lease OR d.expires_at <= now()`, table)

	// Release drops only an in-flight claim that carries this Store's
	// lease; a done row is never deleted.
	s.releaseSQL = fmt.Sprintf(`DELETE FROM %s WHERE key = $1 AND lease = $2 AND NOT done`, table)

	// Inbox locks its claim first, so that a concurrent take-over waits
	// for the transaction and then sees it done.
	s.lockSQL = fmt.Sprintf(`SELECT done FROM %s WHERE key = $1 AND lease = $2 FOR UPDATE`, table)
	s.markSQL = fmt.Sprintf(`UPDATE %s SET done = true,
	expires_at = greatest(expires_at, now() + $3::bigint * interval '1 microsecond')
WHERE key = $1 AND lease = $2`, table)

	s.expireSQL = fmt.Sprintf(`DELETE FROM %[1]s WHERE key IN (
	SELECT key FROM %[1]s WHERE expires_at <= now() LIMIT $1 FOR UPDATE SKIP LOCKED)`, table)
	return s
}

// Migrate creates the Store's table and its index if they do not exist.
// It is safe to call from several replicas at once: a transaction-scoped
// advisory lock on the table name serialises them. The SQL it runs is in
// the package documentation, for those who manage their schema otherwise.
func (s *Store) Migrate(ctx context.Context) error {
	return migrate(ctx, s.pool, s.lockKey, s.ddl())
}

// ddl returns the statements Migrate runs.
func (s *Store) ddl() []string {
	return []string{
		fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s (
	key        text        PRIMARY KEY,
	done       boolean     NOT NULL,
	lease      uuid        NOT NULL,
	claimed_at timestamptz NOT NULL,
	expires_at timestamptz NOT NULL
)`, s.table),
		fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s (expires_at)`, s.index, s.table),
	}
}

// Claim implements webhook.Store. It runs one INSERT ... ON CONFLICT
// statement that inserts a claim, takes over a row whose expiry passed
// (a lapsed claim, or a done record past its ttl), or reports the live
// row it found: Done for a completed key, InFlight for another claim. The
// expiry is computed by the database's clock, so the replicas' clocks need
// not agree. An error, such as an unreachable database, wraps the driver's
// error; nothing is claimed then.
func (s *Store) Claim(ctx context.Context, key string, ttl time.Duration) (webhook.ClaimStatus, error) {
	if ttl <= 0 {
		return 0, fmt.Errorf("pgstore: claim %q: ttl %v is not positive", key, ttl)
	}
	lease := newLease()
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var claimed, done bool
	err := s.pool.QueryRow(ctx, s.claimSQL, key, lease, ttl.Microseconds()).Scan(&claimed, &done)
	if err != nil {
		return 0, fmt.Errorf("pgstore: claim %q: %w", key, err)
	}
	switch {
	case claimed:
		s.hold(key, lease, ttl)
		return webhook.Claimed, nil
	case done:
		return webhook.Done, nil
	default:
		return webhook.InFlight, nil
	}
}

// Complete implements webhook.Store: it marks key done for ttl. After
// Inbox marked the delivery done, Complete only sets the record's expiry
// to ttl. If this Store's claim lapsed and another live claim or record
// holds key, Complete changes nothing and returns an error wrapping
// ErrLeaseLost. Other errors wrap the driver's error.
func (s *Store) Complete(ctx context.Context, key string, ttl time.Duration) error {
	if ttl <= 0 {
		return fmt.Errorf("pgstore: complete %q: ttl %v is not positive", key, ttl)
	}
	lease, _ := s.leaseOf(key)
	ctx, cancel := s.bound(ctx)
	defer cancel()
	tag, err := s.pool.Exec(ctx, s.completeSQL, key, lease, ttl.Microseconds())
	if err != nil {
		// The claim is kept, so that a Release after this failure can
		// still drop it.
		return fmt.Errorf("pgstore: complete %q: %w", key, err)
	}
	s.forget(key, lease)
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("pgstore: complete %q: %w", key, ErrLeaseLost)
	}
	return nil
}

// Release implements webhook.Store: it deletes this Store's claim on key
// if the claim is still in flight, so that a retry can claim key at once.
// A done record, or a claim another replica took over, is left alone, and
// releasing a key this Store does not hold does nothing. An error wraps
// the driver's error; the claim then lapses at its ttl.
func (s *Store) Release(ctx context.Context, key string) error {
	lease, ok := s.leaseOf(key)
	if !ok {
		return nil
	}
	s.forget(key, lease)
	ctx, cancel := s.bound(ctx)
	defer cancel()
	if _, err := s.pool.Exec(ctx, s.releaseSQL, key, lease); err != nil {
		return fmt.Errorf("pgstore: release %q: %w", key, err)
	}
	return nil
}

// Inbox runs fn in a transaction that also marks the current delivery
// done, so that the handler's own writes and the deduplication record
// commit or roll back together. It reads the delivery from ctx (see
// webhook.FromContext), which must have been claimed through this Store.
//
// Inbox first locks the claim row, so that no other replica can take the
// delivery over until the transaction ends. It then runs fn, marks the row
// done and commits. If fn returns an error, Inbox rolls back and returns
// that error unchanged: nothing fn wrote is kept, the claim stays in
// flight, and the Handler's Release lets the sender's retry run it again.
// When the commit succeeds, the Handler's later Complete only sets the
// record's ttl.
//
// fn must use tx for every write that must not be repeated. The context
// passed to fn carries tx as well (see TxFromContext), so a Ledger applied
// inside fn joins the transaction. A delivery
// should make one Inbox call: the first commit marks it done, so if a
// later handler of the same delivery fails, the retry will find it done
// and not run that handler again.
//
// Inbox returns ErrNoDelivery if ctx carries no delivery, an error
// wrapping ErrNotClaimed if this Store holds no claim on it, and one
// wrapping ErrLeaseLost, without running fn, if the claim lapsed and
// another replica took it over. Other errors wrap the driver's error.
func (s *Store) Inbox(ctx context.Context, fn func(ctx context.Context, tx pgx.Tx) error) error {
	d, ok := webhook.FromContext(ctx)
	if !ok {
		return ErrNoDelivery
	}
	lease, ok := s.leaseOf(d.ID)
	if !ok {
		return fmt.Errorf("pgstore: inbox %q: %w", d.ID, ErrNotClaimed)
	}
	return transact(ctx, s.pool, fmt.Sprintf("pgstore: inbox %q", d.ID), func(ctx context.Context, tx pgx.Tx) error {
		var done bool
		err := tx.QueryRow(ctx, s.lockSQL, d.ID, lease).Scan(&done)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("pgstore: inbox %q: %w", d.ID, ErrLeaseLost)
		}
		if err != nil {
			return fmt.Errorf("pgstore: inbox %q: %w", d.ID, err)
		}
		if err := fn(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, s.markSQL, d.ID, lease, s.doneTTL.Microseconds()); err != nil {
			return fmt.Errorf("pgstore: inbox %q: %w", d.ID, err)
		}
		return nil
	})
}

// DeleteExpired deletes the rows whose expiry has passed, done records
// past their ttl and lapsed claims alike, and returns how many it deleted.
// It deletes in batches and skips rows locked by a running Inbox, so it
// can run beside live traffic; call it from a ticker in one replica or
// from a scheduled job. Claim takes over expired rows whether or not they
// were deleted, so deleting them only bounds the table's size. An error
// wraps the driver's error and comes with the count deleted before it.
func (s *Store) DeleteExpired(ctx context.Context) (int64, error) {
	const batch = 5000
	var total int64
	for {
		tag, err := s.pool.Exec(ctx, s.expireSQL, batch)
		if err != nil {
			return total, fmt.Errorf("pgstore: delete expired: %w", err)
		}
		total += tag.RowsAffected()
		if tag.RowsAffected() < batch {
			return total, nil
		}
	}
}

// bound applies the Store's timeout to ctx unless ctx has an earlier
// deadline.
func (s *Store) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	if s.timeout < 0 {
		return ctx, func() {}
	}
	if d, ok := ctx.Deadline(); ok && time.Until(d) <= s.timeout {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, s.timeout)
}

// sweepMin is the number of remembered claims below which the Store does
// not look for forgotten ones.
const sweepMin = 1024

// hold remembers the lease of a claim this Store took. A claim neither
// completed nor released (its request was abandoned) is forgotten once it
// is twice its ttl old: it lapsed long before, and Complete and Release
// behave then as for a key this Store never claimed.
func (s *Store) hold(key string, lease pgtype.UUID, ttl time.Duration) {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.leases[key] = held{lease: lease, forget: now.Add(2 * ttl)}
	if len(s.leases) < s.sweepAt {
		return
	}
	for k, h := range s.leases {
		if now.After(h.forget) {
			delete(s.leases, k)
		}
	}
	s.sweepAt = max(2*len(s.leases), sweepMin)
}

// leaseOf returns the lease of this Store's claim on key, or the zero
// lease, which no row carries, and false.
func (s *Store) leaseOf(key string) (pgtype.UUID, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.leases[key]
	if !ok {
		return pgtype.UUID{Valid: true}, false
	}
	return h.lease, true
}

// forget drops the claim on key if it still carries lease.
func (s *Store) forget(key string, lease pgtype.UUID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h, ok := s.leases[key]; ok && h.lease == lease {
		delete(s.leases, key)
	}
}

// newLease returns a random version 4 UUID.
func newLease() pgtype.UUID {
	u := pgtype.UUID{Valid: true}
	rand.Read(u.Bytes[:]) // never fails, per crypto/rand
	u.Bytes[6] = u.Bytes[6]&0x0f | 0x40
	u.Bytes[8] = u.Bytes[8]&0x3f | 0x80
	return u
}
