package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// Settings of listen.
const (
	defaultAddr = "127.0.0.1:8080"

	// shutdownTimeout bounds how long listen waits for deliveries in
	// progress when it is stopped.
	shutdownTimeout = 5 * time.Second

	// maxKeyFields is how many identifying fields a delivery line shows.
	maxKeyFields = 3

	// timeLayout is how listen prints the time a delivery arrived.
	timeLayout = "2006-01-02 15:04:05"
)

var listenCommand = &command{
	name:    "listen",
	args:    "[--addr ADDR] [--secret S] [--print-json] [--lenient]",
	summary: "run a receiver that prints each verified delivery",
	help: `Listen runs a receiver of Clazar's deliveries, a webhook.Handler that
verifies every request with the signing secret, and prints

  listening on http://127.0.0.1:8080/

once it is bound. It answers on every path. The secret is --secret or, if
that is not given, $` + secretEnv + `; with neither, listen makes a new
secret and prints it on the next line,

  signing secret whsec_... (new; give it to send and sign with --secret)

Listen answers as a production receiver with a typed handler for every
topic the SDK knows would. Each delivery it accepts (204 No Content) prints
one line: the local time it arrived, the delivery id (svix-id), the topic,
the Go type of its metadata and the fields that identify the contract or
offer; or "unknown topic" and the raw metadata for a topic the SDK does not
know, which a receiver acknowledges:

  2025-08-07 14:03:11  msg_2KWP...  aws.contract.created  aws.ContractCreated  product_code=4hc2x8 customer_identifier=Z5Zb2Qd7nLx

A repeated delivery id is acknowledged without printing it again, as the
Handler deduplicates. A request the Handler refuses prints its status and
error on standard error: a bad signature (401), a body that is not an
envelope (400), a wrong method (405), and metadata of a known topic that
does not decode or validate (422), with the JSON path of every problem:

  2025-08-07 14:03:12  422 Unprocessable Entity  msg_2KWQ...  aws.contract.created  aws.ContractCreated  invalid: metadata.customer_identifier: required

--lenient answers as a receiver that handles every topic by pattern only
(OnTopic "**") would: metadata is never a reason to refuse a delivery, so
one that does not decode or validate is answered 204, and its line, on
standard output, ends in "invalid:" and the problems.

--addr 127.0.0.1:0 picks a free port. Interrupt (Ctrl-C) or SIGTERM stops
the receiver, waiting up to 5s for deliveries in progress, with exit
status 0. A port that cannot be bound is a failure (exit 1).`,
	setup: func(fs *flag.FlagSet) func(context.Context, *cli, []string) int {
		var o listenOptions
		fs.StringVar(&o.addr, "addr", defaultAddr, "the `host:port` to listen on")
		fs.StringVar(&o.secret, "secret", "", "the signing secret, whsec_... (default $"+secretEnv+", or else a new one)")
		fs.BoolVar(&o.printJSON, "print-json", false, "print each delivery's body, indented, after its line")
		fs.BoolVar(&o.lenient, "lenient", false, "acknowledge deliveries whose metadata does not decode or validate, instead of answering 422")
		return o.run
	},
}

type listenOptions struct {
	addr      string
	secret    string
	printJSON bool
	lenient   bool
}

func (o *listenOptions) run(ctx context.Context, c *cli, args []string) int {
	if len(args) != 0 {
		return c.usageError("listen takes no arguments, got %q", args[0])
	}
	secret, generated := o.secret, false
	if secret == "" && os.Getenv(secretEnv) == "" {
		secret, generated = webhooktest.NewSecret(), true
	}
	secret, err := resolveSecret(secret)
	if err != nil {
		return c.usageError("%v", err)
	}
	if _, _, err := net.SplitHostPort(o.addr); err != nil {
		return c.usageError("bad --addr: %v", err)
	}
	p := &printer{
		out:       &lockedWriter{w: c.stdout},
		errs:      &lockedWriter{w: c.stderr},
		printJSON: o.printJSON,
		lenient:   o.lenient,
	}
	h, err := webhook.NewHandler(webhook.Options{
		Secrets: []string{secret},
		Logger:  slog.New(slog.DiscardHandler),
		OnError: p.deliveryError,
	})
	if err != nil {
		return c.fail(err)
	}
	h.OnTopic("**", p.delivery)

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", o.addr)
	if err != nil {
		return c.fail(err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(p.errs, "clazar-events listen: ", 0),
	}
	fmt.Fprintf(p.out, "listening on %s\n", listenURL(ln.Addr()))
	if generated {
		fmt.Fprintf(p.out, "signing secret %s (new; give it to send and sign with --secret)\n", secret)
	}
	return c.serve(ctx, srv, ln)
}

// serve runs srv on ln until ctx is done, then shuts it down gracefully,
// waiting up to shutdownTimeout for requests in progress, and returns the
// exit status.
func (c *cli) serve(ctx context.Context, srv *http.Server, ln net.Listener) int {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return c.fail(fmt.Errorf("serving: %w", err))
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	if err != nil {
		return c.fail(fmt.Errorf("shutting down: %w", err))
	}
	return exitOK
}

// listenURL returns the URL to send deliveries to at addr, naming
// localhost for an unspecified address such as [::].
func listenURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String() + "/"
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// A printer prints what the receiver gets.
type printer struct {
	out, errs io.Writer
	printJSON bool
	lenient   bool // acknowledge metadata that does not decode or validate
}

// delivery prints one verified delivery. Metadata of a known topic that
// does not decode or validate fails it with an *invalidMetadata, which the
// Handler answers 422 as it answers a typed handler's, unless the printer
// is lenient; every other delivery is acknowledged.
func (p *printer) delivery(ctx context.Context, e *event.Event) error {
	m, err := e.Decode()
	if err != nil && !p.lenient && !errors.Is(err, event.ErrUnknownTopic) {
		return &invalidMetadata{err: err}
	}
	var b strings.Builder
	b.WriteString(time.Now().Format(timeLayout))
	d, ok := webhook.FromContext(ctx)
	if ok {
		b.WriteString("  " + d.ID)
	}
	b.WriteString("  " + string(e.Topic))
	switch {
	case err == nil:
		b.WriteString("  " + typeName(m))
		if kf := keyFields(m); kf != "" {
			b.WriteString("  " + kf)
		} else if e.Description != "" {
			b.WriteString("  description=" + quoteIfNeeded(e.Description))
		}
	case errors.Is(err, event.ErrUnknownTopic):
		b.WriteString("  unknown topic  metadata=" + compact(e.Metadata))
	default:
		b.WriteString(invalid(e.Topic, err))
	}
	b.WriteByte('\n')
	if p.printJSON && ok {
		var buf bytes.Buffer
		if json.Indent(&buf, bytes.TrimSpace(d.Body), "", "  ") == nil {
			b.Write(buf.Bytes())
			b.WriteByte('\n')
		}
	}
	io.WriteString(p.out, b.String())
	return nil
}

// invalidMetadata is the error of a delivery whose metadata does not
// decode or validate: it wraps webhook.ErrUnprocessable, so that the
// Handler answers 422, and the error of decoding.
type invalidMetadata struct{ err error }

func (e *invalidMetadata) Error() string { return e.err.Error() }

func (e *invalidMetadata) Unwrap() []error { return []error{webhook.ErrUnprocessable, e.err} }

// invalid describes metadata of topic t that does not decode or validate,
// with err, as "  aws.ContractCreated  invalid: metadata.product_code:
// required".
func invalid(t topics.Topic, err error) string {
	var b strings.Builder
	if s, ok := event.Lookup(t); ok {
		b.WriteString("  " + s.Type().String())
	}
	var ve *event.ValidationError
	if errors.As(err, &ve) {
		b.WriteString("  invalid: " + fieldErrors(ve))
	} else {
		b.WriteString("  invalid: " + err.Error())
	}
	return b.String()
}

// deliveryError prints a request that the Handler did not answer 2xx.
func (p *printer) deliveryError(_ *http.Request, de *webhook.DeliveryError) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %d %s", time.Now().Format(timeLayout), de.Status, http.StatusText(de.Status))
	if d := de.Delivery; d != nil {
		b.WriteString("  " + d.ID)
		if d.Topic != "" {
			b.WriteString("  " + string(d.Topic))
		}
	}
	var im *invalidMetadata
	if errors.As(de.Err, &im) && de.Event != nil {
		b.WriteString(invalid(de.Event.Topic, im.err) + "\n")
	} else {
		fmt.Fprintf(&b, "  %v\n", de.Err)
	}
	io.WriteString(p.errs, b.String())
}

// keyFields returns the identifying fields of metadata m as
// "json_name=value" separated by spaces: the non-empty string fields that
// validation requires, in declaration order, through embedded structs,
// at most maxKeyFields of them.
func keyFields(m any) string {
	v := reflect.ValueOf(m)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return ""
	}
	var fields []string
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		t := v.Type()
		for i := 0; i < t.NumField() && len(fields) < maxKeyFields; i++ {
			f := t.Field(i)
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				walk(v.Field(i))
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "" || name == "-" || f.Type.Kind() != reflect.String {
				continue
			}
			if !hasRule(f.Tag.Get("validate"), "required") {
				continue
			}
			if s := v.Field(i).String(); s != "" {
				fields = append(fields, name+"="+quoteIfNeeded(s))
			}
		}
	}
	walk(v)
	return strings.Join(fields, " ")
}

// hasRule reports whether the validate tag holds rule.
func hasRule(tag, rule string) bool {
	for r := range strings.SplitSeq(tag, ",") {
		if r == rule {
			return true
		}
	}
	return false
}

// quoteIfNeeded quotes s if it is empty or holds a space, a quote, an
// equals sign or a character that is not printable.
func quoteIfNeeded(s string) string {
	if s == "" || strings.ContainsFunc(s, func(r rune) bool {
		return r == ' ' || r == '"' || r == '=' || !strconv.IsPrint(r)
	}) {
		return strconv.Quote(s)
	}
	return s
}

// compact returns the JSON raw on one line, or "null" if it is empty.
func compact(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "null"
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return string(raw)
	}
	return buf.String()
}

// A lockedWriter serialises writes, so that lines from concurrent
// deliveries do not interleave.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// Write writes p to the underlying writer, holding the lock.
func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
