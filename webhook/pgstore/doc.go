// Package pgstore keeps the webhook package's idempotency records in
// PostgreSQL, so that several receiver replicas behind a load balancer
// handle each delivery once, whichever replica the sender's retries reach.
// Its Inbox lets a handler make its own writes in the transaction that
// marks the delivery done, so that they commit or roll back together. Its
// Ledger keeps each buyer's contract state (package
// github.com/clazarevents/sdk-go/contract) in a table the replicas share.
//
// It is a module of its own, so that the core SDK does not depend on a
// database driver. Until a version is tagged, it is used from a clone of
// the SDK, and a module that replaces the core with the clone replaces
// this module too, as a replace in this module's go.mod does not apply to
// yours:
//
//	replace (
//		github.com/clazarevents/sdk-go => ../sdk-go
//		github.com/clazarevents/sdk-go/webhook/pgstore => ../sdk-go/webhook/pgstore
//	)
//
// followed by go mod tidy. The README.md beside this file gives the whole
// steps.
//
// A receiver creates one pgxpool.Pool, one Store on it, and passes the
// Store to the webhook.Handler. A handler whose effect is a write to the
// same database makes it through Inbox:
//
//	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
//	if err != nil {
//		return err
//	}
//	store := pgstore.New(pool, pgstore.Options{})
//	if err := store.Migrate(ctx); err != nil {
//		return err
//	}
//	h, err := webhook.NewHandler(webhook.Options{Secrets: secrets, Store: store})
//	if err != nil {
//		return err
//	}
//	webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
//		return store.Inbox(ctx, func(ctx context.Context, tx pgx.Tx) error {
//			_, err := tx.Exec(ctx,
//				`INSERT INTO subscriptions (customer, product) VALUES ($1, $2)`,
//				m.CustomerIdentifier, m.ProductCode)
//			return err
//		})
//	})
//
// One replica, or a scheduled job, removes expired records from time to
// time:
//
//	n, err := store.DeleteExpired(ctx)
//
// # The table
//
// Migrate runs this SQL (with the table named by Options.Table, here the
// default), inside a transaction that holds an advisory lock so that
// replicas starting together do not race:
//
//	CREATE TABLE IF NOT EXISTS webhook_deliveries (
//		key        text        PRIMARY KEY,
//		done       boolean     NOT NULL,
//		lease      uuid        NOT NULL,
//		claimed_at timestamptz NOT NULL,
//		expires_at timestamptz NOT NULL
//	);
//	CREATE INDEX IF NOT EXISTS webhook_deliveries_expires_at_idx
//		ON webhook_deliveries (expires_at);
//
// A row is a claim in flight (done false) until its expires_at, or a done
// record (done true) remembered until its expires_at. Claim takes over a
// row whose expires_at has passed; DeleteExpired removes such rows.
//
// # Claims and leases
//
// Claim is one INSERT ... ON CONFLICT (key) DO UPDATE statement. A new key
// is inserted as a claim. On a conflict the statement locks the existing
// row; if its expiry passed, it replaces the row with a new claim,
// otherwise it keeps the row's values and returns them, which tells Done
// from InFlight. Because the row lock serialises every claimer of a key
// and each re-reads the row as the one before it left it, exactly one of
// several concurrent claimers gets Claimed.
//
// Every claim carries a random lease id, which the Store remembers in
// memory. Complete, Release and Inbox touch only the row that still
// carries that lease, so a claimant whose claim lapsed and was taken over
// by another replica can neither release nor complete the new owner's
// claim. Within one Store, leases are remembered by key, so when this
// Store takes over its own lapsed claim, the two calls share the newer
// lease.
//
// # Contract state
//
// A Ledger is a contract.Ledger on a table of its own. Given the Store, it
// applies each contract event in the transaction of the delivery's Inbox,
// so that the state, the provisioning function's own writes and the done
// mark commit together:
//
//	ledger := pgstore.NewLedger(pool, pgstore.LedgerOptions{Store: store})
//	if err := ledger.Migrate(ctx); err != nil {
//		return err
//	}
//	contract.Watch(h, ledger, func(ctx context.Context, c contract.Change) error {
//		tx, _ := pgstore.TxFromContext(ctx) // always set in a Ledger's then
//		_, err := tx.Exec(ctx,
//			`INSERT INTO grants (contract, entitled) VALUES ($1, $2)
//			 ON CONFLICT (contract) DO UPDATE SET entitled = excluded.entitled`,
//			c.Key().String(), c.After.Status.Entitled())
//		return err
//	})
//
// Migrate runs, with the table named by LedgerOptions.Table (here the
// default), under an advisory lock as the Store's Migrate does:
//
//	CREATE TABLE IF NOT EXISTS contract_states (
//		key         text        PRIMARY KEY,
//		marketplace text        NOT NULL,
//		status      text        NOT NULL,
//		record      jsonb       NOT NULL,
//		updated_at  timestamptz NOT NULL
//	);
//
// A row is one contract: key is its contract.Key's String
// ("aws:<product_code>/<customer_identifier>", "azure:<subscription_id>",
// "gcp:<entitlement_id>"), marketplace and status are the state's, for
// queries of your own, updated_at is the timestamp of the newest event
// applied (State.UpdatedAt), and record is the contract.Record in its JSON
// form: the state, under "state", and the place of the event that set each
// part of it, which the fold needs.
//
// Apply runs in one transaction: it locks the contract's row (the insert
// of a contract's first event takes the lock of the new row), folds the
// event into the record, writes it, calls then if the state changed, and
// commits. So the events of one contract are applied one at a time,
// whichever replicas receive them, and each sees the state the one before
// committed; then sees the new state in the table, and its writes through
// TxFromContext commit with it. When then fails, the transaction rolls
// back: the row is as it was, or absent for a first event, and the retry
// of the delivery applies the event again and calls then again. An event
// applied before (by its id) changes nothing and does not reach then.
//
// The context of Apply chooses the transaction: inside a transaction that
// TxFromContext returns (a Store's Inbox, or another Ledger's then), a
// savepoint of it; during a delivery claimed by LedgerOptions.Store, that
// Store's Inbox; otherwise, as for events replayed from a file, a
// transaction of its own. With a Store, the Ledger's Apply is the
// delivery's Inbox call: make the delivery's other writes in then.
//
// # Errors
//
// An unreachable database, a timeout or any driver error makes Claim,
// Complete and Release return an error prefixed "pgstore: " that wraps the
// driver's error; the webhook.Handler answers such a delivery with a 5xx
// status, so the sender retries, and nothing is marked done.
package pgstore
