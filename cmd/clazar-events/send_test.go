package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// A received delivery, as a webhook.Handler passed it to a handler.
type received struct {
	delivery *webhook.Delivery
	event    *event.Event
	created  *aws.ContractCreated // for aws.contract.created
}

// newReceiver starts a server running a webhook.Handler with secret and
// returns its URL and the channel of the deliveries it verified.
func newReceiver(t *testing.T, secret string) (string, <-chan received) {
	t.Helper()
	got := make(chan received, 10)
	h, err := webhook.NewHandler(webhook.Options{Secrets: []string{secret}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
		d, _ := webhook.FromContext(ctx)
		got <- received{delivery: d, event: e, created: m}
		return nil
	})
	h.OnTopic("**", func(ctx context.Context, e *event.Event) error {
		if e.Topic != topics.AWSContractCreated {
			d, _ := webhook.FromContext(ctx)
			got <- received{delivery: d, event: e}
		}
		return nil
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL + "/webhooks/clazar", got
}

// receive returns the next delivery from got, failing the test if none
// comes in time.
func receive(t *testing.T, got <-chan received) received {
	t.Helper()
	select {
	case r := <-got:
		return r
	case <-time.After(testTimeout):
		t.Fatal("the receiver got no delivery")
		return received{}
	}
}

// TestSendTopic sends a topic's fixture to a real receiver.
func TestSendTopic(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	url, got := newReceiver(t, secret)
	orig, err := event.Parse(fixture(t, topics.AWSContractCreated))
	if err != nil {
		t.Fatal(err)
	}

	before := time.Now().Add(-time.Second)
	r := runTool(t, "", "send", "--url", url, "--secret", secret, "aws.contract.created")
	r.check(t, 0, []string{"POST " + url + "  aws.contract.created  msg_", "\n204 No Content\n"}, nil)
	if r.stderr != "" {
		t.Errorf("stderr is not empty:\n%s", r.stderr)
	}
	d := receive(t, got)
	if !strings.Contains(r.stdout, "  "+d.delivery.ID+"\n") {
		t.Errorf("stdout does not name the delivery id %s:\n%s", d.delivery.ID, r.stdout)
	}
	if d.created == nil || d.created.CustomerIdentifier != "Z5Zb2Qd7nLx" {
		t.Errorf("typed handler got %+v, want the fixture's metadata", d.created)
	}
	if d.event.ID == orig.ID || d.event.ID == "" {
		t.Errorf("envelope id %q, want a new one (the fixture's is %q)", d.event.ID, orig.ID)
	}
	if d.event.Timestamp.Before(before) || d.event.Timestamp.After(time.Now()) {
		t.Errorf("envelope timestamp %v, want now", d.event.Timestamp)
	}

	// A second send is a distinct delivery.
	r = runTool(t, "", "send", "--url", url, "--secret", secret, "aws.contract.created")
	r.check(t, 0, []string{"204 No Content"}, nil)
	if d2 := receive(t, got); d2.delivery.ID == d.delivery.ID || d2.event.ID == d.event.ID {
		t.Errorf("second send reused ids %s, %s", d2.delivery.ID, d2.event.ID)
	}
}

// TestSendFile sends files and standard input exactly as read.
func TestSendFile(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	url, got := newReceiver(t, secret)
	body := []byte("{\n  \"topic\": \"gcp.contract.renewed\",\n  \"id\": 42,\n  \"metadata\": {\"entitlement_id\": \"e-1\"}\n}\n")
	path := writeFile(t, "renewed.json", body)
	for name, arg := range map[string]string{"file": path, "stdin": "-"} {
		t.Run(name, func(t *testing.T) {
			r := runTool(t, string(body), "send", "--url", url, "--secret", secret, arg)
			r.check(t, 0, []string{"  gcp.contract.renewed  msg_", "204 No Content"}, nil)
			d := receive(t, got)
			if string(d.delivery.Body) != string(body) {
				t.Errorf("receiver got body %q, want the file's %q", d.delivery.Body, body)
			}
		})
	}
}

func TestSendSetAndID(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	url, got := newReceiver(t, secret)
	path := writeFile(t, "created.json", fixture(t, topics.AWSContractCreated))
	for name, arg := range map[string]string{"topic": "aws.contract.created", "file": path} {
		t.Run(name, func(t *testing.T) {
			id := "msg_set_" + name
			r := runTool(t, "", "send", "--url", url, "--secret", secret, "--id", id,
				"--set", "customer_identifier=cust-42", "--set", `entitlements=[]`, "--set", "note=a b=c", arg)
			r.check(t, 0, []string{"aws.contract.created  " + id + "\n", "204 No Content"}, nil)
			d := receive(t, got)
			if d.delivery.ID != id {
				t.Errorf("delivery id %q, want %q", d.delivery.ID, id)
			}
			if d.created.CustomerIdentifier != "cust-42" || d.created.ProductCode != "4hc2x8yzq9m1n7b3v5k0t6r2p" {
				t.Errorf("metadata %+v, want customer_identifier set and product_code kept", d.created.ProductCustomer)
			}
			if len(d.created.Entitlements) != 0 {
				t.Errorf("entitlements %v, want the JSON value [] that --set gave", d.created.Entitlements)
			}
			if !strings.Contains(string(d.event.Metadata), `"note":"a b=c"`) {
				t.Errorf("metadata %s, want the string member note", d.event.Metadata)
			}
		})
	}
}

// TestSendRefused checks that a response other than 2xx fails the run,
// with the status line and body on stdout.
func TestSendRefused(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	receiver, _ := newReceiver(t, secret)
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		http.Error(w, "database is down", http.StatusInternalServerError)
	}))
	t.Cleanup(failing.Close)
	redirect := httptest.NewServer(http.RedirectHandler(receiver, http.StatusFound))
	t.Cleanup(redirect.Close)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()

	tests := []struct {
		name   string
		args   []string
		stdout []string
		stderr string
	}{
		{
			name:   "server error",
			args:   []string{"--url", failing.URL, "--secret", secret, "aws.contract.created"},
			stdout: []string{"\n500 Internal Server Error\ndatabase is down\n"},
			stderr: "answered 500 Internal Server Error",
		},
		{
			name:   "wrong secret",
			args:   []string{"--url", receiver, "--secret", webhooktest.NewSecret(), "aws.contract.created"},
			stdout: []string{"\n401 Unauthorized\nwebhook: signature verification failed\n"},
			stderr: "answered 401 Unauthorized",
		},
		{
			name:   "not a delivery",
			args:   []string{"--url", receiver, "--secret", secret, writeFile(t, "x.txt", []byte("hello"))},
			stdout: []string{"  -  msg_", "\n400 Bad Request\nevent: malformed: not JSON"},
			stderr: "answered 400 Bad Request",
		},
		{
			name:   "redirect not followed",
			args:   []string{"--url", redirect.URL, "--secret", secret, "aws.contract.created"},
			stdout: []string{"\n302 Found\n"},
			stderr: "answered 302 Found",
		},
		{
			name:   "nothing listening",
			args:   []string{"--url", closed.URL, "--secret", secret, "aws.contract.created"},
			stdout: []string{"POST " + closed.URL + "  aws.contract.created  msg_"},
			stderr: "connect",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runTool(t, "", append([]string{"send"}, tt.args...)...)
			r.check(t, 1, tt.stdout, []string{"clazar-events send: ", tt.stderr})
		})
	}
}

func TestSendTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); slow.Close() })
	start := time.Now()
	r := runTool(t, "", "send", "--url", slow.URL, "--secret", webhooktest.NewSecret(), "--timeout", "200ms", "aws.contract.created")
	r.check(t, 1, nil, []string{"clazar-events send: ", "context deadline exceeded"})
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("send took %v with --timeout 200ms", d)
	}
}

func TestSendErrors(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	dir := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{name: "no argument", args: []string{"--secret", secret}, code: 2, stderr: "give one TOPIC, FILE, or - for standard input"},
		{name: "two arguments", args: []string{"--secret", secret, "aws.contract.created", "gcp.contract.renewed"}, code: 2, stderr: "give one TOPIC"},
		{name: "no secret", args: []string{"aws.contract.created"}, code: 2, stderr: "no signing secret"},
		{name: "bad secret", args: []string{"--secret", "whsec_", "aws.contract.created"}, code: 2, stderr: "bad signing secret"},
		{name: "not http", args: []string{"--secret", secret, "--url", "ftp://127.0.0.1/", "aws.contract.created"}, code: 2, stderr: "--url must be an http or https URL"},
		{name: "no host", args: []string{"--secret", secret, "--url", "http:///x", "aws.contract.created"}, code: 2, stderr: "--url must be"},
		{name: "zero timeout", args: []string{"--secret", secret, "--timeout", "0s", "aws.contract.created"}, code: 2, stderr: "--timeout must be positive"},
		{name: "bad set", args: []string{"--secret", secret, "--set", "customer_identifier", "aws.contract.created"}, code: 2, stderr: `want KEY=VALUE, got "customer_identifier"`},
		{name: "bad id", args: []string{"--secret", secret, "--id", "a\tb", "aws.contract.created"}, code: 2, stderr: "bad --id"},
		{name: "unknown topic", args: []string{"--secret", secret, "aws.contract.create"}, code: 1, stderr: "aws.contract.create is not a topic the SDK knows"},
		{name: "missing file", args: []string{"--secret", secret, filepath.Join(dir, "none.json")}, code: 1, stderr: "no such file or directory"},
		{name: "set on a non-delivery", args: []string{"--secret", secret, "--set", "a=1", writeFile(t, "x.json", []byte(`[]`))}, code: 1, stderr: "--set: webhooktest: restamp: event: malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// The URL is never reached: every case fails before sending.
			r := runTool(t, "", append([]string{"send", "--url", "http://127.0.0.1:1/"}, tt.args...)...)
			want := []string{"clazar-events send: ", tt.stderr}
			if tt.code == 2 {
				want = append(want, "Usage: clazar-events send ")
			}
			r.check(t, tt.code, nil, want)
			if r.stdout != "" {
				t.Errorf("stdout is not empty:\n%s", r.stdout)
			}
		})
	}
}
