package main

import (
	"errors"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// parseHeaders reads sign's output: exactly the three signature headers,
// one "name: value" per line.
func parseHeaders(t *testing.T, out string) http.Header {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3:\n%s", len(lines), out)
	}
	h := http.Header{}
	for i, line := range lines {
		name, value, ok := strings.Cut(line, ": ")
		if want := []string{"svix-id", "svix-timestamp", "svix-signature"}[i]; !ok || name != want {
			t.Fatalf("line %d = %q, want %s: VALUE", i, line, want)
		}
		h.Set(name, value)
	}
	return h
}

func TestSign(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	body := fixture(t, topics.AWSContractRenewed)
	path := writeFile(t, "renewed.json", body)
	const ts = 1754575391
	at := time.Unix(ts, 0)
	verifier, err := webhook.NewVerifierWith(webhook.VerifierOptions{Secrets: []string{secret}, Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	want, err := webhooktest.Sign(secret, "msg_fixed", at, body)
	if err != nil {
		t.Fatal(err)
	}

	for name, args := range map[string][]string{
		"file":            {"sign", "--secret", secret, "--id", "msg_fixed", "--timestamp", strconv.Itoa(ts), path},
		"stdin":           {"sign", "--secret", secret, "--id", "msg_fixed", "--timestamp", strconv.Itoa(ts), "-"},
		"flags after arg": {"sign", path, "--timestamp=" + strconv.Itoa(ts), "--id=msg_fixed", "--secret=" + secret},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := runTool(t, string(body), args...)
			r.check(t, 0, nil, nil)
			h := parseHeaders(t, r.stdout)
			for _, k := range signatureHeaders {
				if h.Get(k) != want.Get(k) {
					t.Errorf("%s = %q, want %q", k, h.Get(k), want.Get(k))
				}
			}
			if err := verifier.Verify(h, body); err != nil {
				t.Errorf("the headers do not verify: %v", err)
			}
			if err := verifier.Verify(h, append(slices.Clip(body), ' ')); !errors.Is(err, webhook.ErrNoMatchingSignature) {
				t.Errorf("the headers verify another body: %v", err)
			}
		})
	}
}

// TestSignDefaults checks that sign without --id and --timestamp signs
// with a new id and now, so that a receiver accepts the headers now.
func TestSignDefaults(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	body := fixture(t, topics.GCPContractPending)
	path := writeFile(t, "pending.json", body)
	before := time.Now().Unix()
	first := runTool(t, "", "sign", "--secret", secret, path)
	second := runTool(t, "", "sign", "--secret", secret, path)
	after := time.Now().Unix()
	first.check(t, 0, nil, nil)
	second.check(t, 0, nil, nil)
	h := parseHeaders(t, first.stdout)
	if id := h.Get("svix-id"); !strings.HasPrefix(id, "msg_") || id == parseHeaders(t, second.stdout).Get("svix-id") {
		t.Errorf("svix-id %q: want a new msg_ id on each run", id)
	}
	if ts, err := strconv.ParseInt(h.Get("svix-timestamp"), 10, 64); err != nil || ts < before || ts > after {
		t.Errorf("svix-timestamp %q, want between %d and %d", h.Get("svix-timestamp"), before, after)
	}
	v, err := webhook.NewVerifier(secret)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Verify(h, body); err != nil {
		t.Errorf("the headers do not verify: %v", err)
	}
}

// TestSignSecretFromEnvironment cannot run in parallel: it sets the
// environment.
func TestSignSecretFromEnvironment(t *testing.T) {
	secret := webhooktest.NewSecret()
	t.Setenv(secretEnv, secret)
	body := []byte(`{"topic":"aws.listing.published"}`)
	r := runTool(t, string(body), "sign", "-")
	r.check(t, 0, nil, nil)
	v, err := webhook.NewVerifier(secret)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Verify(parseHeaders(t, r.stdout), body); err != nil {
		t.Errorf("signed with another secret than $%s: %v", secretEnv, err)
	}

	other := webhooktest.NewSecret()
	r = runTool(t, string(body), "sign", "--secret", other, "-")
	r.check(t, 0, nil, nil)
	if err := v.Verify(parseHeaders(t, r.stdout), body); err == nil {
		t.Errorf("--secret did not take precedence over $%s", secretEnv)
	}
}

func TestSignErrors(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	path := writeFile(t, "x.json", []byte(`{}`))
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{name: "no file", args: []string{"--secret", secret}, code: 2, stderr: "give one FILE"},
		{name: "two files", args: []string{"--secret", secret, path, path}, code: 2, stderr: "give one FILE"},
		{name: "no secret", args: []string{path}, code: 2, stderr: "no signing secret: give --secret or set " + secretEnv},
		{name: "bad secret", args: []string{"--secret", "whsec_not*base64", path}, code: 2, stderr: "bad signing secret: webhook: invalid secret"},
		{name: "bad id", args: []string{"--secret", secret, "--id", "msg 1", path}, code: 2, stderr: "bad --id"},
		{name: "negative timestamp", args: []string{"--secret", secret, "--timestamp", "-5", path}, code: 2, stderr: "--timestamp must not be negative"},
		{name: "timestamp not a number", args: []string{"--secret", secret, "--timestamp", "today", path}, code: 2, stderr: `invalid value "today" for flag -timestamp`},
		{name: "missing file", args: []string{"--secret", secret, filepath.Join(t.TempDir(), "none.json")}, code: 1, stderr: "none.json: no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runTool(t, "", append([]string{"sign"}, tt.args...)...)
			want := []string{"clazar-events sign: ", tt.stderr}
			if tt.code == 2 {
				want = append(want, "Usage: clazar-events sign ")
			}
			r.check(t, tt.code, nil, want)
			if r.stdout != "" {
				t.Errorf("stdout is not empty:\n%s", r.stdout)
			}
		})
	}
}
