package webhook_test

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/gcp"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// hostileDir holds the hostile corpus and its manifest, cases.json, which
// describes every case, the header manipulations, the generators and the
// error classes.
var hostileDir = filepath.Join("..", "testdata", "hostile")

// hostileNow is the clock of the Handler under attack.
var hostileNow = time.Date(2025, 8, 7, 14, 3, 11, 0, time.UTC)

// hostileManifest is cases.json.
type hostileManifest struct {
	About      []string          `json:"about"`
	Headers    map[string]string `json:"headers"`
	Generators map[string]string `json:"generators"`
	Errors     map[string]string `json:"errors"`
	Cases      []hostileCase     `json:"cases"`
}

// A hostileCase is one request and what the Handler must answer.
type hostileCase struct {
	Name     string `json:"name"`
	File     string `json:"file"`     // the body, in hostileDir
	Generate string `json:"generate"` // or the generator of the body
	N        int    `json:"n"`        // the generator's parameter
	Truncate int    `json:"truncate"` // if set, only the body's first Truncate bytes are sent
	Method   string `json:"method"`   // POST if empty
	Headers  string `json:"headers"`  // a key of hostileHeaders
	Chunked  bool   `json:"chunked"`  // sent without a Content-Length
	Status   int    `json:"status"`
	Error    string `json:"error"`    // a key of hostileErrors
	Handlers int    `json:"handlers"` // handler calls expected
	Why      string `json:"why"`
}

// loadHostile reads the manifest.
func loadHostile(t *testing.T) *hostileManifest {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(hostileDir, "cases.json"))
	if err != nil {
		t.Fatalf("reading the manifest: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	m := new(hostileManifest)
	if err := dec.Decode(m); err != nil {
		t.Fatalf("cases.json: %v", err)
	}
	return m
}

// hostileErrors tell each error class of the manifest.
var hostileErrors = map[string]func(error) bool{
	"webhook.ErrMissingHeaders":      isErr(webhook.ErrMissingHeaders),
	"webhook.ErrMalformedHeader":     isErr(webhook.ErrMalformedHeader),
	"webhook.ErrDeliveryIDTooLong":   isErr(webhook.ErrDeliveryIDTooLong),
	"webhook.ErrNoMatchingSignature": isErr(webhook.ErrNoMatchingSignature),
	"webhook.ErrTimestampTooOld":     isErr(webhook.ErrTimestampTooOld),
	"webhook.ErrTimestampTooNew":     isErr(webhook.ErrTimestampTooNew),
	"webhook.ErrBodyTooLarge":        isErr(webhook.ErrBodyTooLarge),
	"webhook.ErrMethodNotAllowed":    isErr(webhook.ErrMethodNotAllowed),
	"event.ErrMalformed":             isErr(event.ErrMalformed),
	"io.ErrUnexpectedEOF":            isErr(io.ErrUnexpectedEOF),
	"*event.ValidationError": func(err error) bool {
		var ve *event.ValidationError
		return errors.As(err, &ve)
	},
}

func isErr(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}

// hostileValid returns the valid event of the corpus.
func hostileValid(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(hostileDir, "valid.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// replaceOnce returns b with old replaced by new, which must occur.
func replaceOnce(t *testing.T, b []byte, old, new string) []byte {
	t.Helper()
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%.60q... does not hold %q", b, old)
	}
	return bytes.Replace(b, []byte(old), []byte(new), 1)
}

// hostileGenerators make the bodies that would be silly to commit.
var hostileGenerators = map[string]func(t *testing.T, n int) []byte{
	"padded": func(t *testing.T, n int) []byte {
		b := hostileValid(t)
		if n < len(b) {
			t.Fatalf("padded to %d bytes: the event has %d", n, len(b))
		}
		return append(b, bytes.Repeat([]byte(" "), n-len(b))...)
	},
	"money-digits": func(t *testing.T, n int) []byte {
		return replaceOnce(t, webhooktest.MustFixture(topics.AWSAnalyticsMeteredUsage),
			`"estimated_revenue": 1843.493110834184321971`, `"estimated_revenue": `+strings.Repeat("9", n))
	},
	"timestamp-digits": func(t *testing.T, n int) []byte {
		return replaceOnce(t, hostileValid(t), `"timestamp":"2025-08-07T14:03:11Z"`, `"timestamp":`+strings.Repeat("1", n))
	},
	"nested-arrays": func(t *testing.T, n int) []byte {
		return hostileUntyped(strings.Repeat("[", n) + strings.Repeat("]", n))
	},
	"nested-arrays-typed": func(t *testing.T, n int) []byte {
		return []byte(`{"id":"evt_nested","topic":"aws.contract.created","metadata":{"product_code":"p","customer_identifier":"c","entitlements":` +
			strings.Repeat("[", n) + strings.Repeat("]", n) + `}}`)
	},
	"nested-objects": func(t *testing.T, n int) []byte {
		return hostileUntyped(strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n))
	},
	"nested-top-level": func(t *testing.T, n int) []byte {
		return []byte(strings.Repeat("[", n) + strings.Repeat("]", n))
	},
	"long-text": func(t *testing.T, n int) []byte {
		return replaceOnce(t, hostileValid(t), `"description":""`, `"description":"`+strings.Repeat("x", n)+`"`)
	},
	"many-keys": func(t *testing.T, n int) []byte {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `"k%d":%d`, i, i)
		}
		return hostileUntyped("{" + b.String() + "}")
	},
}

// hostileUntyped returns an aws.listing.published event, which only the
// "**" pattern handles, whose metadata holds x under the key "x", or is x
// if x is an object.
func hostileUntyped(x string) []byte {
	if !strings.HasPrefix(x, "{") {
		x = `{"x":` + x + `}`
	}
	return []byte(`{"id":"evt_untyped","topic":"aws.listing.published","origin":"Clazar","metadata":` + x + `}`)
}

// A hostileRequest is what a header manipulation works on.
type hostileRequest struct {
	secret string
	id     string
	sent   []byte // the body sent
	whole  []byte // the body before truncation
}

// hostileSign returns headers signing body as id with secret at ts.
func hostileSign(t *testing.T, secret, id string, ts time.Time, body []byte) http.Header {
	t.Helper()
	h, err := webhooktest.Sign(secret, id, ts, body)
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	return h
}

// signed returns headers signing the body sent.
func (r *hostileRequest) signed(t *testing.T) http.Header {
	return hostileSign(t, r.secret, r.id, hostileNow, r.sent)
}

// hostileBadSignature is a well-formed v1 entry that no secret produced.
var hostileBadSignature = "v1," + strings.Repeat("A", 43) + "="

// hostileHeaders are the header manipulations of the manifest.
var hostileHeaders = map[string]func(t *testing.T, r *hostileRequest) http.Header{
	"signed": func(t *testing.T, r *hostileRequest) http.Header { return r.signed(t) },
	"signed-webhook": func(t *testing.T, r *hostileRequest) http.Header {
		h := r.signed(t)
		for _, name := range []string{"Id", "Timestamp", "Signature"} {
			h["Webhook-"+name] = h["Svix-"+name]
			delete(h, "Svix-"+name)
		}
		return h
	},
	"signed-before-truncation": func(t *testing.T, r *hostileRequest) http.Header {
		return hostileSign(t, r.secret, r.id, hostileNow, r.whole)
	},
	"wire-truncated": func(t *testing.T, r *hostileRequest) http.Header {
		return hostileSign(t, r.secret, r.id, hostileNow, r.whole)
	},
	"none": func(t *testing.T, r *hostileRequest) http.Header {
		return http.Header{"Content-Type": {"application/json"}}
	},
	"other-secret": func(t *testing.T, r *hostileRequest) http.Header {
		return hostileSign(t, webhooktest.NewSecret(), r.id, hostileNow, r.sent)
	},
	"stale": func(t *testing.T, r *hostileRequest) http.Header {
		return hostileSign(t, r.secret, r.id, hostileNow.Add(-10*time.Minute), r.sent)
	},
	"future": func(t *testing.T, r *hostileRequest) http.Header {
		return hostileSign(t, r.secret, r.id, hostileNow.Add(10*time.Minute), r.sent)
	},
	"empty-values": func(t *testing.T, r *hostileRequest) http.Header {
		return http.Header{"Svix-Id": {""}, "Svix-Timestamp": {""}, "Svix-Signature": {""}}
	},
	"missing-timestamp": func(t *testing.T, r *hostileRequest) http.Header {
		h := r.signed(t)
		h.Del("Svix-Timestamp")
		return h
	},
	"malformed-timestamp": func(t *testing.T, r *hostileRequest) http.Header {
		h := r.signed(t)
		h.Set("Svix-Timestamp", strconv.FormatInt(hostileNow.Unix(), 10)+".0")
		return h
	},
	"signature-without-entries": func(t *testing.T, r *hostileRequest) http.Header {
		h := r.signed(t)
		h.Set("Svix-Signature", "garbage")
		return h
	},
	"signature-v1a-only": func(t *testing.T, r *hostileRequest) http.Header {
		h := r.signed(t)
		h.Set("Svix-Signature", "v1a,"+strings.Repeat("A", 86)+"==")
		return h
	},
	"repeated-signature-good-first": func(t *testing.T, r *hostileRequest) http.Header {
		h := r.signed(t)
		h.Add("Svix-Signature", hostileBadSignature)
		return h
	},
	"repeated-signature-good-last": func(t *testing.T, r *hostileRequest) http.Header {
		h := r.signed(t)
		h["Svix-Signature"] = []string{hostileBadSignature, h.Get("Svix-Signature")}
		return h
	},
	"repeated-id-signed-first": func(t *testing.T, r *hostileRequest) http.Header {
		h := r.signed(t)
		h.Add("Svix-Id", "msg_other")
		return h
	},
	"repeated-id-signed-last": func(t *testing.T, r *hostileRequest) http.Header {
		h := r.signed(t)
		h["Svix-Id"] = []string{"msg_other", r.id}
		return h
	},
	"repeated-timestamp-signed-first": func(t *testing.T, r *hostileRequest) http.Header {
		h := r.signed(t)
		h.Add("Svix-Timestamp", "1")
		return h
	},
	"repeated-timestamp-signed-last": func(t *testing.T, r *hostileRequest) http.Header {
		h := r.signed(t)
		h["Svix-Timestamp"] = []string{"1", h.Get("Svix-Timestamp")}
		return h
	},
	"oversized-signature-good-first": func(t *testing.T, r *hostileRequest) http.Header {
		h := r.signed(t)
		h.Set("Svix-Signature", h.Get("Svix-Signature")+" "+hostileJunkEntries(512<<10))
		return h
	},
	"oversized-signature-good-last": func(t *testing.T, r *hostileRequest) http.Header {
		h := r.signed(t)
		h.Set("Svix-Signature", hostileJunkEntries(512<<10)+" "+h.Get("Svix-Signature"))
		return h
	},
	"oversized-id": func(t *testing.T, r *hostileRequest) http.Header {
		// Signed by hand: webhooktest.Sign refuses such an id.
		return unboundedSign(t, r.secret, "msg_"+strings.Repeat("a", 512<<10), hostileNow, r.sent)
	},
	"oversized-timestamp": func(t *testing.T, r *hostileRequest) http.Header {
		h := r.signed(t)
		h.Set("Svix-Timestamp", strings.Repeat("1", 512<<10))
		return h
	},
	"many-headers": func(t *testing.T, r *hostileRequest) http.Header {
		h := r.signed(t)
		for i := range 10000 {
			h.Set("X-Junk-"+strconv.Itoa(i), "junk")
		}
		return h
	},
	"over-server-limit": func(t *testing.T, r *hostileRequest) http.Header {
		h := r.signed(t)
		h.Set("X-Padding", strings.Repeat("p", 2<<20))
		return h
	},
}

// hostileJunkEntries returns wrong v1 entries, about size bytes of them.
func hostileJunkEntries(size int) string {
	n := size / (len(hostileBadSignature) + 1)
	return strings.TrimSuffix(strings.Repeat(hostileBadSignature+" ", n), " ")
}

// hostileStatuses are the codes the Handler documents, and the 431 of
// net/http's server.
var hostileStatuses = append(slices.Clone(fuzzStatuses), http.StatusRequestHeaderFieldsTooLarge)

// TestHostileManifest checks that the manifest describes every case, and
// every header manipulation, generator and error class it uses, and that
// every file of the corpus belongs to a case.
func TestHostileManifest(t *testing.T) {
	t.Parallel()
	m := loadHostile(t)
	if len(m.About) == 0 {
		t.Error("the manifest says nothing about itself")
	}
	used := map[string]bool{}
	names := map[string]bool{}
	for _, c := range m.Cases {
		if c.Name == "" || names[c.Name] {
			t.Errorf("case %q: empty or repeated name", c.Name)
		}
		names[c.Name] = true
		if (c.File == "") == (c.Generate == "") {
			t.Errorf("%s: give exactly one of file and generate", c.Name)
		}
		if c.File != "" {
			used[c.File] = true
			if _, err := os.Stat(filepath.Join(hostileDir, c.File)); err != nil {
				t.Errorf("%s: %v", c.Name, err)
			}
		}
		if c.Generate != "" && (hostileGenerators[c.Generate] == nil || m.Generators[c.Generate] == "" || c.N <= 0) {
			t.Errorf("%s: generator %q with n %d is not implemented, not described or has no size", c.Name, c.Generate, c.N)
		}
		if hostileHeaders[c.Headers] == nil || m.Headers[c.Headers] == "" {
			t.Errorf("%s: headers %q are not implemented or not described", c.Name, c.Headers)
		}
		if _, ok := hostileErrors[c.Error]; !ok && c.Error != "none" {
			t.Errorf("%s: unknown error class %q", c.Name, c.Error)
		}
		if !slices.Contains(hostileStatuses, c.Status) {
			t.Errorf("%s: status %d is not one a request can get", c.Name, c.Status)
		}
		if (c.Status < 300) != (c.Error == "none") && c.Status != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("%s: status %d with error class %q", c.Name, c.Status, c.Error)
		}
		if c.Status >= 300 && c.Handlers != 0 {
			t.Errorf("%s: status %d with %d handler calls", c.Name, c.Status, c.Handlers)
		}
	}
	for name := range hostileHeaders {
		if m.Headers[name] == "" {
			t.Errorf("header manipulation %q is not described", name)
		}
	}
	for name := range hostileGenerators {
		if m.Generators[name] == "" {
			t.Errorf("generator %q is not described", name)
		}
	}
	entries, err := os.ReadDir(hostileDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "cases.json" && !used[e.Name()] {
			t.Errorf("%s belongs to no case", e.Name())
		}
	}
}

// TestHostileDeliveries sends every case of the hostile corpus to a
// Handler over real HTTP, and checks the status, the class of the error
// passed to OnError, and the handler calls.
func TestHostileDeliveries(t *testing.T) {
	t.Parallel()
	for _, c := range loadHostile(t).Cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			testHostile(t, c)
		})
	}
}

func testHostile(t *testing.T, c hostileCase) {
	var whole []byte
	if c.File != "" {
		var err error
		if whole, err = os.ReadFile(filepath.Join(hostileDir, c.File)); err != nil {
			t.Fatal(err)
		}
	} else {
		gen := hostileGenerators[c.Generate]
		if gen == nil {
			t.Fatalf("no generator %q", c.Generate)
		}
		whole = gen(t, c.N)
	}
	sent := whole
	if c.Truncate > 0 {
		if c.Truncate >= len(whole) {
			t.Fatalf("truncating %d bytes to %d", len(whole), c.Truncate)
		}
		sent = whole[:c.Truncate]
	}
	manipulate := hostileHeaders[c.Headers]
	if manipulate == nil {
		t.Fatalf("no header manipulation %q", c.Headers)
	}
	r := &hostileRequest{secret: webhooktest.NewSecret(), id: webhooktest.NewID(), sent: sent, whole: whole}
	hdr := manipulate(t, r)

	rec := new(fuzzRecorder)
	h, err := webhook.NewHandler(webhook.Options{
		Secrets: []string{r.secret},
		Now:     clock(hostileNow),
		Logger:  slog.New(slog.DiscardHandler),
		OnError: func(_ *http.Request, err *webhook.DeliveryError) {
			rec.mu.Lock()
			defer rec.mu.Unlock()
			rec.errs = append(rec.errs, err)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	fuzzOnTyped[aws.ContractCreated](h, rec)
	fuzzOnTyped[aws.AnalyticsMeteredUsage](h, rec)
	fuzzOnTyped[gcp.MeteringSubmissionFailed](h, rec)
	fuzzOnTyped[aws.ChangeSetFailed](h, rec)
	h.OnTopic("**", func(ctx context.Context, e *event.Event) error {
		rec.call(ctx, "**", e, nil)
		return nil
	})
	var served atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		served.Add(1)
		h.ServeHTTP(w, req)
	}))
	defer srv.Close()

	method := cmp.Or(c.Method, http.MethodPost)
	var status int
	if c.Headers == "wire-truncated" {
		status = hostileRaw(t, srv.Listener.Addr().String(), method, hdr, whole)
	} else {
		req, err := http.NewRequest(method, srv.URL+"/webhooks/clazar", bytes.NewReader(sent))
		if err != nil {
			t.Fatal(err)
		}
		req.Header = hdr
		if c.Chunked {
			req.Body = io.NopCloser(bytes.NewReader(sent))
			req.ContentLength = -1
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		status = resp.StatusCode
	}

	rec.mu.Lock()
	calls, errs := rec.calls, rec.errs
	rec.mu.Unlock()
	if status != c.Status {
		t.Errorf("status %d, want %d (hook %v)", status, c.Status, errs)
	}
	if n := served.Load(); (n == 1) != (c.Status != http.StatusRequestHeaderFieldsTooLarge) || n > 1 {
		t.Errorf("the Handler served %d requests", n)
	}
	if c.Error == "none" {
		if len(errs) != 0 {
			t.Errorf("OnError called with %v, want no call", errs)
		}
	} else if len(errs) != 1 {
		t.Errorf("OnError called %d times (%v), want once with %s", len(errs), errs, c.Error)
	} else {
		de := errs[0]
		if is := hostileErrors[c.Error]; is == nil || !is(de) {
			t.Errorf("OnError got %v, want %s", de, c.Error)
		}
		if de.Status != status {
			t.Errorf("DeliveryError.Status %d, answered %d", de.Status, status)
		}
		verified := status == http.StatusBadRequest && c.Error != "io.ErrUnexpectedEOF" || status == http.StatusUnprocessableEntity
		switch {
		case verified && (de.Delivery == nil || !bytes.Equal(de.Delivery.Body, sent)):
			t.Errorf("status %d: the hook's delivery does not hold the verified body", status)
		case !verified && (de.Delivery != nil || de.Event != nil):
			t.Errorf("status %d: the hook received a delivery or event that was not verified", status)
		}
	}
	if len(calls) != c.Handlers {
		t.Errorf("%d handler calls, want %d", len(calls), c.Handlers)
	}
	for _, call := range calls {
		if !bytes.Equal(call.body, sent) || call.id != r.id {
			t.Errorf("handler %s saw another body or id (%q) than was signed", call.route, call.id)
		}
	}
}

// hostileRaw sends a request with the Content-Length of body and only its
// first half, closes the write side and returns the status answered.
func hostileRaw(t *testing.T, addr, method string, hdr http.Header, body []byte) int {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s /webhooks/clazar HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\n", method, addr, len(body))
	if err := hdr.Write(&b); err != nil {
		t.Fatal(err)
	}
	b.WriteString("\r\n")
	b.Write(body[:len(body)/2])
	if _, err := conn.Write(b.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := conn.(*net.TCPConn).CloseWrite(); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("reading the response: %v", err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
