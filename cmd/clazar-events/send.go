package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// Defaults of send.
const (
	defaultURL         = "http://127.0.0.1:8080/"
	defaultSendTimeout = 10 * time.Second

	// maxResponseBody is how much of a response body send prints.
	maxResponseBody = 64 << 10
)

var sendCommand = &command{
	name:    "send",
	args:    "[--url URL] [--secret S] [--id ID] [--set KEY=VALUE]... [--timeout D] TOPIC|FILE|-",
	summary: "sign a fixture or a file and POST it to a receiver",
	help: `Send signs a delivery body and POSTs it to URL with Content-Type
application/json, then prints the request line and the response's status
line and body:

  POST http://127.0.0.1:8080/  aws.contract.created  msg_2KWPBgLlAfxdpx2AI54pPJ85f4W
  204 No Content

If the argument is a topic that the SDK knows (see 'clazar-events topics'),
the body is that topic's bundled fixture, with a new envelope id and the
current time as its timestamp, so that every send is a distinct delivery.
Otherwise the argument is a file ("-" for standard input), sent exactly as
read; it need not be a valid delivery, so that a receiver's handling of bad
bodies can be tried too.

--set KEY=VALUE, repeatable, sets the top-level member KEY of the metadata,
which requires the body to be a delivery (the body is then rewritten in the
SDK's canonical form). VALUE is used as JSON if it parses as JSON, and as a
string otherwise: --set customer_identifier=cust-42 --set quantity=3.

The signature headers carry a new delivery id (or --id, to try a receiver's
deduplication) and the current time. Redirects are not followed.

The exit status is 1 if the request fails or the response is not 2xx.
The secret is --secret or, if that is not given, $` + secretEnv + `.`,
	setup: func(fs *flag.FlagSet) func(context.Context, *cli, []string) int {
		o := sendOptions{set: map[string]any{}}
		fs.StringVar(&o.url, "url", defaultURL, "the receiver's URL")
		fs.StringVar(&o.secret, "secret", "", "the signing secret, whsec_... (default $"+secretEnv+")")
		fs.StringVar(&o.id, "id", "", "the delivery id of the signature (default a new random msg_... id)")
		fs.DurationVar(&o.timeout, "timeout", defaultSendTimeout, "how long to wait for the whole exchange")
		fs.Func("set", "set the metadata member `KEY=VALUE` (repeatable; VALUE is JSON, or else a string)", o.addSet)
		return o.run
	},
}

type sendOptions struct {
	url     string
	secret  string
	id      string
	timeout time.Duration
	set     map[string]any
}

// addSet records one --set flag.
func (o *sendOptions) addSet(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want KEY=VALUE, got %q", s)
	}
	if json.Valid([]byte(v)) {
		o.set[k] = json.RawMessage(v)
	} else {
		o.set[k] = v
	}
	return nil
}

func (o *sendOptions) run(ctx context.Context, c *cli, args []string) int {
	if len(args) != 1 {
		return c.usageError("give one TOPIC, FILE, or - for standard input")
	}
	secret, err := resolveSecret(o.secret)
	if err != nil {
		return c.usageError("%v", err)
	}
	u, err := url.Parse(o.url)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c.usageError("--url must be an http or https URL with a host, got %q", o.url)
	}
	if o.timeout <= 0 {
		return c.usageError("--timeout must be positive")
	}
	id := o.id
	if id == "" {
		id = webhooktest.NewID()
	}
	// Sign rejects an id that no header can carry; ask it before reading
	// the body, so that a bad flag is a usage error.
	if _, err := webhooktest.Sign(secret, id, time.Now(), nil); errors.Is(err, webhook.ErrMalformedHeader) {
		return c.usageError("bad --id: %v", err)
	}

	body, err := o.body(c, args[0])
	if err != nil {
		return c.fail(err)
	}
	topic := "-"
	if e, err := event.Parse(body); err == nil {
		topic = string(e.Topic)
	}
	h, err := webhooktest.Sign(secret, id, time.Now(), body)
	if err != nil {
		return c.fail(fmt.Errorf("signing: %w", err))
	}

	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return c.fail(fmt.Errorf("building the request: %w", err))
	}
	for k, v := range h {
		req.Header[k] = v
	}
	fmt.Fprintf(c.stdout, "POST %s  %s  %s\n", u.Redacted(), topic, id)
	client := &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
	if err != nil {
		return c.fail(err)
	}
	defer resp.Body.Close()
	fmt.Fprintln(c.stdout, resp.Status)
	text, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
	if len(text) > 0 {
		c.stdout.Write(text)
		if text[len(text)-1] != '\n' {
			fmt.Fprintln(c.stdout)
		}
	}
	if err != nil {
		return c.fail(fmt.Errorf("reading the response: %w", err))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.fail(fmt.Errorf("%s answered %s", u.Redacted(), resp.Status))
	}
	return exitOK
}

// body returns the body to send for arg: the restamped fixture of a known
// topic, or the file's bytes, with the --set members applied.
func (o *sendOptions) body(c *cli, arg string) ([]byte, error) {
	var (
		body []byte
		err  error
	)
	if t := topics.Topic(arg); t.Known() {
		body, err = webhooktest.Fixture(t)
		if err != nil {
			return nil, err
		}
		body, err = webhooktest.Restamp(body, webhooktest.Stamp{
			ID:        newEventID(),
			Timestamp: time.Now().UTC().Truncate(time.Second),
		})
		if err != nil {
			return nil, fmt.Errorf("restamping the fixture of %s: %w", t, err)
		}
	} else if body, err = c.readInput(arg); err != nil {
		if arg != "-" && !strings.ContainsAny(arg, `/\`) && topics.ValidPattern(arg) && strings.Count(arg, ".") == 2 {
			return nil, fmt.Errorf("%w, and %s is not a topic the SDK knows (see 'clazar-events topics')", err, arg)
		}
		return nil, err
	}
	if len(o.set) > 0 {
		body, err = webhooktest.Restamp(body, webhooktest.Stamp{Metadata: o.set})
		if err != nil {
			return nil, fmt.Errorf("--set: %w", err)
		}
	}
	return body, nil
}

// newEventID returns a new random envelope id in the form of the
// fixtures' ids, a version 4 UUID.
func newEventID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails, per crypto/rand
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
