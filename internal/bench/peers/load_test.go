package peers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
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

// loadServers are the receivers the load generator compares, each built
// to handle every topic of bodies with a handler that counts its calls:
// the SDK's Handler with its default in-memory Store; the hand-rolled
// handler; and a bare handler that reads the body and answers 204.
func loadServers(tb testing.TB, bodies []peerBody, calls *atomic.Int64) []struct {
	name string
	h    http.Handler
} {
	tb.Helper()
	sdk, err := webhook.NewHandler(webhook.Options{Secrets: []string{secret}})
	if err != nil {
		tb.Fatal(err)
	}
	for _, pb := range bodies {
		pb.on(sdk, func() { calls.Add(1) })
	}
	hand := newHandRolled(tb, dispatchByTopic(bodies), func(*stdEnvelope[json.RawMessage]) error {
		calls.Add(1)
		return nil
	})
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		calls.Add(1)
		w.WriteHeader(http.StatusNoContent)
	})
	return []struct {
		name string
		h    http.Handler
	}{{"sdk", sdk}, {"handrolled", hand}, {"bare", bare}}
}

// BenchmarkLoad delivers b.N signed deliveries, each with an id of its
// own, cycling through the held-out bodies, over loopback TCP to each
// receiver, from loadWorkers concurrent clients; it stops after b.N
// deliveries or loadDeadline. It reports deliveries per second and the
// median and 99th percentile latency of a delivery.
func BenchmarkLoad(b *testing.B) {
	bodies := peerBodies(b)[:len(heldOut)]
	var calls atomic.Int64
	for _, srv := range loadServers(b, bodies, &calls) {
		b.Run(srv.name, func(b *testing.B) {
			ts := httptest.NewServer(srv.h) // listens on 127.0.0.1
			defer ts.Close()
			client := &http.Client{
				Timeout:   10 * time.Second,
				Transport: &http.Transport{MaxIdleConnsPerHost: loadWorkers},
			}
			defer client.CloseIdleConnections()
			// Sign every delivery first, so that the clients only send.
			reqs := make([]struct {
				body   []byte
				header http.Header
			}, b.N)
			now := time.Now()
			for i := range reqs {
				body := bodies[i%len(bodies)].body
				id := fmt.Sprintf("msg_load_%d", loadIDs.Add(1)) // new to every Store
				h, err := webhooktest.Sign(secret, id, now, body)
				if err != nil {
					b.Fatal(err)
				}
				reqs[i].body, reqs[i].header = body, h
			}
			latency := make([]time.Duration, b.N)
			ctx, cancel := context.WithTimeout(context.Background(), loadDeadline)
			defer cancel()
			calls.Store(0)
			var (
				next    atomic.Int64
				wg      sync.WaitGroup
				errOnce sync.Once
				failure error
			)
			b.ResetTimer()
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
						err := deliver(ctx, client, ts.URL, reqs[i].body, reqs[i].header)
						latency[i] = time.Since(t0)
						if err != nil {
							errOnce.Do(func() { failure = err; cancel() })
							return
						}
					}
				}()
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			if failure != nil {
				b.Fatal(failure)
			}
			if err := ctx.Err(); err != nil {
				b.Fatalf("stopped after %v: %v", loadDeadline, err)
			}
			if got := calls.Load(); got != int64(b.N) {
				b.Fatalf("handlers ran %d times for %d deliveries", got, b.N)
			}
			slices.Sort(latency)
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "deliveries/s")
			b.ReportMetric(float64(latency[len(latency)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(latency[len(latency)*99/100].Microseconds()), "p99-µs")
		})
	}
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
