package pgstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// txKey is the context key of the transaction a function runs in.
type txKey struct{}

// TxFromContext returns the transaction that the function given ctx runs
// in: the then function of a Ledger's Apply, and the function of a Store's
// Inbox. A write made through it commits or rolls back with the state the
// Ledger writes and, inside a delivery, with the delivery's done mark. ok
// is false outside such a function.
//
// The transaction ends when the function returns: do not keep it, or a
// context carrying it, for later.
func TxFromContext(ctx context.Context) (tx pgx.Tx, ok bool) {
	tx, ok = ctx.Value(txKey{}).(pgx.Tx)
	return tx, ok
}

// A beginner begins a transaction: a pgxpool.Pool, or a pgx.Tx, which
// begins a nested one on a savepoint.
type beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// transact runs fn in a transaction begun on db, with a context that
// carries it (TxFromContext), and commits when fn returns nil. It returns
// fn's error unchanged, after rolling back; the errors of the begin and
// the commit start with what.
func transact(ctx context.Context, db beginner, what string, fn func(ctx context.Context, tx pgx.Tx) error) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return fmt.Errorf("%s: begin: %w", what, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(context.WithValue(ctx, txKey{}, tx), tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("%s: commit: %w", what, err)
	}
	return nil
}

// migrate runs the statements ddl in one transaction, holding a
// transaction-scoped advisory lock on lockKey, so that replicas migrating
// at once are serialised.
func migrate(ctx context.Context, pool *pgxpool.Pool, lockKey string, ddl []string) error {
	return transact(ctx, pool, "pgstore: migrate", func(ctx context.Context, tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, lockKey); err != nil {
			return fmt.Errorf("pgstore: migrate: %w", err)
		}
		for _, stmt := range ddl {
			if _, err := tx.Exec(ctx, stmt); err != nil {
				return fmt.Errorf("pgstore: migrate: %w", err)
			}
		}
		return nil
	})
}

// A table is the name of a table, optionally qualified by a schema.
type table struct {
	name   string // as configured, "schema.table" or "table"
	quoted string // each part quoted as an identifier
	last   string // the table's own name, unquoted
}

// tableOf returns the table name names, or def when name is empty.
func tableOf(name, def string) table {
	if name == "" {
		name = def
	}
	parts := strings.Split(name, ".")
	return table{name: name, quoted: pgx.Identifier(parts).Sanitize(), last: parts[len(parts)-1]}
}

// lockKey returns the name of the advisory lock Migrate holds for t.
func (t table) lockKey() string { return "pgstore:" + t.name }
