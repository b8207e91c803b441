package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/webhook"
)

var inspectCommand = &command{
	name:    "inspect",
	args:    "[--addr ADDR] [--secret S] [--save DIR] [FILE...]",
	summary: "show how deliveries are spelled and signed, live or from saved requests",
	help: `Inspect turns what Clazar's public documentation leaves open (the envelope's
key spelling and the signing scheme) into fact. Without files, it runs a
receiver on ADDR (by default 127.0.0.1:8080) that rejects nothing: every
request is answered 204 and reported. Point your Clazar endpoint at it (or
use its "send test event") once. With files, it reports on requests saved
with --save.

For each request it prints:

  - the headers, with the values of secret-like ones (signatures, tokens,
    keys, cookies, authorization) masked;
  - each envelope field and the key it was read from, such as
    topic <- "event_type", and the timestamp's layout;
  - the topic, and the Go type the SDK has for it;
  - whether the metadata decodes and validates, and the keys the Go type
    does not know;
  - which schemes the secret verifies: Svix v1 with svix-* or webhook-*
    headers, Standard Webhooks v1a (give the whpk_ public key), the
    X-Clazar-Signature HMAC in hex or base64, or a static header that holds
    the secret. Timestamps are not checked against the clock, so that
    saved requests verify too.

Then configure the receiver as the report says: webhook.Options{Secrets: ...}
for Svix, a Verifier of the scheme that verified otherwise. A field read
from an alias is fine as it is (Parse reads every spelling).

--save DIR writes each request, its request line, headers and body as
received, to a file in DIR, one per request. Inspect FILE... reads them
back, and validate accepts them as deliveries. The secret is --secret or
$` + secretEnv + `; without one, schemes are not checked.`,
	setup: func(fs *flag.FlagSet) func(context.Context, *cli, []string) int {
		var o inspectOptions
		fs.StringVar(&o.addr, "addr", defaultAddr, "the `host:port` to listen on")
		fs.StringVar(&o.secret, "secret", "", "the endpoint's secret, whsec_..., whpk_..., or the shared secret (default $"+secretEnv+")")
		fs.StringVar(&o.save, "save", "", "write each request received to a file in `DIR`")
		return o.run
	},
}

type inspectOptions struct {
	addr   string
	secret string
	save   string
}

func (o *inspectOptions) run(ctx context.Context, c *cli, files []string) int {
	if o.secret == "" {
		o.secret = os.Getenv(secretEnv)
	}
	if len(files) > 0 {
		if o.save != "" {
			return c.usageError("--save is for the receiver: give it without files")
		}
		return o.files(c, files)
	}
	if o.save != "" {
		if err := os.MkdirAll(o.save, 0o755); err != nil {
			return c.fail(err)
		}
	}
	if _, _, err := net.SplitHostPort(o.addr); err != nil {
		return c.usageError("bad --addr: %v", err)
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", o.addr)
	if err != nil {
		return c.fail(err)
	}
	out, errs := &lockedWriter{w: c.stdout}, &lockedWriter{w: c.stderr}
	var mu sync.Mutex // one report at a time
	var n atomic.Int64
	srv := &http.Server{
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(errs, "clazar-events inspect: ", 0),
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// Answered once reported, so that the sender's "send test event"
			// finishes when the report is printed.
			defer w.WriteHeader(http.StatusNoContent)
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, webhook.DefaultMaxBodyBytes))
			seq := n.Add(1)
			var b strings.Builder
			if err != nil {
				fmt.Fprintf(&b, "body cut short: %v\n", err)
			}
			if o.save != "" {
				name, err := save(o.save, seq, r, body)
				if err != nil {
					fmt.Fprintf(errs, "clazar-events inspect: saving request %d: %v\n", seq, err)
				} else {
					fmt.Fprintf(&b, "saved as %s\n", name)
				}
			}
			report(&b, r, body, o.secret, time.Now())
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(out, "\n== request %d: %s %s from %s\n%s", seq, r.Method, r.URL.RequestURI(), r.RemoteAddr, b.String())
		}),
	}
	fmt.Fprintf(out, "listening on %s\n", listenURL(ln.Addr()))
	if o.secret == "" {
		fmt.Fprintf(out, "no secret: give --secret or set %s to check the signing schemes\n", secretEnv)
	}
	return c.serve(ctx, srv, ln)
}

// files reports on saved requests, and fails if a file is not one.
func (o *inspectOptions) files(c *cli, files []string) int {
	failed := 0
	for _, name := range files {
		data, err := c.readInput(name)
		var r *http.Request
		var body []byte
		if err == nil {
			r, body, err = readSaved(data)
		}
		if err != nil {
			fmt.Fprintf(c.stderr, "clazar-events inspect: %s: %v\n", name, err)
			failed++
			continue
		}
		var b strings.Builder
		report(&b, r, body, o.secret, time.Now())
		fmt.Fprintf(c.stdout, "== %s: %s %s\n%s", name, r.Method, r.URL.RequestURI(), b.String())
	}
	if failed > 0 {
		return c.fail(fmt.Errorf("%d of %d files are not saved requests", failed, len(files)))
	}
	return exitOK
}

// save writes r, with body, to a new file in dir and returns its name.
// The file holds the request as received, in HTTP/1.1 form, with a
// Content-Length for the body, so that http.ReadRequest reads it back.
func save(dir string, seq int64, r *http.Request, body []byte) (string, error) {
	id := r.Header.Get("Svix-Id")
	if id == "" {
		id = r.Header.Get("Webhook-Id")
	}
	id = strings.Map(func(c rune) rune {
		if c == '-' || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			return c
		}
		return -1
	}, id)
	if len(id) > 64 {
		id = id[:64]
	}
	base := fmt.Sprintf("%s-%03d", time.Now().UTC().Format("20060102T150405"), seq)
	if id != "" {
		base += "-" + id
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n", r.Method, r.URL.RequestURI(), r.Host)
	h := r.Header.Clone()
	h.Del("Transfer-Encoding")
	h.Set("Content-Length", fmt.Sprint(len(body)))
	if err := h.Write(&b); err != nil {
		return "", err
	}
	b.WriteString("\r\n")
	b.Write(body)
	name := filepath.Join(dir, base+".http")
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	if _, err := f.Write(b.Bytes()); err != nil {
		f.Close()
		return "", err
	}
	return name, f.Close()
}

// errNotSaved reports data that is not a request saved by inspect --save.
var errNotSaved = errors.New("not a saved HTTP request")

// isSaved reports whether data starts like a saved request: a request
// line such as "POST /path HTTP/1.1".
func isSaved(data []byte) bool {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	method, rest, ok := bytes.Cut(line, []byte(" "))
	return ok && len(method) > 0 && bytes.Equal(method, bytes.ToUpper(method)) &&
		bytes.HasPrefix(rest, []byte("/")) && bytes.Contains(rest, []byte(" HTTP/1."))
}

// readSaved reads a request saved by inspect --save.
func readSaved(data []byte) (*http.Request, []byte, error) {
	if !isSaved(data) {
		return nil, nil, errNotSaved
	}
	r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(data)))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", errNotSaved, err)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: body: %w", errNotSaved, err)
	}
	return r, body, nil
}

// secretLike are the parts of header names whose values are masked.
var secretLike = []string{"signature", "secret", "token", "key", "auth", "cookie", "password", "credential"}

// mask returns v with all but its first 4 bytes hidden.
func mask(v string) string {
	if len(v) <= 8 {
		return fmt.Sprintf("*** (%d bytes)", len(v))
	}
	return fmt.Sprintf("%s*** (%d bytes)", v[:4], len(v))
}

// report writes what inspect learns of one request to b.
func report(b *strings.Builder, r *http.Request, body []byte, secret string, now time.Time) {
	b.WriteString("headers:\n")
	names := make([]string, 0, len(r.Header))
	for k := range r.Header {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		lower := strings.ToLower(k)
		secretHeader := slices.ContainsFunc(secretLike, func(s string) bool { return strings.Contains(lower, s) })
		for _, v := range r.Header[k] {
			if secretHeader || (secret != "" && v == secret) {
				v = mask(v)
			}
			fmt.Fprintf(b, "  %s: %s\n", k, v)
		}
	}
	fmt.Fprintf(b, "body: %d bytes\n", len(body))

	reportEnvelope(b, body)
	reportSchemes(b, r.Header, body, secret, now)
}

// reportEnvelope writes where each envelope field was read from and what
// becomes of the metadata.
func reportEnvelope(b *strings.Builder, body []byte) {
	e, readings, err := event.ParseKeys(body)
	b.WriteString("envelope:\n")
	var absent []string
	read := map[string]event.KeyReading{}
	for _, k := range readings {
		read[k.Field] = k
	}
	fields := []string{"id", "topic", "origin", "suborigin", "text", "description", "timestamp", "metadata"}
	if _, ok := read["detail-type"]; ok {
		fields = []string{"id", "version", "source", "detail-type", "account", "region", "resources", "timestamp", "detail"}
		b.WriteString("  (an Amazon EventBridge event)\n")
	}
	for _, f := range fields {
		k, ok := read[f]
		if !ok {
			absent = append(absent, f)
			continue
		}
		spelling := "canonical"
		if k.Key != f {
			spelling = "alias or other spelling"
		}
		fmt.Fprintf(b, "  %-12s <- %q (%s)", f, k.Key, spelling)
		if f == "timestamp" {
			var t event.Time
			if json.Unmarshal(k.Value, &t) == nil {
				fmt.Fprintf(b, ", layout %q", t.Layout())
			}
		}
		b.WriteString("\n")
	}
	if len(absent) > 0 {
		fmt.Fprintf(b, "  absent: %s\n", strings.Join(absent, ", "))
	}
	if err != nil {
		fmt.Fprintf(b, "  not an envelope: %v\n", err)
		return
	}
	spec, typed := event.Lookup(e.Topic)
	if !typed {
		fmt.Fprintf(b, "topic: %s (not typed by this SDK: OnTopic handlers receive it raw)\n", e.Topic)
		return
	}
	fmt.Fprintf(b, "topic: %s (typed: %s)\n", e.Topic, spec.Type())
	_, err = e.Decode()
	var ve *event.ValidationError
	switch {
	case errors.As(err, &ve):
		fmt.Fprintf(b, "metadata: invalid: %s\n", fieldErrors(ve))
	case err != nil:
		fmt.Fprintf(b, "metadata: does not decode: %v\n", err)
	default:
		b.WriteString("metadata: decodes and validates\n")
	}
	if unknown := unknownKeys(spec.Type(), e.Metadata); len(unknown) > 0 {
		fmt.Fprintf(b, "metadata: not strict: keys %s has no field for: %s\n", spec.Type(), strings.Join(unknown, ", "))
	} else if err == nil {
		b.WriteString("metadata: strict: every key has a field\n")
	}
}

// unknownKeys returns the JSON paths of the keys in data that the type t
// has no field for, read as encoding/json reads them.
func unknownKeys(t reflect.Type, data []byte) []string {
	var out []string
	walkKeys(t, data, "metadata", &out)
	slices.Sort(out)
	return out
}

var unmarshaler = reflect.TypeFor[json.Unmarshaler]()

func walkKeys(t reflect.Type, data []byte, path string, out *[]string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshaler) || t.Implements(unmarshaler) {
		return // the type reads itself
	}
	switch t.Kind() {
	case reflect.Struct:
		var members map[string]json.RawMessage
		if json.Unmarshal(data, &members) != nil {
			return
		}
		fields := jsonFields(t)
		for k, v := range members {
			ft, ok := fields[k]
			if !ok {
				for name, typ := range fields {
					if strings.EqualFold(name, k) {
						ft, ok = typ, true
						break
					}
				}
			}
			if !ok {
				*out = append(*out, path+"."+k)
				continue
			}
			walkKeys(ft, v, path+"."+k, out)
		}
	case reflect.Slice, reflect.Array:
		var items []json.RawMessage
		if json.Unmarshal(data, &items) != nil {
			return
		}
		for i, v := range items {
			walkKeys(t.Elem(), v, fmt.Sprintf("%s[%d]", path, i), out)
		}
	case reflect.Map:
		var members map[string]json.RawMessage
		if json.Unmarshal(data, &members) != nil {
			return
		}
		for k, v := range members {
			walkKeys(t.Elem(), v, path+"."+k, out)
		}
	}
}

// jsonFields returns the JSON names of a struct's fields, with the fields
// of embedded structs promoted, as encoding/json names them.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			for k, v := range jsonFields(ft) {
				if _, ok := fields[k]; !ok {
					fields[k] = v
				}
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = f.Type
	}
	return fields
}

// A schemeCheck is one way of verifying a request.
type schemeCheck struct {
	name   string
	opts   webhook.VerifierOptions
	header http.Header // the headers verified
	skip   string      // why it was not tried
}

// anyTime accepts every signed timestamp, so that saved requests verify.
const anyTime = 200 * 365 * 24 * time.Hour

// reportSchemes writes which schemes the secret verifies.
func reportSchemes(b *strings.Builder, h http.Header, body []byte, secret string, now time.Time) {
	b.WriteString("signature:\n")
	if secret == "" {
		b.WriteString("  not checked: no secret given\n")
		return
	}
	only := func(names ...string) http.Header {
		out := http.Header{}
		for _, n := range names {
			if v, ok := h[n]; ok {
				out[n] = v
			}
		}
		return out
	}
	svix := only("Svix-Id", "Svix-Timestamp", "Svix-Signature")
	std := only("Webhook-Id", "Webhook-Timestamp", "Webhook-Signature")
	var checks []schemeCheck
	if strings.HasPrefix(secret, "whpk_") {
		opts := webhook.VerifierOptions{Scheme: webhook.SchemeEd25519, Secrets: []string{secret}, Tolerance: anyTime}
		checks = append(checks,
			schemeCheck{name: "Standard Webhooks v1a (ed25519), svix-* headers", opts: opts, header: svix},
			schemeCheck{name: "Standard Webhooks v1a (ed25519), webhook-* headers", opts: opts, header: std})
	} else {
		opts := webhook.VerifierOptions{Secrets: []string{secret}, Tolerance: anyTime}
		skip := ""
		if _, err := webhook.NewVerifierWith(opts); err != nil {
			skip = "the secret is not a Svix secret (whsec_ and base64)"
		}
		checks = append(checks,
			schemeCheck{name: "Svix v1, svix-* headers", opts: opts, header: svix, skip: skip},
			schemeCheck{name: "Svix v1, webhook-* headers", opts: opts, header: std, skip: skip},
			schemeCheck{name: "Standard Webhooks v1a (ed25519)", skip: "give the whpk_ public key as the secret to check it"})
	}
	clazar := webhook.VerifierOptions{Scheme: webhook.SchemeClazar, Secrets: []string{secret}, Tolerance: anyTime}
	for _, enc := range []string{"hex", "base64"} {
		var sigs []string
		for _, line := range h.Values("X-Clazar-Signature") {
			for _, s := range strings.Fields(line) {
				if isHex(s) == (enc == "hex") {
					sigs = append(sigs, s)
				}
			}
		}
		hd := http.Header{"X-Clazar-Timestamp": h.Values("X-Clazar-Timestamp")}
		if len(sigs) > 0 {
			hd["X-Clazar-Signature"] = []string{strings.Join(sigs, " ")}
		}
		checks = append(checks, schemeCheck{name: "X-Clazar-Signature HMAC-SHA256, " + enc, opts: clazar, header: hd})
	}
	verified := 0
	for _, c := range checks {
		fmt.Fprintf(b, "  %-52s ", c.name)
		if c.skip != "" {
			fmt.Fprintf(b, "not checked: %s\n", c.skip)
			continue
		}
		v, err := webhook.NewVerifierWith(c.opts)
		if err == nil {
			err = v.Verify(c.header, body)
		}
		switch {
		case err == nil:
			verified++
			b.WriteString("VERIFIES\n")
		case errors.Is(err, webhook.ErrMissingHeaders):
			b.WriteString("no such headers\n")
		default:
			fmt.Fprintf(b, "fails: %v\n", err)
		}
	}
	var static []string
	for k, vs := range h {
		for _, v := range vs {
			if subtle.ConstantTimeCompare([]byte(v), []byte(secret)) == 1 {
				static = append(static, k)
			}
		}
	}
	slices.Sort(static)
	fmt.Fprintf(b, "  %-52s ", "static header")
	if len(static) > 0 {
		verified++
		fmt.Fprintf(b, "VERIFIES: %s holds the secret\n", strings.Join(static, ", "))
	} else {
		b.WriteString("no header holds the secret\n")
	}
	for _, name := range []string{"Svix-Timestamp", "Webhook-Timestamp", "X-Clazar-Timestamp"} {
		if ts := h.Get(name); ts != "" {
			var n int64
			if _, err := fmt.Sscan(ts, &n); err == nil {
				t := time.Unix(n, 0)
				if n >= 1e11 {
					t = time.UnixMilli(n)
				}
				when := "before"
				d := now.Sub(t).Round(time.Second)
				if d < 0 {
					when, d = "after", -d
				}
				fmt.Fprintf(b, "  %s %s: %s %s now", strings.ToLower(name), t.UTC().Format(time.RFC3339), d, when)
				if d > webhook.DefaultTolerance {
					fmt.Fprintf(b, " (beyond the receiver's default tolerance of %s)", webhook.DefaultTolerance)
				}
				b.WriteString("\n")
			}
		}
	}
	if verified == 0 {
		b.WriteString("  no scheme verifies with this secret\n")
	}
}

// isHex reports whether s is 64 hexadecimal digits, a hex HMAC-SHA256.
func isHex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
