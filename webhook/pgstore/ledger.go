package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/clazarevents/sdk-go/contract"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/webhook"
)

// DefaultLedgerTable is the table a Ledger uses when LedgerOptions.Table
// is empty.
const DefaultLedgerTable = "contract_states"

// LedgerOptions configure a Ledger. The zero value means the documented
// defaults.
type LedgerOptions struct {
	// Table names the table that holds the contracts' states, optionally
	// qualified by a schema, as "billing.contracts". Each part is quoted as
	// an identifier. Empty means DefaultLedgerTable.
	Table string

	// Store, when set, is the Store of the webhook.Handler that delivers
	// the events. An event applied during a delivery that Store claimed
	// (a context that carries it, see webhook.FromContext) is applied in
	// the Store's Inbox transaction, so that the state, the writes of then
	// and the delivery's done mark commit together. With nil, Apply never
	// marks a delivery done: the Handler's Complete does, after the
	// commit.
	Store *Store
}

// A Ledger is a contract.Ledger, and a contract.FactLedger, kept in one
// PostgreSQL table, which every receiver replica connected to the same
// database shares. It is safe for concurrent use.
//
// Each Apply runs in one transaction that locks the contract's row, folds
// the event into the record it holds (see contract.Record), writes the new
// record, calls then when the state changed, and commits. So the
// deliveries of one contract, on any replicas, are applied one at a time,
// each on the state the one before committed; those of different
// contracts run concurrently. When then fails the transaction rolls back,
// and neither the state nor anything then wrote is kept.
//
// The transaction is chosen by the context of Apply:
//
//   - A context that carries a transaction (TxFromContext), as inside a
//     Store's Inbox or another Ledger's then: Apply runs in a savepoint of
//     that transaction, and commits with it.
//   - A context that carries a webhook.Delivery, when LedgerOptions.Store
//     is set: Apply runs in that Store's Inbox, so that the delivery is
//     marked done in the same transaction. The Store must be the
//     Handler's, which claimed the delivery: otherwise Apply returns an
//     error wrapping ErrNotClaimed and applies nothing.
//   - Any other context, as when events are replayed from a file: a
//     transaction of its own on the Ledger's pool.
type Ledger struct {
	pool  *pgxpool.Pool
	store *Store
	table table

	lockSQL   string
	insertSQL string
	updateSQL string
	getSQL    string
	allSQL    string
}

var _ contract.FactLedger = (*Ledger)(nil)

// NewLedger returns a Ledger that keeps the contracts' states in pool's
// database, in the table opts names. It does not create the table: call
// Migrate once, or run the SQL that Migrate runs (see the package
// documentation). NewLedger panics if pool is nil.
func NewLedger(pool *pgxpool.Pool, opts LedgerOptions) *Ledger {
	if pool == nil {
		panic("pgstore: NewLedger with nil pool")
	}
	t := tableOf(opts.Table, DefaultLedgerTable)
	return &Ledger{
		pool:      pool,
		store:     opts.Store,
		table:     t,
		lockSQL:   fmt.Sprintf(`SELECT record FROM %s WHERE key = $1 FOR UPDATE`, t.quoted),
		insertSQL: fmt.Sprintf(`INSERT INTO %s (key, marketplace, status, record, updated_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING`, t.quoted),
		updateSQL: fmt.Sprintf(`UPDATE %s SET marketplace = $2, status = $3, record = $4, updated_at = $5 WHERE key = $1`, t.quoted),
		getSQL:    fmt.Sprintf(`SELECT record FROM %s WHERE key = $1`, t.quoted),
		allSQL:    fmt.Sprintf(`SELECT record FROM %s ORDER BY key COLLATE "C"`, t.quoted),
	}
}

// Migrate creates the Ledger's table if it does not exist. It is safe to
// call from several replicas at once: a transaction-scoped advisory lock
// on the table name serialises them. The SQL it runs is in the package
// documentation.
func (l *Ledger) Migrate(ctx context.Context) error {
	return migrate(ctx, l.pool, l.table.lockKey(), []string{
		fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s (
	key         text        PRIMARY KEY,
	marketplace text        NOT NULL,
	status      text        NOT NULL,
	record      jsonb       NOT NULL,
	updated_at  timestamptz NOT NULL
)`, l.table.quoted),
	})
}

// Apply implements contract.Ledger: it reads the fact e states with
// contract.FactOf and applies it as ApplyFact does. An event of a topic
// that does not change contract state returns a Change for which Changed
// is false, and touches no table. The error of an event without a
// timestamp wraps contract.ErrNoTimestamp; that of metadata that does not
// decode or validate wraps event.ErrMalformed or an
// *event.ValidationError.
func (l *Ledger) Apply(ctx context.Context, e *event.Event, then func(context.Context, contract.Change) error) (contract.Change, error) {
	f, ok, err := contract.FactOf(e)
	if err != nil {
		return contract.Change{}, fmt.Errorf("pgstore: ledger: %s %s: %w", e.Topic, e.ID, err)
	}
	if !ok {
		return contract.Change{}, nil
	}
	return l.ApplyFact(ctx, f, then)
}

// ApplyFact implements contract.FactLedger. In one transaction (see Ledger
// for which) it locks the row of f's contract, inserting it for the
// contract's first event, folds f into its record and writes the result
// when f was not applied before. Then, if the state changed and then is
// not nil, it calls then with a context that carries the transaction
// (TxFromContext), so that then sees the new state in the table and its
// own writes commit with it; and it commits.
//
// If then returns an error, the transaction rolls back, the table is as it
// was (no row is left for a contract's first event) and ApplyFact returns
// the error wrapped. Errors of the database wrap the driver's error;
// within a delivery, those of the Store's Inbox (ErrNotClaimed,
// ErrLeaseLost) are returned as Inbox returns them. Every error message
// starts with "pgstore: ".
func (l *Ledger) ApplyFact(ctx context.Context, f contract.Fact, then func(context.Context, contract.Change) error) (contract.Change, error) {
	var c contract.Change
	fold := func(ctx context.Context, tx pgx.Tx) error {
		var err error
		c, err = l.fold(ctx, tx, f, then)
		return err
	}
	what := "pgstore: ledger: " + f.Key.String()
	var err error
	if tx, ok := TxFromContext(ctx); ok {
		err = transact(ctx, tx, what, fold)
	} else if _, ok := webhook.FromContext(ctx); ok && l.store != nil {
		err = l.store.Inbox(ctx, fold)
	} else {
		err = transact(ctx, l.pool, what, fold)
	}
	return c, err
}

// fold applies f in tx, as ApplyFact describes.
func (l *Ledger) fold(ctx context.Context, tx pgx.Tx, f contract.Fact, then func(context.Context, contract.Change) error) (contract.Change, error) {
	key := f.Key.String()
	cur, found, err := l.read(ctx, tx, l.lockSQL, key)
	if err != nil {
		return contract.Change{}, err
	}
	next, c, err := cur.Fold(f)
	if err != nil {
		return c, fmt.Errorf("pgstore: ledger: %s: %w", key, err)
	}
	switch {
	case !found:
		// The contract's first event: inserting its row takes the row's
		// lock. A concurrent first event of the same contract makes the
		// insert wait for its transaction; when that commits, the insert
		// does nothing, and the event is folded into the committed row.
		inserted, err := l.write(ctx, tx, l.insertSQL, next)
		if err != nil {
			return contract.Change{}, err
		}
		if !inserted {
			if cur, found, err = l.read(ctx, tx, l.lockSQL, key); err != nil {
				return contract.Change{}, err
			}
			if !found {
				// Only a transaction of isolation repeatable read or
				// serializable, which Apply joined, can miss a row whose
				// insert it waited for; PostgreSQL fails its insert
				// first.
				return contract.Change{}, fmt.Errorf("pgstore: ledger: %s: the row a concurrent transaction inserted is not visible", key)
			}
			if next, c, err = cur.Fold(f); err != nil {
				return c, fmt.Errorf("pgstore: ledger: %s: %w", key, err)
			}
			if err := l.update(ctx, tx, cur, next); err != nil {
				return contract.Change{}, err
			}
		}
	default:
		if err := l.update(ctx, tx, cur, next); err != nil {
			return contract.Change{}, err
		}
	}
	if c.Changed() && then != nil {
		if err := then(ctx, c); err != nil {
			return c, fmt.Errorf("pgstore: ledger: %s: %w", key, err)
		}
	}
	return c, nil
}

// read returns the record that query, run on q with the contract's key,
// returns, and false, with the zero Record, when there is none.
func (l *Ledger) read(ctx context.Context, q querier, query, key string) (contract.Record, bool, error) {
	var raw []byte
	err := q.QueryRow(ctx, query, key).Scan(&raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return contract.Record{}, false, nil
	}
	if err != nil {
		return contract.Record{}, false, fmt.Errorf("pgstore: ledger: read %s: %w", key, err)
	}
	var r contract.Record
	if err := json.Unmarshal(raw, &r); err != nil {
		return contract.Record{}, false, fmt.Errorf("pgstore: ledger: read %s: %w", key, err)
	}
	return r, true, nil
}

// write runs stmt, the insert or the update, with r's columns, and reports
// whether it wrote a row.
func (l *Ledger) write(ctx context.Context, tx pgx.Tx, stmt string, r contract.Record) (bool, error) {
	s := &r.State
	raw, err := json.Marshal(r)
	if err != nil {
		return false, fmt.Errorf("pgstore: ledger: write %s: %w", s.Key, err)
	}
	tag, err := tx.Exec(ctx, stmt, s.Key.String(), string(s.Key.Marketplace), string(s.Status), raw, s.UpdatedAt)
	if err != nil {
		return false, fmt.Errorf("pgstore: ledger: write %s: %w", s.Key, err)
	}
	return tag.RowsAffected() == 1, nil
}

// update writes next over the row of cur, unless the fact that made next
// from cur was applied before and changed nothing.
func (l *Ledger) update(ctx context.Context, tx pgx.Tx, cur, next contract.Record) error {
	if len(next.State.EventIDs) == len(cur.State.EventIDs) {
		return nil
	}
	_, err := l.write(ctx, tx, l.updateSQL, next)
	return err
}

// A querier runs a query that returns one row: a pool or a transaction.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Get implements contract.Ledger: it returns the state of contract k as
// last committed or, with a context that carries a transaction
// (TxFromContext), as that transaction sees it. ok is false if no event of
// k was applied. An error wraps the driver's error, or the error of a
// record that does not decode.
func (l *Ledger) Get(ctx context.Context, k contract.Key) (s contract.State, ok bool, err error) {
	var q querier = l.pool
	if tx, in := TxFromContext(ctx); in {
		q = tx
	}
	r, ok, err := l.read(ctx, q, l.getSQL, k.String())
	return r.State, ok, err
}

// All returns the state of every contract in the table, sorted by
// Key.String, as contract.Book's All does. It reads the whole table into
// memory, in one query. An error wraps the driver's error, or the error of
// a record that does not decode.
func (l *Ledger) All(ctx context.Context) ([]contract.State, error) {
	rows, err := l.pool.Query(ctx, l.allSQL)
	if err != nil {
		return nil, fmt.Errorf("pgstore: ledger: all: %w", err)
	}
	states, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (contract.State, error) {
		var raw []byte
		if err := row.Scan(&raw); err != nil {
			return contract.State{}, err
		}
		var r contract.Record
		err := json.Unmarshal(raw, &r)
		return r.State, err
	})
	if err != nil {
		return nil, fmt.Errorf("pgstore: ledger: all: %w", err)
	}
	return states, nil
}
