// Quickstart runs the SDK's main job end to end, with nothing to configure.
// It starts a webhook receiver (a webhook.Handler with a generated signing
// secret and the default in-memory idempotency store) on a loopback port,
// sends it every bundled fixture over HTTP, signed as Clazar signs its
// deliveries, and then three deliveries that show what the Handler refuses
// or skips: a duplicate, a tampered body and a topic newer than the SDK.
// It prints what the receiver saw and answered:
//
//	go run ./examples/quickstart
//
// It exits 0 only if every delivery got the status it should.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/azure"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/gcp"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

func main() {
	os.Exit(run(context.Background(), os.Stdout, os.Stderr))
}

// run starts the receiver, sends it every delivery and prints the table to
// stdout. It returns the exit code: 0 if every delivery got the status it
// should, 1 otherwise.
func run(ctx context.Context, stdout, stderr io.Writer) int {
	// In production the secret is the one Clazar shows for the endpoint
	// ("whsec_..."); here the sender and the receiver share a new one.
	secret := webhooktest.NewSecret()

	h, seen, err := newReceiver(secret)
	if err != nil {
		fmt.Fprintln(stderr, "quickstart:", err)
		return 1
	}
	url, stop, err := serve(h)
	if err != nil {
		fmt.Fprintln(stderr, "quickstart:", err)
		return 1
	}
	defer stop()
	fmt.Fprintf(stdout, "Receiver listening on %s\n\n", url)

	plan, err := deliveries()
	if err != nil {
		fmt.Fprintln(stderr, "quickstart:", err)
		return 1
	}
	results, err := deliverAll(ctx, url, secret, plan, seen)
	if err != nil {
		fmt.Fprintln(stderr, "quickstart:", err)
		return 1
	}
	if !report(stdout, results) {
		return 1
	}
	return 0
}

// newReceiver returns a Handler that verifies deliveries signed with
// secret, and the ledger in which its handlers record what they saw.
func newReceiver(secret string) (*webhook.Handler, *ledger, error) {
	h, err := webhook.NewHandler(webhook.Options{
		Secrets: []string{secret},
		// The Handler logs every delivery it refuses. The table reports
		// them here, so the log is discarded; a real receiver keeps the
		// default logger or passes its own (see examples/receiver).
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		return nil, nil, fmt.Errorf("creating the handler: %w", err)
	}
	seen := &ledger{byID: make(map[string]*entry)}

	// A pattern handler receives the event with its metadata as raw JSON.
	// "**" matches every topic, including topics that this SDK does not
	// know yet. Handlers run in the order they are registered, so this one
	// runs first for every delivery.
	h.OnTopic("**", func(ctx context.Context, e *event.Event) error {
		m, err := e.Decode()
		switch {
		case errors.Is(err, event.ErrUnknownTopic):
			// A topic added after this SDK was released. Acknowledge it:
			// a retry would fail in the same way. A real receiver would
			// keep e for later.
			seen.handled(ctx, "(unknown to this SDK)", identity(e)...)
			return nil
		case err != nil:
			// The metadata does not match its type. Returning an error
			// answers 500, and Clazar retries the delivery later.
			return fmt.Errorf("decoding %s: %w", e.Topic, err)
		}
		seen.handled(ctx, strings.TrimPrefix(fmt.Sprintf("%T", m), "*"), identity(e)...)
		return nil
	})

	// A typed handler receives the metadata decoded and validated, as the
	// Go type that names the topic: the compiler checks the fields used.
	webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
		seen.note(ctx, fmt.Sprintf("entitlements=%d", len(m.Entitlements)))
		return nil
	})
	webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.AnalyticsDisbursement) error {
		seen.note(ctx, fmt.Sprintf("net=%s %s", m.DisbursedNetRevenue, m.Currency))
		return nil
	})
	webhook.On(h, func(ctx context.Context, e *event.Event, m *azure.ContractActivated) error {
		seen.note(ctx, "plan="+m.Entitlements.PlanID)
		return nil
	})
	webhook.On(h, func(ctx context.Context, e *event.Event, m *gcp.MeteringSubmissionFailed) error {
		seen.note(ctx, fmt.Sprintf("%s=%s", m.Dimension, m.Quantity))
		return nil
	})
	return h, seen, nil
}

// identity returns the metadata fields that identify the buyer's contract,
// which every marketplace names alike in its topics: AWS's product code and
// customer, Azure's subscription, GCP's entitlement, or an offer. Listings
// have none.
func identity(e *event.Event) []string {
	var ids struct {
		ProductCode        string `json:"product_code"`
		CustomerIdentifier string `json:"customer_identifier"`
		SubscriptionID     string `json:"subscription_id"`
		EntitlementID      string `json:"entitlement_id"`
		OfferID            string `json:"offer_id"`
	}
	if len(e.Metadata) > 0 {
		if err := json.Unmarshal(e.Metadata, &ids); err != nil {
			return []string{"(unreadable metadata)"}
		}
	}
	var fields []string
	switch {
	case ids.ProductCode != "":
		fields = append(fields, "product="+ids.ProductCode, "customer="+ids.CustomerIdentifier)
	case ids.SubscriptionID != "":
		fields = append(fields, "subscription="+ids.SubscriptionID)
	case ids.EntitlementID != "":
		fields = append(fields, "entitlement="+ids.EntitlementID)
	case ids.OfferID != "":
		fields = append(fields, "offer="+ids.OfferID)
	}
	return fields
}

// A ledger records, by delivery id, what the handlers saw.
type ledger struct {
	mu   sync.Mutex
	byID map[string]*entry
}

// An entry is what the handlers saw of one delivery.
type entry struct {
	runs   int      // how many times the handlers ran for the delivery
	goType string   // the Go type of its metadata
	fields []string // key fields, as name=value
}

// handled records a run of the handlers for the delivery in ctx, whose
// metadata has the Go type goType.
func (l *ledger) handled(ctx context.Context, goType string, fields ...string) {
	d, _ := webhook.FromContext(ctx) // the Handler always passes the delivery
	l.mu.Lock()
	defer l.mu.Unlock()
	l.byID[d.ID] = &entry{runs: l.runs(d.ID) + 1, goType: goType, fields: fields}
}

// note adds fields to the entry of the delivery in ctx.
func (l *ledger) note(ctx context.Context, fields ...string) {
	d, _ := webhook.FromContext(ctx)
	l.mu.Lock()
	defer l.mu.Unlock()
	if en, ok := l.byID[d.ID]; ok {
		en.fields = append(en.fields, fields...)
	}
}

// runs returns how many times the handlers ran for id. l.mu must be held.
func (l *ledger) runs(id string) int {
	if en, ok := l.byID[id]; ok {
		return en.runs
	}
	return 0
}

// get returns a copy of the entry of id; the zero entry if the handlers
// never ran for it.
func (l *ledger) get(id string) entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	if en, ok := l.byID[id]; ok {
		return entry{runs: en.runs, goType: en.goType, fields: slices.Clone(en.fields)}
	}
	return entry{}
}

// serve starts an HTTP server for h on a free loopback port, so that
// nothing outside this machine can reach it. It returns the webhook URL and
// a function that stops the server.
func serve(h http.Handler) (url string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listening: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/webhooks/clazar", h)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln) // returns http.ErrServerClosed when stopped
	stop = func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}
	return "http://" + ln.Addr().String() + "/webhooks/clazar", stop, nil
}

// A delivery is one request to send, and what the receiver should do with
// it.
type delivery struct {
	label    string // the TOPIC column: the topic, and what is special about the delivery
	id       string // the svix-id header, Clazar's id of the delivery
	signed   []byte // the body that the signature is computed over
	sent     []byte // the body sent: signed, or a tampered copy of it
	want     int    // the status the receiver should answer
	wantRuns int    // how many times the handlers should have run for id afterwards
	note     string // why, for the deliveries that are not plain fixtures
}

// unknownTopic is a delivery of a topic that no SDK package registers, as
// Clazar may add one at any time.
const unknownTopic = `{
  "id": "1f0c7a52-93be-4d61-8a27-c5e4b9d03f18",
  "topic": "aws.quota.exceeded",
  "origin": "AWS",
  "timestamp": "2025-10-01T08:00:00Z",
  "metadata": {"product_code": "4hc2x8yzq9m1n7b3v5k0t6r2p", "customer_identifier": "Z5Zb2Qd7nLx", "quota": "api_requests"}
}`

// deliveries returns every bundled fixture, in topic order, followed by a
// duplicate, a tampered and an unknown-topic delivery.
func deliveries() ([]delivery, error) {
	var plan []delivery
	for _, spec := range event.Specs() { // every topic the SDK knows
		body, err := webhooktest.Fixture(spec.Topic)
		if err != nil {
			return nil, err
		}
		plan = append(plan, delivery{
			label: string(spec.Topic), id: webhooktest.NewID(),
			signed: body, sent: body, want: http.StatusNoContent, wantRuns: 1,
		})
	}

	// Clazar sends a delivery again when it did not see the answer. The
	// same id is answered 204 without running the handlers again.
	i := slices.IndexFunc(plan, func(d delivery) bool { return d.label == string(topics.AWSContractCreated) })
	if i < 0 {
		return nil, fmt.Errorf("no fixture of %s", topics.AWSContractCreated)
	}
	dup := plan[i]
	dup.label += " (duplicate)"
	dup.note = "same id as an earlier delivery: acknowledged, the handlers do not run again"
	plan = append(plan, dup)

	// A body changed after signing fails verification: 401, and no handler
	// runs.
	body, err := webhooktest.Fixture(topics.AWSAnalyticsDisbursement)
	if err != nil {
		return nil, err
	}
	tampered, err := webhooktest.Restamp(body, webhooktest.Stamp{
		Metadata: map[string]any{"disbursed_net_revenue": "99999.00"},
	})
	if err != nil {
		return nil, err
	}
	plan = append(plan, delivery{
		label: string(topics.AWSAnalyticsDisbursement) + " (tampered)", id: webhooktest.NewID(),
		signed: body, sent: tampered, want: http.StatusUnauthorized, wantRuns: 0,
		note: "amount changed after signing: refused before the body is read as an event",
	})

	// A topic newer than the SDK still reaches pattern handlers, so the
	// "**" handler runs and acknowledges it: 204. Without a pattern handler
	// that matches it, the Handler would answer 204 too, but run nothing.
	plan = append(plan, delivery{
		label: "aws.quota.exceeded (unknown topic)", id: webhooktest.NewID(),
		signed: []byte(unknownTopic), sent: []byte(unknownTopic), want: http.StatusNoContent, wantRuns: 1,
		note: `a topic newer than this SDK: the "**" pattern handler receives it raw and acknowledges it`,
	})
	return plan, nil
}

// A result is a delivery sent, the status it got and what the handlers saw
// of it.
type result struct {
	delivery
	status int
	seen   entry
}

// deliverAll sends each delivery to url, signed with secret, one after
// another, and returns the results. Its error reports a request that could
// not be sent or answered.
func deliverAll(ctx context.Context, url, secret string, plan []delivery, seen *ledger) ([]result, error) {
	client := &http.Client{Timeout: 5 * time.Second}
	results := make([]result, 0, len(plan))
	for _, d := range plan {
		status, err := send(ctx, client, url, secret, d)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.label, err)
		}
		results = append(results, result{delivery: d, status: status, seen: seen.get(d.id)})
	}
	return results, nil
}

// send posts d.sent to url with the headers that sign d.signed, as Clazar
// would, and returns the status code.
func send(ctx context.Context, client *http.Client, url, secret string, d delivery) (int, error) {
	header, err := webhooktest.Sign(secret, d.id, time.Now(), d.signed)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(d.sent))
	if err != nil {
		return 0, err
	}
	req.Header = header
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body) // lets the connection be reused
	return resp.StatusCode, nil
}

// report prints the table and a summary line, and reports whether every
// delivery got the status and the number of handler runs it should.
func report(w io.Writer, results []result) bool {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TOPIC\tGO TYPE\tKEY FIELDS\tRUNS\tSTATUS")
	var wrong []string
	for _, r := range results {
		status := fmt.Sprint(r.status)
		if r.status != r.want {
			status += fmt.Sprintf(" (want %d)", r.want)
		}
		runs := fmt.Sprint(r.seen.runs)
		if r.seen.runs != r.wantRuns {
			runs += fmt.Sprintf(" (want %d)", r.wantRuns)
		}
		if r.status != r.want || r.seen.runs != r.wantRuns {
			wrong = append(wrong, fmt.Sprintf("%s: status %d, handler runs %d; want %d, %d", r.label, r.status, r.seen.runs, r.want, r.wantRuns))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.label, orDash(r.seen.goType), orDash(strings.Join(r.seen.fields, " ")), runs, status)
	}
	tw.Flush()

	fmt.Fprintln(w)
	fmt.Fprintln(w, "RUNS is how many times the handlers ran for the delivery's id.")
	for _, r := range results {
		if r.note != "" {
			fmt.Fprintf(w, "%s: %s.\n", r.label, r.note)
		}
	}
	fmt.Fprintln(w)
	if len(wrong) == 0 {
		fmt.Fprintf(w, "%d deliveries, all as expected\n", len(results))
		return true
	}
	fmt.Fprintf(w, "%d deliveries, %d not as expected:\n", len(results), len(wrong))
	for _, s := range wrong {
		fmt.Fprintln(w, "  "+s)
	}
	return false
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
