// Otelreceiver is a receiver of Clazar's webhook deliveries that reports
// them to OpenTelemetry and exposes the metrics for Prometheus to scrape:
//
//	CLAZAR_WEBHOOK_SECRET=whsec_... go run . -addr :8080
//	curl localhost:8080/metrics
//
// Clazar delivers to POST /webhooks/clazar, which otelhttp wraps, so that
// each delivery's span is a child of its request's. GET /metrics serves
// OpenTelemetry's Prometheus exporter: clazar_webhook_deliveries_total,
// clazar_webhook_delivery_duration_seconds, and the handler metrics, by
// topic and outcome (webhook/otelwebhook's README lists them). Traces go
// to the global TracerProvider, which a real program sets to an exporter
// of its choice. SIGTERM or SIGINT stops it.
//
// It is a module of its own, so that the SDK's core module depends on no
// OpenTelemetry or Prometheus package.
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

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/otelwebhook"
)

// webhookPath is the path of the endpoint to register in Clazar.
const webhookPath = "/webhooks/clazar"

func main() {
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, nil); err != nil {
		fmt.Fprintln(os.Stderr, "otelreceiver:", err)
		os.Exit(1)
	}
}

// run serves until ctx is cancelled or the process receives SIGTERM or
// SIGINT. If listening is not nil, run calls it with the address it listens
// on, once it accepts connections.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, listening func(addr string)) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	fs := flag.NewFlagSet("otelreceiver", flag.ContinueOnError)
	addr := fs.String("addr", ":8080", "address to listen on")
	if err := fs.Parse(args); err != nil {
		return err
	}
	secrets := strings.Fields(getenv("CLAZAR_WEBHOOK_SECRET"))
	if len(secrets) == 0 {
		return errors.New("CLAZAR_WEBHOOK_SECRET is not set: set it to the endpoint's signing secret (whsec_...) shown in Clazar")
	}
	log := slog.New(slog.NewJSONHandler(stdout, nil))

	mux, shutdown, err := newMux(secrets, log)
	if err != nil {
		return err
	}
	defer shutdown(context.Background())

	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listening: %w", err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "webhooks", webhookPath, "metrics", "/metrics")
	if listening != nil {
		listening(ln.Addr().String())
	}
	select {
	case err := <-served:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// newMux returns the receiver's routes, metered into a Prometheus
// registry of their own, and the function that shuts the meter down.
func newMux(secrets []string, log *slog.Logger) (*http.ServeMux, func(context.Context) error, error) {
	registry := prometheus.NewRegistry()
	exporter, err := otelprom.New(otelprom.WithRegisterer(registry))
	if err != nil {
		return nil, nil, err
	}
	meters := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter))

	obs, err := otelwebhook.New(otelwebhook.Options{MeterProvider: meters})
	if err != nil {
		return nil, nil, err
	}
	h, err := webhook.NewHandler(webhook.Options{Secrets: secrets, Logger: log, Observe: obs.Observe})
	if err != nil {
		return nil, nil, fmt.Errorf("CLAZAR_WEBHOOK_SECRET: %w", err)
	}
	webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
		log.InfoContext(ctx, "grant access", "customer", m.CustomerIdentifier, "product", m.ProductCode)
		return nil
	})
	h.OnTopic("**", func(ctx context.Context, e *event.Event) error {
		log.InfoContext(ctx, "event", "topic", string(e.Topic))
		return nil
	})

	mux := http.NewServeMux()
	mux.Handle(webhookPath, otelhttp.NewHandler(h, "clazar webhook", otelhttp.WithMeterProvider(meters)))
	mux.Handle("GET /metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))
	return mux, meters.Shutdown, nil
}
