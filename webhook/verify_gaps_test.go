package webhook_test

import (
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// TestUnpaddedSecrets runs the secrets of Standard Webhooks' libraries'
// tests that lack their base64 padding through the Verifier and through
// webhooktest.Sign: each signs and verifies, with and without the prefix,
// and the key is the one the unpadded base64 stands for.
func TestUnpaddedSecrets(t *testing.T) {
	t.Parallel()
	body := []byte(vectorBody)
	ts := strconv.Itoa(vectorTimestamp)
	tests := []struct {
		name, secret, b64 string
	}{
		{"whsec_, one character short", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS"},
		{"no prefix, one character short", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS"},
		{"no prefix, two characters short", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr"},
		{"whsec_, two characters short", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr"},
		{"a 32-byte secret without its =", "whsec_" + strings.TrimRight(base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef")), "="), "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			key, err := base64.RawStdEncoding.DecodeString(tt.b64)
			require.NoError(t, err)
			mac := hmac.New(sha256.New, key)
			mac.Write([]byte(vectorID + "." + ts + "."))
			mac.Write(body)
			want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))

			v, err := webhook.NewVerifierWith(webhook.VerifierOptions{Secrets: []string{tt.secret}, Now: clock(vectorTime)})
			require.NoError(t, err)
			assert.NoError(t, v.Verify(headers("svix", vectorID, ts, want), body), "Verifier")

			h, err := webhooktest.Sign(tt.secret, vectorID, vectorTime, body)
			require.NoError(t, err)
			assert.Equal(t, want, h.Get("Svix-Signature"), "webhooktest.Sign")
		})
	}
}

// TestMistypedSecret checks that a Svix secret that is neither "whsec_"
// nor base64 is refused where it is given, by the Verifier and by
// webhooktest, with a message that names RawSecrets, and that RawSecrets
// takes it.
func TestMistypedSecret(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"my webhook secret", "whsec-MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw!", "abcde"} {
		t.Run(s, func(t *testing.T) {
			t.Parallel()
			_, err := webhook.NewVerifier(s)
			require.ErrorIs(t, err, webhook.ErrInvalidSecret)
			assert.Contains(t, err.Error(), "RawSecrets")
			assert.NotContains(t, err.Error(), s)

			_, err = webhook.NewHandler(webhook.Options{Secrets: []string{s}})
			assert.ErrorIs(t, err, webhook.ErrInvalidSecret, "NewHandler")
			_, err = webhooktest.Sign(s, "msg_1", vectorTime, []byte(vectorBody))
			assert.ErrorIs(t, err, webhook.ErrInvalidSecret, "webhooktest.Sign")

			_, err = webhook.NewVerifierWith(webhook.VerifierOptions{Secrets: []string{s}, RawSecrets: true})
			assert.NoError(t, err, "with RawSecrets")
		})
	}
}

// TestSignatureLines checks that a signature header sent in several lines
// is read as one list, in every scheme: the matching signature verifies
// in any line, and the bound of 16 entries counts every line's.
func TestSignatureLines(t *testing.T) {
	t.Parallel()
	body := []byte(vectorBody)
	ts := strconv.Itoa(vectorTimestamp)
	wrong := "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
	lines := func(prefix string, sigs ...string) http.Header {
		h := headers(prefix, vectorID, ts, "")
		h[http.CanonicalHeaderKey(prefix+"-signature")] = sigs
		return h
	}
	seed, err := base64.StdEncoding.DecodeString(vectorEd25519Seed)
	require.NoError(t, err)
	priv := ed25519.NewKeyFromSeed(seed)
	otherSig := "v1a," + base64.StdEncoding.EncodeToString(ed25519.Sign(priv, []byte("something else")))

	clazarMAC := func(secret string) string {
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(ts + "."))
		m.Write(body)
		return hex.EncodeToString(m.Sum(nil))
	}
	clazar := func(sigs ...string) http.Header {
		return http.Header{"X-Clazar-Signature": sigs, "X-Clazar-Timestamp": {ts}}
	}
	token := func(values ...string) http.Header { return http.Header{"X-Token": values} }

	svix := webhook.VerifierOptions{Secrets: []string{vectorSecret}}
	ed := webhook.VerifierOptions{Scheme: webhook.SchemeEd25519, Secrets: []string{vectorEd25519Key(t)}}
	cz := webhook.VerifierOptions{Scheme: webhook.SchemeClazar, Secrets: []string{"clazar-secret"}}
	hd := webhook.VerifierOptions{Scheme: webhook.SchemeHeader, Header: "X-Token", Secrets: []string{"static-token"}}
	many := func(n int, s string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = s
		}
		return out
	}
	tests := []struct {
		name   string
		opts   webhook.VerifierOptions
		header http.Header
		want   error
	}{
		{"svix, good in the second line", svix, lines("svix", wrong, vectorSignature), nil},
		{"svix, good in the first line", svix, lines("svix", vectorSignature, wrong), nil},
		{"svix, an empty line first", svix, lines("svix", "", vectorSignature), nil},
		{"svix, lines of several entries", svix, lines("svix", wrong+" "+wrong, "v2,x "+vectorSignature), nil},
		{"webhook-*, good in the second line", svix, lines("webhook", wrong, vectorSignature), nil},
		{"svix, no line matches", svix, lines("svix", wrong, wrong), webhook.ErrNoMatchingSignature},
		{"svix, only empty lines", svix, lines("svix", "", ""), webhook.ErrMissingHeaders},
		{"svix, good after 16 entries in other lines", svix, lines("svix", append(many(16, wrong), vectorSignature)...), webhook.ErrNoMatchingSignature},
		{"svix, good as the 16th entry", svix, lines("svix", append(many(15, wrong), vectorSignature)...), nil},
		{"ed25519, good in the second line", ed, lines("svix", otherSig, vectorEd25519Signature), nil},
		{"ed25519, no line matches", ed, lines("svix", otherSig, vectorSignature), webhook.ErrNoMatchingSignature},
		{"clazar, good in the second line", cz, clazar(clazarMAC("other"), clazarMAC("clazar-secret")), nil},
		{"clazar, an empty line first", cz, clazar("", clazarMAC("clazar-secret")), nil},
		{"clazar, no line matches", cz, clazar(clazarMAC("other"), clazarMAC("another")), webhook.ErrNoMatchingSignature},
		{"header, good in the second line", hd, token("wrong-token", "static-token"), nil},
		{"header, no line matches", hd, token("wrong-token", "static-tokens"), webhook.ErrNoMatchingSignature},
		{"header, good after 16 lines", hd, token(append(many(16, "wrong"), "static-token")...), webhook.ErrNoMatchingSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			verifyWith(t, tt.opts, tt.header, body, tt.want)
		})
	}
}

// verifyWith verifies header and body with a Verifier of opts at the
// vectors' time, checks the error against want (nil for none), and returns
// it.
func verifyWith(t *testing.T, opts webhook.VerifierOptions, header http.Header, body []byte, want error) error {
	t.Helper()
	opts.Now = clock(vectorTime)
	v, err := webhook.NewVerifierWith(opts)
	require.NoError(t, err)
	err = v.Verify(header, body)
	if want == nil {
		assert.NoError(t, err)
	} else {
		assert.ErrorIs(t, err, want)
	}
	return err
}

// TestDeliveryIDBound checks the bound on delivery ids: an id of
// MaxDeliveryIDBytes verifies, a longer one is refused with
// ErrDeliveryIDTooLong in every scheme that reads an id header, over HTTP
// with a 401 before the Store sees it, and in an envelope with a 400.
func TestDeliveryIDBound(t *testing.T) {
	t.Parallel()
	body := []byte(vectorBody)
	atMax := "msg_" + strings.Repeat("x", webhook.MaxDeliveryIDBytes-4)
	over := atMax + "y"
	sign := func(prefix, id string) http.Header {
		h := unboundedSign(t, vectorSecret, id, vectorTime, body)
		if prefix == "webhook" {
			h = headers(prefix, id, h.Get("Svix-Timestamp"), h.Get("Svix-Signature"))
		}
		return h
	}
	hd := webhook.VerifierOptions{Scheme: webhook.SchemeHeader, Header: "X-Token", Secrets: []string{"static-token"}}
	tests := []struct {
		name   string
		opts   webhook.VerifierOptions
		header http.Header
		want   error
	}{
		{"svix-id at the bound", webhook.VerifierOptions{Secrets: []string{vectorSecret}}, sign("svix", atMax), nil},
		{"svix-id over the bound", webhook.VerifierOptions{Secrets: []string{vectorSecret}}, sign("svix", over), webhook.ErrDeliveryIDTooLong},
		{"webhook-id over the bound", webhook.VerifierOptions{Secrets: []string{vectorSecret}}, sign("webhook", over), webhook.ErrDeliveryIDTooLong},
		{"header scheme, svix-id over the bound", hd, http.Header{"X-Token": {"static-token"}, "Svix-Id": {over}}, webhook.ErrDeliveryIDTooLong},
		{"header scheme, webhook-id over the bound", hd, http.Header{"X-Token": {"static-token"}, "Webhook-Id": {over}}, webhook.ErrDeliveryIDTooLong},
		{"header scheme, svix-id at the bound", hd, http.Header{"X-Token": {"static-token"}, "Svix-Id": {atMax}}, nil},
		{"insecure, svix-id over the bound", webhook.VerifierOptions{InsecureSkipVerify: true}, http.Header{"Svix-Id": {over}}, webhook.ErrDeliveryIDTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := verifyWith(t, tt.opts, tt.header, body, tt.want)
			if err == nil || tt.want == nil {
				return
			}
			assert.Contains(t, err.Error(), strconv.Itoa(webhook.MaxDeliveryIDBytes))
			assert.NotContains(t, err.Error(), over, "the message quotes the id")
		})
	}

	t.Run("over HTTP", func(t *testing.T) {
		t.Parallel()
		store := &countingStore{Store: webhook.NewMemoryStore(webhook.MemoryStoreOptions{})}
		var errs []*webhook.DeliveryError
		var calls atomic.Int32
		newServer := func(opts webhook.Options) *httptest.Server {
			opts.Store, opts.Logger = store, slog.New(slog.DiscardHandler)
			opts.OnError = func(_ *http.Request, de *webhook.DeliveryError) { errs = append(errs, de) }
			h, err := webhook.NewHandler(opts)
			require.NoError(t, err)
			h.OnTopic("**", func(context.Context, *event.Event) error { calls.Add(1); return nil })
			srv := httptest.NewServer(h)
			t.Cleanup(srv.Close)
			return srv
		}
		post := func(srv *httptest.Server, h http.Header, body []byte) int {
			req, err := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(string(body)))
			require.NoError(t, err)
			for k, v := range h {
				req.Header[k] = v
			}
			resp, err := srv.Client().Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			return resp.StatusCode
		}
		now := time.Now()
		event := []byte(`{"topic":"aws.listing.published","metadata":{}}`)
		secret := webhooktest.NewSecret()
		svix := newServer(webhook.Options{Secrets: []string{secret}})

		h, err := webhooktest.Sign(secret, atMax, now, event)
		require.NoError(t, err)
		assert.Equal(t, http.StatusNoContent, post(svix, h, event), "id at the bound")

		_, err = webhooktest.Sign(secret, over, now, event)
		require.ErrorIs(t, err, webhook.ErrDeliveryIDTooLong, "webhooktest.Sign refuses what the Verifier refuses")
		h = unboundedSign(t, secret, over, now, event)
		assert.Equal(t, http.StatusUnauthorized, post(svix, h, event), "id over the bound")
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], webhook.ErrDeliveryIDTooLong)
		assert.Nil(t, errs[0].Delivery, "an unverified delivery reaches the hook")

		// A scheme without an id header keys the delivery by the envelope's id.
		v, err := webhook.NewVerifierWith(hd)
		require.NoError(t, err)
		static := newServer(webhook.Options{Verifier: v})
		evtMax := "evt_" + strings.Repeat("e", webhook.MaxDeliveryIDBytes-4)
		long := []byte(`{"id":"` + evtMax + `e","topic":"aws.listing.published","metadata":{}}`)
		assert.Equal(t, http.StatusBadRequest, post(static, http.Header{"X-Token": {"static-token"}}, long), "envelope id over the bound")
		require.Len(t, errs, 2)
		assert.ErrorIs(t, errs[1], webhook.ErrDeliveryIDTooLong)
		ok := []byte(`{"id":"` + evtMax + `","topic":"aws.listing.published","metadata":{}}`)
		assert.Equal(t, http.StatusNoContent, post(static, http.Header{"X-Token": {"static-token"}}, ok), "envelope id at the bound")

		assert.Equal(t, int32(2), calls.Load(), "handler calls")
		assert.Equal(t, []string{atMax, evtMax}, store.keys(), "keys the store saw")
	})
}

// unboundedSign returns svix-* headers signing body with secret as id at
// ts, whatever the id's length, as webhooktest.Sign would not.
func unboundedSign(t *testing.T, secret, id string, ts time.Time, body []byte) http.Header {
	t.Helper()
	unix := strconv.FormatInt(ts.Unix(), 10)
	return headers("svix", id, unix, fuzzSignature(fuzzKey(t, secret), id, unix, body))
}

// countingStore records the keys claimed.
type countingStore struct {
	webhook.Store
	mu      sync.Mutex
	claimed []string
}

func (s *countingStore) Claim(ctx context.Context, key string, ttl time.Duration) (webhook.ClaimStatus, error) {
	s.mu.Lock()
	s.claimed = append(s.claimed, key)
	s.mu.Unlock()
	return s.Store.Claim(ctx, key, ttl)
}

func (s *countingStore) keys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.claimed...)
}
