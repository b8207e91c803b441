package peers_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// loadWorkers is how many deliveries the load generator keeps in flight.
const loadWorkers = 8

// loadIDs numbers the deliveries of every run of the load generator.
var loadIDs atomic.Int64

// loadDeadline bounds one run of the load generator, whatever b.N is.
const loadDeadline = 2 * time.Minute

// loadReceivers names the receivers that the load generator compares: the
// SDK's Handler with its default in-memory Store, the hand-rolled handler,
// and a bare handler that reads the body and answers 204.
var loadReceivers = []string{"sdk", "handrolled", "bare"}

// loadReceiver builds the receiver called name, handling every topic of
// bodies with a handler that counts its calls.
func loadReceiver(tb testing.TB, name string, bodies []peerBody, calls *atomic.Int64) http.Handler {
	tb.Helper()
	switch name {
	case "sdk":
		sdk, err := webhook.NewHandler(webhook.Options{Secrets: []string{secret}})
		if err != nil {
			tb.Fatal(err)
		}
		for _, pb := range bodies {
			pb.on(sdk, func() { calls.Add(1) })
		}
		return sdk
	case "handrolled":
		return newHandRolled(tb, dispatchByTopic(bodies), func(*stdEnvelope[json.RawMessage]) error {
			calls.Add(1)
			return nil
		})
	case "bare":
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if _, err := io.Copy(io.Discard, r.Body); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			calls.Add(1)
			w.WriteHeader(http.StatusNoContent)
		})
	}
	tb.Fatalf("no receiver called %q", name)
	return nil
}

// receiverEnv names the receiver that TestLoadReceiver serves in a child
// process of BenchmarkLoad.
const receiverEnv = "PEERS_LOAD_RECEIVER"

// TestLoadReceiver is the receiving side of BenchmarkLoad, in a child
// process that startReceiver runs with receiverEnv set; in any other run it
// skips. It serves the receiver named by receiverEnv over loopback TCP,
// prints "listening on" and the URL, then, for each line it reads, prints
// how many times the receiver's handlers have run and the CPU time that
// its process has used, in nanoseconds ("calls 12 cpu 3400", with cpu -1
// where the system does not tell). It returns when its standard input
// closes.
func TestLoadReceiver(t *testing.T) {
	name := os.Getenv(receiverEnv)
	if name == "" {
		t.Skip("the receiver of BenchmarkLoad, run in a child process")
	}
	var calls atomic.Int64
	ts := httptest.NewServer(loadReceiver(t, name, peerBodies(t)[:len(heldOut)], &calls)) // listens on 127.0.0.1
	defer ts.Close()
	fmt.Printf("listening on %s\n", ts.URL)
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		fmt.Printf("calls %d cpu %d\n", calls.Load(), processCPU())
	}
	if err := in.Err(); err != nil {
		t.Fatal(err)
	}
}

// receiver is a child process serving one receiver for BenchmarkLoad.
type receiver struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Scanner
	url string
}

// profileEnv, when set to a directory, has each receiver of BenchmarkLoad
// write its CPU profile there, as NAME.cpu.prof.
const profileEnv = "PEERS_LOAD_PROFILE"

// startReceiver runs the test binary again as a child process that serves
// the receiver called name, and waits until it listens.
func startReceiver(tb testing.TB, name string) *receiver {
	tb.Helper()
	exe, err := os.Executable()
	if err != nil {
		tb.Fatal(err)
	}
	args := []string{"-test.run=^TestLoadReceiver$", "-test.bench=^$", "-test.count=1"}
	if dir := os.Getenv(profileEnv); dir != "" {
		args = append(args, "-test.cpuprofile="+filepath.Join(dir, name+".cpu.prof"))
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), receiverEnv+"="+name)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	r := &receiver{cmd: cmd, in: in, out: bufio.NewScanner(out)}
	line, err := r.line()
	if url, ok := strings.CutPrefix(line, "listening on "); ok && err == nil {
		r.url = url
		return r
	}
	r.stop(tb)
	tb.Fatalf("receiver %s printed %q (%v), not its address", name, line, err)
	return nil
}

// line reads the next line that the receiver prints.
func (r *receiver) line() (string, error) {
	if r.out.Scan() {
		return r.out.Text(), nil
	}
	if err := r.out.Err(); err != nil {
		return "", err
	}
	return "", io.ErrUnexpectedEOF
}

// stats asks the receiver how many times its handlers have run and how
// much CPU time its process has used, which is negative where the system
// does not tell.
func (r *receiver) stats(tb testing.TB) (calls int64, cpu time.Duration) {
	tb.Helper()
	if _, err := io.WriteString(r.in, "stats\n"); err != nil {
		tb.Fatal(err)
	}
	line, err := r.line()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := fmt.Sscanf(line, "calls %d cpu %d", &calls, &cpu); err != nil {
		tb.Fatalf("receiver printed %q: %v", line, err)
	}
	return calls, cpu
}

// stop closes the receiver's standard input and waits for it to exit.
func (r *receiver) stop(tb testing.TB) {
	tb.Helper()
	r.in.Close()
	for r.out.Scan() { // the test binary's PASS
	}
	if err := r.cmd.Wait(); err != nil {
		tb.Errorf("receiver: %v", err)
	}
}

// loadSlice is how many deliveries BenchmarkLoad sends to one receiver
// before it turns to the next.
const loadSlice = 200

// BenchmarkLoad delivers b.N signed deliveries to each receiver, each with
// an id of its own, cycling through the held-out bodies, over loopback TCP
// from loadWorkers concurrent clients; it stops after 3*b.N deliveries or
// loadDeadline. For each receiver it reports deliveries per second
// ("sdk:deliveries/s"), the time per delivery ("sdk:ns/op"), the median
// and 99th percentile latency of a delivery ("sdk:p50-µs", "sdk:p99-µs")
// and the CPU time that the receiver's process used per delivery
// ("sdk:cpu-µs/delivery"), which time stolen from the machine, as a
// virtual machine's may be, does not inflate; ns/op is the time of the
// three deliveries, one to each receiver.
//
// Each receiver runs in a child process of its own, as a receiver runs in
// production, apart from the generator: in one process, the collector's
// marking of the generator's signed requests, and of each receiver's
// garbage, would be charged to whichever receiver is busy when it runs.
// The receivers take turns of loadSlice deliveries, in an order that
// rotates, so that what else the machine does in a run falls on each of
// them alike; the time of a receiver is the sum of its turns.
func BenchmarkLoad(b *testing.B) {
	bodies := peerBodies(b)[:len(heldOut)]
	type side struct {
		name    string
		r       *receiver
		client  *http.Client
		calls   int64 // before the timed turns
		cpu     time.Duration
		elapsed time.Duration
		latency []time.Duration
	}
	sides := make([]*side, len(loadReceivers))
	for i, name := range loadReceivers {
		r := startReceiver(b, name)
		defer r.stop(b)
		client := &http.Client{
			Timeout:   10 * time.Second,
			Transport: &http.Transport{MaxIdleConnsPerHost: loadWorkers},
		}
		defer client.CloseIdleConnections()
		sides[i] = &side{name: name, r: r, client: client, latency: make([]time.Duration, 0, b.N)}
	}
	ctx, cancel := context.WithTimeout(context.Background(), loadDeadline)
	defer cancel()
	// sign signs n deliveries of the bodies in turn, each with an id new
	// to every Store.
	sign := func(n int) []loadRequest {
		reqs := make([]loadRequest, n)
		now := time.Now()
		for i := range reqs {
			body := bodies[i%len(bodies)].body
			id := fmt.Sprintf("msg_load_%d", loadIDs.Add(1))
			h, err := webhooktest.Sign(secret, id, now, body)
			if err != nil {
				b.Fatal(err)
			}
			reqs[i] = loadRequest{body, h}
		}
		return reqs
	}
	// A turn of each receiver first, untimed, so that each has its
	// connections open and its heap grown.
	for _, s := range sides {
		if _, _, err := loadTurn(ctx, s.client, s.r.url, sign(4*loadWorkers), nil); err != nil {
			b.Fatalf("%s: %v", s.name, err)
		}
		s.calls, s.cpu = s.r.stats(b)
	}
	// Sign every delivery first, so that the clients only send.
	reqs := make([][]loadRequest, len(sides))
	for k := range sides {
		reqs[k] = sign(b.N)
	}
	b.ResetTimer()
	for done, turn := 0, 0; done < b.N; turn++ {
		n := min(loadSlice, b.N-done)
		for i := range sides {
			k := (turn + i) % len(sides)
			s := sides[k]
			var (
				elapsed time.Duration
				err     error
			)
			if s.latency, elapsed, err = loadTurn(ctx, s.client, s.r.url, reqs[k][done:done+n], s.latency); err != nil {
				b.Fatalf("%s: %v", s.name, err)
			}
			s.elapsed += elapsed
		}
		done += n
	}
	b.StopTimer()
	for _, s := range sides {
		calls, cpu := s.r.stats(b)
		if got := calls - s.calls; got != int64(b.N) {
			b.Fatalf("%s: handlers ran %d times for %d deliveries", s.name, got, b.N)
		}
		if cpu >= 0 {
			b.ReportMetric(float64((cpu-s.cpu).Microseconds())/float64(b.N), s.name+":cpu-µs/delivery")
		}
		slices.Sort(s.latency)
		b.ReportMetric(float64(b.N)/s.elapsed.Seconds(), s.name+":deliveries/s")
		b.ReportMetric(float64(s.elapsed.Nanoseconds())/float64(b.N), s.name+":ns/op")
		b.ReportMetric(float64(s.latency[len(s.latency)/2].Microseconds()), s.name+":p50-µs")
		b.ReportMetric(float64(s.latency[len(s.latency)*99/100].Microseconds()), s.name+":p99-µs")
	}
}

// loadRequest is a signed delivery of the load generator.
type loadRequest struct {
	body   []byte
	header http.Header
}

// loadTurn sends reqs to url from loadWorkers concurrent clients and
// returns latency with the latency of each delivery appended, and the time
// from the first delivery's start to the last one's end. It stops at the
// first delivery that fails, or when ctx is done.
func loadTurn(ctx context.Context, client *http.Client, url string, reqs []loadRequest, latency []time.Duration) ([]time.Duration, time.Duration, error) {
	base := len(latency)
	latency = append(latency, make([]time.Duration, len(reqs))...)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var (
		next atomic.Int64
		wg   sync.WaitGroup
	)
	start := time.Now()
	for range loadWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= len(reqs) {
					return
				}
				t0 := time.Now()
				err := deliver(ctx, client, url, reqs[i].body, reqs[i].header)
				latency[base+i] = time.Since(t0)
				if err != nil {
					cancel(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	return latency, time.Since(start), context.Cause(ctx)
}

// deliver posts one delivery and checks that it was answered 204.
func deliver(ctx context.Context, client *http.Client, url string, body []byte, header http.Header) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("status %d: %s", resp.StatusCode, msg)
	}
	return nil
}

// inFlight is how many deliveries BenchmarkHeapInFlight holds at once.
const inFlight = 256

// BenchmarkHeapInFlight measures the heap that each delivery holds while
// its handler runs: inFlight deliveries of the contract body are served at
// once, each handler waiting until all have started, and the live heap is
// compared with the heap before, less the same difference for a handler
// that only waits. The requests are made before, as the server has made
// them before the handler runs.
func BenchmarkHeapInFlight(b *testing.B) {
	pb := peerBodies(b)[1]
	for _, side := range []string{"sdk", "handrolled", "bare"} {
		b.Run(side, func(b *testing.B) {
			var perDelivery float64
			for b.Loop() {
				perDelivery = heapInFlight(b, side, pb) - heapInFlight(b, "empty", pb)
			}
			b.ReportMetric(perDelivery, "heap-B/delivery")
		})
	}
}

func heapInFlight(b *testing.B, side string, pb peerBody) float64 {
	var (
		entered sync.WaitGroup
		release = make(chan struct{})
	)
	entered.Add(inFlight)
	wait := func() {
		entered.Done()
		<-release
	}
	var h http.Handler
	switch side {
	case "sdk":
		sdk, err := webhook.NewHandler(webhook.Options{Secrets: []string{secret}})
		if err != nil {
			b.Fatal(err)
		}
		pb.on(sdk, wait)
		h = sdk
	case "handrolled":
		h = newHandRolled(b, pb.typed, func(*stdEnvelope[json.RawMessage]) error { wait(); return nil })
	case "empty":
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			wait()
			w.WriteHeader(http.StatusNoContent)
		})
	default:
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			wait()
			runtime.KeepAlive(body)
			w.WriteHeader(http.StatusNoContent)
		})
	}
	reqs := make([]*http.Request, inFlight)
	recs := make([]*httptest.ResponseRecorder, inFlight)
	now := time.Now()
	for i := range reqs {
		header, err := webhooktest.Sign(secret, fmt.Sprintf("msg_heap_%d", i), now, pb.body)
		if err != nil {
			b.Fatal(err)
		}
		reqs[i] = httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(pb.body))
		reqs[i].Header = header
		recs[i] = httptest.NewRecorder()
	}
	// The goroutines start first and wait, so that only what ServeHTTP
	// holds is measured.
	var (
		before, during runtime.MemStats
		ready, done    sync.WaitGroup
		start          = make(chan struct{})
	)
	for i := range reqs {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			h.ServeHTTP(recs[i], reqs[i])
		}()
	}
	ready.Wait()
	settleHeap()
	runtime.ReadMemStats(&before)
	close(start)
	entered.Wait()
	runtime.GC()
	runtime.ReadMemStats(&during)
	close(release)
	done.Wait()
	for i, rec := range recs {
		if rec.Code != http.StatusNoContent {
			b.Fatalf("delivery %d: status %d: %s", i, rec.Code, rec.Body)
		}
	}
	return (float64(during.HeapAlloc) - float64(before.HeapAlloc)) / inFlight
}

// settleHeap collects garbage twice, so that objects held only by a
// sync.Pool, which survive one collection, are gone too.
func settleHeap() {
	runtime.GC()
	runtime.GC()
}

// remembered is how many ids BenchmarkHeapPerID has a store remember.
const remembered = 100_000

// BenchmarkHeapPerID measures the heap that a MemoryStore, and the
// hand-rolled handler's map, hold per delivery id they remember as done:
// remembered ids in the shape of Svix's, claimed and completed.
func BenchmarkHeapPerID(b *testing.B) {
	ids := make([]string, remembered)
	for i := range ids {
		ids[i] = fmt.Sprintf("msg_%026d", i) // as long as a Svix id
	}
	for _, side := range []string{"memorystore", "map"} {
		b.Run(side, func(b *testing.B) {
			var perID float64
			for b.Loop() {
				var before, after runtime.MemStats
				settleHeap()
				runtime.ReadMemStats(&before)
				var keep any
				switch side {
				case "memorystore":
					s := webhook.NewMemoryStore(webhook.MemoryStoreOptions{MaxEntries: remembered})
					ctx := context.Background()
					for _, id := range ids {
						if st, err := s.Claim(ctx, id, time.Minute); err != nil || st != webhook.Claimed {
							b.Fatalf("claim %s: %v %v", id, st, err)
						}
						if err := s.Complete(ctx, id, time.Hour); err != nil {
							b.Fatal(err)
						}
					}
					if s.Len() != remembered {
						b.Fatalf("store holds %d ids, want %d", s.Len(), remembered)
					}
					keep = s
				default:
					m := map[string]bool{}
					for _, id := range ids {
						m[id] = true
					}
					keep = m
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				runtime.KeepAlive(keep)
				perID = (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / remembered
			}
			b.ReportMetric(perID, "heap-B/id")
		})
	}
}
