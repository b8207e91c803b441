package webhook

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

// Defaults of Options.
const (
	// DefaultMaxBodyBytes is the longest body read: 1 MiB, fifty times the
	// 20 kB that Standard Webhooks recommends senders keep to.
	DefaultMaxBodyBytes = 1 << 20

	// DefaultClaimTTL is how long a claim on a delivery lasts: the time
	// handlers have to finish before another attempt may run them.
	DefaultClaimTTL = time.Minute

	// DefaultDoneTTL is how long a handled delivery is remembered, so that
	// a duplicate is recognised: 72 hours, more than the 28 hours over which
	// Svix retries (immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h,
	// 10 h and 10 h).
	DefaultDoneTTL = 72 * time.Hour
)

// Options configure a Handler. The zero value of each field means its
// documented default; at least one secret, or a Verifier, is required.
type Options struct {
	// Secrets are the signing secrets of the default scheme, SchemeSvix,
	// as for NewVerifier: the current "whsec_" secret and, while rotating,
	// the previous one. Leave it empty when Verifier is set.
	Secrets []string

	// Tolerance is how far a signed timestamp may lie from Now. The default
	// is DefaultTolerance. Leave it zero when Verifier is set.
	Tolerance time.Duration

	// Now returns the current time, for checking timestamps, for the
	// Attempt of deliveries whose scheme signs no timestamp, and for the
	// default Store. The default is time.Now.
	Now func() time.Time

	// Verifier verifies deliveries with another scheme or options, built by
	// NewVerifierWith. The default is a SchemeSvix Verifier built from
	// Secrets, Tolerance and Now.
	Verifier *Verifier

	// MaxBodyBytes is the longest body accepted; a longer one is answered
	// 413 without being read further. The default is DefaultMaxBodyBytes.
	MaxBodyBytes int64

	// Store records which deliveries are in flight and done. The default is
	// a MemoryStore with default options, which suits a single process;
	// receivers running several replicas need a shared Store.
	Store Store

	// ClaimTTL is how long a claim lasts (see Store.Claim), and so how long
	// handlers may run: their context is cancelled when it lapses. The
	// default is DefaultClaimTTL.
	ClaimTTL time.Duration

	// DoneTTL is how long a handled delivery is remembered. The default is
	// DefaultDoneTTL.
	DoneTTL time.Duration

	// Logger receives a record for every delivery not answered 2xx, at
	// level Warn for requests refused before handling (401, 405, 413, 400),
	// Info for 409 and Error for 422, 500 and 503, the last with the panic
	// and stack when a handler panicked; and at level Debug for deliveries
	// handled, ignored or already done. The default is slog.Default().
	Logger *slog.Logger

	// OnError, if set, is called with every delivery not answered 2xx,
	// after the response is written and before ServeHTTP returns. r's body
	// has been read; the error's Delivery holds it once it is verified, and
	// is nil for 401, 405 and 413 (see DeliveryError). For a delivery given
	// to Handle rather than ServeHTTP, r is nil.
	OnError func(r *http.Request, err *DeliveryError)

	// Observe, if set, is called once for every request, 2xx or not, after
	// the response is written (and after OnError), with ctx the request's
	// context (for Handle, once for every Message, with Handle's ctx) and a report of the delivery's outcome and timings, which
	// the function may keep. It feeds metrics and traces: see
	// DeliveryReport, and the module webhook/otelwebhook for
	// OpenTelemetry. Timings use the system clock, whatever Now is. When
	// Observe is nil, nothing is measured.
	Observe func(ctx context.Context, r *DeliveryReport)
}

// A Handler is an http.Handler that receives Clazar's webhook deliveries:
// it verifies each, parses its envelope, claims its id in a Store, decodes
// its metadata for typed handlers, runs every handler registered for its
// topic, and answers with a status code that makes the sender retry exactly
// the deliveries that a retry can fix. The package documentation lists the
// codes.
//
// Handlers are registered with On, OnTopic and OnUnhandled, at any time:
// registration is safe while the Handler serves, and a delivery runs the
// handlers registered when its dispatch began. A Handler is safe for
// concurrent use.
type Handler struct {
	verifier *Verifier
	now      func() time.Time
	maxBody  int64
	store    Store
	claimTTL time.Duration
	doneTTL  time.Duration
	log      *slog.Logger
	onError  func(*http.Request, *DeliveryError)
	observe  func(context.Context, *DeliveryReport)

	mu     sync.Mutex // serialises registration
	routes atomic.Pointer[[]*route]
}

// A route is one registered handler.
type route struct {
	name      string       // for messages: On[aws.ContractCreated] or OnTopic("aws.*")
	topic     topics.Topic // typed routes: the metadata type's topic
	pattern   string       // pattern routes
	typ       reflect.Type // typed routes: the metadata type
	unhandled bool         // OnUnhandled: the topics no other route matches
	decode    func(*event.Event) (any, error)
	new       func() event.Metadata // typed routes: a new value of typ, as a pointer
	call      func(ctx context.Context, e *event.Event, m any) error
}

// matches reports whether rt's topic or pattern matches t; an OnUnhandled
// route matches no topic of its own.
func (rt *route) matches(t topics.Topic) bool {
	switch {
	case rt.typ != nil:
		return rt.topic == t
	case rt.unhandled:
		return false
	}
	return topics.Match(rt.pattern, t)
}

// unhandled returns the OnUnhandled routes of all, in registration order:
// the routes of a topic that no other route matches.
func unhandled(all []*route) []*route {
	var routes []*route
	for _, rt := range all {
		if rt.unhandled {
			routes = append(routes, rt)
		}
	}
	return routes
}

// NewHandler returns a Handler configured by opts, with no handlers
// registered.
//
// It returns an error wrapping ErrEmptySecret if neither Secrets nor
// Verifier is set or a secret is empty, ErrInvalidSecret if a secret
// cannot be decoded, and a plain error if Verifier is set together with
// Secrets or Tolerance, or if MaxBodyBytes, Tolerance, ClaimTTL or DoneTTL
// is negative.
func NewHandler(opts Options) (*Handler, error) {
	h := &Handler{
		verifier: opts.Verifier,
		now:      opts.Now,
		maxBody:  opts.MaxBodyBytes,
		store:    opts.Store,
		claimTTL: opts.ClaimTTL,
		doneTTL:  opts.DoneTTL,
		log:      opts.Logger,
		onError:  opts.OnError,
		observe:  opts.Observe,
	}
	if h.verifier != nil {
		if len(opts.Secrets) > 0 || opts.Tolerance != 0 {
			return nil, errors.New("webhook: Options.Verifier is set together with Secrets or Tolerance: configure the Verifier instead")
		}
	} else {
		v, err := NewVerifierWith(VerifierOptions{Secrets: opts.Secrets, Tolerance: opts.Tolerance, Now: opts.Now})
		if err != nil {
			return nil, err
		}
		h.verifier = v
	}
	for _, f := range []struct {
		name string
		neg  bool
	}{
		{"MaxBodyBytes", h.maxBody < 0},
		{"ClaimTTL", h.claimTTL < 0},
		{"DoneTTL", h.doneTTL < 0},
	} {
		if f.neg {
			return nil, fmt.Errorf("webhook: Options.%s is negative", f.name)
		}
	}
	if h.now == nil {
		h.now = time.Now
	}
	if h.maxBody == 0 {
		h.maxBody = DefaultMaxBodyBytes
	}
	if h.claimTTL == 0 {
		h.claimTTL = DefaultClaimTTL
	}
	if h.doneTTL == 0 {
		h.doneTTL = DefaultDoneTTL
	}
	if h.store == nil {
		h.store = NewMemoryStore(MemoryStoreOptions{Now: opts.Now})
	}
	if h.log == nil {
		h.log = slog.Default()
	}
	h.routes.Store(new([]*route))
	return h, nil
}

// On registers fn for the topic that the metadata type T names, such as
// aws.ContractCreated for aws.contract.created:
//
//	webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
//		return provision(ctx, m.CustomerIdentifier)
//	})
//
// fn receives the event and its metadata decoded as T and validated. A
// delivery of the topic whose metadata does not decode or validate runs no
// handler and is answered 422. The metadata is decoded once per delivery
// and type, and every typed handler of the type receives the same *T: a
// handler must not modify it.
//
// On panics if fn is nil or T is a pointer or interface type, which are
// programming errors, as http.ServeMux's Handle panics.
func On[T event.Metadata](h *Handler, fn func(ctx context.Context, e *event.Event, m *T) error) {
	typ := reflect.TypeFor[T]()
	if fn == nil {
		panic("webhook: On[" + typ.String() + "] with a nil function")
	}
	if k := typ.Kind(); k == reflect.Pointer || k == reflect.Interface {
		panic("webhook: On[" + typ.String() + "]: the type parameter must be a metadata type such as aws.ContractCreated, not a pointer or interface")
	}
	var zero T
	h.add(&route{
		name:  "On[" + typ.String() + "]",
		topic: zero.Topic(),
		typ:   typ,
		decode: func(e *event.Event) (any, error) {
			return event.DecodeAs[T](e)
		},
		new: func() event.Metadata { return any(new(T)).(event.Metadata) },
		call: func(ctx context.Context, e *event.Event, m any) error {
			return fn(ctx, e, m.(*T))
		},
	})
}

// OnTopic registers fn for every topic that pattern matches, as
// topics.Match reads it: "aws.contract.*", "*.contract.renewed", "gcp.**",
// or "**" for every topic. It also receives topics that no marketplace
// package knows yet, so that events Clazar adds later are not lost. fn
// receives the event with its metadata as raw JSON; e.Decode types it.
//
// OnTopic panics if fn is nil or pattern is not valid for topics.Match (see
// topics.ValidPattern), which are programming errors.
func (h *Handler) OnTopic(pattern string, fn func(ctx context.Context, e *event.Event) error) {
	name := "OnTopic(" + strconv.Quote(pattern) + ")"
	if fn == nil {
		panic("webhook: " + name + " with a nil function")
	}
	if !topics.ValidPattern(pattern) {
		panic("webhook: " + name + ": invalid pattern")
	}
	h.add(&route{
		name:    name,
		pattern: pattern,
		call: func(ctx context.Context, e *event.Event, _ any) error {
			return fn(ctx, e)
		},
	})
}

// OnUnhandled registers fn for the deliveries that no other handler
// matches: OnUnhandled handlers run only when no handler registered with On
// or OnTopic matches the topic, as a fallback that logs or stores every
// topic the receiver does not otherwise handle. (A pattern of OnTopic that
// matches every topic, "**", leaves nothing unhandled.)
//
// As for OnTopic, fn receives the event with its metadata as raw JSON,
// never decoded, so that a topic Clazar adds later, or a change in the
// shape of a payload, never makes a delivery fail. Several OnUnhandled
// handlers run in the order they were registered, like every other; the
// delivery is claimed, deduplicated and answered as any other: 204 when
// they succeed, and when one fails 500, or 422 if its error wraps
// ErrUnprocessable. Without an OnUnhandled handler, a delivery that no
// handler matches is acknowledged and not recorded.
//
// OnUnhandled panics if fn is nil, a programming error.
func (h *Handler) OnUnhandled(fn func(ctx context.Context, e *event.Event) error) {
	if fn == nil {
		panic("webhook: OnUnhandled with a nil function")
	}
	h.add(&route{
		name:      "OnUnhandled",
		unhandled: true,
		call: func(ctx context.Context, e *event.Event, _ any) error {
			return fn(ctx, e)
		},
	})
}

func (h *Handler) add(rt *route) {
	h.mu.Lock()
	defer h.mu.Unlock()
	old := *h.routes.Load()
	routes := make([]*route, len(old), len(old)+1)
	copy(routes, old)
	routes = append(routes, rt)
	h.routes.Store(&routes)
}

// ServeHTTP handles one delivery. The package documentation describes the
// steps and the status codes. It checks the method, reads the body, and
// handles it as Handle does, answering Handle's Result.Status.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	x := &exchange{w: w, r: r, ctx: r.Context()}
	if h.observe == nil {
		h.serve(x)
		return
	}
	x.rep = &DeliveryReport{Received: time.Now()}
	defer h.report(x.ctx, x.rep)
	h.serve(x)
}

// serve handles one request, filling x.rep when it is not nil.
func (h *Handler) serve(x *exchange) {
	w, r := x.w, x.r
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.fail(x, &DeliveryError{Status: http.StatusMethodNotAllowed, Err: fmt.Errorf("%w: %s", ErrMethodNotAllowed, clip(r.Method))})
		return
	}
	body, err := h.readBody(w, r)
	if err != nil {
		status := http.StatusBadRequest
		if errors.Is(err, ErrBodyTooLarge) {
			status = http.StatusRequestEntityTooLarge
		}
		h.fail(x, &DeliveryError{Status: status, Err: err})
		return
	}
	h.deliver(x, Message{Body: body, Header: r.Header})
}

// A Message is one delivery as a transport other than HTTP receives it,
// such as an AWS Lambda function invoked by Amazon EventBridge or SQS, a
// Google Cloud Pub/Sub subscription or a queue consumer, for Handle.
type Message struct {
	// Body is the delivery's body, exactly as sent: an event envelope that
	// event.Parse reads. Handle does not keep it after it returns, except
	// in the Delivery and the Event that handlers and OnError receive: the
	// Event's Metadata is a slice of Body, not a copy.
	Body []byte

	// Header holds the headers that the Handler's Verifier checks, as
	// ServeHTTP passes the request's. It is ignored when Authenticated is
	// set.
	Header http.Header

	// Authenticated says that the transport has authenticated the sender
	// itself, as AWS IAM does for a Lambda function's invocations, so that
	// the Verifier is not consulted.
	Authenticated bool

	// ID is the delivery id, the idempotency key, when the transport has
	// one that the sender keeps across retries. When it is empty, the id is
	// found as ServeHTTP finds it: the verified id header, the envelope's
	// id, or the SHA-256 of the body.
	ID string

	// Received is when the delivery arrived, the Delivery's Attempt when
	// the Verifier signs no timestamp. The default is the Handler's
	// Options.Now.
	Received time.Time
}

// A Result is the outcome of a delivery given to Handle.
type Result struct {
	// Status is the HTTP status code ServeHTTP answers for the same
	// delivery: 204 when it is handled, ignored or a duplicate, and the
	// codes of the package documentation otherwise.
	Status int

	// Err describes the failure, nil when Status is 204. Handle has logged
	// it and passed it to Options.OnError.
	Err *DeliveryError

	// Duplicate reports a delivery whose id was handled already, so that no
	// handler ran.
	Duplicate bool
}

// Retry reports whether the sender should deliver the message again:
// whether a retry can succeed where this attempt failed. That is so for 409
// (the same id is being handled now), 500 (a handler failed) and 503 (the
// Store failed), and for a handler that panicked with http.ErrAbortHandler;
// not for a success, nor for 400, 401, 413 and 422, which fail again on
// every retry until the receiver changes.
func (r Result) Retry() bool {
	return r.Status == http.StatusConflict || r.Status >= http.StatusInternalServerError
}

// Handle handles one delivery that arrived by a transport other than HTTP,
// as ServeHTTP handles a request after reading its body: it verifies m
// (unless m.Authenticated), parses its envelope, claims its id in the
// Store, decodes its metadata for typed handlers and runs every handler
// registered for its topic. Its Result says what happened, with the status
// code ServeHTTP would answer; failures are logged and passed to
// Options.OnError, as for ServeHTTP, with a nil *http.Request, and
// Options.Observe receives its report. Handlers receive a context derived
// from ctx.
//
// A body longer than Options.MaxBodyBytes gives 413. A handler that panics
// with http.ErrAbortHandler, which ServeHTTP passes on to abort the
// response, gives 500 with an error wrapping ErrHandlerPanic.
func (h *Handler) Handle(ctx context.Context, m Message) Result {
	x := &exchange{ctx: ctx}
	if h.observe != nil {
		x.rep = &DeliveryReport{Received: time.Now()}
		defer h.report(ctx, x.rep)
	}
	if int64(len(m.Body)) > h.maxBody {
		h.fail(x, &DeliveryError{Status: http.StatusRequestEntityTooLarge, Err: fmt.Errorf("%w: %d bytes exceed %d", ErrBodyTooLarge, len(m.Body), h.maxBody)})
		return x.res
	}
	h.deliver(x, m)
	return x.res
}

// An exchange is where a delivery's outcome goes: the response of
// ServeHTTP, or the Result of Handle when w and r are nil; and the report
// for Options.Observe when rep is not nil.
type exchange struct {
	w   http.ResponseWriter
	r   *http.Request
	ctx context.Context
	rep *DeliveryReport
	res Result
}

// deliver handles a read body: verification, parsing and dispatch.
func (h *Handler) deliver(x *exchange, m Message) {
	rep := x.rep
	var a attempt
	if m.Authenticated {
		a.id = m.ID
	} else {
		start := rep.now()
		var err error
		a, err = h.verifier.verify(m.Header, m.Body)
		rep.verified(start)
		if err != nil {
			h.fail(x, &DeliveryError{Status: http.StatusUnauthorized, Err: err})
			return
		}
		if m.ID != "" {
			a.id = m.ID
		}
	}
	body := m.Body
	d := &Delivery{ID: a.id, Attempt: a.ts, Body: body}
	if d.Attempt.IsZero() {
		d.Attempt = m.Received
	}
	if d.Attempt.IsZero() {
		d.Attempt = h.now()
	}
	// The routes that the delivery runs, and the one whose type ParseFor
	// decodes the metadata as, in the envelope's pass: the topic's first
	// typed route. ParseFor asks last for the envelope's topic.
	all := *h.routes.Load()
	var typed *route
	start := rep.now()
	e, pre, preErr := event.ParseForNoCopy(body, func(t topics.Topic) event.Metadata {
		if typed = firstTyped(all, t); typed != nil {
			return typed.new()
		}
		return nil
	})
	rep.decoded(start)
	if e == nil { // the body is not an event; an error with the event is the metadata's
		if d.ID == "" {
			d.ID = bodyKey(body)
		}
		h.fail(x, &DeliveryError{Status: http.StatusBadRequest, Delivery: d, Err: preErr})
		return
	}
	d.Topic = e.Topic
	if d.ID == "" {
		if err := checkID("the envelope's id", e.ID); err != nil {
			d.ID = bodyKey(body)
			h.fail(x, &DeliveryError{Status: http.StatusBadRequest, Delivery: d, Event: e, Err: err})
			return
		}
		d.ID = e.ID
	}
	if d.ID == "" {
		d.ID = bodyKey(body)
	}
	pd := decoded{m: pre, err: preErr}
	if typed != nil && (pre != nil || preErr != nil) {
		pd.typ = typed.typ
	}
	h.dispatch(x, d, e, all, pd)
}

// decoded is the metadata of a delivery decoded in the envelope's pass as
// typ, or the error of decoding it; typ is nil if nothing was decoded.
type decoded struct {
	typ reflect.Type
	m   event.Metadata
	err error
}

// firstTyped returns the first route of all that is typed for topic t, or
// nil.
func firstTyped(all []*route, t topics.Topic) *route {
	for _, rt := range all {
		if rt.typ != nil && rt.topic == t {
			return rt
		}
	}
	return nil
}

// bodyKey is the idempotency key of a delivery that carries no id: the
// SHA-256 of its body, so that only an identical body counts as a
// duplicate.
func bodyKey(body []byte) string {
	sum := sha256.Sum256(body)
	return "sha256:" + hex.EncodeToString(sum[:])
}

func (h *Handler) dispatch(x *exchange, d *Delivery, e *event.Event, all []*route, pre decoded) {
	rep := x.rep
	var routes []*route
	for _, rt := range all {
		if rt.matches(e.Topic) {
			routes = append(routes, rt)
		}
	}
	if len(routes) == 0 {
		routes = unhandled(all)
	}
	if len(routes) == 0 {
		h.ok(x, d, OutcomeIgnored)
		return
	}

	switch status, err := h.store.Claim(x.ctx, d.ID, h.claimTTL); {
	case err != nil:
		h.fail(x, &DeliveryError{Status: http.StatusServiceUnavailable, Delivery: d, Event: e, Err: fmt.Errorf("webhook: claiming %s: %w", d.ID, err)})
		return
	case status == Done:
		x.res.Duplicate = true
		h.ok(x, d, OutcomeDuplicate)
		return
	case status == InFlight:
		h.fail(x, &DeliveryError{Status: http.StatusConflict, Delivery: d, Event: e, Err: ErrInFlight})
		return
	case status != Claimed:
		h.fail(x, &DeliveryError{Status: http.StatusServiceUnavailable, Delivery: d, Event: e, Err: fmt.Errorf("webhook: claiming %s: store returned %s", d.ID, status)})
		return
	}

	metas := make([]any, len(routes))
	start := rep.now()
	for i, rt := range routes {
		if rt.decode == nil {
			continue
		}
		for j := range i {
			if routes[j].typ == rt.typ {
				metas[i] = metas[j]
				break
			}
		}
		if metas[i] != nil {
			continue
		}
		var (
			m   any
			err error
		)
		if rt.typ == pre.typ {
			m, err = pre.m, pre.err
		} else {
			m, err = rt.decode(e)
		}
		if err != nil {
			rep.decoded(start)
			h.release(x, d)
			h.fail(x, &DeliveryError{Status: http.StatusUnprocessableEntity, Delivery: d, Event: e, Err: err})
			return
		}
		metas[i] = m
	}

	rep.decoded(start)

	dctx := newDispatchCtx(x.ctx, d, h.claimTTL)
	ctx := &dctx.handler // NewContext(x.ctx, d), with a deadline
	defer ctx.stop()
	for i, rt := range routes {
		start := rep.now()
		err := call(ctx, rt, e, metas[i])
		rep.ran(rt.name, start, err)
		if err != nil {
			h.release(x, d)
			if errors.Is(err, errAbort) {
				if x.w != nil {
					rep.answered(0, OutcomeFailed, d, http.ErrAbortHandler)
					panic(http.ErrAbortHandler)
				}
				err = fmt.Errorf("%w: %s: %w", ErrHandlerPanic, rt.name, http.ErrAbortHandler)
			}
			status := http.StatusInternalServerError
			if errors.Is(err, ErrUnprocessable) {
				status = http.StatusUnprocessableEntity
			}
			h.fail(x, &DeliveryError{Status: status, Delivery: d, Event: e, Err: err})
			return
		}
	}

	sctx := &dctx.store
	defer sctx.stop()
	if err := h.store.Complete(sctx, d.ID, h.doneTTL); err != nil {
		h.release(x, d)
		h.fail(x, &DeliveryError{Status: http.StatusServiceUnavailable, Delivery: d, Event: e, Err: fmt.Errorf("webhook: completing %s: %w", d.ID, err)})
		return
	}
	h.ok(x, d, OutcomeHandled)
}

// errAbort reports a handler that panicked with http.ErrAbortHandler, which
// the Handler passes on after releasing the claim.
var errAbort = errors.New("webhook: handler aborted")

// panicError reports a handler's panic, with the stack for the log.
type panicError struct {
	handler string
	value   any
	stack   []byte
}

func (p *panicError) Error() string {
	return fmt.Sprintf("%s: %s: %v", ErrHandlerPanic, p.handler, p.value)
}

func (p *panicError) Unwrap() error { return ErrHandlerPanic }

// call runs one handler, turning a panic into an error.
func call(ctx context.Context, rt *route, e *event.Event, m any) (err error) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				err = errAbort
				return
			}
			err = &panicError{handler: rt.name, value: v, stack: debug.Stack()}
		}
	}()
	if err := rt.call(ctx, e, m); err != nil {
		return fmt.Errorf("webhook: %s: %w", rt.name, err)
	}
	return nil
}

// storeContext is the context of Complete and Release: not cancelled when
// the sender hangs up, so that the outcome is recorded, and bounded by the
// claim TTL, after which the claim lapses anyway. Its stop method ends it.
func (h *Handler) storeContext(ctx context.Context) *lazyCtx {
	return newStoreCtx(ctx, h.claimTTL)
}

func (h *Handler) release(x *exchange, d *Delivery) {
	ctx := h.storeContext(x.ctx)
	defer ctx.stop()
	if err := h.store.Release(ctx, d.ID); err != nil {
		h.log.LogAttrs(x.ctx, slog.LevelError, "webhook: releasing a claim failed; it lapses after the claim TTL",
			slog.String("id", d.ID), slog.String("topic", string(d.Topic)), slog.Any("error", err))
	}
}

// initialBodyBuffer bounds the buffer allocated before a body's bytes
// arrive: a Content-Length is only a claim, made before the signature is
// checked, so a larger body grows the buffer as its bytes come in.
const initialBodyBuffer = 64 << 10

// readBody reads the whole body, at most maxBody bytes.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.ContentLength > h.maxBody {
		return nil, fmt.Errorf("%w: Content-Length %d exceeds %d bytes", ErrBodyTooLarge, r.ContentLength, h.maxBody)
	}
	if r.Body == nil {
		return []byte{}, nil
	}
	rd := http.MaxBytesReader(w, r.Body, h.maxBody)
	size := int64(512)
	if r.ContentLength >= 0 {
		size = min(r.ContentLength, initialBodyBuffer) + 1 // room to read EOF without growing
	}
	b := make([]byte, 0, min(size, h.maxBody))
	for {
		n, err := rd.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		switch {
		case err == io.EOF:
			return b, nil
		case err != nil:
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				return nil, fmt.Errorf("%w: more than %d bytes", ErrBodyTooLarge, h.maxBody)
			}
			return nil, fmt.Errorf("webhook: reading body: %w", err)
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// okText returns the log message of an outcome answered 204.
func okText(o Outcome) string {
	switch o {
	case OutcomeHandled:
		return "webhook: delivery handled"
	case OutcomeIgnored:
		return "webhook: no handler for topic"
	}
	return "webhook: duplicate of a handled delivery"
}

// ok answers 204, logs the outcome at level Debug and reports it to rep.
func (h *Handler) ok(x *exchange, d *Delivery, o Outcome) {
	x.res.Status = http.StatusNoContent
	if x.w != nil {
		x.w.WriteHeader(http.StatusNoContent)
	}
	h.log.LogAttrs(x.ctx, slog.LevelDebug, okText(o),
		slog.String("id", d.ID), slog.String("topic", string(d.Topic)))
	x.rep.answered(http.StatusNoContent, o, d, nil)
}

// Response bodies of failures. Only an authenticated sender learns why its
// delivery failed, and never a handler's error.
var failText = map[int]string{
	http.StatusBadRequest:            "webhook: cannot read body",
	http.StatusMethodNotAllowed:      "webhook: method not allowed; use POST",
	http.StatusRequestEntityTooLarge: "webhook: body too large",
	http.StatusUnauthorized:          "webhook: signature verification failed",
	http.StatusConflict:              "webhook: delivery in flight; retry later",
	http.StatusInternalServerError:   "webhook: handler failed",
	http.StatusServiceUnavailable:    "webhook: store unavailable; retry later",
}

// fail answers de.Status, logs de, passes it to the error hook and reports
// it to rep.
func (h *Handler) fail(x *exchange, de *DeliveryError) {
	x.res = Result{Status: de.Status, Err: de}
	if x.w != nil {
		text, ok := failText[de.Status]
		if !ok || (de.Status == http.StatusBadRequest && de.Delivery != nil) {
			text = de.Err.Error() // 400 and 422: the sender's own body is at fault
		}
		http.Error(x.w, text, de.Status)
	}

	level := slog.LevelError
	switch de.Status {
	case http.StatusUnauthorized, http.StatusMethodNotAllowed, http.StatusRequestEntityTooLarge, http.StatusBadRequest:
		level = slog.LevelWarn
	case http.StatusConflict:
		level = slog.LevelInfo
	}
	attrs := make([]slog.Attr, 0, 5)
	attrs = append(attrs, slog.Int("status", de.Status))
	if d := de.Delivery; d != nil {
		attrs = append(attrs, slog.String("id", d.ID), slog.String("topic", string(d.Topic)))
	}
	attrs = append(attrs, slog.String("error", de.Err.Error()))
	var p *panicError
	if errors.As(de.Err, &p) {
		attrs = append(attrs, slog.String("stack", string(p.stack)))
	}
	h.log.LogAttrs(x.ctx, level, "webhook: delivery not handled", attrs...)
	if h.onError != nil {
		h.onError(x.r, de)
	}
	x.rep.answered(de.Status, outcomeOf(de.Status), de.Delivery, de.Err)
}
