package webhook_test

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// The worked example of Svix's documentation, which Standard Webhooks'
// libraries also test against.
const (
	vectorSecret    = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	vectorID        = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	vectorTimestamp = 1614265330
	vectorBody      = `{"test": 2432232314}`
	vectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

// The asymmetric (v1a) example of Standard Webhooks' libraries: the
// ed25519 key whose 32-byte seed is the base64 below signs the same id,
// timestamp and body as the Svix example.
const (
	vectorEd25519Seed      = "VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk="
	vectorEd25519Signature = "v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag=="
)

var vectorTime = time.Unix(vectorTimestamp, 0)

// clock returns a Now function that always returns t.
func clock(t time.Time) func() time.Time { return func() time.Time { return t } }

// headers returns the header set prefix ("svix" or "webhook") with the
// given id, timestamp and signature.
func headers(prefix, id, ts, sig string) http.Header {
	h := http.Header{}
	h.Set(prefix+"-id", id)
	h.Set(prefix+"-timestamp", ts)
	h.Set(prefix+"-signature", sig)
	return h
}

// vectorEd25519Key returns the public key of the v1a example, as whpk_.
func vectorEd25519Key(t *testing.T) string {
	t.Helper()
	seed, err := base64.StdEncoding.DecodeString(vectorEd25519Seed)
	if err != nil || len(seed) != ed25519.SeedSize {
		t.Fatalf("seed: %v (%d bytes)", err, len(seed))
	}
	pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	return "whpk_" + base64.StdEncoding.EncodeToString(pub)
}

func TestInteropVectors(t *testing.T) {
	t.Parallel()
	ts := strconv.Itoa(vectorTimestamp)
	pub := vectorEd25519Key(t)
	tests := []struct {
		name   string
		opts   webhook.VerifierOptions
		header http.Header
	}{
		{"svix headers", webhook.VerifierOptions{Secrets: []string{vectorSecret}}, headers("svix", vectorID, ts, vectorSignature)},
		{"webhook headers", webhook.VerifierOptions{Secrets: []string{vectorSecret}}, headers("webhook", vectorID, ts, vectorSignature)},
		{"secret without whsec_ prefix", webhook.VerifierOptions{Secrets: []string{strings.TrimPrefix(vectorSecret, "whsec_")}}, headers("svix", vectorID, ts, vectorSignature)},
		{"among other entries", webhook.VerifierOptions{Secrets: []string{vectorSecret}}, headers("svix", vectorID, ts,
			"v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "+vectorSignature+" "+vectorEd25519Signature)},
		{"ed25519", webhook.VerifierOptions{Scheme: webhook.SchemeEd25519, Secrets: []string{pub}}, headers("webhook", vectorID, ts, vectorEd25519Signature)},
		{"ed25519 after a v1 entry", webhook.VerifierOptions{Scheme: webhook.SchemeEd25519, Secrets: []string{pub}}, headers("svix", vectorID, ts, vectorSignature+" "+vectorEd25519Signature)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.opts.Now = clock(vectorTime)
			v, err := webhook.NewVerifierWith(tt.opts)
			if err != nil {
				t.Fatalf("NewVerifierWith: %v", err)
			}
			if err := v.Verify(tt.header, []byte(vectorBody)); err != nil {
				t.Errorf("Verify: %v", err)
			}
			if err := v.Verify(tt.header, []byte(vectorBody+" ")); !errors.Is(err, webhook.ErrNoMatchingSignature) {
				t.Errorf("Verify of a changed body = %v, want ErrNoMatchingSignature", err)
			}
		})
	}
}

// TestSignMatchesVector checks webhooktest.Sign against the published
// signature, so that tests signing with it sign as Svix does.
func TestSignMatchesVector(t *testing.T) {
	t.Parallel()
	h, err := webhooktest.Sign(vectorSecret, vectorID, vectorTime, []byte(vectorBody))
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	if got := h.Get("svix-signature"); got != vectorSignature {
		t.Errorf("svix-signature = %q, want %q", got, vectorSignature)
	}
	if got := h.Get("svix-timestamp"); got != strconv.Itoa(vectorTimestamp) {
		t.Errorf("svix-timestamp = %q", got)
	}
	if got := h.Get("svix-id"); got != vectorID {
		t.Errorf("svix-id = %q", got)
	}
}

func TestVerifySvix(t *testing.T) {
	t.Parallel()
	oldSecret, newSecret, otherSecret := webhooktest.NewSecret(), webhooktest.NewSecret(), webhooktest.NewSecret()
	body := []byte(`{"id":"evt_1","topic":"aws.contract.created","metadata":{}}`)
	at := time.Date(2025, 8, 7, 14, 3, 11, 0, time.UTC)
	ts := strconv.FormatInt(at.Unix(), 10)
	sign := func(secret string) http.Header {
		h, err := webhooktest.Sign(secret, "msg_1", at, body)
		if err != nil {
			t.Fatalf("Sign: %v", err)
		}
		return h
	}
	goodSig := sign(newSecret).Get("svix-signature")
	asWebhook := func(h http.Header) http.Header {
		return headers("webhook", h.Get("svix-id"), h.Get("svix-timestamp"), h.Get("svix-signature"))
	}
	tests := []struct {
		name      string
		header    http.Header
		now       time.Time
		tolerance time.Duration
		want      error  // nil for success
		wantMsg   string // a substring of the error message
	}{
		{name: "new secret", header: sign(newSecret), now: at},
		{name: "old secret", header: sign(oldSecret), now: at},
		{name: "webhook-* headers", header: asWebhook(sign(oldSecret)), now: at},
		{name: "other secret", header: sign(otherSecret), now: at, want: webhook.ErrNoMatchingSignature, wantMsg: "1 v1 signature(s) in svix-signature checked against 2 key(s)"},
		{name: "other secret in webhook-*", header: asWebhook(sign(otherSecret)), now: at, want: webhook.ErrNoMatchingSignature, wantMsg: "webhook-signature"},
		{name: "at the old edge", header: sign(newSecret), now: at.Add(webhook.DefaultTolerance)},
		{name: "at the new edge", header: sign(newSecret), now: at.Add(-webhook.DefaultTolerance)},
		{name: "too old", header: sign(newSecret), now: at.Add(webhook.DefaultTolerance + time.Second), want: webhook.ErrTimestampTooOld, wantMsg: "svix-timestamp is 5m1s before now"},
		{name: "too new", header: sign(newSecret), now: at.Add(-webhook.DefaultTolerance - time.Second), want: webhook.ErrTimestampTooNew, wantMsg: "5m1s after now"},
		{name: "too old in webhook-*", header: asWebhook(sign(newSecret)), now: at.Add(time.Hour), want: webhook.ErrTimestampTooOld, wantMsg: "webhook-timestamp"},
		{name: "wider tolerance", header: sign(newSecret), now: at.Add(50 * time.Minute), tolerance: time.Hour},
		{name: "wider tolerance, too new", header: sign(newSecret), now: at.Add(-61 * time.Minute), tolerance: time.Hour, want: webhook.ErrTimestampTooNew},
		{name: "no headers", header: http.Header{}, now: at, want: webhook.ErrMissingHeaders,
			wantMsg: "svix-id, svix-timestamp, svix-signature (or webhook-id, webhook-timestamp, webhook-signature)"},
		{name: "svix-signature missing", header: headers("svix", "msg_1", ts, ""), now: at, want: webhook.ErrMissingHeaders, wantMsg: "missing signature headers: svix-signature"},
		{name: "webhook-id missing", header: headers("webhook", "", ts, goodSig), now: at, want: webhook.ErrMissingHeaders, wantMsg: "headers: webhook-id"},
		{name: "timestamp not a number", header: headers("svix", "msg_1", "2025-08-07", goodSig), now: at, want: webhook.ErrMalformedHeader, wantMsg: `"2025-08-07" is not a Unix time`},
		{name: "negative timestamp", header: headers("svix", "msg_1", "-"+ts, goodSig), now: at, want: webhook.ErrMalformedHeader},
		{name: "signature without version", header: headers("svix", "msg_1", ts, strings.TrimPrefix(goodSig, "v1,")), now: at, want: webhook.ErrMalformedHeader, wantMsg: "no <version>,<signature> entry"},
		{name: "partial signature", header: headers("svix", "msg_1", ts, "v1,"), now: at, want: webhook.ErrMalformedHeader},
		{name: "only other versions", header: headers("svix", "msg_1", ts, "v2,"+strings.TrimPrefix(goodSig, "v1,")), now: at, want: webhook.ErrNoMatchingSignature, wantMsg: "holds no v1 signature"},
		{name: "signature not base64", header: headers("svix", "msg_1", ts, "v1,!!!!"), now: at, want: webhook.ErrNoMatchingSignature},
		{name: "signature too long", header: headers("svix", "msg_1", ts, "v1,"+strings.Repeat("A", 200)), now: at, want: webhook.ErrNoMatchingSignature},
		{name: "extra spaces", header: headers("svix", "msg_1", ts, "  v1,abc   "+goodSig+"  "), now: at},
		{name: "other id", header: headers("svix", "msg_2", ts, goodSig), now: at, want: webhook.ErrNoMatchingSignature},
		{name: "other timestamp", header: headers("svix", "msg_1", strconv.FormatInt(at.Unix()+1, 10), goodSig), now: at, want: webhook.ErrNoMatchingSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, err := webhook.NewVerifierWith(webhook.VerifierOptions{
				Secrets:   []string{newSecret, oldSecret},
				Tolerance: tt.tolerance,
				Now:       clock(tt.now),
			})
			if err != nil {
				t.Fatalf("NewVerifierWith: %v", err)
			}
			err = v.Verify(tt.header, body)
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("Verify: %v", err)
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			case err == nil:
				return
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "webhook: ") || !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("Verify error %q, want prefix %q and %q", msg, "webhook: ", tt.wantMsg)
			}
			for _, secret := range []string{newSecret, oldSecret, strings.TrimPrefix(newSecret, "whsec_"), strings.TrimPrefix(goodSig, "v1,")} {
				if strings.Contains(msg, secret) {
					t.Errorf("Verify error %q reveals a secret or an expected signature", msg)
				}
			}
		})
	}
}

func TestNewVerifierErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts webhook.VerifierOptions
		want error // nil for any error
	}{
		{"no secret", webhook.VerifierOptions{}, webhook.ErrEmptySecret},
		{"empty secret", webhook.VerifierOptions{Secrets: []string{webhooktest.NewSecret(), ""}}, webhook.ErrEmptySecret},
		{"empty whsec_", webhook.VerifierOptions{Secrets: []string{"whsec_"}}, webhook.ErrEmptySecret},
		{"whsec_ not base64", webhook.VerifierOptions{Secrets: []string{"whsec_not base64!"}}, webhook.ErrInvalidSecret},
		{"no prefix, not base64", webhook.VerifierOptions{Secrets: []string{"my shared secret!"}}, webhook.ErrInvalidSecret},
		{"clazar empty secret", webhook.VerifierOptions{Scheme: webhook.SchemeClazar, Secrets: []string{""}}, webhook.ErrEmptySecret},
		{"ed25519 no key", webhook.VerifierOptions{Scheme: webhook.SchemeEd25519}, webhook.ErrEmptySecret},
		{"ed25519 secret key", webhook.VerifierOptions{Scheme: webhook.SchemeEd25519, Secrets: []string{"whsk_" + vectorEd25519Seed}}, webhook.ErrInvalidSecret},
		{"ed25519 short key", webhook.VerifierOptions{Scheme: webhook.SchemeEd25519, Secrets: []string{"whpk_" + base64.StdEncoding.EncodeToString(make([]byte, 16))}}, webhook.ErrInvalidSecret},
		{"ed25519 not base64", webhook.VerifierOptions{Scheme: webhook.SchemeEd25519, Secrets: []string{"whpk_???"}}, webhook.ErrInvalidSecret},
		{"header without name", webhook.VerifierOptions{Scheme: webhook.SchemeHeader, Secrets: []string{"s3cret"}}, nil},
		{"header with bad name", webhook.VerifierOptions{Scheme: webhook.SchemeHeader, Header: "X Token", Secrets: []string{"s3cret"}}, nil},
		{"basic without user", webhook.VerifierOptions{Scheme: webhook.SchemeBasic, Secrets: []string{"s3cret-pass"}}, nil},
		{"basic user with colon", webhook.VerifierOptions{Scheme: webhook.SchemeBasic, Username: "a:b", Secrets: []string{"s3cret-pass"}}, nil},
		{"basic empty password", webhook.VerifierOptions{Scheme: webhook.SchemeBasic, Username: "eventbridge", Secrets: []string{""}}, webhook.ErrEmptySecret},
		{"basic no password", webhook.VerifierOptions{Scheme: webhook.SchemeBasic, Username: "eventbridge"}, webhook.ErrEmptySecret},
		{"negative tolerance", webhook.VerifierOptions{Secrets: []string{webhooktest.NewSecret()}, Tolerance: -time.Second}, nil},
		{"unknown scheme", webhook.VerifierOptions{Scheme: webhook.Scheme(42), Secrets: []string{"s"}}, nil},
		{"insecure with secrets", webhook.VerifierOptions{InsecureSkipVerify: true, Secrets: []string{"s"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, err := webhook.NewVerifierWith(tt.opts)
			if err == nil || v != nil {
				t.Fatalf("NewVerifierWith = %v, %v; want an error", v, err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("NewVerifierWith error %v, want %v", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "webhook: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			for _, s := range tt.opts.Secrets {
				if len(s) > 6 && strings.Contains(err.Error(), s) {
					t.Errorf("error %q reveals a secret", err)
				}
			}
		})
	}
	if _, err := webhook.NewVerifier(); !errors.Is(err, webhook.ErrEmptySecret) {
		t.Errorf("NewVerifier() = %v, want ErrEmptySecret", err)
	}
}

func TestSecretForms(t *testing.T) {
	t.Parallel()
	body := []byte(`{"topic":"gcp.contract.renewed"}`)
	rawSign := func(key []byte) http.Header {
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte("msg_1." + strconv.Itoa(vectorTimestamp) + "."))
		mac.Write(body)
		return headers("svix", "msg_1", strconv.Itoa(vectorTimestamp), "v1,"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	}
	tests := []struct {
		name   string
		secret string
		raw    bool
		key    []byte
	}{
		{"RawSecrets keeps text as bytes", "my shared secret!", true, []byte("my shared secret!")},
		{"RawSecrets keeps base64 as bytes", "c2VjcmV0", true, []byte("c2VjcmV0")},
		{"RawSecrets keeps the prefix", "whsec_c2VjcmV0", true, []byte("whsec_c2VjcmV0")},
		{"base64 without prefix", "c2VjcmV0", false, []byte("secret")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, err := webhook.NewVerifierWith(webhook.VerifierOptions{Secrets: []string{tt.secret}, RawSecrets: tt.raw, Now: clock(vectorTime)})
			if err != nil {
				t.Fatalf("NewVerifierWith: %v", err)
			}
			if err := v.Verify(rawSign(tt.key), body); err != nil {
				t.Errorf("Verify: %v", err)
			}
		})
	}
}

func TestSchemeEd25519(t *testing.T) {
	t.Parallel()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	_, otherPriv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"topic":"azure.contract.suspended","metadata":{}}`)
	ts := strconv.Itoa(vectorTimestamp)
	sign := func(k ed25519.PrivateKey) string {
		return "v1a," + base64.StdEncoding.EncodeToString(ed25519.Sign(k, []byte("msg_9."+ts+"."+string(body))))
	}
	v, err := webhook.NewVerifierWith(webhook.VerifierOptions{
		Scheme:  webhook.SchemeEd25519,
		Secrets: []string{vectorEd25519Key(t), "whpk_" + base64.StdEncoding.EncodeToString(pub)},
		Now:     clock(vectorTime),
	})
	if err != nil {
		t.Fatalf("NewVerifierWith: %v", err)
	}
	tests := []struct {
		name   string
		header http.Header
		want   error
	}{
		{"second key", headers("svix", "msg_9", ts, sign(priv)), nil},
		{"webhook-* headers", headers("webhook", "msg_9", ts, sign(priv)), nil},
		{"unknown key", headers("svix", "msg_9", ts, sign(otherPriv)), webhook.ErrNoMatchingSignature},
		{"v1 only", headers("svix", "msg_9", ts, vectorSignature), webhook.ErrNoMatchingSignature},
		{"truncated", headers("svix", "msg_9", ts, sign(priv)[:50]), webhook.ErrNoMatchingSignature},
		{"missing", http.Header{}, webhook.ErrMissingHeaders},
		{"too old", headers("svix", "msg_9", strconv.Itoa(vectorTimestamp-301), sign(priv)), webhook.ErrTimestampTooOld},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := v.Verify(tt.header, body)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestSchemeClazar(t *testing.T) {
	t.Parallel()
	const secret, previous = "clazar-shared-secret", "clazar-previous-secret"
	body := []byte(`{"topic":"aws.contract.registered","metadata":{"product_code":"p","customer_identifier":"c"}}`)
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	ts := strconv.FormatInt(at.Unix(), 10)
	mac := func(secret, ts string) []byte {
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(ts + "."))
		m.Write(body)
		return m.Sum(nil)
	}
	h := func(sig, ts string) http.Header {
		hd := http.Header{}
		if sig != "" {
			hd.Set("X-Clazar-Signature", sig)
		}
		if ts != "" {
			hd.Set("X-Clazar-Timestamp", ts)
		}
		return hd
	}
	good := mac(secret, ts)
	ms := strconv.FormatInt(at.UnixMilli(), 10)
	tests := []struct {
		name   string
		header http.Header
		want   error
	}{
		{"hex", h(hex.EncodeToString(good), ts), nil},
		{"upper-case hex", h(strings.ToUpper(hex.EncodeToString(good)), ts), nil},
		{"base64", h(base64.StdEncoding.EncodeToString(good), ts), nil},
		{"base64url unpadded", h(base64.RawURLEncoding.EncodeToString(good), ts), nil},
		{"previous secret", h(hex.EncodeToString(mac(previous, ts)), ts), nil},
		{"milliseconds", h(hex.EncodeToString(mac(secret, ms)), ms), nil},
		{"several", h("deadbeef "+hex.EncodeToString(mac("x", ts))+" "+hex.EncodeToString(good), ts), nil},
		{"wrong secret", h(hex.EncodeToString(mac("x", ts)), ts), webhook.ErrNoMatchingSignature},
		{"svix signature", h(vectorSignature, ts), webhook.ErrMalformedHeader},
		{"not hex", h(strings.Repeat("zz", 32), ts), webhook.ErrMalformedHeader},
		{"no signature", h("", ts), webhook.ErrMissingHeaders},
		{"no timestamp", h(hex.EncodeToString(good), ""), webhook.ErrMissingHeaders},
		{"timestamp not a number", h(hex.EncodeToString(good), "now"), webhook.ErrMalformedHeader},
		{"too old", h(hex.EncodeToString(good), strconv.FormatInt(at.Unix()-3600, 10)), webhook.ErrTimestampTooOld},
		{"too new", h(hex.EncodeToString(good), strconv.FormatInt(at.Unix()+3600, 10)), webhook.ErrTimestampTooNew},
	}
	v, err := webhook.NewVerifierWith(webhook.VerifierOptions{Scheme: webhook.SchemeClazar, Secrets: []string{secret, previous}, Now: clock(at)})
	if err != nil {
		t.Fatalf("NewVerifierWith: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := v.Verify(tt.header, body)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), hex.EncodeToString(good)) {
				t.Errorf("error %q reveals the expected signature", err)
			}
		})
	}
}

func TestSchemeHeader(t *testing.T) {
	t.Parallel()
	v, err := webhook.NewVerifierWith(webhook.VerifierOptions{
		Scheme:  webhook.SchemeHeader,
		Header:  "x-webhook-token",
		Secrets: []string{"current-token", "previous-token"},
	})
	if err != nil {
		t.Fatalf("NewVerifierWith: %v", err)
	}
	verifyHeaderValues(t, v, "X-Webhook-Token", []headerValueCase{
		{"current", "current-token", nil},
		{"previous", "previous-token", nil},
		{"wrong", "current-tokem", webhook.ErrNoMatchingSignature},
		{"prefix", "current", webhook.ErrNoMatchingSignature},
		{"longer", "current-token-and-more", webhook.ErrNoMatchingSignature},
		{"missing", "", webhook.ErrMissingHeaders},
	}, "current-token")
}

// A headerValueCase is one value of a header and the error Verify must
// give for it (nil for none).
type headerValueCase struct {
	name  string
	value string
	want  error
}

// verifyHeaderValues verifies a request with each value of header
// (none for ""), and checks the error and that it reveals none of
// secrets.
func verifyHeaderValues(t *testing.T, v *webhook.Verifier, header string, tests []headerValueCase, secrets ...string) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := http.Header{}
			if tt.value != "" {
				h.Set(header, tt.value)
			}
			err := v.Verify(h, []byte(`{}`))
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
			for _, s := range secrets {
				if err != nil && strings.Contains(err.Error(), s) {
					t.Errorf("error %q reveals a secret", err)
				}
			}
		})
	}
}

func TestSchemeBasic(t *testing.T) {
	t.Parallel()
	v, err := webhook.NewVerifierWith(webhook.VerifierOptions{
		Scheme:   webhook.SchemeBasic,
		Username: "eventbridge",
		Secrets:  []string{"current-pass", "previous-pass"},
	})
	if err != nil {
		t.Fatalf("NewVerifierWith: %v", err)
	}
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	verifyHeaderValues(t, v, "Authorization", []headerValueCase{
		{"current", "Basic " + b64("eventbridge:current-pass"), nil},
		{"previous", "Basic " + b64("eventbridge:previous-pass"), nil},
		{"scheme in lower case", "basic " + b64("eventbridge:current-pass"), nil},
		{"password with more after it", "Basic " + b64("eventbridge:current-pass:x"), webhook.ErrNoMatchingSignature},
		{"wrong password", "Basic " + b64("eventbridge:current-pasS"), webhook.ErrNoMatchingSignature},
		{"wrong user", "Basic " + b64("EventBridge:current-pass"), webhook.ErrNoMatchingSignature},
		{"user and password swapped", "Basic " + b64("current-pass:eventbridge"), webhook.ErrNoMatchingSignature},
		{"no colon", "Basic " + b64("eventbridgecurrent-pass"), webhook.ErrMalformedHeader},
		{"not base64", "Basic eventbridge:current-pass", webhook.ErrMalformedHeader},
		{"bearer", "Bearer current-pass", webhook.ErrMalformedHeader},
		{"scheme only", "Basic", webhook.ErrMalformedHeader},
		{"oversized", "Basic " + strings.Repeat("A", 8192), webhook.ErrMalformedHeader},
		{"missing", "", webhook.ErrMissingHeaders},
	}, "current-pass", b64("eventbridge:current-pass"))
}

func TestInsecureSkipVerify(t *testing.T) {
	t.Parallel()
	v, err := webhook.NewVerifierWith(webhook.VerifierOptions{InsecureSkipVerify: true})
	if err != nil {
		t.Fatalf("NewVerifierWith: %v", err)
	}
	for _, h := range []http.Header{{}, headers("svix", "msg_1", "0", "v1,forged")} {
		if err := v.Verify(h, []byte("anything")); err != nil {
			t.Errorf("Verify(%v) = %v, want nil", h, err)
		}
	}
}

func TestSchemeString(t *testing.T) {
	t.Parallel()
	for s, want := range map[webhook.Scheme]string{
		webhook.SchemeSvix: "svix", webhook.SchemeEd25519: "ed25519", webhook.SchemeClazar: "clazar",
		webhook.SchemeHeader: "header", webhook.SchemeBasic: "basic", webhook.Scheme(9): "Scheme(9)",
	} {
		if got := s.String(); got != want {
			t.Errorf("Scheme(%d).String() = %q, want %q", int(s), got, want)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	body := []byte(`{"id":"9d188b8e-0aba-4b03-98af-31f1c14f36e9","topic":"aws.contract.created","origin":"AWS","suborigin":"SNS","metadata":{"product_code":"4hc2x8yzq9m1n7b3v5k0t6r2p","customer_identifier":"Z5Zb2Qd7nLx"}}`)
	secret := webhooktest.NewSecret()
	now := time.Now()
	h, err := webhooktest.Sign(secret, webhooktest.NewID(), now, body)
	if err != nil {
		b.Fatal(err)
	}
	v, err := webhook.NewVerifierWith(webhook.VerifierOptions{Secrets: []string{secret}, Now: clock(now)})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := v.Verify(h, body); err != nil {
			b.Fatal(err)
		}
	}
}

// TestVerifyCanonicalBase64 checks that a signature is accepted only in
// its canonical base64 form: the Svix vector's last character changed to
// one that decodes to the same bytes is refused.
func TestVerifyCanonicalBase64(t *testing.T) {
	t.Parallel()
	const (
		secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
		sig    = "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
	)
	v, err := webhook.NewVerifierWith(webhook.VerifierOptions{
		Secrets: []string{secret},
		Now:     func() time.Time { return time.Unix(1614265330, 0) },
	})
	if err != nil {
		t.Fatal(err)
	}
	header := func(sig string) http.Header {
		h := http.Header{}
		h.Set("svix-id", "msg_p5jXN8AQM9LWM0D4loKWxJek")
		h.Set("svix-timestamp", "1614265330")
		h.Set("svix-signature", "v1,"+sig)
		return h
	}
	body := []byte(`{"test": 2432232314}`)
	if err := v.Verify(header(sig), body); err != nil {
		t.Fatalf("canonical signature: %v", err)
	}
	for _, alt := range []string{"F=", "H="} {
		bad := sig[:len(sig)-2] + alt
		if err := v.Verify(header(bad), body); !errors.Is(err, webhook.ErrNoMatchingSignature) {
			t.Errorf("signature ending %q: %v, want ErrNoMatchingSignature", alt, err)
		}
	}
}
