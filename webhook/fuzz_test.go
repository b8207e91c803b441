package webhook_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/azure"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/gcp"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// fuzzOtherSecret is a second, fixed secret, as during a rotation.
const fuzzOtherSecret = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

// fuzzMaxBody is the Handler's MaxBodyBytes in FuzzServeHTTP: larger than
// every fixture, small enough for the fuzzer to reach.
const fuzzMaxBody = 4096

// fuzzKey decodes a whsec_ secret independently of the package.
func fuzzKey(t testing.TB, secret string) []byte {
	t.Helper()
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		t.Fatalf("secret %q: %v", secret, err)
	}
	return key
}

// fuzzMAC returns the HMAC-SHA256 of "<id>.<ts>.<body>" under key.
func fuzzMAC(key []byte, id, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id + "." + ts + "."))
	m.Write(body)
	return m.Sum(nil)
}

// fuzzSignature returns the "v1,<base64>" entry for id, ts and body.
func fuzzSignature(key []byte, id, ts string, body []byte) string {
	return "v1," + base64.StdEncoding.EncodeToString(fuzzMAC(key, id, ts, body))
}

// fuzzVerifyErrors are the errors Verify is documented to return.
var fuzzVerifyErrors = []error{
	webhook.ErrMissingHeaders,
	webhook.ErrMalformedHeader,
	webhook.ErrDeliveryIDTooLong,
	webhook.ErrTimestampTooOld,
	webhook.ErrTimestampTooNew,
	webhook.ErrNoMatchingSignature,
}

// isVerifyError reports whether err wraps one of fuzzVerifyErrors.
func isVerifyError(err error) bool {
	return slices.ContainsFunc(fuzzVerifyErrors, func(s error) bool { return errors.Is(err, s) })
}

// fuzzFixtures returns the fixture of every documented topic, in the
// order of topics.All.
func fuzzFixtures(f *testing.F) [][]byte {
	f.Helper()
	var out [][]byte
	for _, topic := range topics.All() {
		b, err := webhooktest.Fixture(topic)
		if err != nil {
			f.Fatalf("fixture of %s: %v", topic, err)
		}
		out = append(out, b)
	}
	return out
}

// Header sets for FuzzVerify.
const (
	setSvix    = iota // svix-id, svix-timestamp, svix-signature
	setWebhook        // webhook-id, webhook-timestamp, webhook-signature
	setBoth           // the svix set as given, and a webhook set signed correctly
	setLines          // the svix set, its signature sent in lines split at each "\n"
	numSets
)

// FuzzVerify checks Verifier.Verify, with two fixed secrets and a fixed
// clock, against a signature computed independently with crypto/hmac:
//
//   - it never panics;
//   - it returns nil only when the header set in use has an id of at most
//     MaxDeliveryIDBytes, a timestamp of Unix seconds within the tolerance,
//     and a v1 entry, in any line of the signature header, that is the
//     HMAC of "<id>.<timestamp>.<body>" under one of the secrets;
//   - it returns nil whenever such an entry, written canonically, is among
//     the first 16 of the list and the rest holds;
//   - every error wraps one of the documented sentinels, one that the
//     input deserves, and holds neither secret nor expected signature.
//
// The svix-* set is used when all three of its headers are set, and the
// webhook-* set otherwise.
func FuzzVerify(f *testing.F) {
	now := vectorTime
	secrets := []string{vectorSecret, fuzzOtherSecret}
	keys := [][]byte{fuzzKey(f, vectorSecret), fuzzKey(f, fuzzOtherSecret)}
	v, err := webhook.NewVerifierWith(webhook.VerifierOptions{Secrets: secrets, Now: clock(now)})
	if err != nil {
		f.Fatal(err)
	}

	ts := strconv.FormatInt(now.Unix(), 10)
	f.Add(uint8(setSvix), vectorID, ts, vectorSignature, []byte(vectorBody))
	f.Add(uint8(setWebhook), vectorID, ts, vectorSignature, []byte(vectorBody))
	f.Add(uint8(setSvix), vectorID, ts, "v1,bm90IHRoZSBzaWduYXR1cmU= "+vectorSignature, []byte(vectorBody))
	f.Add(uint8(setSvix), vectorID, ts, vectorSignature, []byte(vectorBody+" "))
	f.Add(uint8(setSvix), vectorID, strconv.FormatInt(now.Unix()-301, 10), vectorSignature, []byte(vectorBody))
	f.Add(uint8(setSvix), vectorID, strconv.FormatInt(now.Unix()+300, 10), vectorSignature, []byte(vectorBody))
	f.Add(uint8(setSvix), vectorID, "1614265330.0", vectorSignature, []byte(vectorBody))
	f.Add(uint8(setSvix), vectorID, ts, "v1a,"+strings.Repeat("A", 86)+"== v2,x", []byte(vectorBody))
	f.Add(uint8(setSvix), vectorID, ts, "", []byte(vectorBody))
	mac := fuzzMAC(keys[0], vectorID, ts, []byte(vectorBody))
	for _, flip := range []int{0, len(mac) / 2, len(mac) - 1} {
		near := slices.Clone(mac)
		near[flip] ^= 1
		f.Add(uint8(setSvix), vectorID, ts, "v1,"+base64.StdEncoding.EncodeToString(near), []byte(vectorBody))
	}
	f.Add(uint8(setSvix), vectorID, ts, "v1,"+base64.StdEncoding.EncodeToString(mac[:len(mac)-1]), []byte(vectorBody))
	f.Add(uint8(setSvix), vectorID, ts, "v1,"+base64.StdEncoding.EncodeToString(append(mac, 0)), []byte(vectorBody))
	f.Add(uint8(setBoth), vectorID, ts, "", []byte(vectorBody))
	f.Add(uint8(setBoth), vectorID, ts, "v1,"+strings.Repeat("A", 43)+"=", []byte(vectorBody))
	f.Add(uint8(setLines), vectorID, ts, "v1,bm90IHRoZSBzaWduYXR1cmU=\n"+vectorSignature, []byte(vectorBody))
	f.Add(uint8(setLines), vectorID, ts, "\n\n"+vectorSignature+"\n", []byte(vectorBody))
	f.Add(uint8(setSvix), strings.Repeat("i", webhook.MaxDeliveryIDBytes+1), ts, vectorSignature, []byte(vectorBody))
	for i, body := range fuzzFixtures(f) {
		id := "msg_fixture_" + strconv.Itoa(i)
		key := keys[i%len(keys)]
		sig := fuzzSignature(key, id, ts, body)
		if i%3 == 2 {
			sig = "v1,c2lnbmF0dXJlIG9mIGFuIG9sZCBzZWNyZXQgICAgICA= " + sig
		}
		f.Add(uint8(i%numSets), id, ts, sig, body)
	}

	f.Fuzz(func(t *testing.T, set uint8, id, ts, sig string, body []byte) {
		h := http.Header{}
		put := func(prefix, id, ts, sig string) {
			h[prefix+"-Id"] = []string{id}
			h[prefix+"-Timestamp"] = []string{ts}
			h[prefix+"-Signature"] = []string{sig}
		}
		switch set % numSets {
		case setSvix:
			put("Svix", id, ts, sig)
		case setWebhook:
			put("Webhook", id, ts, sig)
		case setBoth:
			put("Svix", id, ts, sig)
			put("Webhook", id, ts, fuzzSignature(keys[0], id, ts, body))
		case setLines:
			put("Svix", id, ts, "")
			h["Svix-Signature"] = strings.Split(sig, "\n")
		}
		err := v.Verify(h, body)

		// The set in use; the lines of a signature header make one list.
		sigs := func(name string) string {
			if !slices.ContainsFunc(h[name], func(line string) bool { return line != "" }) {
				return ""
			}
			return strings.Join(h[name], " ")
		}
		uid, uts, usig := h.Get("Svix-Id"), h.Get("Svix-Timestamp"), sigs("Svix-Signature")
		if uid == "" || uts == "" || usig == "" {
			uid, uts, usig = h.Get("Webhook-Id"), h.Get("Webhook-Timestamp"), sigs("Webhook-Signature")
		}
		if uid == "" || uts == "" || usig == "" {
			if !errors.Is(err, webhook.ErrMissingHeaders) {
				t.Fatalf("headers %q: Verify = %v, want ErrMissingHeaders", h, err)
			}
			return
		}

		// What is wrong with the input; Verify may report any of it.
		var deserved []error
		if len(uid) > webhook.MaxDeliveryIDBytes {
			deserved = append(deserved, webhook.ErrDeliveryIDTooLong)
		}
		if n, ok := fuzzUnix(uts); !ok {
			deserved = append(deserved, webhook.ErrMalformedHeader)
		} else if d := now.Unix() - n; d > 300 {
			deserved = append(deserved, webhook.ErrTimestampTooOld)
		} else if d < -300 {
			deserved = append(deserved, webhook.ErrTimestampTooNew)
		}
		macs := make([][]byte, len(keys))
		for i, k := range keys {
			macs[i] = fuzzMAC(k, uid, uts, body)
		}
		matched, canonical, wellFormed := false, false, false
		entries := strings.Split(usig, " ")
		entries = slices.DeleteFunc(entries, func(s string) bool { return s == "" })
		for i, entry := range entries {
			version, value, ok := strings.Cut(entry, ",")
			wellFormed = wellFormed || (ok && version != "" && value != "")
			if version != "v1" {
				continue
			}
			b, err := base64.StdEncoding.DecodeString(value)
			for _, mac := range macs {
				if err == nil && hmac.Equal(b, mac) {
					matched = true
					if i < 16 && value == base64.StdEncoding.EncodeToString(mac) {
						canonical = true
					}
				}
			}
		}
		switch {
		case matched:
		case wellFormed:
			deserved = append(deserved, webhook.ErrNoMatchingSignature)
		default:
			deserved = append(deserved, webhook.ErrMalformedHeader)
		}

		if err == nil {
			if len(deserved) > 0 {
				t.Fatalf("headers %q, body %q: Verify = nil, want one of %v", h, body, deserved)
			}
			return
		}
		if len(deserved) == 0 && canonical {
			t.Fatalf("headers %q, body %q: Verify = %v for a correct signature", h, body, err)
		}
		if !isVerifyError(err) {
			t.Fatalf("headers %q: Verify = %v, which wraps no documented error", h, err)
		}
		if !slices.ContainsFunc(deserved, func(s error) bool { return errors.Is(err, s) }) && len(deserved) > 0 {
			t.Fatalf("headers %q, body %q: Verify = %v, want one of %v", h, body, err, deserved)
		}
		msg := err.Error()
		for i, mac := range macs {
			if strings.Contains(msg, base64.StdEncoding.EncodeToString(mac)) || strings.Contains(msg, secrets[i]) {
				t.Fatalf("error %q holds a secret or an expected signature", msg)
			}
		}
	})
}

// fuzzUnix reads a timestamp header as Verify is documented to: Unix
// seconds in decimal digits, at most 18 of them, which reach the year 31
// billion.
func fuzzUnix(s string) (int64, bool) {
	if s == "" || len(s) > 18 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// fuzzMethods are the methods FuzzServeHTTP sends.
var fuzzMethods = []string{http.MethodPost, http.MethodGet, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodHead, http.MethodOptions, "post", "PROPFIND"}

// How FuzzServeHTTP signs a request.
const (
	signSvix         = iota // correctly, with the svix-* headers
	signWebhook             // correctly, with the webhook-* headers
	signOther               // correctly, but over the other body
	signNone                // no signature headers
	signGarbage             // headers made of the fuzzed strings
	signForeign             // with another secret
	signStale               // correctly, ten minutes ago
	signStaleWebhook        // correctly, ten minutes ahead, webhook-* headers
	numSignModes
)

// A fuzzCall is one handler call seen by FuzzServeHTTP.
type fuzzCall struct {
	route string
	id    string
	body  []byte
	topic topics.Topic // of the event passed
	meta  any          // the metadata a typed handler received
}

// fuzzRecorder collects handler calls and error hook calls of one input.
type fuzzRecorder struct {
	mu    sync.Mutex
	calls []fuzzCall
	errs  []*webhook.DeliveryError
}

func (r *fuzzRecorder) call(ctx context.Context, route string, e *event.Event, m any) {
	d, _ := webhook.FromContext(ctx)
	c := fuzzCall{route: route, topic: e.Topic, meta: m}
	if d != nil {
		c.id, c.body = d.ID, d.Body
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, c)
}

// fuzzOnTyped registers a typed handler that records its calls under the
// metadata type's topic.
func fuzzOnTyped[T event.Metadata](h *webhook.Handler, rec *fuzzRecorder) {
	var zero T
	webhook.On(h, func(ctx context.Context, e *event.Event, m *T) error {
		rec.call(ctx, string(zero.Topic()), e, m)
		return nil
	})
}

// fuzzTypedTopics are the topics with a typed handler in FuzzServeHTTP,
// each with a function that decodes an event of it independently.
var fuzzTypedTopics = map[topics.Topic]func(*event.Event) (any, error){
	topics.AWSContractCreated:          func(e *event.Event) (any, error) { return event.DecodeAs[aws.ContractCreated](e) },
	topics.AWSAnalyticsMeteredUsage:    func(e *event.Event) (any, error) { return event.DecodeAs[aws.AnalyticsMeteredUsage](e) },
	topics.GCPMeteringSubmissionFailed: func(e *event.Event) (any, error) { return event.DecodeAs[gcp.MeteringSubmissionFailed](e) },
	topics.AzureContractSuspended:      func(e *event.Event) (any, error) { return event.DecodeAs[azure.ContractSuspended](e) },
	topics.AWSCatalogChangeSetFailed:   func(e *event.Event) (any, error) { return event.DecodeAs[aws.ChangeSetFailed](e) },
	topics.AWSAgreementLicenseUpdatedManufacturer: func(e *event.Event) (any, error) {
		return event.DecodeAs[aws.LicenseUpdatedManufacturer](e)
	},
}

// newFuzzHandler returns a Handler with a fixed clock and secret, typed
// handlers for fuzzTypedTopics and a "**" pattern handler, all recording
// into rec and never failing.
func newFuzzHandler(t testing.TB, now time.Time, rec *fuzzRecorder) *webhook.Handler {
	t.Helper()
	h, err := webhook.NewHandler(webhook.Options{
		Secrets:      []string{vectorSecret},
		Now:          clock(now),
		MaxBodyBytes: fuzzMaxBody,
		Logger:       slog.New(slog.DiscardHandler),
		OnError: func(_ *http.Request, err *webhook.DeliveryError) {
			rec.mu.Lock()
			defer rec.mu.Unlock()
			rec.errs = append(rec.errs, err)
		},
	})
	if err != nil {
		t.Fatalf("NewHandler: %v", err)
	}
	fuzzOnTyped[aws.ContractCreated](h, rec)
	fuzzOnTyped[aws.AnalyticsMeteredUsage](h, rec)
	fuzzOnTyped[gcp.MeteringSubmissionFailed](h, rec)
	fuzzOnTyped[azure.ContractSuspended](h, rec)
	fuzzOnTyped[aws.ChangeSetFailed](h, rec)
	fuzzOnTyped[aws.LicenseUpdatedManufacturer](h, rec)
	h.OnTopic("**", func(ctx context.Context, e *event.Event) error {
		rec.call(ctx, "**", e, nil)
		return nil
	})
	return h
}

// fuzzStatuses are the status codes the package documents.
var fuzzStatuses = []int{
	http.StatusNoContent, http.StatusBadRequest, http.StatusUnauthorized,
	http.StatusMethodNotAllowed, http.StatusConflict, http.StatusRequestEntityTooLarge,
	http.StatusUnprocessableEntity, http.StatusInternalServerError, http.StatusServiceUnavailable,
}

// FuzzServeHTTP sends one request to a fresh Handler, whose handlers never
// fail, and checks:
//
//   - ServeHTTP never panics and answers one of the documented codes,
//     never a 5xx;
//   - a handler runs only for a POST signed correctly over exactly the body
//     sent, and then sees that body and the signed id;
//   - a request not correctly signed is answered 401 (after 405 and 413,
//     which come first) and reaches neither a handler nor, with its body,
//     the error hook;
//   - a typed handler runs only for its topic, with the metadata that
//     decoding the body independently gives; a body that does not decode
//     is answered 422 and one that does not parse 400;
//   - the error hook is called once for every answer but 204, with that
//     status and an error of the right class.
//
// mode picks how the request is signed (see signSvix and the rest); its
// bit 4 hides the body's length, as a chunked request does.
func FuzzServeHTTP(f *testing.F) {
	now := time.Date(2025, 8, 7, 14, 3, 11, 0, time.UTC)
	fixtures := fuzzFixtures(f)
	for i, body := range fixtures {
		f.Add(uint8(0), uint8(i%numSignModes), "msg_"+strconv.Itoa(i), body, []byte(nil))
	}
	created := webhooktest.MustFixture(topics.AWSContractCreated)
	f.Add(uint8(0), uint8(signSvix|16), "msg_chunked", created, []byte(nil))
	f.Add(uint8(0), uint8(signOther), "msg_same", created, created)
	f.Add(uint8(0), uint8(signOther), "msg_other", created, created[:len(created)-2])
	f.Add(uint8(1), uint8(signSvix), "msg_get", created, []byte(nil))
	f.Add(uint8(7), uint8(signSvix), "msg_lower", created, []byte(nil))
	f.Add(uint8(0), uint8(signGarbage), "msg_garbage", created, []byte("1754575391"))
	f.Add(uint8(0), uint8(signSvix), "msg_big", bytes.Repeat([]byte(" "), fuzzMaxBody+1), []byte(nil))
	for i, s := range []string{
		`[]`, `{}`, `null`, `{"topic":"aws.contract.created"}`,
		`{"topic":"aws.contract.created","metadata":{"product_code":7}}`,
		`{"topic":"gcp.metering.submission_failed","metadata":{"quantity":"1e99999"}}`,
		`{"topic":"aws.analytics.metered_usage","metadata":{"estimated_revenue":1e400}}`,
		`{"topic":"x.y.z","metadata":{"a":[[[[[[[[]]]]]]]]}}`,
		`{"topic":"aws.contract.created","Topic":"aws.contract.cancelled"}`,
		"{\"topic\":\"aws.contract.created\",\"text\":\"\xff\"}",
		`{"detail-type":"Change Set Failed","source":"aws.marketplacecatalog","detail":{"ChangeSetId":""}}`,
		`{"detail-type":"License Updated - Manufacturer","source":"aws.agreement-marketplace","topic":"aws.contract.created","detail":{}}`,
		`{"detail-type":"Purchase Agreement Created - Acceptor","source":"aws.agreement-marketplace","detail":{"agreement":{"id":"agmt-1"}}}`,
	} {
		f.Add(uint8(0), uint8(signSvix), "msg_seed_"+strconv.Itoa(i), []byte(s), []byte(nil))
	}

	f.Fuzz(func(t *testing.T, method, mode uint8, id string, body, other []byte) {
		rec := new(fuzzRecorder)
		h := newFuzzHandler(t, now, rec)
		m := fuzzMethods[int(method)%len(fuzzMethods)]
		if id == "" {
			id = "msg_fuzz"
		}

		key := fuzzKey(t, vectorSecret)
		ts := strconv.FormatInt(now.Unix(), 10)
		hdr := http.Header{}
		put := func(prefix, id, ts, sig string) {
			hdr[prefix+"-Id"] = []string{id}
			hdr[prefix+"-Timestamp"] = []string{ts}
			hdr[prefix+"-Signature"] = []string{sig}
		}
		sign := mode % numSignModes
		switch sign {
		case signSvix:
			put("Svix", id, ts, fuzzSignature(key, id, ts, body))
		case signWebhook:
			put("Webhook", id, ts, fuzzSignature(key, id, ts, body))
		case signOther:
			put("Svix", id, ts, fuzzSignature(key, id, ts, other))
		case signNone:
		case signGarbage:
			put("Svix", id, string(other), "v1,"+string(other))
		case signForeign:
			put("Svix", id, ts, fuzzSignature(fuzzKey(t, fuzzOtherSecret), id, ts, body))
		case signStale:
			old := strconv.FormatInt(now.Add(-10*time.Minute).Unix(), 10)
			put("Svix", id, old, fuzzSignature(key, id, old, body))
		case signStaleWebhook:
			ahead := strconv.FormatInt(now.Add(10*time.Minute).Unix(), 10)
			put("Webhook", id, ahead, fuzzSignature(key, id, ahead, body))
		}
		signed := sign == signSvix || sign == signWebhook || (sign == signOther && bytes.Equal(other, body))

		r := httptest.NewRequest(m, "/webhooks/clazar", bytes.NewReader(body))
		r.Header = hdr
		if mode&16 != 0 {
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = -1
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		status := w.Code

		if !slices.Contains(fuzzStatuses, status) {
			t.Fatalf("status %d is not documented", status)
		}
		if status >= 500 {
			t.Fatalf("status %d for a request no handler fails: %q", status, w.Body)
		}

		rec.mu.Lock()
		calls, errs := rec.calls, rec.errs
		rec.mu.Unlock()

		// The error hook: once for every answer but 204, with that status.
		if status == http.StatusNoContent {
			if len(errs) != 0 {
				t.Fatalf("204 with error hook calls %v", errs)
			}
		} else if len(errs) != 1 || errs[0].Status != status {
			t.Fatalf("status %d with error hook calls %v", status, errs)
		}

		// The steps in order: method, size, signature.
		var want int
		var wantErr error
		switch {
		case m != http.MethodPost:
			want, wantErr = http.StatusMethodNotAllowed, webhook.ErrMethodNotAllowed
			if got := w.Header().Get("Allow"); got != http.MethodPost {
				t.Errorf("405 with Allow %q", got)
			}
		case len(body) > fuzzMaxBody:
			want, wantErr = http.StatusRequestEntityTooLarge, webhook.ErrBodyTooLarge
		case !signed:
			want = http.StatusUnauthorized
		case len(id) > webhook.MaxDeliveryIDBytes:
			// Signed, but under an id longer than the bound: refused
			// before anything is stored.
			want, wantErr = http.StatusUnauthorized, webhook.ErrDeliveryIDTooLong
		}
		if want != 0 {
			if status != want {
				t.Fatalf("%s, sign mode %d, %d bytes: status %d, want %d", m, sign, len(body), status, want)
			}
			if len(calls) != 0 {
				t.Fatalf("status %d, yet handlers ran: %+v", status, calls)
			}
			if errs[0].Delivery != nil || errs[0].Event != nil {
				t.Fatalf("status %d: the error hook received the unverified delivery %+v", status, errs[0].Delivery)
			}
			if wantErr != nil && !errors.Is(errs[0], wantErr) {
				t.Fatalf("status %d: hook error %v, want %v", status, errs[0], wantErr)
			}
			if status == http.StatusUnauthorized && !isVerifyError(errs[0]) {
				t.Fatalf("401: hook error %v wraps no verification error", errs[0])
			}
			return
		}

		// Signed correctly over body, so every call sees body and id.
		for _, c := range calls {
			if !bytes.Equal(c.body, body) || c.id != id {
				t.Fatalf("handler %s saw id %q and body %q; sent %q and %q", c.route, c.id, c.body, id, body)
			}
		}
		e, perr := event.Parse(body)
		if perr != nil {
			if status != http.StatusBadRequest || len(calls) != 0 || !errors.Is(errs[0], event.ErrMalformed) {
				t.Fatalf("unparsable body %q (%v): status %d, calls %d, hook %v; want 400, none, event.ErrMalformed", body, perr, status, len(calls), errs)
			}
			if d := errs[0].Delivery; d == nil || !bytes.Equal(d.Body, body) || d.ID != id {
				t.Fatalf("400: hook delivery %+v, want the verified body and id", d)
			}
			return
		}

		decode, typed := fuzzTypedTopics[e.Topic]
		var meta any
		var derr error
		if typed {
			meta, derr = decode(e)
		}
		if derr != nil {
			var ve *event.ValidationError
			if status != http.StatusUnprocessableEntity || len(calls) != 0 {
				t.Fatalf("%s metadata that does not decode (%v): status %d, calls %d; want 422, none", e.Topic, derr, status, len(calls))
			}
			if !errors.Is(errs[0], event.ErrMalformed) && !errors.As(errs[0], &ve) {
				t.Fatalf("422: hook error %v is neither event.ErrMalformed nor *event.ValidationError", errs[0])
			}
			return
		}
		if status != http.StatusNoContent {
			t.Fatalf("%s: status %d (%q) for a signed event that decodes", e.Topic, status, w.Body)
		}
		seen := map[string]int{}
		for _, c := range calls {
			seen[c.route]++
			if c.topic != e.Topic {
				t.Fatalf("handler %s saw topic %q, body has %q", c.route, c.topic, e.Topic)
			}
			if c.route == "**" {
				continue
			}
			if c.route != string(e.Topic) {
				t.Fatalf("typed handler of %s ran for %s", c.route, e.Topic)
			}
			if !reflect.DeepEqual(c.meta, meta) {
				t.Fatalf("typed handler of %s saw %+v, body decodes to %+v", c.route, c.meta, meta)
			}
		}
		if typed && seen[string(e.Topic)] != 1 {
			t.Fatalf("typed handler of %s ran %d times", e.Topic, seen[string(e.Topic)])
		}
		if seen["**"] != 1 {
			t.Fatalf(`"**" ran %d times for topic %q`, seen["**"], e.Topic)
		}
	})
}
