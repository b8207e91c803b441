// Receiver is a production-shaped receiver of Clazar's webhook deliveries:
// provisioning driven by each buyer's contract state (package contract),
// typed handlers for metering failures, JSON logs, a health endpoint and
// a graceful shutdown.
//
//	CLAZAR_WEBHOOK_SECRET=whsec_... go run ./examples/receiver -addr :8080
//
// It is configured by its environment and flags:
//
//	CLAZAR_WEBHOOK_SECRET  the endpoint's signing secret, as Clazar shows it
//	                       (required); while rotating, the new secret and
//	                       the old one, separated by a space
//	-addr                  the address to listen on; the default is :$PORT,
//	                       or :8080 if PORT is not set
//
// Clazar delivers to POST /webhooks/clazar; GET /healthz answers 200 while
// the server runs. Logs are JSON lines on standard output. SIGTERM or
// SIGINT stops it: it stops accepting connections and waits up to 20
// seconds for the deliveries in progress to finish.
//
// The handlers log what a real receiver would do, such as granting or
// revoking the buyer's access; replace the logging with calls to your own
// systems. The provisioning callback runs once per change of a contract;
// the other handlers must be idempotent, as a delivery is handled at least
// once.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/contract"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/gcp"
	"github.com/clazarevents/sdk-go/webhook"
)

const (
	// webhookPath is the path of the endpoint to register in Clazar.
	webhookPath = "/webhooks/clazar"

	// shutdownTimeout bounds the wait for deliveries in progress at
	// shutdown. A delivery cut short is not marked done, so Clazar sends
	// it again, to this replica or another.
	shutdownTimeout = 20 * time.Second
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr, nil); err != nil {
		fmt.Fprintln(os.Stderr, "receiver:", err)
		os.Exit(1)
	}
}

// run runs the receiver until ctx is cancelled or the process receives
// SIGTERM or SIGINT, then shuts it down. It reads its flags from args and
// its environment through getenv, and writes its logs to stdout. If
// listening is not nil, run calls it with the address it listens on, once
// it accepts connections.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, listening func(addr string)) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	fs := flag.NewFlagSet("receiver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "", "address to listen on (default :$PORT, or :8080)")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil // -h printed the usage
	} else if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if *addr == "" {
		*addr = defaultAddr(getenv)
	}

	// Fail fast: without its secret the receiver could verify nothing.
	secrets := strings.Fields(getenv("CLAZAR_WEBHOOK_SECRET"))
	if len(secrets) == 0 {
		return errors.New("CLAZAR_WEBHOOK_SECRET is not set: set it to the endpoint's signing secret (whsec_...) shown in Clazar")
	}

	log := slog.New(slog.NewJSONHandler(stdout, nil))
	h, err := newHandler(secrets, log)
	if err != nil {
		return fmt.Errorf("CLAZAR_WEBHOOK_SECRET: %w", err)
	}

	mux := http.NewServeMux()
	mux.Handle(webhookPath, h)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	srv := &http.Server{
		Handler: mux,
		// Clients that send headers or bodies slowly must not hold
		// connections open: a delivery is at most 1 MiB.
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		// Handlers may run as long as a delivery's claim lasts.
		WriteTimeout: webhook.DefaultClaimTTL + 10*time.Second,
		IdleTimeout:  2 * time.Minute,
		ErrorLog:     slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listening: %w", err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "path", webhookPath)
	if listening != nil {
		listening(ln.Addr().String())
	}

	select {
	case err := <-served:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	stop() // from here on, a second signal ends the process at once

	log.Info("shutting down", "timeout", shutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	log.Info("stopped")
	return nil
}

// defaultAddr returns the address to listen on when -addr is not given:
// the port in PORT, as platforms such as Cloud Run and Heroku set it, on
// every interface, or :8080.
func defaultAddr(getenv func(string) string) string {
	if port := getenv("PORT"); port != "" {
		return ":" + port
	}
	return ":8080"
}

// newHandler returns the webhook Handler, verifying deliveries with
// secrets, with the handlers registered.
func newHandler(secrets []string, log *slog.Logger) (*webhook.Handler, error) {
	h, err := webhook.NewHandler(webhook.Options{
		Secrets: secrets,
		// The Handler logs every delivery it does not answer 2xx.
		Logger: log,
		// OnError sees those deliveries too. A 400 or 422 fails again on
		// every retry until this receiver changes, so keep its verified
		// body, to replay once the receiver is fixed. Here it goes to the
		// log; a real receiver might store it in a table.
		OnError: func(r *http.Request, err *webhook.DeliveryError) {
			if (err.Status == http.StatusBadRequest || err.Status == http.StatusUnprocessableEntity) && err.Delivery != nil {
				log.ErrorContext(r.Context(), "delivery kept for replay",
					"status", err.Status, "id", err.Delivery.ID, "topic", err.Delivery.Topic,
					"error", err.Err, "body", string(err.Delivery.Body))
			}
		},
	})
	if err != nil {
		return nil, err
	}
	handleContracts(h, log)
	handleMeteringFailures(h, log)
	return h, nil
}

// deliveryID returns the id of the delivery that ctx belongs to. The
// handlers log it under the key "id", as the Handler logs its own records,
// so that one query finds every line of a delivery.
func deliveryID(ctx context.Context) string {
	if d, ok := webhook.FromContext(ctx); ok {
		return d.ID
	}
	return ""
}

// handleContracts keeps each buyer's contract state with contract.Watch
// and provisions from its changes: it grants access when a contract
// becomes active, revokes it when an active contract is suspended or
// cancelled, and updates it when the plan, quantity or entitlements of an
// active contract change. Deliveries that arrive late, twice or out of
// order change nothing, so a late modification never re-grants a
// cancelled contract.
//
// The Book keeps the state in memory, which suits one replica; several
// replicas share a PostgreSQL ledger (package webhook/pgstore).
func handleContracts(h *webhook.Handler, log *slog.Logger) {
	contract.Watch(h, contract.NewBook(), func(ctx context.Context, c contract.Change) error {
		s := c.After
		attrs := []any{"id", deliveryID(ctx), "key", s.Key.String(), "status", string(s.Status),
			"plan", s.Plan, "quantity", s.Quantity.String(), "entitlements", len(s.Entitlements)}
		switch {
		case c.Granted():
			log.InfoContext(ctx, "grant access", attrs...)
		case c.Revoked():
			log.InfoContext(ctx, "revoke access", attrs...)
		case s.Status.Entitled():
			log.InfoContext(ctx, "update access", attrs...)
		default:
			log.InfoContext(ctx, "contract state", attrs...)
		}
		return nil
	})
}

// handleMeteringFailures registers the handlers of usage that could not be
// reported to the marketplace: the buyer was not billed for it, so someone
// must look, and resubmit it once the cause is fixed.
func handleMeteringFailures(h *webhook.Handler, log *slog.Logger) {
	webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.MeteringSubmissionFailed) error {
		log.WarnContext(ctx, "usage not billed", "id", deliveryID(ctx), "topic", e.Topic,
			"product_code", m.ProductCode, "customer_identifier", m.CustomerIdentifier,
			"dimension", m.Dimension, "quantity", m.Quantity.String(), "reason", m.ExtraInfo.Error)
		return nil
	})
	webhook.On(h, func(ctx context.Context, e *event.Event, m *gcp.MeteringSubmissionFailed) error {
		log.WarnContext(ctx, "usage not billed", "id", deliveryID(ctx), "topic", e.Topic,
			"entitlement_id", m.EntitlementID,
			"dimension", m.Dimension, "quantity", m.Quantity.String(), "reason", m.ExtraInfo.Error)
		return nil
	})
}
