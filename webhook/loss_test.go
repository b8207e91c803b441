package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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

const (
	// lossEvents is how many distinct events are delivered.
	lossEvents = 10_000

	// lossSenders is how many senders deliver at once, over one client.
	lossSenders = 32

	// lossHostile is how many unsigned or tampered requests are mixed in.
	lossHostile = 400

	// lossPanic is the event whose first handler call panics.
	lossPanic = 4242

	// lossHeapGrowth bounds the heap that a run leaves behind, after
	// garbage collection: the MemoryStore's ten thousand done entries and
	// the test's own counters.
	lossHeapGrowth = 6 << 20

	// lossHeapPeak bounds the heap in use at any time during a run.
	lossHeapPeak = 32 << 20
)

// lossBackoff is the delay before each attempt of a delivery: Svix's
// schedule (immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h)
// compressed to milliseconds. A delivery not answered 2xx after the last
// attempt is lost.
var lossBackoff = []time.Duration{
	0, 5 * time.Millisecond, 25 * time.Millisecond, 50 * time.Millisecond,
	100 * time.Millisecond, 250 * time.Millisecond, time.Second, 2 * time.Second,
}

// errLossInjected is the error a handler returns on the first attempt of
// about one event in twenty.
var errLossInjected = errors.New("injected failure")

// A lossTopic is a topic the loss test delivers.
type lossTopic struct {
	topic    topics.Topic
	identity string // the metadata key that gets a value unique to each event
}

const (
	lossIDMark  = "@@EVENT_ID@@"
	lossKeyMark = "@@IDENTITY@@"
)

// lossTopics are the topics of the events: event i has topic i%4.
var lossTopics = []lossTopic{
	{topic: topics.AWSContractCreated, identity: "customer_identifier"},
	{topic: topics.AWSAnalyticsMeteredUsage, identity: "customer_identifier"},
	{topic: topics.GCPMeteringSubmissionFailed, identity: "entitlement_id"},
	{topic: topics.AzureContractSuspended, identity: "subscription_id"},
}

// lossTemplate returns the fixture of lt's topic with lossIDMark as its id
// and lossKeyMark as its identity.
func lossTemplate(t *testing.T, lt lossTopic) []byte {
	t.Helper()
	var env map[string]json.RawMessage
	if err := json.Unmarshal(webhooktest.MustFixture(lt.topic), &env); err != nil {
		t.Fatal(err)
	}
	var meta map[string]json.RawMessage
	if err := json.Unmarshal(env["metadata"], &meta); err != nil {
		t.Fatal(err)
	}
	if _, ok := meta[lt.identity]; !ok {
		t.Fatalf("the fixture of %s has no metadata key %s", lt.topic, lt.identity)
	}
	meta[lt.identity] = json.RawMessage(strconv.Quote(lossKeyMark))
	m, err := json.Marshal(meta)
	if err != nil {
		t.Fatal(err)
	}
	env["metadata"] = m
	env["id"] = json.RawMessage(strconv.Quote(lossIDMark))
	b, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// lossState is what the loss test knows of every event.
type lossState struct {
	secret    string
	templates [][]byte       // of each of lossTopics
	fail      []bool         // whether the first handler call fails
	calls     []atomic.Int32 // handler calls per event
	applied   []atomic.Int32 // successful handler calls per event

	mu         sync.Mutex
	violations []string // handler calls that must not have happened
}

func lossID(i int) string       { return fmt.Sprintf("msg_loss_%05d", i) }
func lossEventID(i int) string  { return fmt.Sprintf("evt_loss_%05d", i) }
func lossIdentity(i int) string { return fmt.Sprintf("identity-%05d", i) }

// body returns the body of event i, the same bytes every time.
func (s *lossState) body(i int) []byte {
	b := s.templates[i%len(lossTopics)]
	b = bytes.Replace(b, []byte(lossIDMark), []byte(lossEventID(i)), 1)
	return bytes.Replace(b, []byte(lossKeyMark), []byte(lossIdentity(i)), 1)
}

func (s *lossState) violate(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.violations) < 20 {
		s.violations = append(s.violations, fmt.Sprintf(format, args...))
	}
}

// apply is every typed handler: it checks that the delivery is one the
// test signed, of the handler's topic, and applies it, failing or
// panicking on first calls as planned.
func (s *lossState) apply(ctx context.Context, topic int, e *event.Event, identity string) error {
	d, ok := webhook.FromContext(ctx)
	if !ok {
		s.violate("handler of %s called without a Delivery", lossTopics[topic].topic)
		return nil
	}
	i, err := strconv.Atoi(strings.TrimPrefix(d.ID, "msg_loss_"))
	if err != nil || i < 0 || i >= lossEvents || d.ID != lossID(i) {
		s.violate("handler called for unknown delivery %q", d.ID)
		return nil
	}
	if !bytes.Equal(d.Body, s.body(i)) {
		s.violate("handler saw a body for %s that was not the one signed: %.120q", d.ID, d.Body)
		return nil
	}
	if i%len(lossTopics) != topic || e.Topic != lossTopics[topic].topic || e.ID != lossEventID(i) || identity != lossIdentity(i) {
		s.violate("handler of %s saw %s (%s, %s, %s)", lossTopics[topic].topic, d.ID, e.Topic, e.ID, identity)
		return nil
	}
	n := s.calls[i].Add(1)
	if n == 1 && i == lossPanic {
		panic("injected panic")
	}
	if n == 1 && s.fail[i] {
		return errLossInjected
	}
	s.applied[i].Add(1)
	return nil
}

// A lossJob is what one sender does at a time: deliver event i, times
// times in a row, each until it is answered 2xx; or, for a hostile job,
// send one request that must be refused.
type lossJob struct {
	event   int
	times   int
	hostile int // 1 + the kind of hostile request, or 0
}

// Kinds of hostile request, each about a real event.
const (
	lossUnsigned = iota // its body without signature headers
	lossTampered        // its headers, with another identity in the body
	lossForeign         // its body signed with another secret
	lossReplayed        // its body signed correctly ten minutes ago
	lossOtherID         // its body with another event's id and signature
	numLossHostile
)

// lossStats counts answers, errors passed to OnError, and transport
// errors.
type lossStats struct {
	mu        sync.Mutex
	statuses  map[int]int
	hooks     map[int]int
	panics    int
	injected  int
	transport int
	requests  atomic.Int64
	retried   atomic.Int64 // deliveries that took more than one attempt
	attempts  atomic.Int64 // the most attempts a delivery took
	failures  []string     // deliveries lost, requests answered wrongly
}

func (st *lossStats) status(code int) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.statuses[code]++
}

// TestLoss delivers lossEvents distinct events over real HTTP on loopback
// through one Handler, each 1 to 3 times, some of the duplicates at once
// and some one after the other, from lossSenders concurrent senders that
// retry every answer but 2xx as Svix does; about 5% of first handler
// calls fail and one panics, and unsigned or tampered requests are mixed
// in. It checks that every event is applied exactly once, that no handler
// sees a body that was not signed or an event of another type, that the
// refused requests are answered 401, that no goroutine outlives the
// server, and that the heap stays bounded.
//
// It does not run in parallel with other tests, so that the goroutine and
// heap figures are its own.
func TestLoss(t *testing.T) {
	if testing.Short() {
		t.Skip("the loss test takes seconds")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	s := &lossState{
		secret:  webhooktest.NewSecret(),
		fail:    make([]bool, lossEvents),
		calls:   make([]atomic.Int32, lossEvents),
		applied: make([]atomic.Int32, lossEvents),
	}
	for _, lt := range lossTopics {
		s.templates = append(s.templates, lossTemplate(t, lt))
	}
	failing := 0
	for i := range s.fail {
		s.fail[i] = i != lossPanic && rng.IntN(20) == 0
		if s.fail[i] {
			failing++
		}
	}

	// The jobs: an event sent twice is sent either by two senders at once
	// (two adjacent jobs) or by one sender twice in a row.
	var jobs []lossJob
	copies := 0
	for i := range lossEvents {
		n := 1 + rng.IntN(3)
		if i == lossPanic {
			n = 3
		}
		copies += n
		switch {
		case n == 1:
			jobs = append(jobs, lossJob{event: i, times: 1})
		case n == 2 && rng.IntN(2) == 0:
			jobs = append(jobs, lossJob{event: i, times: 1}, lossJob{event: i, times: 1})
		case n == 2:
			jobs = append(jobs, lossJob{event: i, times: 2})
		default:
			jobs = append(jobs, lossJob{event: i, times: 2}, lossJob{event: i, times: 1})
		}
	}
	for k := range lossHostile {
		at := rng.IntN(len(jobs) + 1)
		jobs = append(jobs[:at], append([]lossJob{{event: rng.IntN(lossEvents), hostile: 1 + k%numLossHostile}}, jobs[at:]...)...)
	}
	queue := make(chan lossJob, len(jobs))
	for _, j := range jobs {
		queue <- j
	}
	close(queue)

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	baseGoroutines := runtime.NumGoroutine()

	st := &lossStats{statuses: map[int]int{}, hooks: map[int]int{}}
	store := webhook.NewMemoryStore(webhook.MemoryStoreOptions{})
	h, err := webhook.NewHandler(webhook.Options{
		Secrets: []string{s.secret},
		Store:   store,
		Logger:  slog.New(slog.DiscardHandler),
		OnError: func(_ *http.Request, de *webhook.DeliveryError) {
			st.mu.Lock()
			defer st.mu.Unlock()
			st.hooks[de.Status]++
			switch {
			case errors.Is(de, webhook.ErrHandlerPanic):
				st.panics++
			case errors.Is(de, errLossInjected):
				st.injected++
			}
			if de.Status == http.StatusUnauthorized && (de.Delivery != nil || de.Event != nil) {
				st.failures = append(st.failures, "a refused request reached the error hook with its body")
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
		return s.apply(ctx, 0, e, m.CustomerIdentifier)
	})
	webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.AnalyticsMeteredUsage) error {
		return s.apply(ctx, 1, e, m.CustomerIdentifier)
	})
	webhook.On(h, func(ctx context.Context, e *event.Event, m *gcp.MeteringSubmissionFailed) error {
		return s.apply(ctx, 2, e, m.EntitlementID)
	})
	webhook.On(h, func(ctx context.Context, e *event.Event, m *azure.ContractSuspended) error {
		return s.apply(ctx, 3, e, m.SubscriptionID)
	})

	srv := httptest.NewServer(h)
	if host, _, _ := net.SplitHostPort(srv.Listener.Addr().String()); !net.ParseIP(host).IsLoopback() {
		t.Fatalf("the server listens on %s, not on loopback", srv.Listener.Addr())
	}
	transport := &http.Transport{MaxIdleConnsPerHost: lossSenders, DisableCompression: true}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	url := srv.URL + "/webhooks/clazar"

	// The heap, sampled while the senders run.
	var peak atomic.Uint64
	var peakGoroutines atomic.Int64
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			lossRaise(&peakGoroutines, int64(runtime.NumGoroutine()))
			select {
			case <-stopSampling:
				return
			case <-tick.C:
			}
		}
	}()

	send := func(method string, hdr http.Header, body []byte) int {
		st.requests.Add(1)
		req, err := http.NewRequest(method, url, bytes.NewReader(body))
		if err != nil {
			t.Error(err)
			return 0
		}
		req.Header = hdr
		resp, err := client.Do(req)
		if err != nil {
			st.mu.Lock()
			st.transport++
			st.mu.Unlock()
			return 0
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		st.status(resp.StatusCode)
		return resp.StatusCode
	}
	sign := func(secret, id string, at time.Time, body []byte) http.Header {
		hdr, err := webhooktest.Sign(secret, id, at, body)
		if err != nil {
			t.Error(err)
		}
		return hdr
	}
	// deliver sends event i until it is answered 2xx, as Svix does, and
	// reports whether it was.
	deliver := func(i int) bool {
		body := s.body(i)
		for n, wait := range lossBackoff {
			time.Sleep(wait)
			if code := send(http.MethodPost, sign(s.secret, lossID(i), time.Now(), body), body); code >= 200 && code < 300 {
				if n > 0 {
					st.retried.Add(1)
				}
				lossRaise(&st.attempts, int64(n+1))
				return true
			}
		}
		return false
	}
	hostile := func(kind, i int) {
		body := s.body(i)
		var hdr http.Header
		switch kind {
		case lossUnsigned:
			hdr = http.Header{"Content-Type": {"application/json"}}
		case lossTampered:
			hdr = sign(s.secret, lossID(i), time.Now(), body)
			body = bytes.Replace(body, []byte(lossIdentity(i)), []byte("identity-forged"), 1)
		case lossForeign:
			hdr = sign(webhooktest.NewSecret(), lossID(i), time.Now(), body)
		case lossReplayed:
			hdr = sign(s.secret, lossID(i), time.Now().Add(-10*time.Minute), body)
		case lossOtherID:
			j := (i + 1) % lossEvents
			hdr = sign(s.secret, lossID(j), time.Now(), s.body(j))
		}
		if code := send(http.MethodPost, hdr, body); code != http.StatusUnauthorized {
			st.mu.Lock()
			st.failures = append(st.failures, fmt.Sprintf("hostile request %d about %s answered %d, want 401", kind, lossID(i), code))
			st.mu.Unlock()
		}
	}

	start := time.Now()
	var wg sync.WaitGroup
	for range lossSenders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				if j.hostile != 0 {
					hostile(j.hostile-1, j.event)
					continue
				}
				for range j.times {
					if !deliver(j.event) {
						st.mu.Lock()
						st.failures = append(st.failures, lossID(j.event)+" was never answered 2xx")
						st.mu.Unlock()
						break
					}
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stopSampling)
	<-sampled

	srv.Close()
	transport.CloseIdleConnections()

	// The figures.
	requests := st.requests.Load()
	t.Logf("%d events, %d deliveries, %d requests in %v: %.0f requests/s with %d senders",
		lossEvents, copies, requests, elapsed.Round(time.Millisecond), float64(requests)/elapsed.Seconds(), lossSenders)
	t.Logf("answers %v; error hook %v; %d injected failures, %d panics; %d deliveries retried, at most %d attempts of %d",
		st.statuses, st.hooks, st.injected, st.panics, st.retried.Load(), st.attempts.Load(), len(lossBackoff))

	// Every event applied exactly once.
	for _, msg := range st.failures {
		t.Error(msg)
	}
	if st.transport != 0 {
		t.Errorf("%d requests failed in transport", st.transport)
	}
	wrong := 0
	for i := range lossEvents {
		if n := s.applied[i].Load(); n != 1 {
			if wrong++; wrong <= 10 {
				t.Errorf("%s applied %d times, want once", lossID(i), n)
			}
		}
	}
	if wrong > 0 {
		t.Errorf("%d of %d events not applied exactly once", wrong, lossEvents)
	}
	for _, v := range s.violations {
		t.Error(v)
	}

	// Every refused request is accounted for, and nothing else failed.
	if got := st.statuses[http.StatusUnauthorized]; got != lossHostile {
		t.Errorf("%d answers 401, want %d, one per hostile request", got, lossHostile)
	}
	if st.injected != failing || st.panics != 1 || st.statuses[http.StatusInternalServerError] != failing+1 {
		t.Errorf("%d injected failures, %d panics and %d answers 500; want %d, 1 and %d",
			st.injected, st.panics, st.statuses[http.StatusInternalServerError], failing, failing+1)
	}
	for code, n := range st.statuses {
		switch code {
		case http.StatusNoContent, http.StatusUnauthorized, http.StatusConflict, http.StatusInternalServerError:
		default:
			t.Errorf("%d answers %d", n, code)
		}
		if code != http.StatusNoContent && st.hooks[code] != n {
			t.Errorf("%d answers %d, but the error hook saw %d", n, code, st.hooks[code])
		}
	}
	if got := store.Len(); got != lossEvents {
		t.Errorf("the store holds %d entries, want %d: one per event", got, lossEvents)
	}

	// No goroutine outlives the server.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > baseGoroutines && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > baseGoroutines {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines, %d before the server started:\n%s", n, baseGoroutines, buf[:runtime.Stack(buf, true)])
	} else {
		t.Logf("goroutines: %d before, at most %d while sending, %d after", baseGoroutines, peakGoroutines.Load(), n)
	}

	// The heap stays bounded while the test still holds the store.
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	growth := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("heap: %.1f MiB before, peak %.1f MiB while sending, %.1f MiB after (store of %d entries)",
		mib(before.HeapAlloc), mib(peak.Load()), mib(after.HeapAlloc), store.Len())
	if growth > lossHeapGrowth {
		t.Errorf("the heap grew by %.1f MiB, more than %.0f MiB", float64(growth)/(1<<20), mib(lossHeapGrowth))
	}
	if p := peak.Load(); p > lossHeapPeak {
		t.Errorf("the heap peaked at %.1f MiB, more than %.0f MiB", mib(p), mib(lossHeapPeak))
	}
	runtime.KeepAlive(store)
}

// lossRaise sets a to v if v is larger.
func lossRaise(a *atomic.Int64, v int64) {
	for old := a.Load(); v > old; old = a.Load() {
		if a.CompareAndSwap(old, v) {
			return
		}
	}
}

func mib[T int | uint64](n T) float64 { return float64(n) / (1 << 20) }
