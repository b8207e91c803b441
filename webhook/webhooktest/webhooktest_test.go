package webhooktest_test

import (
	"encoding/base64"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

func TestNewSecret(t *testing.T) {
	t.Parallel()
	a, b := webhooktest.NewSecret(), webhooktest.NewSecret()
	if a == b {
		t.Fatal("two secrets are equal")
	}
	for _, s := range []string{a, b} {
		key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, "whsec_"))
		if !strings.HasPrefix(s, "whsec_") || err != nil || len(key) != 32 {
			t.Errorf("secret %q: want whsec_ and the base64 of 32 bytes (%v, %d bytes)", s, err, len(key))
		}
		if _, err := webhook.NewVerifier(s); err != nil {
			t.Errorf("NewVerifier(%q): %v", s, err)
		}
	}
}

func TestNewID(t *testing.T) {
	t.Parallel()
	form := regexp.MustCompile(`^msg_[0-9A-Za-z]{27}$`)
	seen := map[string]bool{}
	for range 100 {
		id := webhooktest.NewID()
		if !form.MatchString(id) {
			t.Fatalf("NewID() = %q, want msg_ and 27 letters or digits", id)
		}
		if seen[id] {
			t.Fatalf("NewID() repeated %q", id)
		}
		seen[id] = true
	}
}

func TestSign(t *testing.T) {
	t.Parallel()
	body := []byte(`{"id":"evt_1","topic":"azure.contract.activated","metadata":{}}`)
	at := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	tests := []struct {
		name   string
		secret string
		id     string
		want   error // nil: the headers verify
	}{
		{"whsec_ secret", webhooktest.NewSecret(), "msg_1", nil},
		{"base64 secret without prefix", "c2VjcmV0LWtleS1ieXRlcw==", "msg_1", nil},
		{"unpadded secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", "msg_1", nil},
		{"neither whsec_ nor base64", "not base64: a raw secret", "msg_1", webhook.ErrInvalidSecret},
		{"id at the bound", webhooktest.NewSecret(), strings.Repeat("i", webhook.MaxDeliveryIDBytes), nil},
		{"id over the bound", webhooktest.NewSecret(), strings.Repeat("i", webhook.MaxDeliveryIDBytes+1), webhook.ErrDeliveryIDTooLong},
		{"empty secret", "", "msg_1", webhook.ErrEmptySecret},
		{"empty whsec_", "whsec_", "msg_1", webhook.ErrEmptySecret},
		{"whsec_ not base64", "whsec_***", "msg_1", webhook.ErrInvalidSecret},
		{"empty id", webhooktest.NewSecret(), "", webhook.ErrMalformedHeader},
		{"id with a space", webhooktest.NewSecret(), "msg 1", webhook.ErrMalformedHeader},
		{"id with a newline", webhooktest.NewSecret(), "msg\n1", webhook.ErrMalformedHeader},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, err := webhooktest.Sign(tt.secret, tt.id, at, body)
			if tt.want != nil {
				if !errors.Is(err, tt.want) || h != nil {
					t.Fatalf("Sign = %v, %v; want %v", h, err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("Sign: %v", err)
			}
			if h.Get("svix-id") != tt.id || h.Get("svix-timestamp") != "1741064767" || !strings.HasPrefix(h.Get("svix-signature"), "v1,") {
				t.Errorf("headers %v", h)
			}
			if h.Get("Content-Type") != "application/json" {
				t.Errorf("Content-Type = %q", h.Get("Content-Type"))
			}
			v, err := webhook.NewVerifierWith(webhook.VerifierOptions{Secrets: []string{tt.secret}, Now: func() time.Time { return at }})
			if err != nil {
				t.Fatal(err)
			}
			if err := v.Verify(h, body); err != nil {
				t.Errorf("Verify of signed headers: %v", err)
			}
			if err := v.Verify(h, append(slices.Clip(body), '\n')); !errors.Is(err, webhook.ErrNoMatchingSignature) {
				t.Errorf("Verify of another body = %v", err)
			}
		})
	}
}

func TestNewRequest(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	body := webhooktest.MustFixture(topics.GCPContractActivated)
	r := webhooktest.NewRequest(secret, body)
	if r.Method != http.MethodPost || r.URL.Path != "/" || r.ContentLength != int64(len(body)) {
		t.Errorf("request %s %s, length %d", r.Method, r.URL.Path, r.ContentLength)
	}
	got, err := io.ReadAll(r.Body)
	if err != nil || string(got) != string(body) {
		t.Fatalf("body %q, %v", got, err)
	}
	if !strings.HasPrefix(r.Header.Get("svix-id"), "msg_") {
		t.Errorf("svix-id = %q", r.Header.Get("svix-id"))
	}
	v, err := webhook.NewVerifier(secret)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Verify(r.Header, got); err != nil {
		t.Errorf("Verify: %v", err)
	}
	if r2 := webhooktest.NewRequest(secret, body); r2.Header.Get("svix-id") == r.Header.Get("svix-id") {
		t.Error("two requests share an id")
	}
	defer func() {
		if p, _ := recover().(string); !strings.Contains(p, "webhook: empty secret") {
			t.Errorf("NewRequest with no secret: panic %q", p)
		}
	}()
	webhooktest.NewRequest("", body)
}

func TestNewRequestWith(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	body := webhooktest.MustFixture(topics.AWSContractRenewed)
	at := time.Date(2025, 8, 7, 14, 3, 11, 0, time.UTC)
	tests := []struct {
		name                      string
		opts                      webhooktest.RequestOptions
		method, host, uri, id, ts string // "" for any id and now
	}{
		{name: "defaults", method: http.MethodPost, host: "example.com", uri: "/"},
		{
			name:   "every option",
			opts:   webhooktest.RequestOptions{ID: "msg_retried", Timestamp: at, Target: "/webhooks/clazar?tenant=7", Method: http.MethodPut},
			method: http.MethodPut, host: "example.com", uri: "/webhooks/clazar?tenant=7", id: "msg_retried", ts: "1754575391",
		},
		{
			name:   "absolute URL",
			opts:   webhooktest.RequestOptions{Target: "https://hooks.example.org/clazar"},
			method: http.MethodPost, host: "hooks.example.org", uri: "https://hooks.example.org/clazar",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := webhooktest.NewRequestWith(secret, body, tt.opts)
			assert.Equal(t, tt.method, r.Method)
			assert.Equal(t, tt.host, r.Host)
			assert.Equal(t, tt.uri, r.RequestURI)
			if tt.id != "" {
				assert.Equal(t, tt.id, r.Header.Get("svix-id"))
			} else {
				assert.Regexp(t, `^msg_[0-9A-Za-z]{27}$`, r.Header.Get("svix-id"))
			}
			signed := time.Now()
			if tt.ts != "" {
				assert.Equal(t, tt.ts, r.Header.Get("svix-timestamp"))
				signed = at
			}
			got, err := io.ReadAll(r.Body)
			require.NoError(t, err)
			assert.Equal(t, body, got)
			v, err := webhook.NewVerifierWith(webhook.VerifierOptions{Secrets: []string{secret}, Now: func() time.Time { return signed }})
			require.NoError(t, err)
			assert.NoError(t, v.Verify(r.Header, got))
		})
	}

	t.Run("one id twice", func(t *testing.T) {
		t.Parallel()
		opts := webhooktest.RequestOptions{ID: "msg_duplicate"}
		a, b := webhooktest.NewRequestWith(secret, body, opts), webhooktest.NewRequestWith(secret, body, opts)
		assert.Equal(t, a.Header.Get("svix-id"), b.Header.Get("svix-id"))
	})

	for name, opts := range map[string]webhooktest.RequestOptions{
		"id with a space": {ID: "msg 1"},
		"bad target":      {Target: "::not a target"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			assert.Panics(t, func() { webhooktest.NewRequestWith(secret, body, opts) })
		})
	}
	assert.PanicsWithValue(t, "webhooktest: NewRequestWith: webhook: empty secret: no secret given", func() {
		webhooktest.NewRequestWith("", body, webhooktest.RequestOptions{})
	})
}

func TestFixture(t *testing.T) {
	t.Parallel()
	for _, topic := range topics.All() {
		b, err := webhooktest.Fixture(topic)
		if err != nil {
			t.Errorf("Fixture(%s): %v", topic, err)
			continue
		}
		e, err := event.Parse(b)
		if err != nil {
			t.Errorf("fixture of %s: %v", topic, err)
			continue
		}
		if e.Topic != topic {
			t.Errorf("fixture of %s holds topic %s", topic, e.Topic)
		}
	}
	for _, topic := range []topics.Topic{"aws.contract.transferred", "", "aws", "../go.mod", "aws.contract.*", "aws/../x.y"} {
		if b, err := webhooktest.Fixture(topic); !errors.Is(err, fs.ErrNotExist) || b != nil {
			t.Errorf("Fixture(%q) = %d bytes, %v; want fs.ErrNotExist", topic, len(b), err)
		}
	}
	a := webhooktest.MustFixture(topics.AWSContractCreated)
	a[0] = 'X'
	if b := webhooktest.MustFixture(topics.AWSContractCreated); b[0] == 'X' {
		t.Error("Fixture returns shared bytes")
	}
	defer func() {
		if err, _ := recover().(error); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("MustFixture of an unknown topic: panic %v", err)
		}
	}()
	webhooktest.MustFixture("azure.contract.transferred")
}
