package main

import (
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/sdktest"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// startInspect runs inspect with args on 127.0.0.1:0 and waits until it
// prints its URL. It is stopped when the test ends.
func startInspect(t *testing.T, args ...string) *listener {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	l := &listener{stdout: new(sdktest.SyncBuffer), stderr: new(sdktest.SyncBuffer), stop: cancel, code: make(chan int, 1)}
	args = append([]string{"inspect", "--addr", "127.0.0.1:0"}, args...)
	go func() { l.code <- run(ctx, args, strings.NewReader(""), l.stdout, l.stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-l.code:
			assert.Equal(t, exitOK, code, "inspect's exit status; stderr:\n%s", l.stderr)
		case <-time.After(testTimeout):
			t.Error("inspect did not stop")
		}
	})
	waitFor(t, l.stdout, "listening on ")
	m := regexp.MustCompile(`listening on (http://127\.0\.0\.1:[0-9]+/)\n`).FindStringSubmatch(l.stdout.String())
	require.NotNil(t, m, "first line: %q", l.stdout)
	l.url = m[1]
	return l
}

// requestReport returns the report of request n in out.
func requestReport(t *testing.T, out string, n int) string {
	t.Helper()
	_, rest, ok := strings.Cut(out, fmt.Sprintf("\n== request %d: ", n))
	require.True(t, ok, "no report of request %d in\n%s", n, out)
	report, _, _ := strings.Cut(rest, "\n== request ")
	return report
}

// verifies returns the names of the schemes a report says verify.
func verifies(report string) []string {
	var names []string
	for _, line := range strings.Split(report, "\n") {
		if name, _, ok := strings.Cut(strings.TrimSpace(line), "  "); ok && strings.Contains(line, "VERIFIES") {
			names = append(names, strings.TrimSpace(name))
		}
	}
	return names
}

func clazarMAC(secret, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(body)
	return m.Sum(nil)
}

// TestInspectSchemes sends a delivery signed in each scheme to an inspect
// receiver over HTTP and checks that the report names the scheme that
// verifies, and only that one, and masks secret-like values.
func TestInspectSchemes(t *testing.T) {
	t.Parallel()
	body := fixture(t, topics.AWSContractCreated)
	now := time.Now()
	ts := strconv.FormatInt(now.Unix(), 10)
	svixSecret := webhooktest.NewSecret()
	const shared = "clazar-shared-secret-1234"
	seed := make([]byte, ed25519.SeedSize)
	copy(seed, "inspect test key, 32 bytes long")
	priv := ed25519.NewKeyFromSeed(seed)
	pub := "whpk_" + base64.StdEncoding.EncodeToString(priv.Public().(ed25519.PublicKey))
	svixHeaders := func(prefix string) http.Header {
		h, err := webhooktest.Sign(svixSecret, "msg_inspect", now, body)
		require.NoError(t, err)
		out := http.Header{}
		for _, n := range []string{"Id", "Timestamp", "Signature"} {
			out[prefix+"-"+n] = h["Svix-"+n]
		}
		return out
	}
	v1a := func(prefix string) http.Header {
		sig := ed25519.Sign(priv, []byte("msg_inspect."+ts+"."+string(body)))
		return http.Header{prefix + "-Id": {"msg_inspect"}, prefix + "-Timestamp": {ts}, prefix + "-Signature": {"v1a," + base64.StdEncoding.EncodeToString(sig)}}
	}
	tests := []struct {
		name, secret string
		header       http.Header
		want         []string // the schemes that verify
		hidden       string   // a value the report must not show
	}{
		{"svix headers", svixSecret, svixHeaders("Svix"), []string{"Svix v1, svix-* headers"}, svixHeaders("Svix").Get("Svix-Signature")},
		{"webhook headers", svixSecret, svixHeaders("Webhook"), []string{"Svix v1, webhook-* headers"}, svixHeaders("Webhook").Get("Webhook-Signature")},
		{"v1a, svix headers", pub, v1a("Svix"), []string{"Standard Webhooks v1a (ed25519), svix-* headers"}, v1a("Svix").Get("Svix-Signature")},
		{"v1a, webhook headers", pub, v1a("Webhook"), []string{"Standard Webhooks v1a (ed25519), webhook-* headers"}, ""},
		{"clazar hex", shared, http.Header{"X-Clazar-Signature": {hex.EncodeToString(clazarMAC(shared, ts, body))}, "X-Clazar-Timestamp": {ts}},
			[]string{"X-Clazar-Signature HMAC-SHA256, hex"}, hex.EncodeToString(clazarMAC(shared, ts, body))},
		{"clazar base64", shared, http.Header{"X-Clazar-Signature": {base64.StdEncoding.EncodeToString(clazarMAC(shared, ts, body))}, "X-Clazar-Timestamp": {ts}},
			[]string{"X-Clazar-Signature HMAC-SHA256, base64"}, ""},
		{"static header", shared, http.Header{"X-Endpoint-Check": {shared}}, []string{"static header"}, shared},
		{"forged svix", svixSecret, http.Header{"Svix-Id": {"msg_1"}, "Svix-Timestamp": {ts}, "Svix-Signature": {"v1," + strings.Repeat("A", 43) + "="}}, nil, ""},
		{"clazar with another secret", "another-secret", http.Header{"X-Clazar-Signature": {hex.EncodeToString(clazarMAC(shared, ts, body))}, "X-Clazar-Timestamp": {ts}}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l := startInspect(t, "--secret", tt.secret)
			require.Equal(t, http.StatusNoContent, do(t, http.MethodPost, l.url+"webhooks", tt.header, body))
			report := requestReport(t, l.stdout.String(), 1)
			assert.Equal(t, tt.want, verifies(report), "report:\n%s", report)
			if tt.want == nil {
				assert.Contains(t, report, "no scheme verifies with this secret")
			}
			if tt.hidden != "" {
				assert.NotContains(t, report, tt.hidden, "a secret-like value is shown")
			}
			assert.NotContains(t, report, tt.secret, "the secret is shown")
			assert.Contains(t, report, "topic: aws.contract.created (typed: aws.ContractCreated)")
		})
	}

	t.Run("no secret", func(t *testing.T) {
		t.Parallel()
		l := startInspect(t)
		require.Equal(t, http.StatusNoContent, do(t, http.MethodPost, l.url, svixHeaders("Svix"), body))
		assert.Contains(t, requestReport(t, l.stdout.String(), 1), "not checked: no secret given")
	})
}

// TestInspectSpellings sends envelopes in every key spelling that Parse
// accepts, with the time layouts the marketplaces use, and checks that the
// report names the key each field was read from and the layout.
func TestInspectSpellings(t *testing.T) {
	t.Parallel()
	aliases := map[string][]string{
		"id":          {"id", "event_id", "eventId", "EventID", "event-id"},
		"topic":       {"topic", "event_type", "type", "eventType", "TOPIC"},
		"origin":      {"origin", "Origin", "ORIGIN", "origin", "Origin"},
		"suborigin":   {"suborigin", "sub_origin", "subOrigin", "SubOrigin", "sub-origin"},
		"text":        {"text", "Text", "text", "Text", "TEXT"},
		"description": {"description", "Description", "description", "DESCRIPTION", "Description"},
		"timestamp":   {"timestamp", "created_at", "time", "occurred_at", "createdAt"},
		"metadata":    {"metadata", "data", "payload", "Metadata", "Data"},
	}
	stamps := []any{"2023-06-23 13:02:20", "2025-08-07T14:03:11Z", json.Number("1700000000"), json.Number("1700000000123"), "2025-08-07T14:03:11.123456+02:00"}
	metadata := json.RawMessage(`{"product_code":"prod-1","customer_identifier":"cust-1","surprise":1,"entitlements":[{"dimension":"users","value":"5","unexpected":true}]}`)
	l := startInspect(t, "--secret", "")
	for i := range stamps {
		body := map[string]any{}
		values := map[string]any{
			"id": fmt.Sprintf("evt_%d", i), "topic": string(topics.AWSContractCreated), "origin": "AWS",
			"suborigin": "SNS", "text": "Contract Created", "description": "A contract was created.",
			"timestamp": stamps[i], "metadata": metadata,
		}
		for field, keys := range aliases {
			body[keys[i]] = values[field]
		}
		b, err := json.Marshal(body)
		require.NoError(t, err)
		require.Equal(t, http.StatusNoContent, do(t, http.MethodPost, l.url, nil, b))
		report := requestReport(t, l.stdout.String(), i+1)

		for field, keys := range aliases {
			assert.Regexp(t, `(?m)^  `+field+` +<- `+regexp.QuoteMeta(strconv.Quote(keys[i])), report, "body %d, field %s", i, field)
		}
		stamp, err := json.Marshal(stamps[i])
		require.NoError(t, err)
		var want event.Time
		require.NoError(t, json.Unmarshal(stamp, &want))
		assert.Contains(t, report, fmt.Sprintf("layout %q", want.Layout()), "body %d", i)
		assert.Contains(t, report, "topic: aws.contract.created (typed: aws.ContractCreated)")
		assert.Contains(t, report, "has no field for: metadata.entitlements[0].unexpected, metadata.surprise", "body %d", i)
		assert.NotContains(t, report, "absent:")
	}

	// An EventBridge event, which Parse reads too.
	eb, err := webhooktest.EventBridgeFixture(aws.DetailTypeOfferReleased)
	require.NoError(t, err)
	require.Equal(t, http.StatusNoContent, do(t, http.MethodPost, l.url, nil, eb))
	report := requestReport(t, l.stdout.String(), len(stamps)+1)
	assert.Contains(t, report, "(an Amazon EventBridge event)")
	assert.Regexp(t, `(?m)^  detail-type +<- "detail-type" \(canonical\)`, report)
	assert.Regexp(t, `(?m)^  source +<- "source" \(canonical\)`, report)
	assert.Regexp(t, `(?m)^  detail +<- "detail" \(canonical\)`, report)
	assert.Contains(t, report, "(typed: aws.")

	// A topic the SDK does not type, and a body that is not an envelope.
	require.Equal(t, http.StatusNoContent, do(t, http.MethodPost, l.url, nil, []byte(`{"event_type":"aws.contract.paused","data":{}}`)))
	report = requestReport(t, l.stdout.String(), len(stamps)+2)
	assert.Contains(t, report, "topic: aws.contract.paused (not typed by this SDK")
	assert.Contains(t, report, "absent: id, origin, suborigin, text, description, timestamp")
	require.Equal(t, http.StatusNoContent, do(t, http.MethodPost, l.url, nil, []byte(`not json`)))
	assert.Contains(t, requestReport(t, l.stdout.String(), len(stamps)+3), "not an envelope: event: malformed")
	require.Equal(t, http.StatusNoContent, do(t, http.MethodGet, l.url, nil, nil), "a GET is answered too")
}

// TestInspectSaved saves requests with --save, reports on the files, and
// validates them.
func TestInspectSaved(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "requests")
	secret := webhooktest.NewSecret()
	l := startInspect(t, "--secret", secret, "--save", dir)
	bodies := [][]byte{fixture(t, topics.AWSContractCreated), fixture(t, topics.GCPContractRenewed)}
	for i, body := range bodies {
		require.Equal(t, http.StatusNoContent, post(t, l.url+"hooks/clazar?x=1", secret, fmt.Sprintf("msg_saved_%d", i), body))
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.http"))
	require.NoError(t, err)
	require.Len(t, files, 2)
	for _, f := range files {
		assert.Contains(t, l.stdout.String(), "saved as "+f)
	}

	r := runTool(t, "", append([]string{"inspect", "--secret", secret}, files...)...)
	r.check(t, exitOK, []string{"POST /hooks/clazar?x=1", "topic: aws.contract.created", "topic: gcp.contract.renewed"}, nil)
	assert.Equal(t, 2, strings.Count(r.stdout, "Svix v1, svix-* headers"+strings.Repeat(" ", 52-len("Svix v1, svix-* headers"))+" VERIFIES"), r.stdout)
	live := requestReport(t, l.stdout.String(), 1)
	_, fromFile, _ := strings.Cut(r.stdout, "\nheaders:\n")
	_, fromLive, _ := strings.Cut(live, "\nheaders:\n")
	cut := func(s string) string { s, _, _ = strings.Cut(s, "signature:"); return s }
	assert.Equal(t, cut(fromLive), cut(fromFile), "the file reports as the live request did")

	v := runTool(t, "", append([]string{"validate"}, files...)...)
	v.check(t, exitOK, []string{"ok  ", "aws.ContractCreated", "gcp.ContractRenewed"}, nil)

	plain := writeFile(t, "delivery.json", bodies[0])
	runTool(t, "", "inspect", plain).check(t, exitFailure, nil, []string{"not a saved HTTP request"})
	truncated := writeFile(t, "cut.http", []byte("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n{}"))
	runTool(t, "", "inspect", truncated).check(t, exitFailure, nil, []string{"cut.http"})
	runTool(t, "", "validate", truncated).check(t, exitFailure, []string{"FAIL", "not a saved HTTP request"}, nil)
	runTool(t, "", "inspect", "--save", dir, plain).check(t, exitUsage, nil, []string{"--save is for the receiver"})

	raw, err := os.ReadFile(files[0])
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(raw), "POST /hooks/clazar?x=1 HTTP/1.1\r\n"), "%q", raw[:40])
}

func TestUnknownKeys(t *testing.T) {
	t.Parallel()
	spec, ok := event.Lookup(topics.AWSContractCreated)
	require.True(t, ok)
	tests := []struct {
		metadata string
		want     []string
	}{
		{`{"product_code":"p","customer_identifier":"c"}`, nil},
		{`{"Product_Code":"p"}`, nil}, // encoding/json matches names case-insensitively
		{`{"extra":{"deep":1},"entitlements":[{"dimension":"d"},{"nope":1}]}`, []string{"metadata.entitlements[1].nope", "metadata.extra"}},
		{`[1,2]`, nil},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, unknownKeys(spec.Type(), []byte(tt.metadata)), tt.metadata)
	}
}
