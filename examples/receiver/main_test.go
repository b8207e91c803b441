package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/gcp"
	"github.com/clazarevents/sdk-go/internal/sdktest"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// records returns the JSON log lines in b, failing the test on a line that
// is not a JSON object.
func records(t *testing.T, b *sdktest.SyncBuffer) []map[string]any {
	t.Helper()
	var recs []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q is not JSON: %v", line, err)
		}
		recs = append(recs, rec)
	}
	return recs
}

// env returns a getenv that reads vars.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// receiver is a run of the receiver in the background.
type receiver struct {
	url    string              // http://127.0.0.1:port
	logs   *sdktest.SyncBuffer // its standard output
	cancel func()              // cancels run's context
	done   chan error          // receives run's result
}

// start runs the receiver on a free loopback port with secret, until the
// test and its subtests end or r.stop is called.
func start(t *testing.T, secret string) *receiver {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &receiver{logs: new(sdktest.SyncBuffer), cancel: cancel, done: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		r.done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, env(map[string]string{"CLAZAR_WEBHOOK_SECRET": secret}),
			r.logs, io.Discard, func(a string) { addr <- a })
	}()
	t.Cleanup(func() { r.stop(t) })
	select {
	case a := <-addr:
		r.url = "http://" + a
	case err := <-r.done:
		t.Fatalf("run returned before listening: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the receiver did not start listening within 10s")
	}
	return r
}

// stop cancels run's context and returns run's result. Calls after the
// first return nil.
func (r *receiver) stop(t *testing.T) error {
	t.Helper()
	r.cancel()
	return r.wait(t)
}

// wait returns run's result, failing the test if run does not return
// within 10s. Calls after the first return nil.
func (r *receiver) wait(t *testing.T) error {
	t.Helper()
	select {
	case err, ok := <-r.done:
		if ok {
			close(r.done)
		}
		return err
	case <-time.After(10 * time.Second):
		t.Error("run did not return within 10s of being stopped")
		return nil
	}
}

var client = &http.Client{Timeout: 5 * time.Second}

// post sends body to the receiver's webhook endpoint, with headers signing
// signed (usually body itself) with secret under id, and returns the
// status.
func post(t *testing.T, url, secret, id string, signed, body []byte) int {
	t.Helper()
	h, err := webhooktest.Sign(secret, id, time.Now(), signed)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, url+webhookPath, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = h
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", webhookPath, err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// decode returns the metadata of topic's fixture, as T.
func decode[T event.Metadata](t *testing.T, topic topics.Topic) *T {
	t.Helper()
	e, err := event.Parse(webhooktest.MustFixture(topic))
	if err != nil {
		t.Fatal(err)
	}
	m, err := event.DecodeAs[T](e)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func fixture(t topics.Topic) []byte { return webhooktest.MustFixture(t) }

func TestDeliveries(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	r := start(t, secret)

	awsMetering := decode[aws.MeteringSubmissionFailed](t, topics.AWSMeteringSubmissionFailed)
	gcpMetering := decode[gcp.MeteringSubmissionFailed](t, topics.GCPMeteringSubmissionFailed)
	invalid := []byte(`{"id":"evt_1","topic":"aws.contract.created","metadata":{"customer_identifier":"Z5Zb2Qd7nLx"}}`)

	tests := []struct {
		name   string
		signed []byte // the body the signature covers
		sent   []byte // the body sent, if not signed
		status int
		// The log record the delivery must leave, at level, with message
		// msg and these attributes (and the delivery's id, once verified).
		// With no msg, it must leave none.
		level string
		msg   string
		attrs map[string]string
	}{
		{"aws metering failure", fixture(topics.AWSMeteringSubmissionFailed), nil, 204, "WARN", "usage not billed", map[string]string{
			"topic": "aws.metering.submission_failed", "customer_identifier": awsMetering.CustomerIdentifier,
			"dimension": awsMetering.Dimension, "quantity": awsMetering.Quantity.String(), "reason": awsMetering.ExtraInfo.Error,
		}},
		{"gcp metering failure", fixture(topics.GCPMeteringSubmissionFailed), nil, 204, "WARN", "usage not billed", map[string]string{
			"topic": "gcp.metering.submission_failed", "entitlement_id": gcpMetering.EntitlementID,
			"dimension": gcpMetering.Dimension, "quantity": gcpMetering.Quantity.String(), "reason": gcpMetering.ExtraInfo.Error,
		}},
		{"topic without a handler", fixture(topics.AWSListingPublished), nil, 204, "", "", nil},
		{"tampered body", fixture(topics.AWSContractCreated), append(fixture(topics.AWSContractCreated), ' '), 401,
			"WARN", "webhook: delivery not handled", map[string]string{"status": "401"}},
		{"invalid metadata", invalid, nil, 422, "ERROR", "delivery kept for replay", map[string]string{
			"status": "422", "topic": "aws.contract.created", "body": string(invalid),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sent := tt.sent
			if sent == nil {
				sent = tt.signed
			}
			id := webhooktest.NewID()
			if got := post(t, r.url, secret, id, tt.signed, sent); got != tt.status {
				t.Fatalf("status %d, want %d", got, tt.status)
			}

			// Every log record of the delivery is written by now: net/http
			// sends a response this small once the Handler returns.
			recs := records(t, r.logs)
			for _, rec := range recs {
				if rec["id"] == id && (tt.msg == "" || tt.status == http.StatusUnauthorized) {
					t.Errorf("log record %v, want none with the delivery's id", rec)
				}
			}
			if tt.msg == "" {
				return
			}
			want := maps.Clone(tt.attrs)
			if tt.status != http.StatusUnauthorized { // an unverified delivery's id is not logged
				want["id"] = id
			}
			var found []map[string]any
			for _, rec := range recs {
				if rec["msg"] == tt.msg && hasAttrs(rec, want) {
					found = append(found, rec)
				}
			}
			if len(found) != 1 {
				t.Fatalf("%d log records %q with %v, want 1, in:\n%s", len(found), tt.msg, want, r.logs)
			}
			if found[0]["level"] != tt.level {
				t.Errorf("level %v, want %s", found[0]["level"], tt.level)
			}
		})
	}
}

// hasAttrs reports whether the log record rec has every attribute in want,
// with the value written as in want.
func hasAttrs(rec map[string]any, want map[string]string) bool {
	for k, v := range want {
		got, ok := rec[k]
		if !ok || fmt.Sprint(got) != v {
			return false
		}
	}
	return true
}

// A buyer's journey, delivered in order and then again shuffled with a
// late cancellation first, provisions exactly once per change: grant at
// activation, revoke at suspension, grant at reinstatement, revoke at the
// end, and never a grant after the end.
func TestProvisioning(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	r := start(t, secret)
	j, err := webhooktest.NewJourney(topics.Azure, 5)
	if err != nil {
		t.Fatal(err)
	}
	bodies := j.Bodies()
	send := func(i int) {
		t.Helper()
		if got := post(t, r.url, secret, fmt.Sprintf("msg_%d", i), bodies[i], bodies[i]); got != http.StatusNoContent {
			t.Fatalf("delivery %d (%s): status %d", i, j.Events[i].Topic, got)
		}
	}
	for i := range bodies {
		send(i)
		send(i) // a duplicate, acknowledged and not provisioned again
	}
	send(3) // a late copy of the quantity change

	var got []string
	for _, rec := range records(t, r.logs) {
		if rec["key"] == "azure:"+j.Buyer {
			got = append(got, fmt.Sprintf("%s %s %s", rec["msg"], rec["status"], rec["quantity"]))
		}
	}
	want := []string{
		"contract state pending 7",   // pending
		"contract state pending 7",   // registered
		"grant access active 7",      // activated
		"update access active 10",    // quantity changed
		"update access active 10",    // plan changed
		"revoke access suspended 10", // suspended
		"grant access active 10",     // reinstated
		"update access active 10",    // renewed: a new term
		"revoke access cancelled 10", // unsubscribed
	}
	if !slices.Equal(got, want) {
		t.Errorf("provisioning log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestLifecycle checks the health endpoint, the log lines of starting and
// stopping, and that cancelling the context shuts the receiver down.
func TestLifecycle(t *testing.T) {
	t.Parallel()
	r := start(t, webhooktest.NewSecret())

	resp, err := client.Get(r.url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || string(body) != "ok\n" {
		t.Errorf("GET /healthz: %d %q, %v; want 200 \"ok\\n\"", resp.StatusCode, body, err)
	}

	resp, err = client.Get(r.url + webhookPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET %s: %d, want 405", webhookPath, resp.StatusCode)
	}

	if err := r.stop(t); err != nil {
		t.Fatalf("run after cancel: %v", err)
	}
	checkStopped(t, r)
}

// TestSIGTERM sends the test process SIGTERM, which the receiver must take
// as the signal to shut down. It is not parallel: every receiver running
// would take the signal.
func TestSIGTERM(t *testing.T) {
	r := start(t, webhooktest.NewSecret())
	p, err := os.FindProcess(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Signal(syscall.SIGTERM); err != nil {
		t.Skipf("cannot send SIGTERM on this system: %v", err)
	}
	if err := r.wait(t); err != nil {
		t.Fatalf("run after SIGTERM: %v", err)
	}
	checkStopped(t, r)
}

// checkStopped checks that r logged listening first, and shutting down and
// stopped last, and no longer accepts connections.
func checkStopped(t *testing.T, r *receiver) {
	t.Helper()
	var msgs []string
	for _, rec := range records(t, r.logs) {
		msgs = append(msgs, fmt.Sprint(rec["msg"]))
	}
	if n := len(msgs); n < 3 || msgs[0] != "listening" || msgs[n-2] != "shutting down" || msgs[n-1] != "stopped" {
		t.Errorf("log messages %q, want listening first and shutting down, stopped last", msgs)
	}
	if resp, err := client.Get(r.url + "/healthz"); err == nil {
		resp.Body.Close()
		t.Error("GET /healthz succeeded after shutdown")
	}
}

func TestConfigErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    string // in the error message
		wantErr error  // if not nil, the error wraps it
	}{
		{"no secret", nil, nil, "CLAZAR_WEBHOOK_SECRET is not set", nil},
		{"blank secret", nil, map[string]string{"CLAZAR_WEBHOOK_SECRET": "  "}, "CLAZAR_WEBHOOK_SECRET is not set", nil},
		{"secret not base64", nil, map[string]string{"CLAZAR_WEBHOOK_SECRET": "whsec_***"}, "CLAZAR_WEBHOOK_SECRET", webhook.ErrInvalidSecret},
		{"unknown flag", []string{"-port", "80"}, map[string]string{"CLAZAR_WEBHOOK_SECRET": webhooktest.NewSecret()}, "flag provided but not defined", nil},
		{"extra argument", []string{"serve"}, map[string]string{"CLAZAR_WEBHOOK_SECRET": webhooktest.NewSecret()}, "unexpected arguments", nil},
		{"invalid address", []string{"-addr", "127.0.0.1:99999"}, map[string]string{"CLAZAR_WEBHOOK_SECRET": webhooktest.NewSecret()}, "listening", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout bytes.Buffer
			err := run(context.Background(), tt.args, env(tt.env), &stdout, io.Discard, func(string) {
				t.Error("the receiver started listening")
			})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("run = %v, want an error containing %q", err, tt.want)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("run = %v, want it to wrap %v", err, tt.wantErr)
			}
			if stdout.Len() > 0 {
				t.Errorf("logs %q, want none", &stdout)
			}
		})
	}
}

// TestRotation checks that while rotating, deliveries signed with the new
// secret and with the old one are both accepted.
func TestRotation(t *testing.T) {
	t.Parallel()
	newSecret, oldSecret := webhooktest.NewSecret(), webhooktest.NewSecret()
	r := start(t, newSecret+" "+oldSecret)
	body := fixture(topics.AWSListingPublished)
	for _, tt := range []struct {
		name   string
		secret string
		status int
	}{
		{"new secret", newSecret, http.StatusNoContent},
		{"old secret", oldSecret, http.StatusNoContent},
		{"another secret", webhooktest.NewSecret(), http.StatusUnauthorized},
	} {
		if got := post(t, r.url, tt.secret, webhooktest.NewID(), body, body); got != tt.status {
			t.Errorf("signed with the %s: status %d, want %d", tt.name, got, tt.status)
		}
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"-h"}, env(nil), &stdout, &stderr, nil); err != nil {
		t.Errorf("run -h = %v, want nil", err)
	}
	if !strings.Contains(stderr.String(), "-addr") || stdout.Len() > 0 {
		t.Errorf("run -h: stdout %q, stderr %q; want the usage on stderr", &stdout, &stderr)
	}
}

func TestDefaultAddr(t *testing.T) {
	t.Parallel()
	for port, want := range map[string]string{"": ":8080", "3000": ":3000"} {
		if got := defaultAddr(env(map[string]string{"PORT": port})); got != want {
			t.Errorf("PORT=%q: address %q, want %q", port, got, want)
		}
	}
}
