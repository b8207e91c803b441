package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/internal/sdktest"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// post sends body to url signed with secret under id, as Clazar would,
// and returns the response's status code.
func post(t *testing.T, url, secret, id string, body []byte) int {
	t.Helper()
	status, _ := postBody(t, url, secret, id, body)
	return status
}

// postBody is like post, and also returns the response's body.
func postBody(t *testing.T, url, secret, id string, body []byte) (int, string) {
	t.Helper()
	h, err := webhooktest.Sign(secret, id, time.Now(), body)
	if err != nil {
		t.Fatal(err)
	}
	return doBody(t, http.MethodPost, url, h, body)
}

// do sends one request and returns the response's status code.
func do(t *testing.T, method, url string, h http.Header, body []byte) int {
	t.Helper()
	status, _ := doBody(t, method, url, h, body)
	return status
}

// doBody is like do, and also returns the response's body.
func doBody(t *testing.T, method, url string, h http.Header, body []byte) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the response: %v", method, url, err)
	}
	return resp.StatusCode, string(b)
}

// A listener is a listen command running in the background.
type listener struct {
	url            string
	stdout, stderr *sdktest.SyncBuffer
	stop           context.CancelFunc
	code           chan int
}

// startListen runs listen with args on 127.0.0.1:0 and waits until it
// prints its URL. The listener is stopped when the test ends.
func startListen(t *testing.T, args ...string) *listener {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	l := &listener{stdout: new(sdktest.SyncBuffer), stderr: new(sdktest.SyncBuffer), stop: cancel, code: make(chan int, 1)}
	args = append([]string{"listen", "--addr", "127.0.0.1:0"}, args...)
	go func() { l.code <- run(ctx, args, strings.NewReader(""), l.stdout, l.stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-l.code:
		case <-time.After(testTimeout):
			t.Error("listen did not stop")
		}
	})
	first := regexp.MustCompile(`^listening on (http://127\.0\.0\.1:[0-9]+/)\n`)
	deadline := time.Now().Add(testTimeout)
	for {
		if m := first.FindStringSubmatch(l.stdout.String()); m != nil {
			l.url = m[1]
			return l
		}
		select {
		case code := <-l.code:
			t.Fatalf("listen exited with %d before listening; stderr:\n%s", code, l.stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("listen printed no URL; stdout:\n%s", l.stdout.String())
		}
	}
}

// waitTimeout bounds how long a test waits for listen to print a line.
const waitTimeout = 10 * time.Second

// waitFor waits until buf holds want, and fails the test if it does not
// in time.
func waitFor(t *testing.T, buf *sdktest.SyncBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !strings.Contains(buf.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("output lacks %q:\n%s", want, buf.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// stopListen stops l and checks that it exits with status 0.
func stopListen(t *testing.T, l *listener) {
	t.Helper()
	l.stop()
	select {
	case code := <-l.code:
		if code != 0 {
			t.Errorf("listen exited with %d after cancel, want 0; stderr:\n%s", code, l.stderr.String())
		}
		l.code <- code // for the cleanup
	case <-time.After(testTimeout):
		t.Fatal("listen did not stop after cancel")
	}
}

// lineTime matches the time at the start of a delivery line.
var lineTime = regexp.MustCompile(`(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  `)

func TestListen(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	l := startListen(t, "--secret", secret)

	tests := []struct {
		name string
		body []byte
		line string // what follows the time and the delivery id
	}{
		{
			name: "AWS contract",
			body: fixture(t, topics.AWSContractCreated),
			line: "aws.contract.created  aws.ContractCreated  product_code=4hc2x8yzq9m1n7b3v5k0t6r2p customer_identifier=Z5Zb2Qd7nLx\n",
		},
		{
			name: "Azure contract",
			body: []byte(`{"topic":"azure.contract.suspended","metadata":{"offer_id":"clazar_cloud","subscription_id":"sub 1"}}`),
			line: `azure.contract.suspended  azure.ContractSuspended  offer_id=clazar_cloud subscription_id="sub 1"` + "\n",
		},
		{
			name: "GCP metering",
			body: fixture(t, topics.GCPMeteringSubmissionFailed),
			line: "gcp.metering.submission_failed  gcp.MeteringSubmissionFailed  entitlement_id=6c0a8e3f-2d71-4b95-a4e6-13f8b7c2d950 dimension=ingested_gb\n",
		},
		{
			name: "no identifying field",
			body: fixture(t, topics.AWSListingPublished),
			line: "aws.listing.published  aws.ListingPublished\n",
		},
		{
			name: "description instead",
			body: []byte(`{"topic":"gcp.listing.published","description":"Listing Skyline is published.","metadata":{}}`),
			line: `gcp.listing.published  gcp.ListingPublished  description="Listing Skyline is published."` + "\n",
		},
		{
			name: "unknown topic",
			body: []byte(`{"topic":"oci.contract.created","metadata":{ "tenancy" : "t-1" }}`),
			line: `oci.contract.created  unknown topic  metadata={"tenancy":"t-1"}` + "\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := webhooktest.NewID()
			if status := post(t, l.url, secret, id, tt.body); status != http.StatusNoContent {
				t.Errorf("answered %d, want 204", status)
			}
			waitFor(t, l.stdout, "  "+id+"  "+tt.line)
		})
	}

	// A repeated delivery id is acknowledged and not printed again.
	id := webhooktest.NewID()
	body := fixture(t, topics.AzureContractRenewed)
	for range 2 {
		if status := post(t, l.url, secret, id, body); status != http.StatusNoContent {
			t.Errorf("answered %d, want 204", status)
		}
	}
	waitFor(t, l.stdout, "  "+id+"  azure.contract.renewed  azure.ContractRenewed  ")
	if n := strings.Count(l.stdout.String(), id); n != 1 {
		t.Errorf("delivery %s printed %d times, want once", id, n)
	}

	out := l.stdout.String()
	if got, want := len(lineTime.FindAllString(out, -1)), len(tests)+1; got != want {
		t.Errorf("%d delivery lines, want %d:\n%s", got, want, out)
	}
	if l.stderr.String() != "" {
		t.Errorf("stderr is not empty:\n%s", l.stderr.String())
	}
	stopListen(t, l)
}

// invalidDeliveries are deliveries of a known topic whose metadata does
// not validate or decode, with what follows the delivery id and topic on
// the line that listen prints of them.
var invalidDeliveries = []struct {
	name, body, line string
}{
	{
		name: "invalid metadata",
		body: `{"topic":"aws.contract.created","metadata":{"product_code":"p"}}`,
		line: "  aws.contract.created  aws.ContractCreated  invalid: metadata.customer_identifier: required\n",
	},
	{
		name: "several problems",
		body: `{"topic":"gcp.metering.submission_failed","metadata":{"quantity":"3"}}`,
		line: "  gcp.metering.submission_failed  gcp.MeteringSubmissionFailed  invalid: metadata.dimension: required; metadata.entitlement_id: required\n",
	},
	{
		name: "malformed metadata",
		body: `{"topic":"aws.contract.created","metadata":{"product_code":1}}`,
		line: "  aws.contract.created  aws.ContractCreated  invalid: event: malformed: aws.contract.created metadata: ",
	},
}

// TestListenInvalidMetadata checks that listen answers a known topic whose
// metadata does not decode or validate 422, as a receiver with a typed
// handler for it would, with every problem in the response and on
// standard error; and that a fixed retry of the same delivery id is then
// accepted.
func TestListenInvalidMetadata(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	l := startListen(t, "--secret", secret)
	for _, tt := range invalidDeliveries {
		t.Run(tt.name, func(t *testing.T) {
			id := webhooktest.NewID()
			status, body := postBody(t, l.url, secret, id, []byte(tt.body))
			if status != http.StatusUnprocessableEntity {
				t.Errorf("answered %d, want 422", status)
			}
			if problems := strings.TrimSpace(tt.line[strings.Index(tt.line, "invalid: ")+len("invalid: "):]); !strings.Contains(body, problems) {
				t.Errorf("response %q lacks %q", body, problems)
			}
			waitFor(t, l.stderr, "  422 Unprocessable Entity  "+id+tt.line)
		})
	}
	if got := l.stdout.String(); strings.Count(got, "\n") != 1 {
		t.Errorf("stdout holds more than the listening line:\n%s", got)
	}

	id := webhooktest.NewID()
	if status := post(t, l.url, secret, id, []byte(invalidDeliveries[0].body)); status != http.StatusUnprocessableEntity {
		t.Errorf("answered %d, want 422", status)
	}
	fixed := []byte(`{"topic":"aws.contract.created","metadata":{"product_code":"p","customer_identifier":"c"}}`)
	if status := post(t, l.url, secret, id, fixed); status != http.StatusNoContent {
		t.Errorf("the fixed retry answered %d, want 204", status)
	}
	waitFor(t, l.stdout, "  "+id+"  aws.contract.created  aws.ContractCreated  product_code=p customer_identifier=c\n")

	// send shows the sender's view: the status and the problems.
	r := runTool(t, "", "send", "--url", l.url, "--secret", secret, "--set", "customer_identifier=null", "aws.contract.renewed")
	r.check(t, 1, []string{"422 Unprocessable Entity", "metadata.customer_identifier: required"}, nil)
	stopListen(t, l)
}

// TestListenLenient checks that with --lenient listen acknowledges
// deliveries whose metadata does not decode or validate, as a receiver
// with pattern handlers only would, and prints their problems on standard
// output.
func TestListenLenient(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	l := startListen(t, "--secret", secret, "--lenient")
	for _, tt := range invalidDeliveries {
		t.Run(tt.name, func(t *testing.T) {
			id := webhooktest.NewID()
			if status := post(t, l.url, secret, id, []byte(tt.body)); status != http.StatusNoContent {
				t.Errorf("answered %d, want 204", status)
			}
			waitFor(t, l.stdout, "  "+id+tt.line)
		})
	}
	id := webhooktest.NewID()
	if status := post(t, l.url, secret, id, []byte(`{"topic":"oci.contract.created","metadata":{}}`)); status != http.StatusNoContent {
		t.Errorf("answered %d, want 204", status)
	}
	waitFor(t, l.stdout, "  "+id+"  oci.contract.created  unknown topic  metadata={}\n")
	if l.stderr.String() != "" {
		t.Errorf("stderr is not empty:\n%s", l.stderr.String())
	}
	stopListen(t, l)
}

// TestListenRefused checks that requests the Handler refuses print their
// status on stderr and nothing on stdout.
func TestListenRefused(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	l := startListen(t, "--secret", secret)
	body := fixture(t, topics.AWSContractCreated)
	wrong, err := webhooktest.Sign(webhooktest.NewSecret(), "msg_wrong", time.Now(), body)
	if err != nil {
		t.Fatal(err)
	}
	old, err := webhooktest.Sign(secret, "msg_old", time.Now().Add(-time.Hour), body)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		method string
		header http.Header
		body   []byte
		status int
		stderr string
	}{
		{name: "wrong secret", method: http.MethodPost, header: wrong, body: body, status: 401, stderr: "  401 Unauthorized  webhook: no matching signature"},
		{name: "too old", method: http.MethodPost, header: old, body: body, status: 401, stderr: "  401 Unauthorized  webhook: timestamp too old"},
		{name: "unsigned", method: http.MethodPost, body: body, status: 401, stderr: "  401 Unauthorized  webhook: missing signature headers"},
		{name: "GET", method: http.MethodGet, status: 405, stderr: "  405 Method Not Allowed  webhook: method not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if status := do(t, tt.method, l.url, tt.header, tt.body); status != tt.status {
				t.Errorf("answered %d, want %d", status, tt.status)
			}
			waitFor(t, l.stderr, tt.stderr)
		})
	}
	t.Run("not an envelope", func(t *testing.T) {
		id := webhooktest.NewID()
		if status := post(t, l.url, secret, id, []byte(`{"metadata":{}}`)); status != http.StatusBadRequest {
			t.Errorf("answered %d, want 400", status)
		}
		waitFor(t, l.stderr, "  400 Bad Request  "+id+"  event: malformed: no topic\n")
	})
	if got := l.stdout.String(); strings.Count(got, "\n") != 1 {
		t.Errorf("stdout holds more than the listening line:\n%s", got)
	}
	stopListen(t, l)
}

// TestListenSend drives listen with send, as a user does in two
// terminals, with the secret of both from the flag and --print-json.
func TestListenSend(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	l := startListen(t, "--secret", secret, "--print-json")
	r := runTool(t, "", "send", "--url", l.url, "--secret", secret, "--set", "entitlement_id=ent-7", "gcp.contract.renewed")
	r.check(t, 0, []string{"204 No Content"}, nil)
	id := strings.Fields(strings.SplitN(r.stdout, "\n", 2)[0])[3]
	waitFor(t, l.stdout, "  "+id+"  gcp.contract.renewed  gcp.ContractRenewed  entitlement_id=ent-7\n{\n  \"id\": ")
	waitFor(t, l.stdout, "\n  \"topic\": \"gcp.contract.renewed\",\n")
	stopListen(t, l)
}

func TestListenErrors(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { busy.Close() })
	secret := webhooktest.NewSecret()
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{name: "argument", args: []string{"--secret", secret, "aws.contract.created"}, code: 2, stderr: `listen takes no arguments, got "aws.contract.created"`},
		{name: "bad secret", args: []string{"--secret", "whsec_%%", "--addr", "127.0.0.1:0"}, code: 2, stderr: "bad signing secret"},
		{name: "bad address", args: []string{"--secret", secret, "--addr", "8080"}, code: 2, stderr: "bad --addr"},
		{name: "port in use", args: []string{"--secret", secret, "--addr", busy.Addr().String()}, code: 1, stderr: "address already in use"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runTool(t, "", append([]string{"listen"}, tt.args...)...)
			want := []string{"clazar-events listen: ", tt.stderr}
			if tt.code == 2 {
				want = append(want, "Usage: clazar-events listen ")
			}
			r.check(t, tt.code, nil, want)
			if r.stdout != "" {
				t.Errorf("stdout is not empty:\n%s", r.stdout)
			}
		})
	}
}

// TestListenNewSecret checks that listen without a secret makes one,
// prints it, and verifies deliveries with it.
func TestListenNewSecret(t *testing.T) {
	t.Parallel()
	l := startListen(t)
	waitFor(t, l.stdout, " (new; give it to send and sign with --secret)\n")
	m := regexp.MustCompile(`\nsigning secret (whsec_\S+) `).FindStringSubmatch(l.stdout.String())
	if m == nil {
		t.Fatalf("no secret printed:\n%s", l.stdout.String())
	}
	r := runTool(t, "", "send", "--url", l.url, "--secret", m[1], "azure.contract.activated")
	r.check(t, 0, []string{"204 No Content"}, nil)
	waitFor(t, l.stdout, "  azure.contract.activated  azure.ContractActivated  offer_id=")
	r = runTool(t, "", "send", "--url", l.url, "--secret", webhooktest.NewSecret(), "azure.contract.activated")
	r.check(t, 1, []string{"401 Unauthorized"}, nil)
	stopListen(t, l)
}

// TestListenSecretFromEnvironment cannot run in parallel: it sets the
// environment.
func TestListenSecretFromEnvironment(t *testing.T) {
	secret := webhooktest.NewSecret()
	t.Setenv(secretEnv, secret)
	l := startListen(t)
	id := webhooktest.NewID()
	if status := post(t, l.url, secret, id, fixture(t, topics.GCPContractCanceled)); status != http.StatusNoContent {
		t.Errorf("answered %d, want 204", status)
	}
	waitFor(t, l.stdout, "  "+id+"  gcp.contract.canceled  ")
	if strings.Contains(l.stdout.String(), "signing secret") {
		t.Errorf("listen made a secret although $%s is set:\n%s", secretEnv, l.stdout.String())
	}
	stopListen(t, l)
}

func TestListenURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "http://127.0.0.1:8080/"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, "http://localhost:8080/"},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 80}, "http://localhost:80/"},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 9}, "http://[::1]:9/"},
	}
	for _, tt := range tests {
		if got := listenURL(tt.addr); got != tt.want {
			t.Errorf("listenURL(%v) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}
