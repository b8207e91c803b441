// Package webhooktest provides utilities for testing receivers of Clazar's
// webhook deliveries, in the spirit of net/http/httptest: signing secrets,
// signed headers and requests in the default scheme (Svix, or Standard
// Webhooks v1), and a realistic delivery body for every documented topic.
//
//	secret := webhooktest.NewSecret()
//	h, _ := webhook.NewHandler(webhook.Options{Secrets: []string{secret}})
//	webhook.On(h, handleContractCreated)
//
//	rec := httptest.NewRecorder()
//	body := webhooktest.MustFixture(topics.AWSContractCreated)
//	h.ServeHTTP(rec, webhooktest.NewRequest(secret, body))
//	// rec.Code is 204
package webhooktest

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"

	"github.com/clazarevents/sdk-go/internal/secret"
	"github.com/clazarevents/sdk-go/webhook"
)

// NewSecret returns a new random signing secret in Svix's format: "whsec_"
// followed by the base64 of 32 random bytes.
func NewSecret() string {
	return "whsec_" + base64.StdEncoding.EncodeToString(random(32))
}

// NewID returns a new random delivery id in the form of Svix's message
// ids, such as "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W".
func NewID() string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b := random(27)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return "msg_" + string(b)
}

func random(n int) []byte {
	b := make([]byte, n)
	rand.Read(b) // never fails, per crypto/rand
	return b
}

// Sign returns the headers that sign body as delivery id at time ts, with
// secret, in the default scheme: svix-id, svix-timestamp and
// svix-signature, the last holding one "v1,<base64>" HMAC-SHA256 of
// "<id>.<unix seconds>.<body>". Content-Type is set to application/json.
//
// secret is read as webhook.NewVerifier reads it: standard base64, with or
// without its "=" padding, after an optional "whsec_" prefix. Sign returns
// an error wrapping webhook.ErrEmptySecret for an empty secret,
// webhook.ErrInvalidSecret for one that is not base64,
// webhook.ErrMalformedHeader for an empty id or one holding a space or a
// control character, which no header can carry, and
// webhook.ErrDeliveryIDTooLong for an id longer than
// webhook.MaxDeliveryIDBytes, which the Handler refuses.
func Sign(secret, id string, ts time.Time, body []byte) (http.Header, error) {
	key, err := key(secret)
	if err != nil {
		return nil, err
	}
	if id == "" || strings.ContainsFunc(id, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return nil, fmt.Errorf("%w: id %q", webhook.ErrMalformedHeader, id)
	}
	if len(id) > webhook.MaxDeliveryIDBytes {
		return nil, fmt.Errorf("%w: id has %d bytes, more than %d", webhook.ErrDeliveryIDTooLong, len(id), webhook.MaxDeliveryIDBytes)
	}
	unix := strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + unix + "."))
	mac.Write(body)
	h := make(http.Header, 4)
	h.Set("Content-Type", "application/json")
	h.Set("Svix-Id", id)
	h.Set("Svix-Timestamp", unix)
	h.Set("Svix-Signature", "v1,"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	return h, nil
}

// key returns the HMAC key that s stands for, as webhook.NewVerifier reads
// it.
func key(s string) ([]byte, error) {
	if s == "" {
		return nil, fmt.Errorf("%w: no secret given", webhook.ErrEmptySecret)
	}
	k, err := secret.SvixKey(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", webhook.ErrInvalidSecret, err)
	}
	if len(k) == 0 {
		return nil, fmt.Errorf("%w: secret decodes to no bytes", webhook.ErrEmptySecret)
	}
	return k, nil
}

// NewRequest returns an incoming POST request for the path "/", carrying
// body signed with secret now, under a new delivery id (NewID), suitable
// for passing to an http.Handler such as webhook.Handler. Like
// httptest.NewRequest it panics on error, here a secret that Sign rejects.
// NewRequestWith chooses the id, the signing time, the target and the
// method.
//
// For a request to a server over the network, build one with
// http.NewRequest and set the headers that Sign returns.
func NewRequest(secret string, body []byte) *http.Request {
	return newRequest("NewRequest", secret, body, RequestOptions{})
}

// RequestOptions configure NewRequestWith. The zero value of each field
// means its default, which is what NewRequest does.
type RequestOptions struct {
	// ID is the delivery id, the svix-id header. Give one id to several
	// requests to test duplicates and retries. The default is a new NewID.
	ID string

	// Timestamp is the time the request is signed at, the svix-timestamp
	// header, such as a time beyond the receiver's tolerance to test that
	// it refuses a replay. The default is time.Now().
	Timestamp time.Time

	// Target is the request target, as for httptest.NewRequest: a path
	// such as "/webhooks/clazar", or an absolute URL, whose host becomes
	// the request's Host. The default is "/".
	Target string

	// Method is the request method. The default is POST.
	Method string
}

// NewRequestWith is like NewRequest, with the id, signing time, target and
// method that opts choose:
//
//	r := webhooktest.NewRequestWith(secret, body, webhooktest.RequestOptions{
//		ID:     "msg_retried",
//		Target: "/webhooks/clazar",
//	})
//
// Like httptest.NewRequest it panics on error: a secret that Sign
// rejects, an ID that no header can carry, or a Target that cannot be
// parsed.
func NewRequestWith(secret string, body []byte, opts RequestOptions) *http.Request {
	return newRequest("NewRequestWith", secret, body, opts)
}

func newRequest(name, secret string, body []byte, opts RequestOptions) *http.Request {
	if opts.ID == "" {
		opts.ID = NewID()
	}
	if opts.Timestamp.IsZero() {
		opts.Timestamp = time.Now()
	}
	if opts.Target == "" {
		opts.Target = "/"
	}
	if opts.Method == "" {
		opts.Method = http.MethodPost
	}
	h, err := Sign(secret, opts.ID, opts.Timestamp, body)
	if err != nil {
		panic("webhooktest: " + name + ": " + err.Error())
	}
	r := httptest.NewRequest(opts.Method, opts.Target, bytes.NewReader(body))
	for k, v := range h {
		r.Header[k] = v
	}
	return r
}
